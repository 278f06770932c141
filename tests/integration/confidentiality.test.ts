// Confidentiality in the models (issue 11, findings 1–3), on the demo township: follow-ups and histories come
// already redacted for the viewer, a roster search confirms no more of an ID number than its mask shows, and a
// cadre is never told where else an ID number is enrolled. Runs on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { listOpenFollowUps } from '../../app/models/villageProgress.server'
import { TOWNSHIP_VIEWER, type Viewer } from '../../app/models/campaign.server'
import { getDashboardExport } from '../../app/models/county.server'
import { addMissedHousehold } from '../../app/models/missedHouseholds.server'
import { listRoster, normaliseSearch } from '../../app/models/householdRoster.server'
import { getVillageHistory } from '../../app/models/villageHistory.server'
import { getVillagePage } from '../../app/models/village.server'
import { judgeRows } from '../../app/models/rosterImport/verdicts.server'
import { problemText } from '../../app/models/rosterImport/preview.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const TODAY = DEMO_TODAY
const t = useDemoDatabase()
const DEMO_REPORT = '反映村民某某家有两套楼房仍享受低保'
const MAJOR_REPORT = '多名居民联名信访，反映社区干部亲属违规享受低保'

const { village } = t
const cadreOf = (name: string): Viewer => ({ role: 'cadre', villageId: village(name) })
const COUNTY: Viewer = { role: 'county' }

describe('follow-ups redacted by viewer in the model', () => {
  it('gives a village cadre no report item, only how many reports about the village are being verified', async () => {
    for (const name of ['王家庄村', '南关社区']) {
      const page = await getVillagePage(t.db, village(name), TODAY, cadreOf(name))
      if (!page.campaign) throw new Error('no campaign')
      expect(
        page.followUps.filter((f) => f.kind === 'complaint' || f.kind === 'supervisor'),
        name,
      ).toEqual([])
      expect(page.progress.reportsBeingVerified, name).toBe(1)
      const text = JSON.stringify(page)
      // (the supervisor, 李国庆, is also 南关社区's 包村领导, and named as such: no report item names him)
      for (const secret of [DEMO_REPORT, MAJOR_REPORT, '/complaints/', '"supervisor"']) expect(text, `${name}: ${secret}`).not.toContain(secret)
    }
    const exported = await getDashboardExport(t.db, { kind: 'village', villageId: village('王家庄村') }, TODAY, cadreOf('王家庄村'))
    expect(JSON.stringify(exported)).not.toContain(DEMO_REPORT)
    expect(exported!.townships[0].villages[0].reportsBeingVerified).toBe(1)
  })

  it('counts a cadre’s open and overdue follow-ups without the reports they are not shown', async () => {
    const asLeader = (await getTownshipOverview(t.db, t.townshipId, TODAY, TOWNSHIP_VIEWER)).villages.find((v) => v.name === '王家庄村')!
    const asCadre = (await getTownshipOverview(t.db, t.townshipId, TODAY, cadreOf('王家庄村'), { onlyVillageId: village('王家庄村') })).villages[0]
    // the demo's report about 王家庄村 is overdue: counted for the township, not for the cadre
    expect(asCadre.openFollowUps).toBe(asLeader.openFollowUps - 1)
    expect(asCadre.overdueFollowUps).toBe(asLeader.overdueFollowUps - 1)
    expect(asCadre.reportsBeingVerified).toBe(asLeader.reportsBeingVerified)
  })

  it('gives the county bureau each report’s kind and deadline, never its text, page or supervisor', async () => {
    const items = (await listOpenFollowUps(t.db, t.townshipId, t.campaignId, COUNTY)).filter((f) => f.kind === 'complaint' || f.kind === 'supervisor')
    const full = (await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).filter((f) => f.kind === 'complaint' || f.kind === 'supervisor')
    expect(items.map((f) => [f.kind, f.id, f.deadline])).toEqual(full.map((f) => [f.kind, f.id, f.deadline]))
    expect(items.length).toBeGreaterThan(0)
    for (const f of items) {
      expect(f).toMatchObject({ path: null, responsible: null })
      expect(['有一件群众举报待核实', '有一件群众举报在专人督办中']).toContain(f.title)
    }
    const county = JSON.stringify(
      await getDashboardExport(
        t.db,
        { kind: 'county', countyName: (await t.db.selectFrom('townships').select('county_name').executeTakeFirstOrThrow()).county_name },
        TODAY,
        COUNTY,
      ),
    )
    for (const secret of [DEMO_REPORT, MAJOR_REPORT, '/complaints/']) expect(county, secret).not.toContain(secret)
    // the same overdue figures as the township's own
    const leader = await getTownshipOverview(t.db, t.townshipId, TODAY, TOWNSHIP_VIEWER)
    const asCounty = await getTownshipOverview(t.db, t.townshipId, TODAY, COUNTY)
    expect(asCounty.totals.overdueFollowUps).toBe(leader.totals.overdueFollowUps)
    expect(asCounty.attention.overdue.length).toBe(leader.attention.overdue.length)
  })

  it('gives leaders, inspectors and administrators the report’s text, page and supervisor', async () => {
    for (const role of ['leader', 'inspector', 'admin'] as const) {
      const items = await listOpenFollowUps(t.db, t.townshipId, t.campaignId, { role })
      const major = items.find((f) => f.kind === 'supervisor')!
      expect(major, role).toMatchObject({ title: MAJOR_REPORT, responsible: t.names.get('baocun-li'), path: `/complaints/${major.id}` })
    }
  })

  it('leaves the reports out of a village’s history for a cadre and the county, and keeps them for the township', async () => {
    const id = village('南关社区')
    const types = async (viewer: Viewer) => new Set((await getVillageHistory(t.db, id, viewer)).map((e) => e.entityType))
    expect(await types(TOWNSHIP_VIEWER)).toContain('complaint')
    expect(await types({ role: 'inspector' })).toContain('complaint')
    expect(await types(cadreOf('南关社区'))).not.toContain('complaint')
    expect(await types(COUNTY)).not.toContain('complaint')
  })
})

