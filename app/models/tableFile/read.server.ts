// Reading any table file a township office has into rows, sheet by sheet: .xlsx through the roster's streaming reader
// (../rosterImport/xlsx.server.ts), the legacy and odd formats — .xls (BIFF8), WPS .et, .ods, "HTML table saved as
// .xls", Excel 2003 XML — through SheetJS (./readLegacy.server.ts), and CSV in UTF-8, GB18030 or UTF-16
// (../rosterImport/read.server.ts). No database, no disk: the file arrives as bytes. Untrusted: call it in a worker
// (./readInWorker.server.ts); docs/decisions/012-office-file-formats.md.
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { decodeText, parseCsv } from '../rosterImport/read.server'
import { openXlsx } from '../rosterImport/xlsx.server'
import { XlsxLimitError } from '../rosterImport/xlsxLimits.server'
import { readLegacyTable, sniffLegacy } from './readLegacy.server'
import {
  TABLE_LIMITS,
  TableBudget,
  TableLimitError,
  isBlankCells,
  trimCells,
  type TableReadOptions,
  type TableReadProblem,
  type TableReadResult,
  type TableRow,
  type TableSheet,
} from './readTypes.server'

export type { TableFileKind, TableRow, TableSheet, TableReadProblem, TableReadResult, TableReadOptions } from './readTypes.server'
export { TABLE_LIMITS } from './readTypes.server'

export async function readTableFile(content: Uint8Array, options: TableReadOptions = {}): Promise<TableReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  try {
    const legacy = sniffLegacy(content)
    let result: TableReadResult
    if (legacy === 'xlsx') result = await readXlsxTable(content)
    else if (legacy) {
      if (content.byteLength > TABLE_LIMITS.legacyBytes) return { ok: false, problem: 'tooBig' }
      result = readLegacyTable(content, legacy, options.fileName ?? null)
    } else result = readCsvTable(content)
    if (result.ok && result.sheets.every((s) => s.rows.length === 0)) return { ok: false, problem: 'empty' }
    return result
  } catch (error) {
    if (error instanceof TableLimitError) return { ok: false, problem: error.problem }
    if (error instanceof XlsxLimitError) return { ok: false, problem: 'tooBig' }
    return { ok: false, problem: 'unreadable' }
  }
}

async function readXlsxTable(content: Uint8Array): Promise<TableReadResult> {
  const budget = new TableBudget()
  const sheets: TableSheet[] = []
  for (const xlsx of openXlsx(content)) {
    const rows: TableRow[] = []
    for await (const row of xlsx.rows()) {
      if (isBlankCells(row.cells)) continue
      const cells = trimCells(row.cells)
      budget.keep(cells)
      rows.push({ sheetRow: row.number, cells, hidden: row.hidden })
    }
    sheets.push({ name: xlsx.name, hidden: xlsx.hidden, rows })
  }
  return { ok: true, kind: 'xlsx', encoding: null, sheets }
}

function readCsvTable(content: Uint8Array): TableReadResult {
  const { text, encoding } = decodeText(content)
  if (text.includes('\u0000')) return { ok: false, problem: 'unreadable' }
  let records: string[][]
  try {
    records = parseCsv(text)
  } catch {
    // parseCsv throws only past its limits
    return { ok: false, problem: 'tooBig' }
  }
  const budget = new TableBudget()
  const rows: TableRow[] = []
  records.forEach((record, index) => {
    const cells = trimCells(record.map((v) => (v === '' ? null : v)))
    if (isBlankCells(cells)) return
    budget.keep(cells)
    rows.push({ sheetRow: index + 1, cells, hidden: false })
  })
  return { ok: true, kind: 'csv', encoding, sheets: [{ name: null, hidden: false, rows }] }
}

/** What to tell the person who uploaded the file; never repeats anything from the file. */
export function tableReadProblemText(problem: TableReadProblem): string {
  const texts = t.rosterImport.tableFile.problems
  switch (problem) {
    case 'tooManyRows':
      return format(texts.tooManyRows, { max: TABLE_LIMITS.rows })
    case 'tooBig':
      return format(texts.tooBig, { size: TABLE_LIMITS.legacyBytes / 1024 / 1024 })
    default:
      return texts[problem]
  }
}
