// 发放比对 as .xlsx: the month's comparison of a township — totals on the notice and paid, counts per kind, then every
// discrepancy — for the township office and the county. Money through the shared cell helper (app/utils/format.ts),
// ID numbers masked as on the page. One audit row per download (export.ledgerComparison).
import type { DB } from '../../../db/connection.server'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { beijingTime, yuanCell, yuanDigits } from '../../utils/format'
import {
  addDataRow,
  addTableSheet,
  addTextRow,
  newWorkbook,
  recordExport,
  workbookFile,
  type ExportContext,
  type ExportFile,
  type SheetColumn,
} from '../exports.server'
import { loadLedgerPage } from './page.server'
import { LEDGER_DISCREPANCY_KINDS } from '../../../workflows/rules/vocabulary'

const p = t.paymentLedger
const s = p.sheet

const COLUMNS: SheetColumn[] = [
  { header: s.village, width: 14 },
  { header: s.kind, width: 22 },
  { header: s.name_, width: 12 },
  { header: s.idNumber, width: 22 },
  { header: s.sheetRow, width: 10, kind: 'number' },
  { header: s.expected, width: 14, kind: 'yuan' },
  { header: s.paid, width: 14, kind: 'yuan' },
  { header: s.detail, width: 28 },
]

/** The comparison of `month` (default: the latest) as .xlsx; null when the township has no ledger of it. */
export async function downloadLedgerComparison(db: DB, ctx: ExportContext, q: { townshipId: number; month: string | null }): Promise<ExportFile | null> {
  const page = await loadLedgerPage(db, { townshipId: q.townshipId, viewer: { role: 'leader', villageId: null }, month: q.month })
  const current = page?.current
  if (!page || !current || !current.totals) return null
  const c = p.comparison
  const title = format(s.title, { township: page.township.name, month: current.monthText })
  const wb = newWorkbook(title)
  const totals = current.totals
  const { ws } = addTableSheet(wb, {
    name: s.name,
    title,
    lines: [
      format(c.file, { file: current.fileName, importedBy: current.importedBy, importedAt: beijingTime(current.importedAt) }),
      `${c.onNotice}：${format(c.noticePeople, { n: totals.noticeHouseholds })}，${yuanText(totals.noticeFen)}；${c.paid}：${format(c.paidPeople, { rows: totals.paidRows, households: totals.paidHouseholds })}，${yuanText(totals.paidFen)}`,
      LEDGER_DISCREPANCY_KINDS.map((k) => `${p.kinds[k]} ${current.counts[k]}`).join('；'),
    ],
    columns: COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  const rows = [...current.discrepancies, ...current.townshipItems]
  for (const d of rows)
    addDataRow(ws, COLUMNS, [
      d.villageName ?? p.list.township,
      p.kinds[d.kind],
      d.name,
      d.maskedIdNumber,
      d.sheetRow,
      d.expectedFen === null ? null : yuanCell(d.expectedFen),
      d.paidFen === null ? null : yuanCell(d.paidFen),
      d.detail,
    ])
  if (rows.length === 0) addTextRow(ws, COLUMNS, c.none)
  const file = await workbookFile(wb, format(s.file, { township: page.township.name, month: current.month }), `ledger-${current.month}`)
  await recordExport(db, ctx, {
    kind: 'ledgerComparison',
    format: 'xlsx',
    townshipId: q.townshipId,
    entity: { type: 'township', id: q.townshipId },
    details: { month: current.month, discrepancies: rows.length, file: file.filename },
  })
  return file
}

function yuanText(fen: number): string {
  return `${yuanDigits(fen)}元`
}
