// npm run import:roster -- FILE --township 清河镇 [--dry-run] [--village 村名] [--include-hidden-rows] [--batch-size 500]
//
// The web page's roster import from the command line, for administrators and bulk loads: the same previewRoster /
// confirmRoster (app/models/rosterImport/*.server.ts), with the township's whole scope. Every visible roster sheet of a
// workbook is imported (一村一表: one sheet per village), each as its own import; a hidden roster sheet is listed, not
// read (an old roster kept out of sight), unless no visible sheet is a roster. Prints a JSON summary — every sheet
// with its row count and state, rows added, updated, unchanged, rejected, skipped, and each rejected row's sheet row
// number and reason — and exits
//   0 when at least one row could be imported (or, with --dry-run, could be),
//   1 when nothing could be imported (no valid row, unreadable file, unknown township), or when a sheet's columns
//     cannot be taken as they are (a missing column, a column of dates or of implausible amounts taken for 月保障金额,
//     a sheet without a village column that names no village): then nothing is written and `error` names the sheets,
//   2 on a usage error.
// The database is the app's (DATABASE_URL, default data/app.db). --village: the village the file is for — rows go there
// when the file has no village column, and a row whose 村(社区) cell or whose sheet names another village is rejected,
// never filed under it. --include-hidden-rows: rows hidden in the spreadsheet are imported too (left out by default).
// The import is recorded as made by "命令行（<system user>）".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { DB } from '../db/connection.server'
import { format } from '../app/i18n'
import { t } from '../app/i18n/dictionary'
import { confirmRoster } from '../app/models/rosterImport/confirm.server'
import {
  previewRoster,
  problemText,
  readProblemText,
  type ImportScope,
  type MappingChoice,
  type RosterAnalysis,
} from '../app/models/rosterImport/preview.server'
import { runImportCommand } from './importCommand'

/** what became of a sheet: imported (or, dry run, importable), nothing importable, refused, hidden and not read, no roster */
export type SheetState = 'imported' | 'importable' | 'nothingToImport' | 'refused' | 'hiddenNotRead' | 'notRoster'

export interface CliSheet {
  name: string | null
  hidden: boolean
  /** rows with anything in them, header and title rows included */
  rows: number
  state: SheetState
  added?: number
  updated?: number
  unchanged?: number
  rejected?: number
  skipped?: number
  importId?: number | null
  /** state refused: why */
  error?: string
}

export interface CliSummary {
  file: string
  township: string
  dryRun: boolean
  /** the first sheet imported (every one: `sheets`) */
  sheet: string | null
  headerRow: number | null
  encoding: string | null
  mapping: Record<string, string>
  /** totals over every sheet imported */
  added: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
  /** the first sheet's import (every one: `sheets`) */
  importId: number | null
  seconds: number
  /** every sheet of the file, in tab order */
  sheets: CliSheet[]
  /** `sheet` is given when the file has more than one roster sheet */
  rejectedRows: Array<{ sheetRow: number; reason: string; sheet?: string | null }>
  error?: string
}

export interface CliOptions {
  file: string
  township: string
  dryRun: boolean
  village?: string
  includeHiddenRows?: boolean
  batchSize?: number
  /** who ran it, for the import's record */
  user?: string
  at?: Date
}

type Analysed = Extract<RosterAnalysis, { ok: true }>

