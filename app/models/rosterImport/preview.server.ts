// 导入低保花名册, the analysis: who imports where, the mapping of columns to fields, every row judged against the
// township's households, and the preview (nothing written). The page (rosterImport.server.ts) and the command line
// (seed/import-roster.ts) call previewRoster; confirm.server.ts judges again inside its transaction.
import crypto from 'node:crypto'
import type { DB } from '../../../db/connection.server'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import type { DbOrTx } from '../versioned.server'
import type { CurrentUser } from '../../utils/auth.server'
import { MAX_UPLOAD_BYTES } from '../../utils/requestLimits'
import { HEADER_SCAN_ROWS, MAX_DATA_ROWS, type ReadProblem, type RosterSheet, type SheetSummary } from './read.server'
// the file is read in a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md)
import { readRosterFileInWorker as readRosterFile, rosterParseTimeLimitMs } from './readInWorker.server'
import { checkMapping, type MappingProblem } from './header.server'
import {
  classifyRow,
  sheetVillageOf,
  startsWithVillageTitle,
  villageMatcher,
  villageTitleOf,
  ROSTER_FIELDS,
  type ColumnMapping,
  type RosterField,
  type RowKind,
  type VillageRef,
} from './rules.server'
import { judgeRows, normaliseRow, type ExistingHousehold, type NormalisedRow, type RowOutcome, type RowProblem, type SourceRow } from './verdicts.server'
import { detectLayout, groupMemberRows, withMemberRows } from './members.server'
import { checkRosterColumns, suspicionText, type ColumnSuspicion } from './columnChecks.server'
import { today } from '../../utils/clock.server'
import { withMembers } from './memberWrites.server'
import { extraColumnsOf, notesWithExtraColumns, visibleRows, withOwnCells, type ExtraColumn } from './sheetRows.server'

const r = t.rosterImport

// the roster file's size limit; the upload form itself is read (bounded, streaming) by app/utils/forms.server.ts
export { MAX_UPLOAD_BYTES }
/** an upload not confirmed within this time is deleted */
export const UPLOAD_LIFETIME_HOURS = 12
/** households (and their audit rows) per INSERT statement inside the one transaction */
export const DEFAULT_BATCH_SIZE = 500
/** the preview page lists this many rows of each kind (the counts are always complete) */
export const PAGE_LIMITS = { add: 200, update: 200, unchanged: 50, rejected: 500 } as const

/**
 * Lets other requests in between the steps of a large import. better-sqlite3 answers synchronously, so a chain of
 * awaited queries never gives the event loop back by itself: without this a 100,000-row confirm held every request
 * (even /healthz, whose read has its own connection) for about 4 s. docs/decisions/007-untrusted-files-and-workers.md.
 */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

// ————————————————————————————————————————— who imports where —————————————————————————————————————————

export interface ImportScope {
  townshipId: number
  /** a village cadre's own village: the only village the import may write into */
  villageId: number | null
}

/** Administrators and leaders import for their township, a village cadre for their own village; others not at all. */
export function importScopeFor(user: Pick<CurrentUser, 'role' | 'townshipId' | 'villageId'>): ImportScope | null {
  if (user.townshipId === null) return null
  if (user.role === 'admin' || user.role === 'leader') return { townshipId: user.townshipId, villageId: null }
  if (user.role === 'cadre' && user.villageId !== null) return { townshipId: user.townshipId, villageId: user.villageId }
  return null
}

export interface Actor {
  userId: number | null
  /** display name, or who ran the command line */
  name: string
  source: 'web' | 'cli'
}

export interface RosterFile {
  name: string
  content: Uint8Array
}

/** The user's corrections: which field each column is (null = as detected), and where a file without villages goes. */
export interface MappingChoice {
  columns: Array<RosterField | null> | null
  defaultVillageId: number | null
  /** the village the import must fill (the command line's --village): a row naming another village is rejected */
  expectedVillageId?: number | null
  /** 包括隐藏行: import the rows hidden in the spreadsheet too (left out by default) */
  includeHiddenRows?: boolean
  /** the roster sheet to import, by name (default: the first visible roster sheet) */
  sheetName?: string | null
}

export const DETECTED: MappingChoice = { columns: null, defaultVillageId: null }

// ————————————————————————————————————————— messages —————————————————————————————————————————

/** A row problem in the user's words. A village cadre's rows never say where else an ID number is enrolled (notAddableHere). */
export function problemText(problem: RowProblem, _options: { cadre: boolean }): string {
  const params = { ...problem.params }
  if (problem.code === 'tooLong' && typeof params.field === 'string') {
    params.field = params.field === 'nearRelative' ? r.fields.nearRelative : ((r.fields as Record<string, string>)[params.field] ?? params.field)
  }
  if (problem.code === 'amountNotPositive' && params.value === undefined) params.value = ''
  return format(r.problems[problem.code], params)
}

