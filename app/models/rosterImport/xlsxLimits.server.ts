// What one roster workbook may cost before it is refused, and the errors the .xlsx reader throws: shared by the zip
// side (xlsx.server.ts) and the XML side (xlsxXml.server.ts).

export class XlsxError extends Error {}

/**
 * What one workbook may cost before it is refused (docs/decisions/007-untrusted-files-and-workers.md): a .xlsx is a
 * zip, so a few kilobytes on the wire can inflate to gigabytes (a zip bomb) or to millions of rows and cells. Every
 * limit is checked as the file is read, and reading stops at the first one passed.
 */
export const XLSX_LIMITS = {
  /** inflated bytes of one part read whole: the workbook, its relationships, the shared strings */
  partBytes: 64 * 1024 * 1024,
  /** inflated bytes of every part read, sheets included (300,000 rows of a real roster are about 200 MB) */
  totalBytes: 256 * 1024 * 1024,
  /** <row> elements in one sheet, blank ones included: Excel's own maximum */
  rows: 1_048_576,
  /** <c> elements in the whole workbook */
  cells: 30_000_000,
  /** shared strings */
  strings: 4_000_000,
}

/** A file past one of XLSX_LIMITS: refused as too big, not as broken. */
export class XlsxLimitError extends XlsxError {
  constructor(readonly limit: keyof typeof XLSX_LIMITS) {
    super(`xlsx limit passed: ${limit}`)
  }
}

/** Columns kept per row; a cell further right is passed over (a roster has a few dozen columns, Excel 16,384). */
export const MAX_COLUMNS = 1024

/** What a workbook has used of XLSX_LIMITS so far. */
export interface Budget {
  bytes: number
  cells: number
}
