// The 发放比对 page: a township's ledgers by month and, for the month chosen, the comparison with the standing notice
// (totals, counts per kind, the discrepancies with their problems). Redacted here, by viewer: a village cadre sees
// only their own village's discrepancies — no township totals, no township-level items, no other village. ID numbers
// are always masked.
import type { DB } from '../../../db/connection.server'
import { isMonth } from '../../../workflows/rules/allowanceMonth'
import { maskIdNumber } from '../../../workflows/rules/idNumber'
import type { LedgerDiscrepancyKind, RoleKey } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { chineseMonth } from '../noticeExport.server'
import { emptyKindCounts, type KindCounts } from './import.server'

const p = t.paymentLedger

export interface LedgerViewer {
  role: RoleKey
  /** a cadre's own village */
  villageId: number | null
}

export interface LedgerMonthItem {
  ledgerId: number
  month: string
  monthText: string
  rows: number | null
  totalFen: number | null
}

export interface DiscrepancyView {
  id: number
  kind: LedgerDiscrepancyKind
  villageId: number | null
  villageName: string | null
  householdId: number | null
  name: string
  maskedIdNumber: string | null
  expectedFen: number | null
  paidFen: number | null
  sheetRow: number | null
  /** the detail in words (the exit month, the first payment's row, the deaths list's fact) */
  detail: string | null
  problemId: number | null
}

export interface LedgerComparisonView {
  ledgerId: number
  month: string
  monthText: string
  fileName: string
  importedBy: string
  importedAt: string
  /** null for a village cadre: the township's figures are not theirs */
  totals: { noticeHouseholds: number; noticeFen: number; paidRows: number; paidFen: number; paidHouseholds: number } | null
  counts: KindCounts
  discrepancies: DiscrepancyView[]
  /** 名册中查无此人: township-level, never shown to a cadre */
  townshipItems: DiscrepancyView[]
  otherMonthRows: number
}

export interface LedgerPage {
  township: { id: number; name: string }
  months: LedgerMonthItem[]
  current: LedgerComparisonView | null
  cadre: boolean
}

function detailText(kind: LedgerDiscrepancyKind, detail: string | null): string | null {
  if (detail === null) return null
  if (kind === 'paidTwice') return format(p.list.firstRow, { row: detail })
  if (kind === 'paidAfterExit') return isMonth(detail) ? format(p.list.exitMonth, { month: chineseMonth(detail) }) : null
  if (kind === 'unknownPerson') return detail === 'noIdNumber' ? p.list.noIdNumber : null
  return detail
}

/** The page for `townshipId` as `viewer` may see it; `month` picks the ledger (default: the latest). */
export async function loadLedgerPage(db: DB, q: { townshipId: number; viewer: LedgerViewer; month: string | null }): Promise<LedgerPage | null> {
  const township = await db.selectFrom('townships').select(['id', 'name']).where('id', '=', q.townshipId).executeTakeFirst()
  if (!township) return null
  const cadre = q.viewer.role === 'cadre'
  const ledgers = await db
    .selectFrom('payment_ledgers')
    .select(['id', 'month', 'row_count', 'total_fen', 'file_name', 'imported_by', 'imported_at', 'notice_households', 'notice_fen'])
    .where('township_id', '=', q.townshipId)
    .where('replaced_at', 'is', null)
    .orderBy('month', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const months: LedgerMonthItem[] = ledgers.map((l) => ({
    ledgerId: l.id,
    month: l.month,
    monthText: chineseMonth(l.month),
    rows: cadre ? null : l.row_count,
    totalFen: cadre ? null : l.total_fen,
  }))
  const chosen = (q.month && isMonth(q.month) ? ledgers.find((l) => l.month === q.month) : ledgers[0]) ?? null
  if (!chosen) return { township, months, current: null, cadre }

  let query = db
    .selectFrom('ledger_discrepancies as d')
    .leftJoin('villages', 'villages.id', 'd.village_id')
    .leftJoin('payment_ledger_entries as e', 'e.id', 'd.entry_id')
    .select([
      'd.id',
      'd.kind',
      'd.village_id',
      'villages.name as village_name',
      'd.household_id',
      'd.name',
      'd.id_number',
      'd.expected_fen',
      'd.paid_fen',
      'd.detail',
      'd.problem_id',
      'e.sheet_row',
    ])
    .where('d.ledger_id', '=', chosen.id)
  // the cadre's village only: never another village's, never the township's own items
  if (cadre) query = query.where('d.village_id', '=', q.viewer.villageId ?? -1)
  const rows = await query.orderBy('d.id').execute()
  const counts = emptyKindCounts()
  const discrepancies: DiscrepancyView[] = []
  const townshipItems: DiscrepancyView[] = []
  for (const r of rows) {
    counts[r.kind]++
    const view: DiscrepancyView = {
      id: r.id,
      kind: r.kind,
      villageId: r.village_id,
      villageName: r.village_name,
      householdId: r.household_id,
      name: r.name,
      maskedIdNumber: r.id_number ? maskIdNumber(r.id_number) : null,
      expectedFen: r.expected_fen,
      paidFen: r.paid_fen,
      sheetRow: r.sheet_row,
      detail: detailText(r.kind, r.detail),
      problemId: r.problem_id,
    }
    if (r.household_id === null) townshipItems.push(view)
    else discrepancies.push(view)
  }
  let totals: LedgerComparisonView['totals'] = null
  let otherMonthRows = 0
  if (!cadre) {
    const [paid, other] = await Promise.all([
      db
        .selectFrom('payment_ledger_entries')
        .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('amount_fen').as('fen')])
        .where('ledger_id', '=', chosen.id)
        .where((eb) => eb.or([eb('paid_month', 'is', null), eb('paid_month', '=', chosen.month)]))
        .executeTakeFirst(),
      db
        .selectFrom('payment_ledger_entries')
        .select((eb) => eb.fn.count<number>('household_id').distinct().as('n'))
        .where('ledger_id', '=', chosen.id)
        .where('household_id', 'is not', null)
        .where((eb) => eb.or([eb('paid_month', 'is', null), eb('paid_month', '=', chosen.month)]))
        .executeTakeFirst(),
    ])
    const paidRows = Number(paid?.rows ?? 0)
    otherMonthRows = chosen.row_count - paidRows
    totals = {
      noticeHouseholds: chosen.notice_households,
      noticeFen: chosen.notice_fen,
      paidRows,
      paidFen: Number(paid?.fen ?? 0),
      paidHouseholds: Number(other?.n ?? 0),
    }
  }
  return {
    township,
    months,
    cadre,
    current: {
      ledgerId: chosen.id,
      month: chosen.month,
      monthText: chineseMonth(chosen.month),
      fileName: chosen.file_name,
      importedBy: chosen.imported_by,
      importedAt: chosen.imported_at,
      totals,
      counts,
      discrepancies,
      townshipItems: cadre ? [] : townshipItems,
      otherMonthRows,
    },
  }
}

/** A county user's townships, for the page's chooser. */
export async function listCountyTownships(db: DB, countyName: string): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', countyName).orderBy('id').execute()
}