export function readProblemText(problem: ReadProblem | 'tooLarge' | 'noFile' | 'expired'): string {
  return format(r.readProblems[problem], {
    rows: HEADER_SCAN_ROWS,
    max: MAX_DATA_ROWS.toLocaleString('zh-CN'),
    size: MAX_UPLOAD_BYTES / 1024 / 1024,
    seconds: Math.max(1, Math.round(rosterParseTimeLimitMs() / 1000)),
  })
}

function mappingProblemText(problem: ChoiceProblem, headers: readonly string[]): string {
  switch (problem.kind) {
    case 'suspect':
      return suspicionText(problem.suspicion, headers)
    case 'missing':
    case 'duplicate':
      return format(r.mapping.problems[problem.kind], { field: r.fields[problem.field] })
    case 'column':
      return r.mapping.problems.column
    default:
      return r.mapping.problems[problem.kind]
  }
}

// ————————————————————————————————————————— analysing a file —————————————————————————————————————————

/** suspect: the column's values are not what the mapping says (dates, implausible amounts): ./columnChecks.server.ts */
type ChoiceProblem = MappingProblem | { kind: 'villageRequired' } | { kind: 'defaultVillage' } | { kind: 'suspect'; suspicion: ColumnSuspicion }

interface Prepared {
  sheet: RosterSheet
  villages: VillageRef[]
  mapping: ColumnMapping
  /** field each column is taken as, in column order */
  columnFields: Array<RosterField | null>
  problems: ChoiceProblem[]
  villageColumnRequired: boolean
  defaultVillage: VillageRef | null
  skipped: Array<{ sheetRow: number; kind: Exclude<RowKind, 'data'> }>
  rows: NormalisedRow[]
  /** one row a household, or one a member grouped under its head (./members.server.ts) */
  layout: LayoutSummary
  /** the sheet's hidden rows (sheet row numbers), and whether they are imported (./sheetRows.server.ts) */
  hiddenRows: number[]
  hiddenRowsIncluded: boolean
  /** columns no field takes: their text goes into the household's notes */
  extraColumns: ExtraColumn[]
}

export type LayoutSummary = { kind: 'perHousehold' } | { kind: 'perMember'; key: 'householdNo' | 'headIdNumber'; households: number; members: number }

async function townshipVillages(db: DbOrTx, townshipId: number): Promise<VillageRef[]> {
  return db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', townshipId).orderBy('sort_order').orderBy('id').execute()
}

