// The county-scale generator (npm run seed:county), run small: 2 townships × 3 villages, 600 households.
// It always writes a SQLite file of its own, whatever TEST_DIALECT says.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { CountyError, generateCounty, type CountyOptions, type CountySummary } from '../../seed/county'
import { applyEvent, initialSnapshot, restore, stateKey, MACHINE_VERSION, type CampaignEvent } from '../../workflows/campaignMachine'
import { parseIdNumber } from '../../workflows/rules/idNumber'
import { pianYiTemplate } from '../../workflows/template'

const TODAY = '2026-11-29'
let dir: string
let out: string
let summary: CountySummary
let db: DB

const small = (file: string): CountyOptions => ({ out: file, townships: 2, villagesPerTownship: 3, households: 600, seed: 1, today: TODAY })
const count = async (table: keyof Database) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-county-'))
  out = path.join(dir, 'county.db')
  summary = await generateCounty(small(out))
  db = openDatabase({ url: out }).db
})
afterAll(async () => {
  await db?.destroy()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('the county-scale database generator', () => {
  it('writes the townships, villages, households and accounts it was asked for', async () => {
    const townships = await db.selectFrom('townships').select(['id', 'name', 'county_name']).execute()
    expect(townships).toHaveLength(2)
    expect(new Set(townships.map((t) => t.county_name))).toEqual(new Set(['青山县']))
    // the county its townships name, so its 低保标准, 信息核对 and 县级抽查 have somewhere to hang
    expect(await db.selectFrom('counties').select('name').execute()).toEqual([{ name: '青山县' }])
    for (const t of townships) expect(t.name).toMatch(/[镇乡]$/)

    const villages = await db.selectFrom('villages').select(['id', 'township_id', 'name', 'code']).execute()
    expect(villages).toHaveLength(6)
    for (const t of townships) expect(villages.filter((v) => v.township_id === t.id)).toHaveLength(3)
    for (const v of villages) expect(v.name).toMatch(/(村|社区)$/)

    expect(await count('households')).toBe(600)
    const perVillage = await db
      .selectFrom('households')
      .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('village_id')
      .execute()
    expect(perVillage).toHaveLength(6)

    const users = await db.selectFrom('users').select(['username', 'role', 'township_id', 'village_id', 'county_name']).execute()
    expect(users).toHaveLength(2 * (3 + 3) + 1)
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length)
    expect(users.filter((u) => u.role === 'county')).toEqual([
      { username: 'county', role: 'county', township_id: null, village_id: null, county_name: '青山县' },
    ])
    for (const v of villages) expect(users.filter((u) => u.role === 'cadre' && u.village_id === v.id)).toHaveLength(1)
    for (const role of ['leader', 'inspector', 'admin'] as const) expect(users.filter((u) => u.role === role)).toHaveLength(2)
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['t01-leader', 't02-inspector', 't01-v03']))

    const phases = await db.selectFrom('campaign_phases').select('campaign_id').execute()
    expect(await count('campaigns')).toBe(2)
    expect(phases).toHaveLength(2 * 4)
  })

  it('gives every household a valid ID number that no other household has', async () => {
    const rows = await db.selectFrom('households').select('id_number').execute()
    for (const { id_number } of rows) expect(parseIdNumber(id_number)).toMatchObject({ ok: true, value: id_number })
    expect(new Set(rows.map((r) => r.id_number)).size).toBe(rows.length)
  })

  it('stores each village workflow as the replay of its event history', async () => {
    await expectWorkflowsReplayed(db)
  })

  it('gives every village a row for every checklist item of the campaign template', async () => {
    const items = pianYiTemplate.phases.flatMap((p) => p.checklist.map((c) => c.key)).sort()
    const rows = await db.selectFrom('checklist_items').select(['village_id', 'item_key']).execute()
    const byVillage = new Map<number, string[]>()
    for (const r of rows) byVillage.set(r.village_id, [...(byVillage.get(r.village_id) ?? []), r.item_key])
    expect(byVillage.size).toBe(6)
    for (const keys of byVillage.values()) expect(keys.sort()).toEqual(items)
  })

  it('reports in its JSON summary exactly what the tables hold', async () => {
    expect(summary).toMatchObject({
      townships: await count('townships'),
      villages: await count('villages'),
      households: await count('households'),
      users: await count('users'),
      reviews: await count('household_reviews'),
      problems: await count('problems'),
      orders: await count('rectification_orders'),
      inspectionVisits: await count('inspection_visits'),
      complaints: await count('complaints'),
      checklistItems: await count('checklist_items'),
      workflows: await count('village_workflows'),
      workflowEvents: await count('workflow_events'),
    })
    expect(summary.reviews).toBeGreaterThan(0)
    expect(summary.problems).toBeGreaterThan(0)
    expect(summary.workflowEvents).toBeGreaterThan(0)
    expect(summary.seconds).toBeGreaterThanOrEqual(0)
    expect(summary.fileBytes).toBe(fs.statSync(out).size)
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary)
  })

  it('refuses to overwrite an existing file unless told to with --force', async () => {
    const file = path.join(dir, 'again.db')
    fs.writeFileSync(file, 'not a database')
    await expect(generateCounty(small(file))).rejects.toBeInstanceOf(CountyError)
    expect(fs.readFileSync(file, 'utf8')).toBe('not a database')
    const forced = await generateCounty({ ...small(file), force: true })
    expect(forced.households).toBe(600)
  })

  it('spreads a larger county over every phase, with zero reports, orders to rectify and overdue problems', async () => {
    const file = path.join(dir, 'larger.db')
    await generateCounty({ out: file, townships: 2, villagesPerTownship: 40, households: 16_000, seed: 7, today: TODAY })
    const larger = openDatabase({ url: file }).db
    try {
      await expectWorkflowsReplayed(larger)
      const workflows = await larger.selectFrom('village_workflows').select(['state', 'phase', 'zero_report']).execute()
      expect(new Set(workflows.map((w) => w.phase))).toEqual(new Set(['mobilisation', 'fullInspection', 'supervision', 'summary', 'closed']))
      expect(new Set(workflows.map((w) => w.state)).size).toBeGreaterThanOrEqual(8)
      expect(workflows.some((w) => w.zero_report === 1)).toBe(true)
      const orders = await larger.selectFrom('rectification_orders').select('status').execute()
      expect(orders.length).toBeGreaterThan(0)
      expect(orders.some((o) => o.status === 'open')).toBe(true)
      const overdue = await larger.selectFrom('problems').select('id').where('status', 'in', ['open', 'rectifying']).where('deadline_on', '<', TODAY).execute()
      expect(overdue.length).toBeGreaterThan(0)
      // partial coverage (自查面 under 100%): villages that have reviewed only part of their roster
      const roster = await larger
        .selectFrom('households')
        .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('enrolment', '=', 'roster')
        .groupBy('village_id')
        .execute()
      const reviewed = await larger
        .selectFrom('household_reviews')
        .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('village_id')
        .execute()
      const reviewedIn = new Map(reviewed.map((r) => [r.village_id, Number(r.n)]))
      const partial = roster.filter((r) => (reviewedIn.get(r.village_id) ?? 0) < Number(r.n))
      expect(partial.length).toBeGreaterThan(0)
      expect(partial.length).toBeLessThan(roster.length / 2)
    } finally {
      await larger.destroy()
    }
  })

  it('builds the same county again from the same seed and day', async () => {
    const file = path.join(dir, 'same.db')
    await generateCounty(small(file))
    const other = openDatabase({ url: file }).db
    try {
      const households = (d: DB) => d.selectFrom('households').select(['id_number', 'head_name', 'monthly_amount_fen', 'status']).orderBy('id').execute()
      const workflows = (d: DB) => d.selectFrom('village_workflows').select(['village_id', 'state', 'snapshot']).orderBy('id').execute()
      expect(await households(other)).toEqual(await households(db))
      expect(await workflows(other)).toEqual(await workflows(db))
    } finally {
      await other.destroy()
    }
  })
})

