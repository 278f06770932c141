// The generic office-file reader's types and limits (./read.server.ts), shared with the SheetJS side
// (./readLegacy.server.ts).
import type { Cell } from '../rosterImport/rules.server'
import { XLSX_LIMITS } from '../rosterImport/xlsxLimits.server'

export type TableFileKind = 'xlsx' | 'xls' | 'ods' | 'et' | 'html' | 'csv'
/** A row as the spreadsheet has it: its row number (1-based), its cells from column A, whether it is hidden. */
export interface TableRow {
  sheetRow: number
  cells: Cell[]
  hidden: boolean
}
/** One sheet (a CSV is one sheet without a name): every non-empty row, the header included. */
export interface TableSheet {
  name: string | null
  hidden: boolean
  rows: TableRow[]
}
/**
 * empty: no bytes, or no sheet with anything in it; unreadable: not a table file, or a broken one; tooBig: past a
 * size limit (TABLE_LIMITS, XLSX_LIMITS: bytes, inflated bytes, cells); tooManyRows: more rows than TABLE_LIMITS.rows;
 * timeout / busy: the worker ran out of time, or too many files were waiting (./readInWorker.server.ts).
 */
export type TableReadProblem = 'empty' | 'unreadable' | 'tooBig' | 'tooManyRows' | 'timeout' | 'busy'
export type TableReadResult = { ok: true; kind: TableFileKind; encoding: string | null; sheets: TableSheet[] } | { ok: false; problem: TableReadProblem }

export const TABLE_LIMITS = {
  /** a legacy file (.xls, .et, .ods, HTML) handed whole to SheetJS: bytes on the wire */
  legacyBytes: 64 * 1024 * 1024,
  /** non-empty rows of all sheets together */
  rows: 400_000,
  /** non-empty cells of all sheets together (SheetJS holds every cell as an object) */
  cells: XLSX_LIMITS.cells,
}

export interface TableReadOptions {
  /** the file's name as uploaded: only tells a WPS .et from an .xls (the same container inside) */
  fileName?: string | null
}

/** Thrown inside the readers when a TABLE_LIMITS figure is passed; turned into the problem. */
export class TableLimitError extends Error {
  constructor(readonly problem: 'tooBig' | 'tooManyRows') {
    super(`table limit passed: ${problem}`)
  }
}

/** Counts rows and cells kept across the sheets of one file. */
export class TableBudget {
  rows = 0
  cells = 0
  keep(cells: Cell[]) {
    if (++this.rows > TABLE_LIMITS.rows) throw new TableLimitError('tooManyRows')
    this.cells += cells.length
    if (this.cells > TABLE_LIMITS.cells) throw new TableLimitError('tooBig')
  }
}

export function isBlankCells(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))
}

/** Trailing empty cells dropped, so a row's length is its last filled column. */
export function trimCells(cells: Cell[]): Cell[] {
  let end = cells.length
  while (end > 0 && (cells[end - 1] === null || cells[end - 1] === '')) end--
  return end === cells.length ? cells : cells.slice(0, end)
}

/** Why a read in a worker did not answer, as the readers name it: the time limit, the queue, the worker's memory. */
export function workerReadProblem(reason: 'timeout' | 'busy' | 'failed' | 'outOfMemory'): 'timeout' | 'busy' | 'tooBig' | 'unreadable' {
  switch (reason) {
    case 'timeout':
      return 'timeout'
    case 'busy':
      return 'busy'
    case 'outOfMemory':
      return 'tooBig'
    default:
      return 'unreadable'
  }
}
