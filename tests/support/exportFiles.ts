// Shared set-up of the export tests (tests/integration/exports*.test.ts): the demo township on a fresh database
// (useDemoDatabase in factories.ts), the signed-in users as the export pages see them, and readers of the generated
// files. The bindings below are filled before the tests.
import ExcelJS from 'exceljs'
import { beforeAll, expect } from 'vitest'
import { getCurrentCampaign, type CampaignInfo } from '../../app/models/campaign.server'
import type { ExportContext, ExportFile } from '../../app/models/exports.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import type { TestDatabase } from './database'
import { DEMO_AT, DEMO_TODAY } from './demo'
import { useDemoDatabase } from './factories'

export const TODAY = DEMO_TODAY
export const AT = DEMO_AT
export let t: TestDatabase
export let campaign: CampaignInfo
export let townshipId: number
const villages = new Map<string, { id: number; townshipId: number }>()
export const users = new Map<string, CurrentUser>()

/** The demo township on a fresh database for this test file, with its villages and users by name. */
export function useExportsDatabase(): void {
  const demo = useDemoDatabase()
  beforeAll(async () => {
    t = demo
    townshipId = demo.townshipId
    campaign = (await getCurrentCampaign(t.db, townshipId))!
    for (const v of await t.db.selectFrom('villages').select(['id', 'name', 'township_id']).execute())
      villages.set(v.name, { id: v.id, townshipId: v.township_id })
    for (const u of await t.db.selectFrom('users').selectAll().execute()) {
      users.set(u.username, {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        role: u.role,
        townshipId: u.township_id,
        villageId: u.village_id,
        countyName: u.county_name,
        countyAdmin: u.county_admin === 1,
        civilAffairs: false,
        liaisonVillageIds: [],
      })
    }
  })
}

export function ctx(username: string): ExportContext {
  return { actor: users.get(username)!, at: AT, today: TODAY, ip: '127.0.0.1' }
}
export const village = (name: string) => villages.get(name)!

export async function workbook(file: ExportFile): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.body) as never)
  expect(wb.worksheets).toHaveLength(1)
  return wb.worksheets[0]
}

/** Every row as the texts of its cells; a merged area counts once (its first cell). */
export function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = []
  ws.eachRow((row) => {
    const cells: string[] = []
    row.eachCell((cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return
      cells.push(cell.value === null || cell.value === undefined ? '' : String(cell.value))
    })
    rows.push(cells)
  })
  return rows
}

export async function exportAudits() {
  return t.db.selectFrom('audit_log').selectAll().where('action', 'like', 'export.%').orderBy('id').execute()
}

/**
 * The village's households paid in `month` (default the demo's month), in roster order, with the amount in yuan: the
 * roster's active households and amounts, except where an approved change (household_allowance_changes) applies from
 * a later month — then what was paid before it. A proposal never counts; a review's adjusted amount neither.
 */
export async function expectedNotice(villageId: number, month = TODAY.slice(0, 7)) {
  const rows = await t.db
    .selectFrom('households')
    .select(['id', 'head_name', 'monthly_amount_fen', 'status'])
    .where('village_id', '=', villageId)
    .where('status', 'in', ['active', 'exited'])
    .orderBy('enrolment', 'desc')
    .orderBy('id')
    .execute()
  const later = await t.db
    .selectFrom('household_allowance_changes')
    .selectAll()
    .where('household_id', 'in', rows.length ? rows.map((r) => r.id) : [-1])
    .where('from_month', '>', month)
    .orderBy('from_month')
    .orderBy('id')
    .execute()
  return rows.flatMap((r): Array<[string, number]> => {
    const next = later.find((c) => c.household_id === r.id)
    if (next) return next.kind === 'enrol' ? [] : [[r.head_name, next.previous_amount_fen / 100]]
    return r.status === 'active' ? [[r.head_name, r.monthly_amount_fen / 100]] : []
  })
}
