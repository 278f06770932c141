// npm run import:roster -- FILE --township 清河镇 [--dry-run] [--village 村名] [--batch-size 500]
//
// The web page's roster import from the command line, for administrators and bulk loads: the same previewRoster /
// confirmRoster (app/models/rosterImport.server.ts), with the township's whole scope. Prints a JSON summary — rows
// added, updated, unchanged, rejected, skipped, and each rejected row's sheet row number and reason — and exits
//   0 when at least one row could be imported (or, with --dry-run, could be),
//   1 when nothing could be imported (no valid row, unreadable file, unknown township),
//   2 on a usage error.
// The database is the app's (DATABASE_URL, default data/app.db). --village: where rows go when the file has no
// village column. The import is recorded as made by "命令行（<system user>）".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { migrateToLatest, openDatabase, type DB } from '../db/connection.server'
import { format, t } from '../app/i18n'
import { confirmRoster } from '../app/models/rosterImport/confirm.server'
import {
  previewRoster,
  problemText,
  readProblemText,
  type ImportScope,
  type MappingChoice,
  type RosterAnalysis,
} from '../app/models/rosterImport/preview.server'

export interface CliSummary {
  file: string
  township: string
  dryRun: boolean
  sheet: string | null
  headerRow: number | null
  encoding: string | null
  mapping: Record<string, string>
  added: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
  importId: number | null
  seconds: number
  rejectedRows: Array<{ sheetRow: number; reason: string }>
  error?: string
}

export interface CliOptions {
  file: string
  township: string
  dryRun: boolean
  village?: string
  batchSize?: number
  /** who ran it, for the import's record */
  user?: string
  at?: Date
}

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
  let defaultVillageId: number | null = null
  if (options.village) {
    const village = await db
      .selectFrom('villages')
      .select('id')
      .where('township_id', '=', township.id)
      .where('name', '=', options.village.trim())
      .executeTakeFirst()
    if (!village) return fail(`${options.township}没有名为“${options.village}”的村(居)。`)
    defaultVillageId = village.id
  }
  let content: Uint8Array
  try {
    content = fs.readFileSync(options.file)
  } catch (error) {
    return fail(`无法读取文件：${(error as Error).message}`)
  }
  const file = { name: path.basename(options.file), content }
  const choice: MappingChoice = { columns: null, defaultVillageId }

  let analysis: RosterAnalysis
  if (options.dryRun) {
    analysis = await previewRoster(db, { scope, file, choice })
  } else {
    const result = await confirmRoster(db, {
      scope,
      file,
      choice,
      at: options.at ?? new Date(),
      batchSize: options.batchSize,
      actor: { userId: null, name: format(t.rosterImport.cliActor, { user: options.user ?? os.userInfo().username }), source: 'cli' },
    })
    if (!result.ok && result.kind === 'read') return fail(readProblemText(result.problem))
    analysis = result.analysis
    if (result.ok && result.kind === 'imported') summary.importId = result.importId
  }
  if (!analysis.ok) return fail(readProblemText(analysis.problem))

  summary.sheet = analysis.sheet.sheetName
  summary.headerRow = analysis.sheet.headerRow
  summary.encoding = analysis.sheet.encoding
  for (const [field, column] of Object.entries(analysis.mapping)) summary.mapping[field] = analysis.sheet.headers[column as number]?.replace(/\s+/g, '') ?? ''
  Object.assign(summary, {
    added: analysis.counts.added,
    updated: analysis.counts.updated,
    unchanged: analysis.counts.unchanged,
    rejected: analysis.counts.rejected,
    skipped: analysis.counts.skipped,
  })
  for (const o of analysis.outcomes) {
    if (o.kind === 'rejected') summary.rejectedRows.push({ sheetRow: o.sheetRow, reason: o.problems.map((p) => problemText(p, { cadre: false })).join('；') })
  }
  if (analysis.mappingProblems.length) return fail(analysis.mappingProblems.join(' '))
  summary.seconds = round((performance.now() - started) / 1000)
  const importable = analysis.counts.added + analysis.counts.updated + analysis.counts.unchanged
  return { summary, exitCode: importable > 0 ? 0 : 1 }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}

async function main() {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { township: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, village: { type: 'string' }, 'batch-size': { type: 'string' } },
    })
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1 || !values.township) {
    console.error('用法：npm run import:roster -- 文件.xlsx|文件.csv --township 乡镇名称 [--dry-run] [--village 村名]')
    process.exit(2)
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    console.error('--batch-size 应为正整数。')
    process.exit(2)
  }
  // a bulk load on the command line may take longer to read than a web upload (20 s); still bounded
  process.env.ROSTER_PARSE_TIME_LIMIT_MS ??= '300000'
  // one file, read once: its worker thread ends as soon as it has answered instead of being kept warm
  process.env.WORKER_IDLE_MS ??= '0'
  const { db } = openDatabase()
  try {
    await migrateToLatest(db)
    const { summary, exitCode } = await importRosterFromFile(db, {
      file: positionals[0],
      township: values.township,
      dryRun: values['dry-run'] ?? false,
      village: values.village,
      batchSize,
    })
    console.log(JSON.stringify(summary, null, 2))
    process.exitCode = exitCode
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  } finally {
    await db.destroy()
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) await main()
