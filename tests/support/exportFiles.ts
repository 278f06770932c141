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
        civilAffairs: false, liaisonVillageIds: [],
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

/** The village's households still in the allowance, in roster order, with the amount they receive now. */
export async function expectedNotice(villageId: number) {
  const rows = await t.db
    .selectFrom('households')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', '=', campaign.id))
    .select(['households.head_name', 'households.monthly_amount_fen', 'r.outcome', 'r.adjusted_amount_fen'])
    .where('households.village_id', '=', villageId)
    .where('households.status', '=', 'active')
    .orderBy('households.enrolment', 'desc')
    .orderBy('households.id')
    .execute()
  return rows.map((r) => [r.head_name, (r.outcome === 'adjust' ? r.adjusted_amount_fen! : r.monthly_amount_fen) / 100])
}
