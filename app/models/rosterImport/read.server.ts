// Reading a roster file into rows: .xlsx through a small streaming reader (./xlsx.server.ts: a 100,000-row file never
// sits in memory as a workbook); legacy .xls, WPS .et, .ods and "HTML saved as .xls" through SheetJS
// (./readOffice.server.ts, ../tableFile/read.server.ts); .csv in UTF-8 (with or without BOM), GB18030 (what Excel and
// WPS save on a Chinese Windows), or UTF-16 with a BOM (Excel's "Unicode text"). Every roster-like sheet is read,
// visible ones preferred; hidden rows are marked. No database, no disk: the file arrives as bytes.
import iconv from 'iconv-lite'
import { detectHeader } from './header.server'
import type { Cell, ColumnMapping } from './rules.server'
import type { SourceRow } from './verdicts.server'
import { openXlsx } from './xlsx.server'
import { XLSX_LIMITS, XlsxLimitError } from './xlsxLimits.server'
import { sniffLegacy } from '../tableFile/readLegacy.server'
import type { TableFileKind } from '../tableFile/readTypes.server'
import { readOfficeRoster } from './readOffice.server'

/** The header is looked for in a sheet's first rows; a sheet without one (instructions, 填表说明) is passed over. */
export const HEADER_SCAN_ROWS = 30
/** More rows than any township keeps: a file beyond this is refused rather than read. */
export const MAX_DATA_ROWS = 300_000

export type FileKind = TableFileKind
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'

/** Every sheet of the file as the preview and the command line list it (and roster_imports.sheets keeps it). */
export interface SheetSummary {
  /** null: a CSV file */
  name: string | null
  hidden: boolean
  /** rows with anything in them, header and title rows included */
  rows: number
  /** has a roster's header in its first rows */
  roster: boolean
}

export interface RosterSheet {
  kind: FileKind
  /** a text file's character encoding (CSV, HTML), as detected */
  encoding: string | null
  sheetName: string | null
  /** the sheet's position among the file's sheets (0 for a CSV): the key its rows travel under from the worker */
  sheetIndex: number
  /** a hidden sheet (an old roster kept out of sight): read only when no visible sheet is a roster, or when chosen */
  hidden: boolean
  /** the row number of the header, as the spreadsheet shows it */
  headerRow: number
  headers: string[]
  /** the mapping found from the header's text */
  detected: ColumnMapping
  /** every row below the header that has anything in it, with its sheet row number (hidden ones included) */
  rows: SourceRow[]
  /** sheet row numbers of the rows above that are hidden in the spreadsheet (left out unless the user includes them) */
  hiddenRows: number[]
  /** the other sheets that also look like a roster (only this one is imported) */
  otherRosterSheets: string[]
  /** every sheet of the file */
  sheets: SheetSummary[]
}

/**
 * tooBig: past one of the reader's limits (inflated bytes, rows, cells: XLSX_LIMITS, TABLE_LIMITS), a zip bomb or a
 * file no spreadsheet program writes; timeout / busy: the worker that reads files ran out of time, or too many were
 * waiting (./readInWorker.server.ts). ('xls' is no longer given: legacy files are read.)
 */
export type ReadProblem = 'xls' | 'unreadable' | 'noHeader' | 'tooManyRows' | 'empty' | 'tooBig' | 'timeout' | 'busy'
/**
 * sheet: the roster sheet to import — the one named by ReadOptions.sheetName, else the first visible roster sheet,
 * else the first hidden one. rosterSheets: every roster-like sheet (sheet among them), visible ones first, each in tab
 * order: a workbook with one sheet per village is imported sheet by sheet.
 */
export type ReadResult = { ok: true; sheet: RosterSheet; rosterSheets: RosterSheet[] } | { ok: false; problem: ReadProblem }

export interface ReadOptions {
  /**
   * Rows of an .xlsx roster handed over in batches as they are read (then left out of the result), with the sheet's
   * index: a worker thread sends them on and frees them, instead of holding every row until the end
   * (./readInWorker.server.ts).
   */
  onRows?: (sheetIndex: number, rows: SourceRow[]) => void
  /** the roster sheet to import, by name (a per-village workbook's other sheets) */
  sheetName?: string | null
  /** the file's name as uploaded: tells a WPS .et from an .xls */
  fileName?: string | null
}

/** Rows per batch given to ReadOptions.onRows. */
const ROW_BATCH = 5000

export async function readRosterFile(content: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  const sniffed = sniffLegacy(content)
  // .xlsx: the streaming reader (a 100,000-row roster never sits in memory as a workbook); .xls, .et, .ods, HTML:
  // SheetJS through the generic reader (./readOffice.server.ts); anything else is a CSV
  if (sniffed === 'xlsx') return chooseSheet(await readXlsx(content, options), options)
  if (sniffed) return chooseSheet(await readOfficeRoster(content, options.fileName ?? null), options)
  return chooseSheet(readCsv(content), options)
}

// ————————————————————————————————————————— .xlsx —————————————————————————————————————————

export type Found = { ok: true; sheets: RosterSheet[]; summaries: SheetSummary[] } | { ok: false; problem: ReadProblem }