/** Runs one import (or a dry run) and returns the summary and the exit code; the CLI below only prints them. */
export async function importRosterFromFile(db: DB, options: CliOptions): Promise<{ summary: CliSummary; exitCode: number }> {
  const started = performance.now()
  const summary: CliSummary = {
    file: options.file,
    township: options.township,
    dryRun: options.dryRun,
    sheet: null,
    headerRow: null,
    encoding: null,
    mapping: {},
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    importId: null,
    seconds: 0,
    sheets: [],
    rejectedRows: [],
  }
  const fail = (error: string) => {
    summary.error = error
    summary.seconds = round((performance.now() - started) / 1000)
    return { summary, exitCode: 1 }
  }
  const township = await db.selectFrom('townships').select('id').where('name', '=', options.township.trim()).executeTakeFirst()
  if (!township) return fail(`没有名为“${options.township}”的乡镇。`)
  const scope: ImportScope = { townshipId: township.id, villageId: null }
  let villageId: number | null = null
  if (options.village) {
    const village = await db
      .selectFrom('villages')
      .select('id')
      .where('township_id', '=', township.id)
      .where('name', '=', options.village.trim())
      .executeTakeFirst()
    if (!village) return fail(`${options.township}没有名为“${options.village}”的村(居)。`)
    villageId = village.id
  }
  let content: Uint8Array
  try {
    content = fs.readFileSync(options.file)
  } catch (error) {
    return fail(`无法读取文件：${(error as Error).message}`)
  }
  const file = { name: path.basename(options.file), content }
  const choiceFor = (sheetName: string | null): MappingChoice => ({
    columns: null,
    defaultVillageId: villageId,
    expectedVillageId: villageId,
    includeHiddenRows: options.includeHiddenRows === true,
    sheetName,
  })

  const actor = { userId: null, name: format(t.rosterImport.cliActor, { user: options.user ?? os.userInfo().username }), source: 'cli' as const }
  const confirmSheet = (sheetName: string | null, oneSheetOnly = false) =>
    confirmRoster(db, { scope, file, choice: choiceFor(sheetName), at: options.at ?? new Date(), batchSize: options.batchSize, actor, oneSheetOnly })

  // a file of one roster sheet is imported straight away (read once); a workbook of several (一村一表) has every
  // sheet checked before any is written, so one whose columns cannot be taken stops the whole file
  if (!options.dryRun) {
    const single = await confirmSheet(null, true)
    if (!single.ok && single.kind === 'read') return fail(readProblemText(single.problem))
    if (single.ok || single.kind !== 'severalSheets') {
      listSheets(summary, single.analysis)
      return finish(summary, single.analysis.sheet.sheetName, single, false, started)
    }
  }
  const first = await previewRoster(db, { scope, file, choice: choiceFor(null) })
  if (!first.ok) return fail(readProblemText(first.problem))
  const toRead = listSheets(summary, first)
  const previews = new Map<string | null, Analysed>([[first.sheet.sheetName, first]])
  for (const name of toRead) {
    if (previews.has(name)) continue
    const analysis = await previewRoster(db, { scope, file, choice: choiceFor(name) })
    if (!analysis.ok) return fail(readProblemText(analysis.problem))
    previews.set(name, analysis)
  }
  const refused = toRead.flatMap((name) => {
    const analysis = previews.get(name)
    return analysis && analysis.mappingProblems.length ? [{ name, reason: analysis.mappingProblems.join(' ') }] : []
  })
  for (const { name, reason } of refused) Object.assign(entryOf(summary, name), { state: 'refused', error: reason })
  if (refused.length) return fail(refused.map(({ name, reason }) => `${sheetLabel(name)}${reason}`).join('\n'))

  const multiSheet = toRead.length > 1
  for (const name of toRead) {
    const previewed = previews.get(name)
    if (options.dryRun && previewed) {
      finish(summary, name, { ok: true, kind: 'preview', analysis: previewed }, multiSheet, started)
      continue
    }
    const result = await confirmSheet(name)
    if (!result.ok && (result.kind === 'read' || result.kind === 'severalSheets'))
      return fail(readProblemText(result.kind === 'read' ? result.problem : 'unreadable'))
    finish(summary, name, result, multiSheet, started)
    if (summary.error) return { summary, exitCode: 1 }
  }
  summary.seconds = round((performance.now() - started) / 1000)
  const importable = summary.added + summary.updated + summary.unchanged
  return { summary, exitCode: importable > 0 ? 0 : 1 }
}

/** Every sheet of the file in the summary, with its state; the roster sheets to import (visible ones first). */
function listSheets(summary: CliSummary, analysis: Analysed): Array<string | null> {
  const { sheet } = analysis
  const listed = sheet.sheets.length ? sheet.sheets : [{ name: sheet.sheetName, hidden: false, rows: sheet.rows.length, roster: true }]
  const rosterNames = new Set([sheet.sheetName, ...sheet.otherRosterSheets])
  const rosters = listed.filter((s) => s.roster && rosterNames.has(s.name))
  // an old roster kept hidden is not read while a visible sheet is a roster
  const toRead = rosters.some((s) => !s.hidden) ? rosters.filter((s) => !s.hidden) : rosters
  summary.sheets = listed.map((s) => ({
    name: s.name,
    hidden: s.hidden,
    rows: s.rows,
    state: !s.roster ? 'notRoster' : toRead.includes(s) ? 'importable' : 'hiddenNotRead',
  }))
  describeMapping(summary, analysis)
  return toRead.map((s) => s.name)
}