/** Every village has one workflow row, its stored snapshot restores, and it is the replay of its events. */
async function expectWorkflowsReplayed(d: DB) {
  const villages = await d.selectFrom('villages').select('id').execute()
  const workflows = await d.selectFrom('village_workflows').selectAll().execute()
  expect(workflows.map((w) => w.village_id).sort((a, b) => a - b)).toEqual(villages.map((v) => v.id).sort((a, b) => a - b))
  for (const wf of workflows) {
    expect(wf.machine_version).toBe(MACHINE_VERSION)
    const stored = restore({ machineVersion: wf.machine_version, snapshot: JSON.parse(wf.snapshot) })
    expect(stateKey(stored)).toBe(wf.state)
    expect(wf.phase).toBe(wf.state.split('.')[0])

    const events = await d.selectFrom('workflow_events').selectAll().where('workflow_id', '=', wf.id).orderBy('version').execute()
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1))
    expect(wf.version).toBe(events.length)
    let snapshot = initialSnapshot()
    for (const e of events) {
      expect(e.from_state).toBe(stateKey(snapshot))
      const result = applyEvent(snapshot, { type: e.event_type, ...JSON.parse(e.payload) } as CampaignEvent)
      expect(result.accepted).toBe(true)
      if (result.accepted) snapshot = result.snapshot
      expect(stateKey(snapshot)).toBe(e.to_state)
    }
    expect(stateKey(snapshot)).toBe(wf.state)
    expect(events.at(-1)?.to_state ?? 'mobilisation').toBe(wf.state)
    expect(Boolean(wf.zero_report)).toBe(stored.context.zeroReport)
  }
}