async function readXlsx(content: Uint8Array, options: ReadOptions): Promise<Found> {
  const found: RosterSheet[] = []
  const summaries: SheetSummary[] = []
  let kept = 0
  try {
    for (const [sheetIndex, xlsx] of openXlsx(content).entries()) {
      let header: ReturnType<typeof detectHeader> = null
      let headerRow = 0
      let scanned = 0
      let filled = 0
      const rows: SourceRow[] = []
      const hiddenRows: number[] = []
      for await (const row of xlsx.rows()) {
        const blank = row.cells.every((c) => c === null || c === '')
        if (!blank) filled++
        if (!header) {
          // a sheet without a header in its first rows (填表说明) is only counted
          if (scanned++ < HEADER_SCAN_ROWS) {
            header = detectHeader([row.cells])
            headerRow = row.number
          }
          continue
        }
        const cells = row.cells.slice(0, header.headers.length)
        if (cells.every((c) => c === null || c === '')) continue
        if (kept++ >= MAX_DATA_ROWS) return { ok: false, problem: 'tooManyRows' }
        rows.push({ sheetRow: row.number, cells })
        if (row.hidden) hiddenRows.push(row.number)
        if (options.onRows && rows.length >= ROW_BATCH) options.onRows(sheetIndex, rows.splice(0, rows.length))
      }
      summaries.push({ name: xlsx.name, hidden: xlsx.hidden, rows: filled, roster: header !== null })
      if (header) {
        found.push({
          kind: 'xlsx',
          encoding: null,
          sheetName: xlsx.name,
          sheetIndex,
          hidden: xlsx.hidden,
          headerRow,
          headers: header.headers,
          detected: header.mapping,
          rows,
          hiddenRows,
          otherRosterSheets: [],
          sheets: [],
        })
      }
    }
  } catch (error) {
    return { ok: false, problem: error instanceof XlsxLimitError ? 'tooBig' : 'unreadable' }
  }
  return { ok: true, sheets: found, summaries }
}

/** The sheet to import and every roster sheet, visible ones first; each knows the file's sheets and its siblings. */
function chooseSheet(found: Found, options: ReadOptions): ReadResult {
  if (!found.ok) return found
  const rosterSheets = [...found.sheets.filter((s) => !s.hidden), ...found.sheets.filter((s) => s.hidden)]
  if (rosterSheets.length === 0) return { ok: false, problem: 'noHeader' }
  for (const sheet of rosterSheets) {
    sheet.sheets = found.summaries
    sheet.otherRosterSheets = rosterSheets.filter((s) => s !== sheet).map((s) => s.sheetName ?? '')
  }
  const sheet = (options.sheetName ? rosterSheets.find((s) => s.sheetName === options.sheetName) : undefined) ?? rosterSheets[0]
  return { ok: true, sheet, rosterSheets }
}

// ————————————————————————————————————————— .csv —————————————————————————————————————————

/** Valid UTF-8 (with or without a BOM) is UTF-8; a UTF-16 BOM is UTF-16; anything else is GB18030. */
export function decodeText(content: Uint8Array): { text: string; encoding: TextEncoding } {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' }
  }
}

/** Comma, tab or semicolon: whichever the first lines use most outside quotes. */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 8192).replace(/"[^"]*"/g, '')
  const counts = [',', '\t', ';'].map((d) => [d, sample.split(d).length - 1] as const)
  counts.sort((a, b) => b[1] - a[1])
  return counts[0][1] > 0 ? counts[0][0] : ','
}

/** A CSV past XLSX_LIMITS' rows or cells: refused as too big. */
class CsvLimitError extends Error {}

/**
 * RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks (月保障金额 + newline + (元)).
 * Stops with CsvLimitError past `limits` (a 20 MB file of line breaks is 20 million records).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text), limits = { rows: XLSX_LIMITS.rows, cells: XLSX_LIMITS.cells }): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  let cells = 0
  const endRow = () => {
    row.push(field)
    cells += row.length
    if (rows.length >= limits.rows || cells > limits.cells) throw new CsvLimitError('csv limit passed')
    rows.push(row)
    row = []
    field = ''
  }
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === delimiter) {
      row.push(field)
      field = ''
      if (row.length > limits.cells) throw new CsvLimitError('csv limit passed')
    } else if (ch === '\r') {
      if (text[i + 1] === '\n') i++
      endRow()
    } else if (ch === '\n') endRow()
    else field += ch
    i++
  }
  if (field !== '' || row.length > 0) endRow()
  return rows
}

function readCsv(content: Uint8Array): Found {
  const { text, encoding } = decodeText(content)
  if (text.includes('\u0000')) return { ok: false, problem: 'unreadable' }
  let records: string[][]
  try {
    records = parseCsv(text)
  } catch (error) {
    if (error instanceof CsvLimitError) return { ok: false, problem: 'tooBig' }
    throw error
  }
  const cellsOf = (record: string[]): Cell[] => record.map((v) => (v === '' ? null : v))
  const filled = records.filter((record) => record.some((v) => v.trim() !== '')).length
  for (let index = 0; index < Math.min(records.length, HEADER_SCAN_ROWS); index++) {
    const header = detectHeader([cellsOf(records[index])])
    if (!header) continue
    const rows: SourceRow[] = []
    for (let r = index + 1; r < records.length; r++) {
      const cells = cellsOf(records[r]).slice(0, header.headers.length)
      if (cells.every((c) => c === null || String(c).trim() === '')) continue
      if (rows.length >= MAX_DATA_ROWS) return { ok: false, problem: 'tooManyRows' }
      rows.push({ sheetRow: r + 1, cells })
    }
    const sheet: RosterSheet = {
      kind: 'csv',
      encoding,
      sheetName: null,
      sheetIndex: 0,
      hidden: false,
      headerRow: index + 1,
      headers: header.headers,
      detected: header.mapping,
      rows,
      hiddenRows: [],
      otherRosterSheets: [],
      sheets: [],
    }
    return { ok: true, sheets: [sheet], summaries: [{ name: null, hidden: false, rows: filled, roster: true }] }
  }
  return { ok: false, problem: 'noHeader' }
}
