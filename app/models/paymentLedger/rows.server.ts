// 发放花名册 / 社会救助资金发放明细, from the rows of any office file (../tableFile/read.server.ts): which columns are
// the payee's name, ID number, amount, month and account, found by their header text, and each row as a payment.
// Pure. A bank's or 一卡通 system's export names its columns many ways; the names below are the ones seen in them.
import { locateColumns, type ColumnSpec } from '../tableFile/columns.server'
import { cellText, halfWidth, normaliseName, parseAmountCell, type Cell } from '../rosterImport/rules.server'

export type LedgerColumn = 'name' | 'idNumber' | 'amount' | 'month' | 'account'

export const LEDGER_COLUMNS: readonly ColumnSpec<LedgerColumn>[] = [
  {
    key: 'name',
    names: ['姓名', '户主姓名', '收款人姓名', '收款人', '领款人', '领款人姓名', '户名', '账户名称', '持卡人姓名', '持卡人', '救助对象姓名', '保障对象姓名'],
    loose: (b) => b.endsWith('姓名') && !/干部|经办/.test(b),
    required: true,
  },
  {
    key: 'idNumber',
    names: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '证件号', '身份证', '户主身份证号', '收款人身份证号', '持卡人身份证号'],
    loose: (b) => b.includes('身份证') || b.includes('证件号') || b.includes('身份号码'),
    required: true,
  },
  {
    key: 'amount',
    names: ['实发金额', '发放金额', '本月发放金额', '实发数', '金额', '发放金额合计', '救助金额', '低保金额', '低保金', '实发低保金'],
    loose: (b) => /金额|实发/.test(b) && !/应发|标准|人均/.test(b),
    required: true,
  },
  { key: 'month', names: ['发放月份', '所属期', '所属月份', '发放年月', '月份', '年月', '发放期间'], loose: (b) => /月份|所属期/.test(b) },
  {
    key: 'account',
    names: ['账号', '卡号', '银行账号', '银行卡号', '收款账号', '存折号', '一卡通账号', '社保卡号', '账户', '收款人账号'],
    loose: (b) => /账号|卡号|折号/.test(b),
  },
]

/** What a sheet of a file is, as far as the ledger reader needs it (structurally ../tableFile/read.server.ts TableSheet). */
export interface LedgerSheetInput {
  name: string | null
  hidden: boolean
  rows: ReadonlyArray<{ sheetRow: number; cells: Cell[]; hidden: boolean }>
}

/** One payment row, ready to store. */
export interface LedgerRow {
  sheetRow: number
  name: string
  /** cleaned: 18 digits (last may be X) or 15 digits; null when the cell holds no such number */
  idNumber: string | null
  amountFen: number
  paidMonth: string | null
  /** the account's last four digits, never more */
  accountTail: string | null
}

export type LedgerRowProblem = 'amount' | 'name'

export type LedgerRowsResult =
  | {
      ok: true
      sheetNames: string[]
      headerRows: number[]
      rows: LedgerRow[]
      /** rows refused (no amount, no name): their sheet row and why */
      refused: Array<{ sheet: string | null; sheetRow: number; problem: LedgerRowProblem }>
      hiddenRows: number
      /** the columns found, by their header text */
      headers: Partial<Record<LedgerColumn, string>>
    }
  | { ok: false; problem: 'noHeader' | 'noRows' }

const SUM_ROW = /^(本页|本村|本社区|全镇|全乡|总)?(小计|合计|总计)/

/** The cleaned ID number of a cell, or null: only the form is checked (a bank's number is matched, not judged). */
export function ledgerIdNumber(cell: Cell): string | null {
  let text = typeof cell === 'number' ? (Number.isSafeInteger(cell) ? cell.toFixed(0) : '') : halfWidth(cellText(cell))
  text = text
    .replace(/^="?(.*?)"?$/, '$1')
    .replace(/^'/, '')
    .replace(/[\s-]/g, '')
    .toUpperCase()
  return /^\d{15}$/.test(text) || /^\d{17}[\dX]$/.test(text) ? text : null
}

/** '2026-11', '2026年11月', '202611', '2026/11/05', an Excel day serial → 'YYYY-MM'; anything else null. */
export function ledgerMonth(cell: Cell): string | null {
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 200001 && cell <= 210012 && cell % 100 >= 1 && cell % 100 <= 12)
      return `${Math.floor(cell / 100)}-${String(cell % 100).padStart(2, '0')}`
    // an Excel day serial (1900 system): 36526 is 2000-01-01, 73051 is 2100-01-01
    if (cell >= 36526 && cell < 73051) return new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000).toISOString().slice(0, 7)
    return null
  }
  const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  const m = /^(\d{4})(?:年|[-/.])?(\d{1,2})(?:月份?|[-/.]\d{1,2}日?)?$/.exec(text)
  if (!m) return null
  const month = Number(m[2])
  if (month < 1 || month > 12 || Number(m[1]) < 2000 || Number(m[1]) > 2100) return null
  return `${m[1]}-${String(month).padStart(2, '0')}`
}

