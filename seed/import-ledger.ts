// npm run import:ledger -- FILE --township 清河镇 [--month 2026-11]
//
// The /ledger page's import from the command line: a township's payment ledger of a month (发放花名册 / 社会救助资金
// 发放明细, any office format the reader knows) compared with the roster and the standing notice, each discrepancy
// with a household filed in its village's register (app/models/paymentLedger/). Prints a JSON summary — rows, totals
// on the notice and paid, counts per kind, problems registered, refused rows — and exits
//   0 when the ledger was imported (discrepancies or not),
//   1 when it could not be (unreadable file, no header, no month, unknown township),
//   2 on a usage error.
// The database is the app's (DATABASE_URL, default data/app.db). A re-import of the month replaces the earlier one.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { DB } from '../db/connection.server'
import { format } from '../app/i18n'
import { t } from '../app/i18n/dictionary'
import type { KindCounts } from '../app/models/paymentLedger/import.server'
import { normaliseMonth } from '../app/models/paymentLedger/rows.server'
import { importLedgerFile } from '../app/models/paymentLedger/upload.server'
import { isMonth } from '../workflows/rules/allowanceMonth'
import { shanghaiDay } from '../workflows/rules/dates'
import { runImportCommand } from './importCommand'

export interface LedgerCliSummary {
  file: string
  township: string
  month: string | null
  ledgerId: number | null
  replacedLedgerId: number | null
  sheets: string[]
  rows: number
  totalFen: number
  notice: { households: number; fen: number } | null
  paid: { rows: number; households: number; fen: number } | null
  otherMonthRows: number
  discrepancies: KindCounts | null
  problemsCreated: number
  problemsKept: number
  refusedRows: Array<{ sheet: string | null; sheetRow: number; reason: string }>
  seconds: number
  error?: string
}

export interface LedgerCliOptions {
  file: string
  township: string
  month: string | null
  user?: string
  at?: Date
}

/** Runs one import and returns the summary and the exit code; the CLI below only prints them. */
export async function importLedgerFromFile(db: DB, options: LedgerCliOptions): Promise<{ summary: LedgerCliSummary; exitCode: number }> {
  const started = performance.now()
  const summary: LedgerCliSummary = {
    file: options.file,
    township: options.township,
    month: options.month,
    ledgerId: null,
    replacedLedgerId: null,
    sheets: [],
    rows: 0,
    totalFen: 0,
    notice: null,
    paid: null,
    otherMonthRows: 0,
    discrepancies: null,
    problemsCreated: 0,
    problemsKept: 0,
    refusedRows: [],
    seconds: 0,
  }
  const seconds = () => Math.round(performance.now() - started) / 1000
  const fail = (error: string) => {
    summary.error = error
    summary.seconds = seconds()
    return { summary, exitCode: 1 }
  }
  const township = await db.selectFrom('townships').select('id').where('name', '=', options.township.trim()).executeTakeFirst()
  if (!township) return fail(`没有名为“${options.township}”的乡镇。`)
  let content: Uint8Array
  try {
    content = fs.readFileSync(options.file)
  } catch (error) {
    return fail(`无法读取文件：${(error as Error).message}`)
  }
  const at = options.at ?? new Date()
  const result = await importLedgerFile(db, {
    townshipId: township.id,
    month: options.month,
    file: { name: path.basename(options.file), content },
    today: shanghaiDay(at),
    actor: { userId: null, name: format(t.paymentLedger.cliActor, { user: options.user ?? os.userInfo().username }), at },
  })
  if (!result.ok) return fail(result.text)
  Object.assign(summary, {
    month: result.month,
    ledgerId: result.ledgerId,
    replacedLedgerId: result.replacedLedgerId,
    sheets: result.sheets,
    rows: result.rows,
    totalFen: result.totalFen,
    notice: { households: result.totals.noticeHouseholds, fen: result.totals.noticeFen },
    paid: { rows: result.totals.paidRows, households: result.totals.paidHouseholds, fen: result.totals.paidFen },
    otherMonthRows: result.otherMonthRows,
    discrepancies: result.counts,
    problemsCreated: result.problemsCreated,
    problemsKept: result.problemsKept,
    refusedRows: result.refused.map((r) => ({ sheet: r.sheet, sheetRow: r.sheetRow, reason: r.problem === 'amount' ? '发放金额缺失或无法识别' : '姓名为空' })),
  })
  summary.seconds = seconds()
  return { summary, exitCode: 0 }
}

async function main() {
  let parsed
  try {
    parsed = parseArgs({ allowPositionals: true, options: { township: { type: 'string' }, month: { type: 'string' } } })
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const { values, positionals } = parsed
  const month = values.month === undefined ? null : normaliseMonth(values.month)
  if (positionals.length !== 1 || !values.township || (month !== null && !isMonth(month))) {
    console.error('用法：npm run import:ledger -- 文件 --township 乡镇名称 [--month 2026-11]')
    process.exit(2)
  }
  // a bulk file on the command line may take longer to read than a web upload (20 s); still bounded
  const timeLimit = process.env.TABLE_PARSE_TIME_LIMIT_MS ?? '300000'
  process.env.TABLE_PARSE_TIME_LIMIT_MS = timeLimit
  const request = { file: positionals[0], township: values.township, month }
  await runImportCommand((db) => importLedgerFromFile(db, request))
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) await main()