describe('searching a roster by ID number', () => {
  it('takes only the last four characters, which every row already shows', async () => {
    const villageId = village('张庄村')
    const household = await t.db
      .selectFrom('households')
      .select(['id', 'id_number'])
      .where('village_id', '=', villageId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const search = (q: string) => listRoster(t.db, { campaignId: t.campaignId, villageId, search: q })
    const four = await search(household.id_number.slice(-4))
    expect(four.searchRefused).toBe(false)
    expect(four.rows.map((r) => r.id)).toContain(household.id)
    for (const digits of [1, 3, 5, 6, 8, 17, 18]) {
      const result = await search(household.id_number.slice(-digits))
      expect(result, `${digits} digits`).toMatchObject({ searchRefused: true, rows: [] })
    }
    expect(normaliseSearch('１２３Ｘ')).toEqual({ kind: 'idSuffix', value: '123X' })
    expect(normaliseSearch('王秀')).toEqual({ kind: 'name', value: '王秀' })
  })
})

describe('adding a family enrolled elsewhere', () => {
  const family = (idNumber: string) => ({
    headName: '试探户',
    idNumber,
    memberCount: 2,
    coveredCount: 2,
    category: '农村低保A类',
    monthlyAmountFen: 50000,
    responsibleCadre: null,
    phone: null,
    notes: null,
  })

  it('says only that the family cannot be added here, for another village and another township alike, and records each attempt', async () => {
    // a second township of the county with one household
    const other = await t.db.insertInto('townships').values({ name: '西山乡', county_name: '青山县' }).returning('id').executeTakeFirstOrThrow()
    const otherVillage = await t.db
      .insertInto('villages')
      .values({ township_id: other.id, name: '西山村', code: 'xishan', kind: 'village', sort_order: 0, leader_user_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const otherId = makeIdNumber('370102', '19600101', 77)
    await t.db
      .insertInto('households')
      .values({
        village_id: otherVillage.id,
        head_name: '外乡户',
        id_number: otherId,
        member_count: 1,
        covered_count: 1,
        category: '农村低保A类',
        monthly_amount_fen: 40000,
        enrolment: 'roster',
        updated_at: DEMO_AT.toISOString(),
      })
      .execute()
    const inVillage = (
      await t.db.selectFrom('households').select('id_number').where('village_id', '=', village('东风村')).orderBy('id').executeTakeFirstOrThrow()
    ).id_number
    const own = await t.db.selectFrom('households').select('id_number').where('village_id', '=', village('红星村')).orderBy('id').executeTakeFirstOrThrow()

    const add = (idNumber: string) =>
      addMissedHousehold(t.db, { villageId: village('红星村'), actor: { id: t.users.get('hongxing')! }, input: family(idNumber), at: DEMO_AT })
    expect(await add(inVillage)).toEqual({ ok: false, kind: 'notAddableHere' })
    expect(await add(otherId)).toEqual({ ok: false, kind: 'notAddableHere' })
    // the cadre's own roster is theirs to see: that one is named
    expect(await add(own.id_number)).toEqual({ ok: false, kind: 'duplicate' })

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'village_id', 'after'])
      .where('action', '=', 'household.addMissedRefused')
      .orderBy('id')
      .execute()
    expect(audit).toHaveLength(2)
    for (const [row, idNumber] of [
      [audit[0], inVillage],
      [audit[1], otherId],
    ] as const) {
      expect(row).toMatchObject({ actor_user_id: t.users.get('hongxing'), village_id: village('红星村') })
      expect(row.after).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
      expect(row.after).not.toContain(idNumber)
    }
  })

  it('gives a cadre’s import rows one reason whether the number is in another village or another township', () => {
    const hongxing = { id: 2, name: '红星村' }
    const row = (sheetRow: number, idNumber: string) => ({
      sheetRow,
      cells: [],
      villageText: null,
      village: hongxing,
      idNumber,
      convertedFrom15: false,
      problems: [],
      values: { headName: '试探户', idNumber, memberCount: 2, category: '农村低保A类', monthlyAmountFen: 50000 },
    })
    const existing = new Map([
      ['A', { id: 10, villageId: 1, villageName: '东风村', townshipId: 1 }],
      ['B', { id: 11, villageId: 99, villageName: '西山村', townshipId: 5 }],
    ]) as unknown as Parameters<typeof judgeRows>[1]['existing']
    const outcomes = judgeRows([row(2, 'A'), row(3, 'B'), row(4, 'C')], { townshipId: 1, onlyVillageId: hongxing.id, existing })
    expect(outcomes.map((o) => (o.kind === 'rejected' ? o.problems.map((p) => p.code) : o.kind))).toEqual([['notAddableHere'], ['notAddableHere'], 'add'])
    const texts = outcomes.flatMap((o) => (o.kind === 'rejected' ? o.problems.map((p) => problemText(p, { cadre: true })) : []))
    expect(new Set(texts)).toEqual(new Set(['该户无法在本村(居)纳入，镇民政所将核实处理']))
  })
})