/** The last four digits of an account or card number; null when it has fewer than four. */
export function accountTail(cell: Cell): string | null {
  const digits = (typeof cell === 'number' ? (Number.isSafeInteger(cell) ? cell.toFixed(0) : '') : halfWidth(cellText(cell))).replace(/\D/g, '')
  return digits.length >= 4 ? digits.slice(-4) : null
}

/**
 * Every visible sheet whose header names the payee, the ID number and the amount is read (a bank's export has one;
 * a township may keep one sheet per village); a hidden sheet only when no visible one has such a header. Rows of
 * 合计/小计 and rows with nothing in them are skipped; a row without an amount or a name is refused and listed.
 */
export function readLedgerRows(sheets: readonly LedgerSheetInput[]): LedgerRowsResult {
  const withHeader = sheets.flatMap((sheet) => {
    const found = locateColumns(
      sheet.rows.map((r) => r.cells),
      LEDGER_COLUMNS,
    )
    return found ? [{ sheet, found }] : []
  })
  const visible = withHeader.filter((l) => !l.sheet.hidden)
  const chosen = visible.length ? visible : withHeader
  if (chosen.length === 0) return { ok: false, problem: 'noHeader' }

  const rows: LedgerRow[] = []
  const refused: Array<{ sheet: string | null; sheetRow: number; problem: LedgerRowProblem }> = []
  const headers: Partial<Record<LedgerColumn, string>> = {}
  let hiddenRows = 0
  for (const { sheet, found } of chosen) {
    const { columns, headerIndex } = found
    for (const [key, at] of Object.entries(columns) as Array<[LedgerColumn, number]>) headers[key] ??= found.headers[at].replace(/\s+/g, '')
    const at = (cells: Cell[], key: LedgerColumn): Cell => (columns[key] === undefined ? null : (cells[columns[key]] ?? null))
    for (const row of sheet.rows.slice(headerIndex + 1)) {
      const nameText = cellText(at(row.cells, 'name'))
      const first = row.cells.find((c) => cellText(c) !== '') ?? null
      // 合计/小计/总计 (the test only where the character is there: most rows are payments)
      if ([nameText, cellText(first)].some((text) => text.includes('计') && SUM_ROW.test(halfWidth(text).replace(/\s+/g, '')))) continue
      const idCell = at(row.cells, 'idNumber')
      const amountCell = at(row.cells, 'amount')
      if (nameText === '' && cellText(idCell) === '' && cellText(amountCell) === '') continue
      const amount = parseAmountCell(amountCell)
      if (!amount.ok) {
        refused.push({ sheet: sheet.name, sheetRow: row.sheetRow, problem: 'amount' })
        continue
      }
      const name = normaliseName(nameText).slice(0, 50)
      if (name === '') {
        refused.push({ sheet: sheet.name, sheetRow: row.sheetRow, problem: 'name' })
        continue
      }
      if (row.hidden) hiddenRows++
      rows.push({
        sheetRow: row.sheetRow,
        name,
        idNumber: ledgerIdNumber(idCell),
        amountFen: amount.fen,
        paidMonth: ledgerMonth(at(row.cells, 'month')),
        accountTail: accountTail(at(row.cells, 'account')),
      })
    }
  }
  if (rows.length === 0) return { ok: false, problem: 'noRows' }
  return {
    ok: true,
    sheetNames: chosen.map((c) => c.sheet.name ?? ''),
    headerRows: chosen.map((c) => c.sheet.rows[c.found.headerIndex].sheetRow),
    rows,
    refused,
    hiddenRows,
    headers,
  }
}

/** 发放月份 as typed: '2026年11月', '2026/11', full-width digits → '2026-11'; '' stays ''; anything else is returned as it is, for isMonth to refuse. */
export function normaliseMonth(value: string): string {
  const text = value
    .trim()
    .slice(0, 20)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
  const m = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/.exec(text)
  return m ? `${m[1]}-${m[2].padStart(2, '0')}` : text
}

/** The month most rows name (the file's own month), or null when no row names one. */
export function commonMonth(rows: readonly LedgerRow[]): string | null {
  const counts = new Map<string, number>()
  for (const r of rows) if (r.paidMonth) counts.set(r.paidMonth, (counts.get(r.paidMonth) ?? 0) + 1)
  let best: string | null = null
  let most = 0
  for (const [month, n] of counts)
    if (n > most) {
      best = month
      most = n
    }
  return best
}
