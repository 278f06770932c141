// 近亲属备案 on the demo township, on both databases: the filing saved with the household's version check, its day
// required when ticked and never in the future, the related cadre's review refused by the model with nothing
// written, a leader standing in, and the township's register with its counts.
import { describe, expect, it } from 'vitest'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import { addMissedHousehold, parseMissedHouseholdSubmission } from '../../app/models/missedHouseholds.server'
import { getReviewAccess, listNearRelativeRegister, saveNearRelativeFiling } from '../../app/models/nearRelatives.server'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { auditRows, countRows, useDemoDatabase } from '../support/factories'
import { KEEP } from '../support/householdReviews'

const t = useDemoDatabase()

/** 东风村's household filed as its own cadre's near relative (the demo's recusal). */
async function cadresRelative() {
  return t.db
    .selectFrom('households')
    .selectAll()
    .where('village_id', '=', t.village('东风村'))
    .where('near_relative_official_user_id', '=', t.userId('dongfeng'))
    .executeTakeFirstOrThrow()
}

async function unfiledHousehold(village: string) {
  return t.db
    .selectFrom('households')
    .selectAll()
    .where('village_id', '=', t.village(village))
    .where('near_relative_filing', '=', 0)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
}

function file(
  village: string,
  householdId: number,
  input: Partial<Parameters<typeof saveNearRelativeFiling>[1]['input']>,
  expectedVersion: number,
  username = 'liushutun',
) {
  return saveNearRelativeFiling(t.db, {
    townshipId: t.townshipId,
    villageId: t.village(village),
    householdId,
    actor: { id: t.userId(username) },
    input: { filed: true, filedOn: '2026-06-01', officialUserId: null, officialName: '王某', note: null, ...input },
    expectedVersion,
    today: DEMO_TODAY,
    at: DEMO_AT,
    ip: null,
  })
}

function review(village: string, householdId: number, username: string, expectedVersion = 0) {
  return saveHouseholdReview(t.db, {
    campaignId: t.campaignId,
    villageId: t.village(village),
    householdId,
    actor: { id: t.userId(username) },
    input: { ...KEEP, nearRelativeFiling: true, nearRelativeNote: '本村(居)干部之兄' },
    expectedVersion,
    at: DEMO_AT,
    ip: null,
  })
}

describe('近亲属备案 on a household', () => {
  it('saves the filing with its day and official, bumps the version and audits it', async () => {
    const household = await unfiledHousehold('柳树屯村')
    const result = await file('柳树屯村', household.id, { officialUserId: t.userId('liushutun'), officialName: '多余的名字' }, household.version)
    expect(result).toEqual({ ok: true, version: household.version + 1 })
    const row = await t.db.selectFrom('households').selectAll().where('id', '=', household.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      near_relative_filing: 1,
      near_relative_filed_on: '2026-06-01',
      near_relative_official_user_id: t.userId('liushutun'),
      // a user chosen makes the typed name redundant
      near_relative_official_name: null,
      version: household.version + 1,
    })
    const [audit] = (await auditRows(t.db, 'household', household.id)).filter((a) => a.action === 'household.nearRelativeFiling')
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ near_relative_filing: 1, near_relative_filed_on: '2026-06-01' })
  })

  it('refuses a save made from an older version, writing nothing', async () => {
    const household = await unfiledHousehold('红星村')
    expect((await file('红星村', household.id, {}, household.version, 'hongxing')).ok).toBe(true)
    const audits = await countRows(t.db, 'audit_log')
    const stale = await file('红星村', household.id, { filedOn: '2026-05-01' }, household.version, 'hongxing')
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', version: household.version + 1, theirs: { filedOn: '2026-06-01', officialName: '王某' } })
    expect(await countRows(t.db, 'audit_log')).toBe(audits)
  })

  it('requires the 备案日期 when ticked, and refuses a day after today', async () => {
    const household = await unfiledHousehold('河西村')
    expect(await file('河西村', household.id, { filedOn: null }, household.version, 'hexi')).toEqual({
      ok: false,
      kind: 'invalid',
      problems: [{ field: 'filedOn', problem: 'filedOnRequired' }],
    })
    expect(await file('河西村', household.id, { filedOn: '2026-11-30' }, household.version, 'hexi')).toMatchObject({
      kind: 'invalid',
      problems: [{ field: 'filedOn', problem: 'filedOnFuture' }],
    })
    const row = await t.db.selectFrom('households').select(['near_relative_filing', 'version']).where('id', '=', household.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ near_relative_filing: 0, version: household.version })
  })

  it('clears the day and the official when the box is unticked', async () => {
    const household = await unfiledHousehold('北关社区')
    expect((await file('北关社区', household.id, {}, household.version, 'leader')).ok).toBe(true)
    expect((await file('北关社区', household.id, { filed: false }, household.version + 1, 'leader')).ok).toBe(true)
    const row = await t.db.selectFrom('households').selectAll().where('id', '=', household.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      near_relative_filing: 0,
      near_relative_filed_on: null,
      near_relative_official_user_id: null,
      near_relative_official_name: null,
    })
  })

  it('refuses an official who is not a user of the township', async () => {
    const household = await unfiledHousehold('南关社区')
    const other = await t.db.selectFrom('users').select('id').where('township_id', 'is', null).executeTakeFirstOrThrow()
    expect(await file('南关社区', household.id, { officialUserId: other.id }, household.version, 'nanguan')).toEqual({ ok: false, kind: 'unknownOfficial' })
  })
})

