// npm run import:crosscheck -- --source vehicles [--county 青山县] [--date 2026-11] FILE
//
// 信息核对 from the command line: one department's list (车管 vehicles, 市场监管 business, 不动产 realEstate, 财政/人社
// payroll, 公安/殡葬 deaths, 公积金 housingFund) read like the web upload (any office format, in a worker thread) and
// matched by ID number against the county's household heads and members; a new list of a source replaces that
// source's earlier matches. Prints a JSON summary and exits
//   0 when the list was imported (whether or not anyone matched),
//   1 when nothing was imported (unreadable file, no ID column, no ID numbers, unknown county),
//   2 on a usage error.
// --county may be left out when the database holds exactly one county; --date defaults to this month (Asia/Shanghai).
// The database is the app's (DATABASE_URL, default data/app.db). Recorded as made by "命令行（<system user>）".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { DB } from '../db/connection.server'
import { DEPARTMENT_SOURCES, type DepartmentSource } from '../workflows/rules/vocabulary'
import { t } from '../app/i18n/dictionary'
import { parseDataDate } from '../app/models/departmentLists/rules.server'
import { isDepartmentSource } from '../app/models/departmentLists/queries.server'
import { importListFile, uploadProblemText } from '../app/models/departmentLists/upload.server'
import { shanghaiDay } from '../workflows/rules/dates'
import { runImportCommand } from './importCommand'

export interface CrosscheckSummary {
  file: string
  source: DepartmentSource
  county: string | null
  dataDate: string
  listId: number | null
  rows: number
  invalidIdRows: number
  matches: number
  households: number
  replacedListIds: number[]
  sheets: Array<{ name: string | null; headerRow: number; rows: number }>
  seconds: number
  error?: string
}

export interface CrosscheckOptions {
  file: string
  source: DepartmentSource
  county?: string
  dataDate: string
  user?: string
  at?: Date
}

/** Runs one import and returns the summary and the exit code; the CLI below only prints them. */
export async function importCrosscheckFromFile(db: DB, options: CrosscheckOptions): Promise<{ summary: CrosscheckSummary; exitCode: number }> {
  const started = performance.now()
  const summary: CrosscheckSummary = {
    file: options.file,
    source: options.source,
    county: options.county ?? null,
    dataDate: options.dataDate,
    listId: null,
    rows: 0,
    invalidIdRows: 0,
    matches: 0,
    households: 0,
    replacedListIds: [],
    sheets: [],
    seconds: 0,
  }
  const done = (exitCode: number, error?: string) => {
    if (error) summary.error = error
    summary.seconds = Math.round(performance.now() - started) / 1000
    return { summary, exitCode }
  }
  let county = options.county
  if (!county) {
    const counties = await db.selectFrom('counties').select('name').limit(2).execute()
    if (counties.length !== 1) return done(1, '请用 --county 指定县名称。')
    county = counties[0].name
    summary.county = county
  }
  let content: Uint8Array
  try {
    content = fs.readFileSync(options.file)
  } catch {
    return done(1, '无法读取该文件。')
  }
  const result = await importListFile(db, {
    countyName: county,
    source: options.source,
    dataDate: options.dataDate,
    file: { name: path.basename(options.file), content },
    actor: { userId: null, name: `命令行（${options.user ?? os.userInfo().username}）` },
    at: options.at ?? new Date(),
    timeLimitMs: Number(process.env.TABLE_PARSE_TIME_LIMIT_MS) || 300_000,
  })
  if (!result.ok) return done(1, result.problem === 'forbidden' ? t.errors.forbidden : uploadProblemText(result.problem))
  Object.assign(summary, {
    listId: result.listId,
    rows: result.rowCount,
    invalidIdRows: result.invalidIdRows,
    matches: result.matchCount,
    households: result.households,
    replacedListIds: result.replacedListIds,
    sheets: result.sheets,
  })
  return done(0)
}

const USAGE = `用法：npm run import:crosscheck -- --source ${DEPARTMENT_SOURCES.join('|')} [--county 县名称] [--date 2026-11] 文件`

async function main() {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { source: { type: 'string' }, county: { type: 'string' }, date: { type: 'string' } },
    })
  } catch (error) {
    console.error((error as Error).message)
    console.error(USAGE)
    process.exit(2)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1 || !isDepartmentSource(values.source)) {
    console.error(USAGE)
    process.exit(2)
  }
  const dataDate = values.date === undefined ? shanghaiDay(new Date()).slice(0, 7) : parseDataDate(values.date)
  if (!dataDate) {
    console.error('--date 应为年-月或年-月-日，如 2026-11。')
    process.exit(2)
  }
  const request = { file: positionals[0], source: values.source, county: values.county, dataDate }
  await runImportCommand((db) => importCrosscheckFromFile(db, request))
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) await main()
