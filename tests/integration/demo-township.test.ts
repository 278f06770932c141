import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listCountyTownships } from '../../app/models/county.server'
import { DEMO_ACCOUNTS, DEMO_VILLAGES, seedDemoTownship } from '../../seed/demo'
import { prepareDatabase } from '../../seed/startup'
import { parseIdNumber } from '../../workflows/rules/idNumber'
import { applyEvent, initialSnapshot, restore, stateKey, MACHINE_VERSION, type CampaignEvent } from '../../workflows/campaignMachine'
import { createTestDatabase, type TestDatabase } from '../support/database'

const TODAY = '2026-11-29'
let t: TestDatabase
let townshipId: number

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: TODAY, bcryptCost: 4 })
})
afterAll(async () => t?.destroy())

describe('the demo township 清河镇', () => {
  it('has the twelve villages of the design, in order and spelling', async () => {
    const villages = await t.db.selectFrom('villages').select('name').where('township_id', '=', townshipId).orderBy('sort_order').execute()
    expect(villages.map((v) => v.name)).toEqual([
      '东风村',
      '红星村',
      '柳树屯村',
      '王家庄村',
      '李家洼村',
      '河西村',
      '河东村',
      '北关社区',
      '南关社区',
      '新华村',
      '张庄村',
      '大孙庄村',
    ])
  })

  it('gives every village 40 to 80 roster households with valid, unique ID numbers', async () => {
    const counts = await t.db
      .selectFrom('households')
      .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('enrolment', '=', 'roster')
      .groupBy('village_id')
      .execute()
    expect(counts).toHaveLength(12)
    for (const c of counts) {
      expect(Number(c.n)).toBeGreaterThanOrEqual(40)
      expect(Number(c.n)).toBeLessThanOrEqual(80)
    }
    const ids = await t.db.selectFrom('households').select('id_number').execute()
    expect(new Set(ids.map((r) => r.id_number)).size).toBe(ids.length)
    for (const { id_number } of ids) expect(parseIdNumber(id_number)).toMatchObject({ ok: true, value: id_number })
  })

  it('has a demo account for every role and one cadre per village', async () => {
    const users = await t.db.selectFrom('users').select(['username', 'role', 'village_id']).execute()
    for (const account of DEMO_ACCOUNTS) expect(users.find((u) => u.username === account.username)?.role).toBe(account.role)
    expect(users.filter((u) => u.role === 'cadre' && u.village_id !== null)).toHaveLength(12)
    expect(DEMO_VILLAGES.map((v) => v.code)).toEqual([
      'dongfeng',
      'hongxing',
      'liushutun',
      'wangjiazhuang',
      'lijiawa',
      'hexi',
      'hedong',
      'beiguan',
      'nanguan',
      'xinhua',
      'zhangzhuang',
      'dasunzhuang',
    ])
  })

  it('shows a live campaign: villages in different phases, partial coverage, zero reports, overdue and soon-due follow-ups', async () => {
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(overview.villages).toHaveLength(12)
    expect(new Set(overview.villages.map((v) => v.phase)).size).toBeGreaterThanOrEqual(3)
    expect(overview.villages.some((v) => v.reviewed > 0 && v.reviewed < v.households)).toBe(true)
    expect(overview.attention.zeroReport.map((v) => v.name)).toEqual(expect.arrayContaining(['河东村']))
    expect(overview.attention.behind.length).toBeGreaterThan(0)
    expect(overview.attention.overdue.length).toBeGreaterThan(0)
    expect(overview.attention.dueSoon.length).toBeGreaterThan(0)
    expect(overview.attention.overdue.some((f) => f.kind === 'order' && f.villageName === '红星村')).toBe(true)
    const flagged = await t.db.selectFrom('inspection_visits').select('id').where('superficial', '=', 1).execute()
    expect(flagged.length).toBeGreaterThan(0)
  })

  it('stores each village workflow as the replay of its event history', async () => {
    const workflows = await t.db.selectFrom('village_workflows').selectAll().execute()
    expect(workflows).toHaveLength(12)
    for (const wf of workflows) {
      const events = await t.db.selectFrom('workflow_events').selectAll().where('workflow_id', '=', wf.id).orderBy('version').execute()
      let snapshot = initialSnapshot()
      for (const e of events) {
        const result = applyEvent(snapshot, { type: e.event_type, ...JSON.parse(e.payload) } as CampaignEvent)
        expect(result.accepted).toBe(true)
        if (result.accepted) snapshot = result.snapshot
        expect(stateKey(snapshot)).toBe(e.to_state)
      }
      expect(wf.version).toBe(events.length)
      expect(wf.machine_version).toBe(MACHINE_VERSION)
      const stored = restore({ machineVersion: wf.machine_version, snapshot: JSON.parse(wf.snapshot) })
      expect(stateKey(stored)).toBe(wf.state)
      expect(stateKey(snapshot)).toBe(wf.state)
    }
  })

  it('is the same township every time it is built for the same day', async () => {
    const other = await createTestDatabase()
    try {
      await seedDemoTownship(other.db, { today: TODAY, bcryptCost: 4 })
      const a = await t.db.selectFrom('households').select(['id_number', 'head_name', 'monthly_amount_fen']).orderBy('id').execute()
      const b = await other.db.selectFrom('households').select(['id_number', 'head_name', 'monthly_amount_fen']).orderBy('id').execute()
      expect(b).toEqual(a)
    } finally {
      await other.destroy()
    }
  })

  it('rolls the township up for the county bureau', async () => {
    const rollup = await listCountyTownships(t.db, '青山县', TODAY)
    expect(rollup).toHaveLength(1)
    expect(rollup[0]).toMatchObject({ name: '清河镇', villages: 12 })
    expect(rollup[0].households).toBeGreaterThanOrEqual(480)
  })
})

describe('preparing the database at start-up', () => {
  it('applies every migration once and seeds the demo only into an empty database', async () => {
    const fresh = await createTestDatabase({ migrate: false })
    try {
      const first = await prepareDatabase(fresh.db, { today: TODAY, seedDemo: true })
      expect(first.applied.length).toBeGreaterThan(0)
      expect(first.seededDemo).toBe(true)
      const second = await prepareDatabase(fresh.db, { today: TODAY, seedDemo: true })
      expect(second).toEqual({ applied: [], seededDemo: false })
      const townships = await fresh.db.selectFrom('townships').select('id').execute()
      expect(townships).toHaveLength(1)
    } finally {
      await fresh.destroy()
    }
  })
})
