// A roster in a format the streaming .xlsx reader does not know — legacy .xls, WPS .et, .ods, "HTML table saved as
// .xls", Excel 2003 XML — read whole by the generic office-file reader (../tableFile/read.server.ts, SheetJS) and
// turned into roster sheets: the header found in each sheet's first rows, the rows below it, the hidden ones marked.
// Such files are small (an .xls holds at most 65,536 rows a sheet; TABLE_LIMITS bounds the rest).
import { readTableFile } from '../tableFile/read.server'
import { detectHeader } from './header.server'
import { HEADER_SCAN_ROWS, MAX_DATA_ROWS, type Found, type RosterSheet, type SheetSummary } from './read.server'
import type { SourceRow } from './verdicts.server'

export async function readOfficeRoster(content: Uint8Array, fileName: string | null): Promise<Found> {
  const table = await readTableFile(content, { fileName })
  if (!table.ok) return table
  const sheets: RosterSheet[] = []
  const summaries: SheetSummary[] = []
  let kept = 0
  for (const [sheetIndex, sheet] of table.sheets.entries()) {
    let header: ReturnType<typeof detectHeader> = null
    let at = 0
    for (; at < Math.min(sheet.rows.length, HEADER_SCAN_ROWS); at++) {
      header = detectHeader([sheet.rows[at].cells])
      if (header) break
    }
    summaries.push({ name: sheet.name, hidden: sheet.hidden, rows: sheet.rows.length, roster: header !== null })
    if (!header) continue
    const rows: SourceRow[] = []
    const hiddenRows: number[] = []
    for (const row of sheet.rows.slice(at + 1)) {
      const cells = row.cells.slice(0, header.headers.length)
      if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue
      if (kept++ >= MAX_DATA_ROWS) return { ok: false, problem: 'tooManyRows' }
      rows.push({ sheetRow: row.sheetRow, cells })
      if (row.hidden) hiddenRows.push(row.sheetRow)
    }
    sheets.push({
      kind: table.kind,
      encoding: table.encoding,
      sheetName: sheet.name,
      sheetIndex,
      hidden: sheet.hidden,
      headerRow: sheet.rows[at].sheetRow,
      headers: header.headers,
      detected: header.mapping,
      rows,
      hiddenRows,
      otherRosterSheets: [],
      sheets: [],
    })
  }
  return { ok: true, sheets, summaries }
}