/** The file's rows normalised under a mapping; nothing here depends on which households exist. */
export async function prepare(db: DbOrTx, scope: ImportScope, sheet: RosterSheet, choice: MappingChoice): Promise<Prepared> {
  const villages = await townshipVillages(db, scope.townshipId)
  const columnCount = sheet.headers.length
  const problems: ChoiceProblem[] = []
  let mapping: ColumnMapping = { ...sheet.detected }
  if (choice.columns) {
    mapping = {}
    choice.columns.slice(0, columnCount).forEach((field, column) => {
      if (!field) return
      if (mapping[field] !== undefined) problems.push({ kind: 'duplicate', field })
      else mapping[field] = column
    })
  }
  const columnFields: Array<RosterField | null> = sheet.headers.map((_, column) => ROSTER_FIELDS.find((f) => mapping[f] === column) ?? null)

  // a file that has a village column keeps it: rows go where they say, never all into one village by an unticked box
  const villageColumnRequired = sheet.detected.village !== undefined
  let defaultVillage: VillageRef | null = null
  // a sheet named after a village (一村一表) says where its rows belong: the default for a file without a village column
  const sheetVillage = sheetVillageOf(sheet.sheetName, villages)
  if (scope.villageId !== null) defaultVillage = villages.find((v) => v.id === scope.villageId) ?? null
  else if (choice.defaultVillageId !== null) defaultVillage = villages.find((v) => v.id === choice.defaultVillageId) ?? null
  else if (sheetVillage) defaultVillage = sheetVillage
  if (villageColumnRequired && mapping.village === undefined) problems.push({ kind: 'villageRequired' })
  // a sheet laid out in blocks whose titles name their villages (一、河东村 …) needs no village chosen for it
  else if (mapping.village === undefined && !defaultVillage && !startsWithVillageTitle(sheet.rows, mapping, villages)) problems.push({ kind: 'defaultVillage' })
  // the village was settled above; the rest: every required field on one column
  const layout = detectLayout(mapping)
  problems.push(...checkMapping(mapping, { columnCount, villageRequired: false, optional: layout.kind === 'perMember' ? ['memberCount'] : [] }))
  // the mapping against the data: never dates, never amounts the county's 低保标准 cannot explain
  if (problems.length === 0) {
    const suspicions = await checkRosterColumns(db, {
      townshipId: scope.townshipId,
      on: today(),
      headers: sheet.headers,
      rows: visibleRows(sheet.rows, sheet.hiddenRows, choice.includeHiddenRows === true),
      mapping,
      defaultVillage,
    })
    problems.push(...suspicions.map((suspicion) => ({ kind: 'suspect' as const, suspicion })))
  }

  // rows hidden in the spreadsheet are left out unless the user includes them; columns no field takes go to notes
  const sourceRows = visibleRows(sheet.rows, sheet.hiddenRows, choice.includeHiddenRows === true)
  const extraColumns = extraColumnsOf(sheet.headers, columnFields)
  const extra = notesWithExtraColumns(mapping, sheet.headers, extraColumns)
  const skipped: Prepared['skipped'] = []
  let rows: NormalisedRow[] = []
  let summary: LayoutSummary = { kind: 'perHousehold' }
  if (problems.length === 0) {
    const findVillage = villageMatcher(villages)
    const expectedVillage = choice.expectedVillageId ? (villages.find((v) => v.id === choice.expectedVillageId) ?? null) : null
    const ctx = {
      mapping: extra.mapping,
      findVillage,
      defaultVillage: mapping.village === undefined ? defaultVillage : null,
      onlyVillageId: scope.villageId,
      expectedVillage,
      sheetVillage: sheetVillage && sheet.sheetName ? { village: sheetVillage, sheet: sheet.sheetName } : null,
      todayYear: Number(today().slice(0, 4)),
    }
    const data: SourceRow[] = []
    let done = 0
    let block: VillageRef | null = null
    for (const row of sourceRows) {
      if (++done % 2000 === 0) await breathe()
      // a block's title (一、北关社区: a row that only names a village) is no household; without a village column,
      // the rows under it are that village's
      const title = villageTitleOf(row.cells, villages)
      if (title && mapping.village === undefined) block = title
      const kind = title ? 'blank' : classifyRow(row.cells, mapping)
      if (kind !== 'data') skipped.push({ sheetRow: row.sheetRow, kind })
      else if (layout.kind === 'perMember') data.push(extra.withNotes(row))
      else rows.push(normaliseRow(extra.withNotes(row), block ? { ...ctx, defaultVillage: block } : ctx))
    }
    if (layout.kind === 'perMember') {
      const grouped = groupMemberRows(data, layout, ctx)
      rows = grouped.rows
      summary = { kind: 'perMember', key: layout.key, households: grouped.households, members: grouped.members }
    }
    if (extraColumns.length) rows = withOwnCells(rows, sourceRows)
  }
  return {
    sheet,
    villages,
    mapping,
    columnFields,
    problems,
    villageColumnRequired,
    defaultVillage,
    skipped,
    rows,
    layout: summary,
    hiddenRows: sheet.hiddenRows,
    hiddenRowsIncluded: choice.includeHiddenRows === true,
    extraColumns,
  }
}

const ID_CHUNK = 500

/** Households anywhere that already hold one of these ID numbers (the number is unique across the database). */
async function findExisting(db: DbOrTx, idNumbers: string[]): Promise<Map<string, ExistingHousehold>> {
  const found = new Map<string, ExistingHousehold>()
  const unique = [...new Set(idNumbers)]
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select([
        'households.id',
        'households.id_number',
        'households.village_id',
        'villages.name as village_name',
        'villages.township_id',
        'households.head_name',
        'households.member_count',
        'households.covered_count',
        'households.category',
        'households.monthly_amount_fen',
        'households.responsible_cadre',
        'households.phone',
        'households.key_check_situations',
        'households.near_relative_filing',
        'households.near_relative_note',
        'households.notes',
      ])
      .where('households.id_number', 'in', unique.slice(i, i + ID_CHUNK))
      .execute()
    await breathe()
    for (const h of rows) {
      found.set(h.id_number, {
        id: h.id,
        villageId: h.village_id,
        villageName: h.village_name,
        townshipId: h.township_id,
        headName: h.head_name,
        memberCount: h.member_count,
        coveredCount: h.covered_count,
        category: h.category,
        monthlyAmountFen: h.monthly_amount_fen,
        responsibleCadre: h.responsible_cadre,
        phone: h.phone,
        keyCheckSituations: h.key_check_situations,
        nearRelativeFiling: h.near_relative_filing,
        nearRelativeNote: h.near_relative_note,
        notes: h.notes,
      })
    }
  }
  return found
}