describe('a cadre and their own near relative', () => {
  it('the demo files one of 东风村 as its cadre’s relative, before the campaign', async () => {
    const household = await cadresRelative()
    expect(household.near_relative_filing).toBe(1)
    expect(household.near_relative_filed_on! < '2026-09-30').toBe(true)
  })

  it('refuses the cadre’s review in the model, writing nothing, and names the 包村领导', async () => {
    const household = await cadresRelative()
    const before = await t.db.selectFrom('household_reviews').selectAll().where('household_id', '=', household.id).executeTakeFirst()
    const audits = await countRows(t.db, 'audit_log')
    const result = await review('东风村', household.id, 'dongfeng', before?.version ?? 0)
    const leader = await t.db
      .selectFrom('villages')
      .innerJoin('users', 'users.id', 'villages.leader_user_id')
      .select('users.display_name')
      .where('villages.id', '=', t.village('东风村'))
      .executeTakeFirstOrThrow()
    expect(result).toEqual({ ok: false, kind: 'recused', mustReviewBy: { kind: 'leader', name: leader.display_name } })
    expect(await countRows(t.db, 'audit_log')).toBe(audits)
    expect(await t.db.selectFrom('household_reviews').selectAll().where('household_id', '=', household.id).executeTakeFirst()).toEqual(before)
  })

  it('refuses the cadre’s change of that filing too', async () => {
    const household = await cadresRelative()
    expect(await file('东风村', household.id, { filed: false }, household.version, 'dongfeng')).toMatchObject({ ok: false, kind: 'recused' })
  })

  it('lets a leader review it in the cadre’s place', async () => {
    const household = await cadresRelative()
    expect(await getReviewAccess(t.db, { villageId: t.village('东风村'), householdId: household.id, userId: t.userId('leader') })).toEqual({ access: 'review' })
    const before = await t.db.selectFrom('household_reviews').select('version').where('household_id', '=', household.id).executeTakeFirst()
    const result = await review('东风村', household.id, 'leader', before?.version ?? 0)
    expect(result.ok).toBe(true)
    const saved = await t.db.selectFrom('household_reviews').select('reviewed_by_user_id').where('household_id', '=', household.id).executeTakeFirstOrThrow()
    expect(saved.reviewed_by_user_id).toBe(t.userId('leader'))
  })

  it('lets the cadre review a filed household whose official is someone else', async () => {
    const household = await unfiledHousehold('李家洼村')
    expect((await file('李家洼村', household.id, { officialName: '李家洼某委员' }, household.version, 'leader')).ok).toBe(true)
    expect(await getReviewAccess(t.db, { villageId: t.village('李家洼村'), householdId: household.id, userId: t.userId('lijiawa') })).toEqual({
      access: 'review',
    })
  })
})

describe('the township register', () => {
  it('lists every filed household with its official and review, masked, and counts them as the dashboard does', async () => {
    const { rows, counts } = await listNearRelativeRegister(t.db, { townshipId: t.townshipId, campaignId: t.campaignId })
    const filed = await t.db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select('households.id')
      .where('villages.township_id', '=', t.townshipId)
      .where('near_relative_filing', '=', 1)
      .execute()
    expect(rows.map((r) => r.householdId).sort()).toEqual(filed.map((f) => f.id).sort())
    expect(counts).toEqual({ households: rows.length, reviewed: rows.filter((r) => r.reviewedAt).length })
    expect(rows.every((r) => /^\d{4}\*+[\dX]{4}$/.test(r.maskedIdNumber))).toBe(true)
    const own = await cadresRelative()
    expect(rows.find((r) => r.householdId === own.id)).toMatchObject({
      villageName: '东风村',
      officialRole: 'cadre',
      officialVillageName: '东风村',
      reviewedBy: expect.any(String),
    })
    const overview = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER, { withHistory: false })
    expect(overview.nearRelatives).toEqual(counts)
  })
})

describe('a newly enrolled (漏保) family filed as a near relative', () => {
  const form = (filedOn: string) => {
    const data = new FormData()
    for (const [k, v] of Object.entries({
      headName: '新纳入近亲属',
      idNumber: '11010519491231002X',
      memberCount: '2',
      coveredCount: '2',
      category: '农村',
      monthlyAmount: '600',
      nearRelativeFiled: 'on',
      nearRelativeOfficialName: '王家庄村委员某',
      nearRelativeFiledOn: filedOn,
    }))
      data.set(k, v)
    return data
  }

  it('refuses a 备案日期 after today on the form, and stores the filing with the household', async () => {
    const future = parseMissedHouseholdSubmission(form('2026-11-30'), DEMO_TODAY)
    expect(future.status).toBe('error')
    expect(future.status === 'error' ? future.error?.nearRelativeFiledOn : null).toEqual(['备案日期不能晚于今天'])
    const ok = parseMissedHouseholdSubmission(form('2026-11-01'), DEMO_TODAY)
    if (ok.status !== 'success') throw new Error('the form should parse')
    const added = await addMissedHousehold(t.db, { villageId: t.village('王家庄村'), actor: { id: t.userId('wangjiazhuang') }, input: ok.value, at: DEMO_AT })
    if (!added.ok) throw new Error(added.kind)
    const row = await t.db.selectFrom('households').selectAll().where('id', '=', added.householdId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ near_relative_filing: 1, near_relative_filed_on: '2026-11-01', near_relative_official_name: '王家庄村委员某' })
  })
})
