// The formats the streaming .xlsx reader does not know, read through SheetJS (@e965/xlsx; ADR
// docs/decisions/012-office-file-formats.md): legacy .xls (BIFF8 in an OLE container) and WPS .et (the same), .ods,
// "HTML table saved as .xls" and Excel 2003 XML. The file is bounded before SheetJS sees it: its bytes
// (TABLE_LIMITS.legacyBytes, ./read.server.ts), an .ods' inflated parts (XLSX_LIMITS, each inflated here and checked
// against what the zip declares), rows (sheetRows) and cells after; the worker adds the time and memory limit.
import zlib from 'node:zlib'
import * as XLSX from '@e965/xlsx'
import { decodeText } from '../rosterImport/read.server'
import type { Cell } from '../rosterImport/rules.server'
import { compressedData, zipEntries } from '../rosterImport/xlsx.server'
import { MAX_COLUMNS, XLSX_LIMITS, XlsxError } from '../rosterImport/xlsxLimits.server'
import { odsVisibility, type OdsVisibility } from './readOds.server'
import {
  TABLE_LIMITS,
  TableBudget,
  TableLimitError,
  isBlankCells,
  trimCells,
  type TableFileKind,
  type TableReadResult,
  type TableRow,
  type TableSheet,
} from './readTypes.server'

/** What the first bytes say the file is: a zip (.xlsx or .ods), an OLE container (.xls, .et), markup, or null (CSV). */
export type SniffedKind = 'xlsx' | 'ods' | 'ole' | 'markup'

const MARKUP_STARTS = ['<html', '<table', '<!doctype', '<?xml', '<meta', '<head', '<body', '<style', '<!--']

export function sniffLegacy(content: Uint8Array): SniffedKind | null {
  const b = content
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    try {
      return zipEntries(Buffer.from(b.buffer, b.byteOffset, b.byteLength)).has('mimetype') ? 'ods' : 'xlsx'
    } catch {
      return 'xlsx' // the .xlsx reader says why it cannot be read
    }
  }
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole'
  // text starting with a tag, after a byte-order mark and white space
  const head = decodeText(b.subarray(0, 1024))
    .text.replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase()
  return MARKUP_STARTS.some((start) => head.startsWith(start)) ? 'markup' : null
}

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet'

/**
 * An .ods' parts, each inflated here within what the zip declares for it and XLSX_LIMITS for them all: a zip bomb,
 * or a part whose inflated size is not the one declared, never reaches SheetJS (which trusts the declared sizes).
 */
function odsParts(zip: Buffer): Map<string, Buffer> {
  const entries = zipEntries(zip)
  let declared = 0
  for (const entry of entries.values()) {
    declared += entry.size
    if (declared > XLSX_LIMITS.totalBytes) throw new TableLimitError('tooBig')
  }
  const parts = new Map<string, Buffer>()
  for (const [name, entry] of entries) {
    const data = compressedData(zip, entry)
    let bytes: Buffer
    if (entry.method === 0) bytes = data
    else {
      try {
        bytes = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) })
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TableLimitError('tooBig')
        throw new XlsxError('broken deflate data')
      }
    }
    if (bytes.length !== entry.size) throw new XlsxError('a part is not the size the zip declares')
    parts.set(name, bytes)
  }
  if (parts.get('mimetype')?.toString('latin1').trim() !== ODS_MIMETYPE) throw new XlsxError('not a spreadsheet')
  return parts
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const READ_OPTIONS: XLSX.ParsingOptions = {
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellNF: false,
  cellText: false,
  cellDates: false,
  bookVBA: false,
  bookFiles: false,
  WTF: false,
  // one row past the limit, so a file with more is seen to have more
  sheetRows: TABLE_LIMITS.rows + 1,
}

export function readLegacyTable(content: Uint8Array, sniffed: Exclude<SniffedKind, 'xlsx'>, fileName: string | null): TableReadResult {
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  let workbook: XLSX.WorkBook
  let kind: TableFileKind
  let encoding: string | null = null
  let visibility: OdsVisibility | null = null
  if (sniffed === 'ods') {
    const parts = odsParts(buffer)
    visibility = odsVisibility(parts.get('content.xml')?.toString('utf8') ?? '', parts.get('styles.xml')?.toString('utf8') ?? '')
    workbook = XLSX.read(buffer, { ...READ_OPTIONS, type: 'buffer' })
    kind = 'ods'
  } else if (sniffed === 'ole') {
    // the whole OLE signature; short of it SheetJS would fall back to reading the bytes as text
    if (!OLE_SIGNATURE.every((byte, i) => buffer[i] === byte)) return { ok: false, problem: 'unreadable' }
    workbook = XLSX.read(buffer, { ...READ_OPTIONS, type: 'buffer' })
    kind = fileName && /\.et$/i.test(fileName.trim()) ? 'et' : 'xls'
  } else {
    const decoded = decodeText(content)
    encoding = decoded.encoding
    const text = decoded.text.replace(/^\uFEFF/, '')
    const spreadsheetXml = /^\s*<\?xml/i.test(text) && text.slice(0, 4096).includes('urn:schemas-microsoft-com:office:spreadsheet')
    if (!spreadsheetXml && !/<table[\s>]/i.test(text)) return { ok: false, problem: 'unreadable' }
    // raw: an HTML cell's text stays text (an ID number written as digits is not turned into a rounded number)
    workbook = XLSX.read(text, { ...READ_OPTIONS, type: 'string', raw: !spreadsheetXml })
    kind = spreadsheetXml ? 'xls' : 'html'
  }
  const budget = new TableBudget()
  const sheets: TableSheet[] = workbook.SheetNames.map((name, index) => {
    const sheet = workbook.Sheets[name]
    const hiddenRows = visibility?.hiddenRows[index] ?? null
    return {
      name,
      hidden: visibility ? (visibility.hiddenSheets[index] ?? false) : Boolean(workbook.Workbook?.Sheets?.[index]?.Hidden),
      rows: sheetRows(sheet, budget, hiddenRows),
    }
  })
  return { ok: true, kind, encoding, sheets }
}

function sheetRows(sheet: XLSX.WorkSheet | undefined, budget: TableBudget, hiddenRows: Set<number> | null): TableRow[] {
  const data = (sheet?.['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>
  const rowInfo = sheet?.['!rows'] ?? []
  const rows: TableRow[] = []
  for (let r = 0; r < data.length; r++) {
    const source = data[r]
    if (!source) continue
    const cells: Cell[] = []
    for (let c = 0; c < Math.min(source.length, MAX_COLUMNS); c++) cells.push(cellValue(source[c]))
    if (isBlankCells(cells)) continue
    const kept = trimCells(cells)
    budget.keep(kept)
    rows.push({ sheetRow: r + 1, cells: kept, hidden: hiddenRows ? hiddenRows.has(r + 1) : Boolean(rowInfo[r]?.hidden) })
  }
  return rows
}

/** Days from Excel's day 0 (1899-12-30) to 1970-01-01: a Date cell back to the serial number the .xlsx reader gives. */
const EXCEL_EPOCH_DAYS = 25569

function cellValue(cell: XLSX.CellObject | undefined): Cell {
  if (!cell) return null
  switch (cell.t) {
    case 'n':
      return typeof cell.v === 'number' && Number.isFinite(cell.v) ? cell.v : null
    case 's':
      return typeof cell.v === 'string' && cell.v !== '' ? cell.v : null
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE'
    case 'd':
      return cell.v instanceof Date ? cell.v.getTime() / 86_400_000 + EXCEL_EPOCH_DAYS : null
    case 'e':
      return cell.w ?? null
    default:
      return null
  }
}