export async function judge(db: DbOrTx, scope: ImportScope, prepared: Prepared): Promise<RowOutcome[]> {
  if (prepared.problems.length) return []
  // a roster of members: the head's rows are the households; the member rows follow their verdict
  const households = prepared.layout.kind === 'perMember' ? prepared.rows.filter((row) => row.memberOf === undefined) : prepared.rows
  // by the number, and by the forms another roster may hold it under (a 15-digit number converted in either century)
  const existing = await findExisting(
    db,
    households.flatMap((row) => [...(row.idNumber ? [row.idNumber] : []), ...(row.idAlternates ?? [])]),
  )
  const outcomes = judgeRows(households, { townshipId: scope.townshipId, onlyVillageId: scope.villageId, existing })
  await breathe()
  if (prepared.layout.kind !== 'perMember') return outcomes
  return withMemberRows(prepared.rows, await withMembers(db, households, outcomes))
}

export interface Counts {
  added: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
}

function countsOf(outcomes: readonly RowOutcome[], skipped: number): Counts {
  const counts: Counts = { added: 0, updated: 0, unchanged: 0, rejected: 0, skipped }
  for (const o of outcomes) counts[({ add: 'added', update: 'updated', unchanged: 'unchanged', rejected: 'rejected' } as const)[o.kind]]++
  return counts
}

/** A fingerprint of every verdict: confirm compares it with the preview the user saw. */
function digestOf(outcomes: readonly RowOutcome[]): string {
  const hash = crypto.createHash('sha256')
  for (const o of outcomes) {
    hash.update(`${o.sheetRow}:${o.kind}`)
    if (o.kind === 'update' || o.kind === 'unchanged') hash.update(`:${o.householdId}`)
    if (o.kind === 'update') hash.update(JSON.stringify(o.changes))
    if (o.kind === 'add') hash.update(`:${o.villageId}:${o.idNumber}:${JSON.stringify(o.columns)}`)
    if ((o.kind === 'add' || o.kind === 'update') && o.members) hash.update(JSON.stringify(o.members))
    if (o.kind === 'rejected') hash.update(JSON.stringify(o.problems))
    hash.update('\n')
  }
  return hash.digest('hex').slice(0, 32)
}

export function sha256(content: Uint8Array): string {
  return crypto.createHash('sha256').update(content).digest('hex')
}

// ————————————————————————————————————————— preview —————————————————————————————————————————

export type RosterAnalysis =
  | { ok: false; kind: 'read'; problem: ReadProblem }
  | {
      ok: true
      file: { name: string; size: number; sha256: string }
      sheet: RosterSheet
      villages: VillageRef[]
      mapping: ColumnMapping
      columnFields: Array<RosterField | null>
      mappingProblems: string[]
      villageColumnRequired: boolean
      defaultVillage: VillageRef | null
      rows: NormalisedRow[]
      skipped: Prepared['skipped']
      outcomes: RowOutcome[]
      counts: Counts
      digest: string
      layout: LayoutSummary
      /** every sheet of the file, with its rows and state (roster_imports.sheets) */
      sheets: SheetSummary[]
      hiddenRows: number[]
      hiddenRowsIncluded: boolean
      extraColumns: ExtraColumn[]
    }

/** What an import of this file would do, row by row. Writes nothing. */
export async function previewRoster(db: DB, req: { scope: ImportScope; file: RosterFile; choice: MappingChoice }): Promise<RosterAnalysis> {
  const read = await readRosterFile(req.file.content, { sheetName: req.choice.sheetName, fileName: req.file.name })
  if (!read.ok) return { ok: false, kind: 'read', problem: read.problem }
  const prepared = await prepare(db, req.scope, read.sheet, req.choice)
  const outcomes = await judge(db, req.scope, prepared)
  return analysis(req.file, prepared, outcomes)
}

export function analysis(file: RosterFile, prepared: Prepared, outcomes: RowOutcome[]): Extract<RosterAnalysis, { ok: true }> {
  return {
    ok: true,
    file: { name: file.name, size: file.content.byteLength, sha256: sha256(file.content) },
    sheet: prepared.sheet,
    villages: prepared.villages,
    mapping: prepared.mapping,
    columnFields: prepared.columnFields,
    mappingProblems: prepared.problems.map((problem) => mappingProblemText(problem, prepared.sheet.headers)),
    villageColumnRequired: prepared.villageColumnRequired,
    defaultVillage: prepared.defaultVillage,
    rows: prepared.rows,
    skipped: prepared.skipped,
    outcomes,
    counts: countsOf(outcomes, prepared.skipped.length),
    digest: digestOf(outcomes),
    layout: prepared.layout,
    sheets: prepared.sheet.sheets,
    hiddenRows: prepared.hiddenRows,
    hiddenRowsIncluded: prepared.hiddenRowsIncluded,
    extraColumns: prepared.extraColumns,
  }
}
