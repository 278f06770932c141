// 账号导入, reading the list: an .xlsx through the roster's streaming reader (../rosterImport/xlsx.server.ts, with its
// limits on inflated bytes, rows and cells), the header found by its text in the first rows of the first sheet that
// has one, then the rows below it as text. Runs in a worker thread (app/workers/readAccounts.worker.ts) with a time
// limit; no database, no disk. docs/decisions/007-untrusted-files-and-workers.md.
import { normaliseHeader } from '../rosterImport/header.server'
import { cellText } from '../rosterImport/rules.server'
import { openXlsx } from '../rosterImport/xlsx.server'
import { XlsxLimitError } from '../rosterImport/xlsxLimits.server'

/** The header is looked for in a sheet's first rows (a title row such as "白杨镇账号名单" may come first). */
export const ACCOUNT_HEADER_SCAN_ROWS = 10
/**
 * More accounts than any township has (a township has a hundred or two): a longer list is refused rather than read.
 * Confirming costs a bcrypt hash an account (app/workers/hashPasswords.worker.ts), so this also bounds a confirm.
 */
export const MAX_ACCOUNT_ROWS = 1000

export const ACCOUNT_FIELDS = ['name', 'role', 'villages', 'phone', 'username', 'civilAffairs'] as const
export type AccountField = (typeof ACCOUNT_FIELDS)[number]
/** Columns a list must have; 所属村 may be missing (a list of leaders only), 用户名 defaults to the phone number. */
export const REQUIRED_ACCOUNT_FIELDS = ['name', 'role', 'phone'] as const satisfies readonly AccountField[]

// the header's text without spaces, brackets' contents or marks (normaliseHeader's `bare` and `flat` forms)
const HEADERS: Record<AccountField, string[]> = {
  name: ['姓名', '名字'],
  role: ['角色', '账号角色', '身份', '职务类别'],
  villages: ['所属村', '所属村居', '村居', '所在村', '所在村居', '所属村社区', '包联村', '包联村居', '村社区'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '电话'],
  username: ['用户名', '登录名', '账号', '登录账号'],
  // 镇民政所（负责镇审核）: optional, 是/否
  civilAffairs: ['镇民政所', '民政所', '负责镇审核', '镇审核', '是否镇民政所'],
}

/** Which field a header cell names, if any. */
export function accountFieldFor(text: string): AccountField | null {
  const { bare, flat } = normaliseHeader(text)
  for (const field of ACCOUNT_FIELDS) if (HEADERS[field].includes(flat) || HEADERS[field].includes(bare)) return field
  return null
}

export type AccountColumns = Partial<Record<AccountField, number>>

/** The columns of a header row, or null when it lacks a required one. The first column naming a field wins. */
export function detectAccountHeader(cells: ReadonlyArray<string | number | null>): AccountColumns | null {
  const columns: AccountColumns = {}
  cells.forEach((cell, index) => {
    const field = typeof cell === 'string' ? accountFieldFor(cell) : null
    if (field && columns[field] === undefined) columns[field] = index
  })
  return REQUIRED_ACCOUNT_FIELDS.every((f) => columns[f] !== undefined) ? columns : null
}

export interface AccountSheet {
  sheetName: string
  /** the header's row number, as the spreadsheet shows it */
  headerRow: number
  columns: AccountColumns
  /** every row below the header with anything in it: its sheet row number and each field's text */
  rows: Array<{ sheetRow: number; values: Record<AccountField, string> }>
}

/**
 * notXlsx: a CSV or anything else (the list is an .xlsx); xls: the old binary format; tooBig: past the reader's limits
 * (a zip bomb); timeout / busy: the worker ran out of time, or too many files were waiting.
 */
export type AccountReadProblem = 'empty' | 'xls' | 'notXlsx' | 'unreadable' | 'noHeader' | 'tooManyRows' | 'tooBig' | 'timeout' | 'busy'
export type AccountReadResult = { ok: true; sheet: AccountSheet } | { ok: false; problem: AccountReadProblem }

export async function readAccountFile(content: Uint8Array): Promise<AccountReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  if (content[0] === 0xd0 && content[1] === 0xcf && content[2] === 0x11 && content[3] === 0xe0) return { ok: false, problem: 'xls' }
  if (!(content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04)) return { ok: false, problem: 'notXlsx' }
  try {
    for (const xlsx of openXlsx(content)) {
      if (xlsx.hidden) continue
      let columns: AccountColumns | null = null
      let headerRow = 0
      let scanned = 0
      const rows: AccountSheet['rows'] = []
      for await (const row of xlsx.rows()) {
        if (!columns) {
          // a sheet without the header in its first rows (填表说明) is passed over
          if (++scanned > ACCOUNT_HEADER_SCAN_ROWS) break
          columns = detectAccountHeader(row.cells)
          headerRow = row.number
          continue
        }
        const found = columns
        const text = (field: AccountField) => {
          const index = found[field]
          return index === undefined ? '' : cellText(row.cells[index] ?? null)
        }
        const values = Object.fromEntries(ACCOUNT_FIELDS.map((f) => [f, text(f)])) as Record<AccountField, string>
        if (ACCOUNT_FIELDS.every((f) => values[f] === '')) continue
        if (rows.length >= MAX_ACCOUNT_ROWS) return { ok: false, problem: 'tooManyRows' }
        rows.push({ sheetRow: row.number, values })
      }
      if (columns) return { ok: true, sheet: { sheetName: xlsx.name, headerRow, columns, rows } }
    }
  } catch (error) {
    return { ok: false, problem: error instanceof XlsxLimitError ? 'tooBig' : 'unreadable' }
  }
  return { ok: false, problem: 'noHeader' }
}
