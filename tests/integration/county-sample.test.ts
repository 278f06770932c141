// 县级入户抽查 on the demo county (青山县), on both databases: the demo's list half checked; a new draw with at least
// 30% of every village, the same list again from the same seed, every near-relative and reported household on it;
// assigning to the county's staff; a check record saved with its version, an inconsistent finding becoming one
// 县级抽查 problem in the village's register, a stale save refused with what changed; the figures the county page
// and /dashboard.json share.
import { describe, expect, it } from 'vitest'
import { getCountyOverview, getDashboardExport } from '../../app/models/county.server'
import { assignSampleHouseholds, saveSampleCheck } from '../../app/models/countySample/check.server'
import { createCountySample } from '../../app/models/countySample/draw.server'
import { getCountySamplePage, getSampleRecordPage } from '../../app/models/countySample/page.server'
import { countySampleSummary, parseReasons } from '../../app/models/countySample/read.server'
import { stratumSize } from '../../workflows/rules/countySample'
import { DEMO_TODAY } from '../support/demo'
import { auditRows, countRows, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()
const COUNTY = '青山县'

async function sampleRows(sampleId: number) {
  return t.db.selectFrom('county_sample_households').selectAll().where('sample_id', '=', sampleId).orderBy('household_id').execute()
}

async function draw(seed: string, percent = 30) {
  const result = await createCountySample(t.db, { countyName: COUNTY, seed, percent, note: null, today: DEMO_TODAY }, t.actor('county-admin'))
  if (!result.ok) throw new Error(result.problem)
  return result
}

describe('the demo county’s sample', () => {
  it('is half checked, with two inconsistent households registered as 县级抽查 problems', async () => {
    const summary = await countySampleSummary(t.db, COUNTY, DEMO_TODAY)
    expect(summary).not.toBeNull()
    const tw = summary!.townships[0]
    expect(tw.checked).toBe(Math.ceil(tw.sampled / 2))
    expect(tw.inconsistent).toBe(2)
    const problems = await t.db.selectFrom('problems').select(['id', 'category']).where('source', '=', 'countySample').execute()
    expect(problems.map((p) => p.category)).toEqual(['wrongful', 'wrongful'])
    // 检查督导 has begun and the 100% lists are not done: the township is in the county's attention list
    expect(summary!.attention.map((a) => a.name)).toEqual(['清河镇'])
  })
})

describe('drawing the county’s list', () => {
  it('takes at least 30% of every village (rounded up) and every near-relative and reported household', async () => {
    const { sampleId, seed } = await draw('青民发〔2026〕30号')
    expect(seed).toBe('青民发〔2026〕30号')
    const rows = await sampleRows(sampleId)
    const active = await t.db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['households.id', 'households.village_id', 'households.near_relative_filing'])
      .where('households.status', '=', 'active')
      .execute()
    for (const villageId of new Set(active.map((h) => h.village_id))) {
      const size = active.filter((h) => h.village_id === villageId).length
      const random = rows.filter((r) => r.village_id === villageId && parseReasons(r.reasons).includes('random')).length
      expect(random, `village ${villageId}`).toBe(stratumSize(size, 30))
    }
    const onList = new Map(rows.map((r) => [r.household_id, parseReasons(r.reasons)]))
    const nearRelatives = active.filter((h) => h.near_relative_filing === 1)
    expect(nearRelatives.length).toBeGreaterThan(0)
    for (const h of nearRelatives) expect(onList.get(h.id)).toContain('nearRelative')
    const reported = await t.db
      .selectFrom('complaints')
      .innerJoin('households', 'households.id', 'complaints.household_id')
      .select('households.id')
      .where('households.status', '=', 'active')
      .execute()
    expect(reported.length).toBeGreaterThan(0)
    for (const h of reported) expect(onList.get(h.id)).toContain('reported')
    const audit = await auditRows(t.db, 'county_sample', sampleId)
    expect(audit.map((a) => a.action)).toEqual(['countySample.draw'])
  })

  it('gives the same list from the same seed and another from another seed', async () => {
    const a = await draw('same-seed')
    const b = await draw('same-seed')
    const c = await draw('other-seed')
    const ids = async (id: number) => (await sampleRows(id)).map((r) => [r.household_id, r.reasons])
    expect(await ids(b.sampleId)).toEqual(await ids(a.sampleId))
    expect(await ids(c.sampleId)).not.toEqual(await ids(a.sampleId))
  })

  it('makes up and shows a seed when none is typed, and refuses a percent below 30', async () => {
    const generated = await draw('   ')
    expect(generated.seed).toMatch(/^\d{8}$/)
    const refused = await createCountySample(t.db, { countyName: COUNTY, seed: 'x', percent: 29, note: null, today: DEMO_TODAY }, t.actor('county-admin'))
    expect(refused).toEqual({ ok: false, problem: 'percent' })
  })
})