function entryOf(summary: CliSummary, name: string | null): CliSheet {
  return summary.sheets.find((s) => s.name === name && s.state !== 'notRoster') ?? { name, hidden: false, rows: 0, state: 'importable' }
}

type SheetResult = Exclude<Awaited<ReturnType<typeof confirmRoster>>, { kind: 'read' | 'severalSheets' }> | { ok: true; kind: 'preview'; analysis: Analysed }

/** One sheet's outcome into the summary (its counts, rejected rows and import); the summary and exit code so far. */
function finish(
  summary: CliSummary,
  name: string | null,
  result: SheetResult,
  multiSheet: boolean,
  started: number,
): { summary: CliSummary; exitCode: number } {
  const { analysis } = result
  const entry = entryOf(summary, name)
  summary.seconds = round((performance.now() - started) / 1000)
  if (!result.ok && result.kind === 'mapping') {
    const reason = analysis.mappingProblems.join(' ')
    Object.assign(entry, { state: 'refused', error: reason })
    summary.error = `${sheetLabel(name)}${reason}`
    return { summary, exitCode: 1 }
  }
  if (result.ok && result.kind === 'imported') {
    entry.importId = result.importId
    summary.importId ??= result.importId
  }
  const { counts } = analysis
  const importable = counts.added + counts.updated + counts.unchanged
  Object.assign(entry, {
    state: importable === 0 ? 'nothingToImport' : result.kind === 'preview' ? 'importable' : 'imported',
    added: counts.added,
    updated: counts.updated,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
    skipped: counts.skipped,
  })
  for (const key of ['added', 'updated', 'unchanged', 'rejected', 'skipped'] as const) summary[key] += counts[key]
  for (const o of analysis.outcomes) {
    if (o.kind !== 'rejected') continue
    const reason = o.problems.map((p) => problemText(p, { cadre: false })).join('；')
    summary.rejectedRows.push(multiSheet ? { sheet: name, sheetRow: o.sheetRow, reason } : { sheetRow: o.sheetRow, reason })
  }
  return { summary, exitCode: summary.added + summary.updated + summary.unchanged > 0 ? 0 : 1 }
}

/** 工作表“花名册”： before a sheet's reason (nothing for a CSV file) */
function sheetLabel(name: string | null): string {
  return name === null ? '' : `工作表“${name}”：`
}

function describeMapping(summary: CliSummary, analysis: Analysed) {
  summary.sheet = analysis.sheet.sheetName
  summary.headerRow = analysis.sheet.headerRow
  summary.encoding = analysis.sheet.encoding
  for (const [field, column] of Object.entries(analysis.mapping)) summary.mapping[field] = analysis.sheet.headers[column as number]?.replace(/\s+/g, '') ?? ''
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}

async function main() {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        township: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        village: { type: 'string' },
        'include-hidden-rows': { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
      },
    })
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1 || !values.township) {
    console.error('用法：npm run import:roster -- 文件.xlsx|.xls|.et|.ods|.csv --township 乡镇名称 [--dry-run] [--village 村名] [--include-hidden-rows]')
    process.exit(2)
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    console.error('--batch-size 应为正整数。')
    process.exit(2)
  }
  // a bulk load on the command line may take longer to read than a web upload (20 s); still bounded
  process.env.ROSTER_PARSE_TIME_LIMIT_MS ??= '300000'
  const request = {
    file: positionals[0],
    township: values.township,
    dryRun: values['dry-run'] ?? false,
    village: values.village,
    includeHiddenRows: values['include-hidden-rows'] ?? false,
    batchSize,
  }
  await runImportCommand((db) => importRosterFromFile(db, request))
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) await main()
