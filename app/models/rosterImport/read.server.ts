// Reading a roster file into rows: .xlsx through a small streaming reader (./xlsx.server.ts: a 100,000-row file never
// sits in memory as a workbook), .csv in UTF-8 (with or without BOM), GB18030 (what Excel and WPS save on a Chinese Windows), or
// UTF-16 with a BOM (Excel's "Unicode text"). No database, no disk: the file arrives as bytes.
import iconv from 'iconv-lite'
import { detectHeader } from './header.server'
import type { Cell, ColumnMapping } from './rules.server'
import type { SourceRow } from './verdicts.server'
import { openXlsx } from './xlsx.server'
import { XLSX_LIMITS, XlsxLimitError } from './xlsxLimits.server'

/** The header is looked for in a sheet's first rows; a sheet without one (instructions, 填表说明) is passed over. */
export const HEADER_SCAN_ROWS = 30
/** More rows than any township keeps: a file beyond this is refused rather than read. */
export const MAX_DATA_ROWS = 300_000

export type FileKind = 'xlsx' | 'csv'
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'

export interface RosterSheet {
  kind: FileKind
  /** a CSV file's character encoding, as detected */
  encoding: TextEncoding | null
  sheetName: string | null
  /** the row number of the header, as the spreadsheet shows it */
  headerRow: number
  headers: string[]
  /** the mapping found from the header's text */
  detected: ColumnMapping
  /** every row below the header that has anything in it, with its sheet row number */
  rows: SourceRow[]
  /** further sheets that also look like a roster (only the first is read) */
  otherRosterSheets: string[]
}

/**
 * tooBig: past one of the reader's limits (inflated bytes, rows, cells: XLSX_LIMITS), a zip bomb or a file no
 * spreadsheet program writes; timeout / busy: the worker that reads files ran out of time, or too many were waiting
 * (./readInWorker.server.ts).
 */
export type ReadProblem = 'xls' | 'unreadable' | 'noHeader' | 'tooManyRows' | 'empty' | 'tooBig' | 'timeout' | 'busy'
export type ReadResult = { ok: true; sheet: RosterSheet } | { ok: false; problem: ReadProblem }

export interface ReadOptions {
  /**
   * Rows of an .xlsx roster handed over in batches as they are read (then left out of the result): a worker thread
   * sends them on and frees them, instead of holding every row until the end (./readInWorker.server.ts).
   */
  onRows?: (rows: SourceRow[]) => void
}

/** Rows per batch given to ReadOptions.onRows. */
const ROW_BATCH = 5000

export async function readRosterFile(content: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  // PK\3\4: a zip, i.e. .xlsx; D0 CF 11 E0: the old binary .xls, which must be saved as .xlsx first
  if (content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) return readXlsx(content, options)
  if (content[0] === 0xd0 && content[1] === 0xcf && content[2] === 0x11 && content[3] === 0xe0) return { ok: false, problem: 'xls' }
  return readCsv(content)
}

// ————————————————————————————————————————— .xlsx —————————————————————————————————————————

async function readXlsx(content: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  let sheet: RosterSheet | null = null
  try {
    for (const xlsx of openXlsx(content)) {
      let header: ReturnType<typeof detectHeader> = null
      let headerRow = 0
      let scanned = 0
      let kept = 0
      const rows: SourceRow[] = []
      for await (const row of xlsx.rows()) {
        if (!header) {
          // a sheet without a header in its first rows (填表说明) is passed over without reading the rest
          if (++scanned > HEADER_SCAN_ROWS) break
          header = detectHeader([row.cells])
          headerRow = row.number
          if (header && sheet) {
            // another roster-like sheet: named in the preview, not read
            sheet.otherRosterSheets.push(xlsx.name)
            break
          }
          continue
        }
        const cells = row.cells.slice(0, header.headers.length)
        if (cells.every((c) => c === null || c === '')) continue
        if (kept++ >= MAX_DATA_ROWS) return { ok: false, problem: 'tooManyRows' }
        rows.push({ sheetRow: row.number, cells })
        if (options.onRows && rows.length >= ROW_BATCH) options.onRows(rows.splice(0, rows.length))
      }
      if (header && !sheet) {
        sheet = {
          kind: 'xlsx',
          encoding: null,
          sheetName: xlsx.name,
          headerRow,
          headers: header.headers,
          detected: header.mapping,
          rows,
          otherRosterSheets: [],
        }
      }
    }
  } catch (error) {
    return { ok: false, problem: error instanceof XlsxLimitError ? 'tooBig' : 'unreadable' }
  }
  return sheet ? { ok: true, sheet } : { ok: false, problem: 'noHeader' }
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

function readCsv(content: Uint8Array): ReadResult {
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
    return {
      ok: true,
      sheet: { kind: 'csv', encoding, sheetName: null, headerRow: index + 1, headers: header.headers, detected: header.mapping, rows, otherRosterSheets: [] },
    }
  }
  return { ok: false, problem: 'noHeader' }
}