describe('assigning and checking', () => {
  it('assigns a township’s unassigned households to a county official, never to someone outside the county bureau', async () => {
    const { sampleId } = await draw('assign')
    const refused = await assignSampleHouseholds(
      t.db,
      { countyName: COUNTY, sampleId, assigneeUserId: t.userId('leader'), rowIds: [], townshipId: t.townshipId },
      t.actor('county-admin'),
    )
    expect(refused).toEqual({ ok: false, problem: 'assignee' })
    const rows = await sampleRows(sampleId)
    const done = await assignSampleHouseholds(
      t.db,
      { countyName: COUNTY, sampleId, assigneeUserId: t.userId('county'), rowIds: [], townshipId: t.townshipId },
      t.actor('county-admin'),
    )
    expect(done).toEqual({ ok: true, count: rows.length })
    const page = await getCountySamplePage(t.db, { kind: 'county', countyName: COUNTY, manage: true }, { assignee: t.userId('county') }, DEMO_TODAY)
    expect(page?.list.matched).toBe(rows.length)
  })

  it('registers one 县级抽查 problem for an inconsistent household, and refuses a stale save with what changed', async () => {
    const { sampleId } = await draw('check')
    const [row] = await sampleRows(sampleId)
    const problemsBefore = await countRows(t.db, 'problems')
    const check = (finding: 'consistent' | 'inconsistent', expectedVersion: number, reasons: string | null = null, username = 'county') =>
      saveSampleCheck(
        t.db,
        {
          countyName: COUNTY,
          recordId: row.id,
          visitedOn: '2026-11-28',
          finding,
          findingReasons: reasons,
          category: 'wrongful',
          expectedVersion,
          today: DEMO_TODAY,
        },
        t.actor(username),
      )
    expect(await check('inconsistent', 0)).toEqual({ ok: false, kind: 'invalid', field: 'findingReasons' })
    const first = await check('inconsistent', 0, '家中有小型汽车一辆')
    expect(first).toMatchObject({ ok: true, version: 1, problemCreated: true })
    const problem = await t.db
      .selectFrom('problems')
      .selectAll()
      .where('id', '=', first.ok ? (first.problemId ?? 0) : 0)
      .executeTakeFirstOrThrow()
    expect(problem).toMatchObject({ village_id: row.village_id, household_id: row.household_id, source: 'countySample', category: 'wrongful', status: 'open' })
    expect(problem.description).toContain('家中有小型汽车一辆')
    // saved again: the same problem, no second one
    const second = await check('inconsistent', 1, '家中有小型汽车一辆，另有商铺')
    expect(second).toMatchObject({ ok: true, version: 2, problemCreated: false, problemId: problem.id })
    expect(await countRows(t.db, 'problems')).toBe(problemsBefore + 1)
    // a form loaded at version 1 is stale now
    const stale = await check('consistent', 1, null, 'county-admin')
    expect(stale.ok).toBe(false)
    if (stale.ok || stale.kind !== 'conflict') throw new Error('expected a conflict')
    expect(stale.version).toBe(2)
    expect(stale.changes.map((c) => c.field).sort()).toEqual(['finding', 'findingReasons'])
    expect(stale.changes.find((c) => c.field === 'findingReasons')).toMatchObject({ theirs: '家中有小型汽车一辆，另有商铺', by: t.names.get('county') })
    const audit = await auditRows(t.db, 'county_sample_household', row.id)
    expect(audit.map((a) => a.action)).toEqual(['countySample.check', 'countySample.check'])
    // the check's audit rows name the township, never the village (a cadre reads the village's history)
    expect(audit.every((a) => a.village_id === null && a.township_id === t.townshipId)).toBe(true)
  })

  it('lets a township leader read their own township’s records only', async () => {
    const { sampleId } = await draw('leader')
    const [row] = await sampleRows(sampleId)
    expect(await getSampleRecordPage(t.db, { kind: 'township', townshipId: t.townshipId }, row.id)).toMatchObject({ canCheck: false })
    expect(await getSampleRecordPage(t.db, { kind: 'township', townshipId: t.townshipId + 1000 }, row.id)).toBe('forbidden')
    expect(await getSampleRecordPage(t.db, { kind: 'county', countyName: '别的县', manage: true }, row.id)).toBe('forbidden')
  })
})

describe('the figures', () => {
  it('count sampled, checked, inconsistent and the 100% lists alike on the county page, /county/sample and /dashboard.json', async () => {
    const { sampleId } = await draw('figures')
    const rows = await sampleRows(sampleId)
    const nearRelativeRow = rows.find((r) => parseReasons(r.reasons).includes('nearRelative'))!
    const saved = await saveSampleCheck(
      t.db,
      {
        countyName: COUNTY,
        recordId: nearRelativeRow.id,
        visitedOn: '2026-11-29',
        finding: 'consistent',
        findingReasons: null,
        category: 'wrongful',
        expectedVersion: 0,
        today: DEMO_TODAY,
      },
      t.actor('county'),
    )
    expect(saved.ok).toBe(true)
    const overview = await getCountyOverview(t.db, COUNTY, DEMO_TODAY)
    const exported = await getDashboardExport(t.db, { kind: 'county', countyName: COUNTY }, DEMO_TODAY, { role: 'county' })
    const page = await getCountySamplePage(t.db, { kind: 'county', countyName: COUNTY, manage: false }, {}, DEMO_TODAY)
    const tw = overview.sample!.townships[0]
    expect(tw).toMatchObject({
      sampled: rows.length,
      checked: 1,
      inconsistent: 0,
      nearRelative: { total: rows.filter((r) => parseReasons(r.reasons).includes('nearRelative')).length, checked: 1 },
    })
    expect(tw.checkedPercent).toBe(Math.floor((1000 * 1) / rows.length) / 10)
    expect(exported?.countySample).toEqual(overview.sample)
    expect(page?.summary).toEqual(overview.sample)
    // the township export of a township scope carries no county sample
    expect((await getDashboardExport(t.db, { kind: 'township', townshipId: t.townshipId }, DEMO_TODAY, { role: 'leader' }))?.countySample).toBeUndefined()
  })
})
