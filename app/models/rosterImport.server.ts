// 导入低保花名册 (issue 7): upload → preview (nothing written) → confirm (one transaction) → rejected rows as .xlsx.
// The web page and the command line (seed/import-roster.ts) call the same previewRoster / confirmRoster.
//
// Rules kept here:
// - the scope comes from the signed-in user, never from the form: an administrator or a leader imports for their
//   township; a village cadre for their own village only — rows of any other village are rejected, and the write
//   itself refuses a household outside that village whatever the rows say;
// - confirm reads the township's households again inside its transaction and judges every row again, so what it
//   writes is what the database holds at that moment; when that differs from the preview the user confirmed, it
//   writes nothing and shows the new preview;
// - every added or updated household gets its audit row, the import its own, and roster_imports records who imported
//   which file (name, size, SHA-256) when; a confirm that would change nothing writes nothing at all;
// - the uploaded file waits in roster_import_uploads, tied to the user who uploaded it, until confirmed or expired.
import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import type { Kysely, Transaction } from 'kysely'
import { appendAuditRows } from '../../db/auditChain'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { beijingTime, format, t, yuan } from '../i18n'
import { recordAudit } from './audit.server'
import type { CurrentUser } from '../utils/auth.server'
import { MAX_UPLOAD_BYTES } from '../utils/requestLimits'
import { HEADER_SCAN_ROWS, MAX_DATA_ROWS, type ReadProblem, type RosterSheet } from './rosterImport/read.server'
// the file is read in a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md)
import { readRosterFileInWorker as readRosterFile, rosterParseTimeLimitMs } from './rosterImport/readInWorker.server'
import {
  checkMapping, classifyRow, isRosterField, judgeRows, normaliseRow, villageMatcher, cellText, ROSTER_FIELDS, REQUIRED_FIELDS,
  type Cell, type ColumnChange, type ColumnMapping, type ExistingHousehold, type HouseholdColumn, type MappingProblem, type NormalisedRow,
  type HouseholdColumns, type RosterField, type RowKind, type RowOutcome, type RowProblem, type VillageRef,
} from './rosterImport/rules.server'

const r = t.rosterImport

// the roster file's size limit; the upload form itself is read (bounded, streaming) by app/utils/forms.server.ts
export { MAX_UPLOAD_BYTES }
/** an upload not confirmed within this time is deleted */
export const UPLOAD_LIFETIME_HOURS = 12
/** households (and their audit rows) per INSERT statement inside the one transaction */
export const DEFAULT_BATCH_SIZE = 500
/** the preview page lists this many rows of each kind (the counts are always complete) */
const PAGE_LIMITS = { add: 200, update: 200, unchanged: 50, rejected: 500 } as const

/**
 * Lets other requests in between the steps of a large import. better-sqlite3 answers synchronously, so a chain of
 * awaited queries never gives the event loop back by itself: without this a 100,000-row confirm held every request
 * (even /healthz, whose read has its own connection) for about 4 s. docs/decisions/007-untrusted-files-and-workers.md.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

// ————————————————————————————————————————— tables of this feature —————————————————————————————————————————

export interface RosterImportTable {
  id: import('kysely').Generated<number>
  township_id: number
  village_id: number | null
  imported_by_user_id: number | null
  imported_by: string
  source: 'web' | 'cli'
  file_name: string
  file_size: number
  file_sha256: string
  sheet_name: string | null
  header_row: number
  mapping: string
  rows_added: number
  rows_updated: number
  rows_unchanged: number
  rows_rejected: number
  rows_skipped: number
  rejected_rows: string
  imported_at: string
}

export interface RosterImportUploadTable {
  token: string
  user_id: number
  township_id: number
  file_name: string
  file_size: number
  file_sha256: string
  content: Uint8Array
  created_at: string
  expires_at: string
}

type ImportDatabase = Database & { roster_imports: RosterImportTable; roster_import_uploads: RosterImportUploadTable }
type AnyDb = DB | Transaction<Database>

function withImportTables(db: AnyDb): Kysely<ImportDatabase> {
  return db.$extendTables<{ roster_imports: RosterImportTable; roster_import_uploads: RosterImportUploadTable }>() as unknown as Kysely<ImportDatabase>
}

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
}

export const DETECTED: MappingChoice = { columns: null, defaultVillageId: null }

// ————————————————————————————————————————— messages —————————————————————————————————————————

/** A row problem in the user's words. A village cadre's rows never say where else an ID number is enrolled (notAddableHere). */
export function problemText(problem: RowProblem, options: { cadre: boolean }): string {
  const params = { ...problem.params }
  if (problem.code === 'tooLong' && typeof params.field === 'string') {
    params.field = params.field === 'nearRelative' ? r.fields.nearRelative : (r.fields as Record<string, string>)[params.field] ?? params.field
  }
  if (problem.code === 'amountNotPositive' && params.value === undefined) params.value = ''
  return format(r.problems[problem.code], params)
}

export function readProblemText(problem: ReadProblem | 'tooLarge' | 'noFile' | 'expired'): string {
  return format(r.readProblems[problem], {
    rows: HEADER_SCAN_ROWS, max: MAX_DATA_ROWS.toLocaleString('zh-CN'), size: MAX_UPLOAD_BYTES / 1024 / 1024,
    seconds: Math.max(1, Math.round(rosterParseTimeLimitMs() / 1000)),
  })
}

function mappingProblemText(problem: MappingProblem | { kind: 'villageRequired' } | { kind: 'defaultVillage' }): string {
  switch (problem.kind) {
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

type ChoiceProblem = MappingProblem | { kind: 'villageRequired' } | { kind: 'defaultVillage' }

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
}

async function townshipVillages(db: AnyDb, townshipId: number): Promise<VillageRef[]> {
  return db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', townshipId).orderBy('sort_order').orderBy('id').execute()
}

/** The file's rows normalised under a mapping; nothing here depends on which households exist. */
async function prepare(db: AnyDb, scope: ImportScope, sheet: RosterSheet, choice: MappingChoice): Promise<Prepared> {
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
  if (scope.villageId !== null) defaultVillage = villages.find((v) => v.id === scope.villageId) ?? null
  else if (choice.defaultVillageId !== null) defaultVillage = villages.find((v) => v.id === choice.defaultVillageId) ?? null
  if (villageColumnRequired && mapping.village === undefined) problems.push({ kind: 'villageRequired' })
  else if (mapping.village === undefined && !defaultVillage) problems.push({ kind: 'defaultVillage' })
  // the village was settled above; the rest: every required field on one column
  problems.push(...checkMapping(mapping, { columnCount, villageRequired: false }))

  const skipped: Prepared['skipped'] = []
  const rows: NormalisedRow[] = []
  if (problems.length === 0) {
    const findVillage = villageMatcher(villages)
    const ctx = { mapping, findVillage, defaultVillage: mapping.village === undefined ? defaultVillage : null, onlyVillageId: scope.villageId }
    let done = 0
    for (const row of sheet.rows) {
      if (++done % 2000 === 0) await breathe()
      const kind = classifyRow(row.cells, mapping)
      if (kind === 'data') rows.push(normaliseRow(row, ctx))
      else skipped.push({ sheetRow: row.sheetRow, kind })
    }
  }
  return { sheet, villages, mapping, columnFields, problems, villageColumnRequired, defaultVillage, skipped, rows }
}

const ID_CHUNK = 500

/** Households anywhere that already hold one of these ID numbers (the number is unique across the database). */
async function findExisting(db: AnyDb, idNumbers: string[]): Promise<Map<string, ExistingHousehold>> {
  const found = new Map<string, ExistingHousehold>()
  const unique = [...new Set(idNumbers)]
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select([
        'households.id', 'households.id_number', 'households.village_id', 'villages.name as village_name', 'villages.township_id',
        'households.head_name', 'households.member_count', 'households.covered_count', 'households.category', 'households.monthly_amount_fen',
        'households.responsible_cadre', 'households.phone', 'households.key_check_situations', 'households.near_relative_filing',
        'households.near_relative_note', 'households.notes',
      ])
      .where('households.id_number', 'in', unique.slice(i, i + ID_CHUNK))
      .execute()
    await breathe()
    for (const h of rows) {
      found.set(h.id_number, {
        id: h.id, villageId: h.village_id, villageName: h.village_name, townshipId: h.township_id, headName: h.head_name,
        memberCount: h.member_count, coveredCount: h.covered_count, category: h.category, monthlyAmountFen: h.monthly_amount_fen,
        responsibleCadre: h.responsible_cadre, phone: h.phone, keyCheckSituations: h.key_check_situations,
        nearRelativeFiling: h.near_relative_filing, nearRelativeNote: h.near_relative_note, notes: h.notes,
      })
    }
  }
  return found
}

async function judge(db: AnyDb, scope: ImportScope, prepared: Prepared): Promise<RowOutcome[]> {
  if (prepared.problems.length) return []
  const existing = await findExisting(db, prepared.rows.flatMap((row) => (row.idNumber ? [row.idNumber] : [])))
  const outcomes = judgeRows(prepared.rows, { townshipId: scope.townshipId, onlyVillageId: scope.villageId, existing })
  await breathe()
  return outcomes
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
    if (o.kind === 'rejected') hash.update(JSON.stringify(o.problems))
    hash.update('\n')
  }
  return hash.digest('hex').slice(0, 32)
}

function sha256(content: Uint8Array): string {
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
    }

/** What an import of this file would do, row by row. Writes nothing. */
export async function previewRoster(db: DB, req: { scope: ImportScope; file: RosterFile; choice: MappingChoice }): Promise<RosterAnalysis> {
  const read = await readRosterFile(req.file.content)
  if (!read.ok) return { ok: false, kind: 'read', problem: read.problem }
  const prepared = await prepare(db, req.scope, read.sheet, req.choice)
  const outcomes = await judge(db, req.scope, prepared)
  return analysis(req.file, prepared, outcomes)
}

function analysis(file: RosterFile, prepared: Prepared, outcomes: RowOutcome[]): Extract<RosterAnalysis, { ok: true }> {
  return {
    ok: true,
    file: { name: file.name, size: file.content.byteLength, sha256: sha256(file.content) },
    sheet: prepared.sheet,
    villages: prepared.villages,
    mapping: prepared.mapping,
    columnFields: prepared.columnFields,
    mappingProblems: prepared.problems.map(mappingProblemText),
    villageColumnRequired: prepared.villageColumnRequired,
    defaultVillage: prepared.defaultVillage,
    rows: prepared.rows,
    skipped: prepared.skipped,
    outcomes,
    counts: countsOf(outcomes, prepared.skipped.length),
    digest: digestOf(outcomes),
  }
}

// ————————————————————————————————————————— confirm —————————————————————————————————————————

export type ConfirmResult =
  | { ok: true; kind: 'imported'; importId: number; counts: Counts; analysis: Extract<RosterAnalysis, { ok: true }> }
  | { ok: true; kind: 'nothingToWrite'; counts: Counts; analysis: Extract<RosterAnalysis, { ok: true }> }
  | { ok: false; kind: 'read'; problem: ReadProblem }
  | { ok: false; kind: 'mapping' | 'nothingToImport' | 'stale'; analysis: Extract<RosterAnalysis, { ok: true }> }

class Rollback extends Error {
  constructor(readonly result: ConfirmResult) {
    super('roster import rolled back')
  }
}

/**
 * Writes the file's rows: added households, updated households, their audit rows, the import's record and audit
 * row — all in one transaction, so a failure anywhere (a constraint, a lost connection) writes nothing.
 * `expectedDigest`: the preview the user confirmed; when the verdicts differ now, nothing is written ('stale').
 */
export async function confirmRoster(
  db: DB,
  req: {
    scope: ImportScope
    file: RosterFile
    choice: MappingChoice
    actor: Actor
    at: Date
    ip?: string | null
    expectedDigest?: string | null
    /** the upload to delete in the same transaction */
    uploadToken?: string | null
    batchSize?: number
  },
): Promise<ConfirmResult> {
  const read = await readRosterFile(req.file.content)
  if (!read.ok) return { ok: false, kind: 'read', problem: read.problem }
  const batchSize = Math.max(1, Math.min(req.batchSize ?? DEFAULT_BATCH_SIZE, 1000))
  try {
    return await db.transaction().execute(async (tx) => {
      const prepared = await prepare(tx, req.scope, read.sheet, req.choice)
      const outcomes = await judge(tx, req.scope, prepared)
      const result = analysis(req.file, prepared, outcomes)
      if (prepared.problems.length) throw new Rollback({ ok: false, kind: 'mapping', analysis: result })
      if (req.expectedDigest && req.expectedDigest !== result.digest) throw new Rollback({ ok: false, kind: 'stale', analysis: result })
      const { counts } = result
      if (counts.added + counts.updated + counts.unchanged === 0) throw new Rollback({ ok: false, kind: 'nothingToImport', analysis: result })
      if (counts.added + counts.updated === 0) return { ok: true, kind: 'nothingToWrite', counts, analysis: result } as const
      const importId = await writeImport(tx, req, result, batchSize)
      return { ok: true, kind: 'imported', importId, counts, analysis: result } as const
    })
  } catch (error) {
    if (error instanceof Rollback) return error.result
    throw error
  }
}

async function writeImport(
  tx: Transaction<Database>,
  req: Parameters<typeof confirmRoster>[1],
  result: Extract<RosterAnalysis, { ok: true }>,
  batchSize: number,
): Promise<number> {
  const x = withImportTables(tx)
  const at = req.at.toISOString()
  const { scope, actor } = req
  const writes = result.outcomes.filter((o): o is Extract<RowOutcome, { kind: 'add' | 'update' }> => o.kind === 'add' || o.kind === 'update')
  // the last word on a cadre's reach, whatever the rows, the mapping or a bug above said
  if (scope.villageId !== null && writes.some((o) => o.villageId !== scope.villageId)) throw new Error('roster import: a village cadre may only write into their own village')
  const townshipVillageIds = new Set(result.villages.map((v) => v.id))
  if (writes.some((o) => !townshipVillageIds.has(o.villageId))) throw new Error('roster import: a village outside the township')

  const rejected = rejectedRows(result, { cadre: scope.villageId !== null })
  const { id: importId } = await x
    .insertInto('roster_imports')
    .values({
      township_id: scope.townshipId,
      village_id: scope.villageId,
      imported_by_user_id: actor.userId,
      imported_by: actor.name,
      source: actor.source,
      file_name: req.file.name,
      file_size: result.file.size,
      file_sha256: result.file.sha256,
      sheet_name: result.sheet.sheetName,
      header_row: result.sheet.headerRow,
      mapping: JSON.stringify(result.mapping),
      rows_added: result.counts.added,
      rows_updated: result.counts.updated,
      rows_unchanged: result.counts.unchanged,
      rows_rejected: result.counts.rejected,
      rows_skipped: result.counts.skipped,
      rejected_rows: JSON.stringify(rejected),
      imported_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()

  const audit = (entry: { action: string; entityType: string; entityId: number; villageId: number | null; before?: unknown; after?: unknown }) => ({
    occurred_at: at,
    actor_user_id: actor.userId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    village_id: entry.villageId,
    township_id: scope.townshipId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: req.ip ?? null,
  })

  const adds = result.outcomes.filter((o): o is Extract<RowOutcome, { kind: 'add' }> => o.kind === 'add')
  await breathe()
  for (let i = 0; i < adds.length; i += batchSize) {
    const batch = adds.slice(i, i + batchSize)
    const inserted = await tx
      .insertInto('households')
      .values(batch.map((o) => ({ village_id: o.villageId, id_number: o.idNumber, ...o.columns, enrolment: 'roster' as const, status: 'active' as const, updated_at: at })))
      .returning(['id', 'id_number'])
      .execute()
    await breathe()
    const idOf = new Map(inserted.map((h) => [h.id_number, h.id]))
    await appendAuditRows(
      tx,
      batch.map((o) =>
        audit({
          action: 'household.import', entityType: 'household', entityId: idOf.get(o.idNumber)!, villageId: o.villageId,
          // the audit log is read by more people than the roster: the masked number only
          after: { importId, sheetRow: o.sheetRow, headName: o.columns.head_name, idNumber: maskIdNumber(o.idNumber), memberCount: o.columns.member_count, coveredCount: o.columns.covered_count, category: o.columns.category, monthlyAmountFen: o.columns.monthly_amount_fen },
        }),
      ),
    )
  }

  const updates = result.outcomes.filter((o): o is Extract<RowOutcome, { kind: 'update' }> => o.kind === 'update')
  let updatedCount = 0
  for (const o of updates) {
    if (++updatedCount % batchSize === 0) await breathe()
    const set = Object.fromEntries(o.changes.map((c) => [c.column, c.after])) as Partial<HouseholdColumns>
    const updated = await tx
      .updateTable('households')
      .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: at }))
      .where('id', '=', o.householdId)
      .where('village_id', '=', o.villageId)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new Error(`roster import: household ${o.householdId} was not updated`)
  }
  for (let i = 0; i < updates.length; i += batchSize) {
    await breathe()
    await appendAuditRows(
      tx,
      updates.slice(i, i + batchSize).map((o) =>
        audit({
          action: 'household.importUpdate', entityType: 'household', entityId: o.householdId, villageId: o.villageId,
          before: Object.fromEntries(o.changes.map((c) => [c.column, c.before])),
          after: { importId, sheetRow: o.sheetRow, ...Object.fromEntries(o.changes.map((c) => [c.column, c.after])) },
        }),
      ),
    )
  }

  await appendAuditRows(tx, [
    audit({
      action: 'rosterImport.confirm', entityType: 'roster_import', entityId: importId, villageId: scope.villageId,
      after: { fileName: req.file.name, fileSha256: result.file.sha256, fileSize: result.file.size, source: actor.source, ...result.counts },
    }),
  ])
  if (req.uploadToken) await x.deleteFrom('roster_import_uploads').where('token', '=', req.uploadToken).execute()
  return importId
}

// ————————————————————————————————————————— rejected rows —————————————————————————————————————————

export interface RejectedRows {
  headers: string[]
  rows: Array<{ sheetRow: number; cells: Cell[]; reasons: string[] }>
}

export function rejectedRows(result: Extract<RosterAnalysis, { ok: true }>, options: { cadre: boolean }): RejectedRows {
  const bySheetRow = new Map(result.rows.map((row) => [row.sheetRow, row]))
  return {
    headers: result.sheet.headers,
    rows: result.outcomes
      .filter((o): o is Extract<RowOutcome, { kind: 'rejected' }> => o.kind === 'rejected')
      .map((o) => ({ sheetRow: o.sheetRow, cells: bySheetRow.get(o.sheetRow)?.cells ?? [], reasons: o.problems.map((p) => problemText(p, options)) })),
  }
}

/** 原行号, the file's own columns as they were, 原因: fix the rows and upload this file again. */
export async function rejectedRowsWorkbook(rejected: RejectedRows): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = t.app.name
  const sheet = workbook.addWorksheet(r.rejectedFile.sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  const headers = [r.rejectedFile.row, ...rejected.headers.map((h, i) => h || format(r.mapping.column, { n: i + 1, header: '' })), r.rejectedFile.reason]
  sheet.addRow(headers).font = { bold: true, name: '宋体' }
  // ID numbers and phone numbers stay text: Excel would turn 18 digits into 1.30925E+17 and lose the end
  rejected.headers.forEach((_, i) => {
    sheet.getColumn(i + 2).numFmt = '@'
  })
  for (const row of rejected.rows) {
    sheet.addRow([row.sheetRow, ...rejected.headers.map((_, i) => row.cells[i] ?? null), row.reasons.join(r.preview.separator)])
  }
  sheet.getColumn(1).width = 8
  rejected.headers.forEach((h, i) => {
    sheet.getColumn(i + 2).width = Math.min(Math.max(10, h.length * 2 + 2), 24)
  })
  sheet.getColumn(rejected.headers.length + 2).width = 60
  sheet.getColumn(rejected.headers.length + 2).alignment = { wrapText: true, vertical: 'top' }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

export function rejectedFileName(fileName: string): string {
  const base = fileName.replace(/\.(xlsx|csv|txt)$/i, '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'roster'
  return format(r.rejectedFile.fileName, { name: base })
}

// ————————————————————————————————————————— uploads —————————————————————————————————————————

export type SaveUploadResult = { ok: true; token: string } | { ok: false; problem: ReadProblem | 'forbidden' }

/** Keeps an uploaded roster for its preview and confirm; a file that cannot be read as a roster is refused at once. */
export async function saveRosterUpload(db: DB, req: { user: CurrentUser; file: RosterFile; at: Date }): Promise<SaveUploadResult> {
  const scope = importScopeFor(req.user)
  if (!scope) return { ok: false, problem: 'forbidden' }
  const read = await readRosterFile(req.file.content)
  if (!read.ok) return { ok: false, problem: read.problem }
  const x = withImportTables(db)
  const token = crypto.randomBytes(24).toString('base64url')
  const at = req.at.toISOString()
  await x.transaction().execute(async (tx) => {
    await tx.deleteFrom('roster_import_uploads').where('expires_at', '<', at).execute()
    // a user keeps a few uploads at most
    const older = await tx.selectFrom('roster_import_uploads').select('token').where('user_id', '=', req.user.id).orderBy('created_at', 'desc').offset(4).limit(100).execute()
    if (older.length) await tx.deleteFrom('roster_import_uploads').where('token', 'in', older.map((o) => o.token)).execute()
    await tx
      .insertInto('roster_import_uploads')
      .values({
        token, user_id: req.user.id, township_id: scope.townshipId, file_name: req.file.name, file_size: req.file.content.byteLength,
        file_sha256: sha256(req.file.content), content: Buffer.from(req.file.content), created_at: at,
        expires_at: new Date(req.at.getTime() + UPLOAD_LIFETIME_HOURS * 3600_000).toISOString(),
      })
      .execute()
  })
  return { ok: true, token }
}

/** The user's own upload, if it is still there. Someone else's token finds nothing. */
async function findUpload(db: DB, token: string, user: CurrentUser, scope: ImportScope, at: Date): Promise<{ token: string; file: RosterFile } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  const row = await withImportTables(db)
    .selectFrom('roster_import_uploads')
    .select(['token', 'file_name', 'content'])
    .where('token', '=', token)
    .where('user_id', '=', user.id)
    .where('township_id', '=', scope.townshipId)
    .where('expires_at', '>', at.toISOString())
    .executeTakeFirst()
  return row ? { token: row.token, file: { name: row.file_name, content: new Uint8Array(row.content) } } : null
}

// ————————————————————————————————————————— the page's parameters —————————————————————————————————————————

/** `mapped=1&c0=seq&c1=village…&village=ID`: the mapping the user chose (absent: as detected). */
export function parseMappingChoice(params: URLSearchParams | FormData): MappingChoice {
  const get = (key: string) => {
    const value = params.get(key)
    return typeof value === 'string' ? value : null
  }
  const village = Number(get('village'))
  const defaultVillageId = Number.isInteger(village) && village > 0 ? village : null
  if (get('mapped') !== '1') return { columns: null, defaultVillageId }
  const columns: Array<RosterField | null> = []
  for (let i = 0; i < 200; i++) {
    const value = get(`c${i}`)
    if (value === null) break
    columns.push(isRosterField(value) ? value : null)
  }
  return { columns, defaultVillageId }
}

function choiceParams(analysis: Extract<RosterAnalysis, { ok: true }>): Array<[string, string]> {
  const params: Array<[string, string]> = [['mapped', '1']]
  analysis.columnFields.forEach((field, i) => params.push([`c${i}`, field ?? '']))
  if (analysis.mapping.village === undefined && analysis.defaultVillage) params.push(['village', String(analysis.defaultVillage.id)])
  return params
}

export function parseConfirmForm(form: FormData): { token: string; choice: MappingChoice; digest: string | null } | null {
  const token = form.get('upload')
  const digest = form.get('digest')
  if (typeof token !== 'string' || !token) return null
  return { token, choice: parseMappingChoice(form), digest: typeof digest === 'string' && /^[0-9a-f]{32}$/.test(digest) ? digest : null }
}

// ————————————————————————————————————————— what the page shows —————————————————————————————————————————

export interface PreviewRowView {
  sheetRow: number
  village: string
  headName: string
  idNumber: string
  amount: string
  notes: string[]
}

function valueText(column: HouseholdColumn, value: string | number | null): string {
  if (value === null || value === '') return r.values.empty
  if (column === 'monthly_amount_fen') return yuan(Number(value))
  if (column === 'near_relative_filing') return value === 1 ? r.values.yes : r.values.no
  if (column === 'key_check_situations') {
    try {
      const list = JSON.parse(String(value)) as string[]
      return list.length ? list.map((k) => (t.households.keyCheckSituations as Record<string, string>)[k] ?? k).join('、') : r.values.empty
    } catch {
      return String(value)
    }
  }
  return String(value)
}

function changeText(change: ColumnChange): string {
  return format(r.preview.changeItem, { field: r.columns[change.column], before: valueText(change.column, change.before), after: valueText(change.column, change.after) })
}

function previewView(result: Extract<RosterAnalysis, { ok: true }>, options: { cadre: boolean }) {
  const bySheetRow = new Map(result.rows.map((row) => [row.sheetRow, row]))
  const villageName = new Map(result.villages.map((v) => [v.id, v.name]))
  const raw = (row: NormalisedRow | undefined, field: RosterField) => {
    const column = result.mapping[field]
    return row && column !== undefined ? cellText(row.cells[column] ?? null) : ''
  }
  const list = (kind: RowOutcome['kind'], limit: number): PreviewRowView[] =>
    result.outcomes
      .filter((o) => o.kind === kind)
      .slice(0, limit)
      .map((o) => {
        const row = bySheetRow.get(o.sheetRow)
        if (o.kind === 'rejected') {
          return { sheetRow: o.sheetRow, village: raw(row, 'village'), headName: raw(row, 'headName'), idNumber: raw(row, 'idNumber'), amount: raw(row, 'monthlyAmount'), notes: o.problems.map((p) => problemText(p, options)) }
        }
        return {
          sheetRow: o.sheetRow,
          village: villageName.get(o.villageId) ?? '',
          headName: row?.values?.headName ?? '',
          // the whole number stays on the server; the file the user holds has it
          idNumber: maskIdNumber(o.idNumber) + (o.convertedFrom15 ? r.preview.converted15 : ''),
          amount: row?.values ? yuan(row.values.monthlyAmountFen) : '',
          notes: o.kind === 'update' ? o.changes.map(changeText) : [],
        }
      })
  return {
    add: list('add', PAGE_LIMITS.add),
    update: list('update', PAGE_LIMITS.update),
    unchanged: list('unchanged', PAGE_LIMITS.unchanged),
    rejected: list('rejected', PAGE_LIMITS.rejected),
  }
}

export interface ImportHistoryItem {
  id: number
  importedAt: string
  importedBy: string
  fileName: string
  added: number
  updated: number
  rejected: number
}

async function importHistory(db: DB, scope: ImportScope): Promise<ImportHistoryItem[]> {
  let query = withImportTables(db)
    .selectFrom('roster_imports')
    .select(['id', 'imported_at', 'imported_by', 'file_name', 'rows_added', 'rows_updated', 'rows_rejected'])
    .where('township_id', '=', scope.townshipId)
  if (scope.villageId !== null) query = query.where('village_id', '=', scope.villageId)
  const rows = await query.orderBy('id', 'desc').limit(10).execute()
  return rows.map((row) => ({ id: row.id, importedAt: beijingTime(row.imported_at), importedBy: row.imported_by, fileName: row.file_name, added: row.rows_added, updated: row.rows_updated, rejected: row.rows_rejected }))
}

async function findImport(db: DB, scope: ImportScope, id: number) {
  if (!Number.isInteger(id) || id <= 0) return null
  let query = withImportTables(db).selectFrom('roster_imports').selectAll().where('id', '=', id).where('township_id', '=', scope.townshipId)
  if (scope.villageId !== null) query = query.where('village_id', '=', scope.villageId)
  return (await query.executeTakeFirst()) ?? null
}

export type ImportPage =
  | { kind: 'forbidden' }
  | { kind: 'upload'; maxMegabytes: number; cadre: boolean; notice: string | null; history: ImportHistoryItem[] }
  | { kind: 'done'; found: false }
  | {
      kind: 'done'
      found: true
      id: number
      summary: string
      rejectedCount: number
      rejected: Array<{ sheetRow: number; reasons: string[] }>
    }
  | {
      kind: 'preview'
      token: string
      cadre: boolean
      notice: 'stale' | 'nothingToWrite' | null
      file: { name: string; kb: string; sheetName: string | null; headerRow: number; encoding: string | null; otherSheets: string | null }
      columns: Array<{ index: number; header: string; field: RosterField | null }>
      fieldOptions: Array<{ value: RosterField; label: string }>
      villageSelect: { options: Array<{ id: number; name: string }>; selected: number | null } | null
      cadreVillage: string | null
      mappingProblems: string[]
      counts: Counts & { total: number }
      digest: string
      choice: Array<[string, string]>
      rows: ReturnType<typeof previewView>
    }

/** Everything the import page shows, for the signed-in user, from the page's URL. */
export async function loadImportPage(db: DB, req: { user: CurrentUser; searchParams: URLSearchParams; at: Date }): Promise<ImportPage> {
  const scope = importScopeFor(req.user)
  if (!scope) return { kind: 'forbidden' }
  const cadre = scope.villageId !== null
  const done = req.searchParams.get('done')
  if (done !== null) {
    const record = await findImport(db, scope, Number(done))
    if (!record) return { kind: 'done', found: false }
    const rejected = JSON.parse(record.rejected_rows) as RejectedRows
    return {
      kind: 'done',
      found: true,
      id: record.id,
      summary: format(r.done.summary, {
        who: record.imported_by, time: beijingTime(record.imported_at), file: record.file_name,
        added: record.rows_added, updated: record.rows_updated, unchanged: record.rows_unchanged, rejected: record.rows_rejected,
      }),
      rejectedCount: rejected.rows.length,
      rejected: rejected.rows.slice(0, PAGE_LIMITS.rejected).map((row) => ({ sheetRow: row.sheetRow, reasons: row.reasons })),
    }
  }
  const token = req.searchParams.get('upload')
  const upload = token ? await findUpload(db, token, req.user, scope, req.at) : null
  if (!upload) {
    return { kind: 'upload', maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024, cadre, notice: token ? readProblemText('expired') : null, history: await importHistory(db, scope) }
  }
  const result = await previewRoster(db, { scope, file: upload.file, choice: parseMappingChoice(req.searchParams) })
  if (!result.ok) return { kind: 'upload', maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024, cadre, notice: readProblemText(result.problem), history: await importHistory(db, scope) }
  if (cadre) await recordRefusedEnrolments(db, { user: req.user, scope, analysis: result, at: req.at })
  const notice = req.searchParams.get('stale') === '1' ? 'stale' : req.searchParams.get('confirmed') === 'nothing' ? 'nothingToWrite' : null
  const { counts, sheet } = result
  return {
    kind: 'preview',
    token: upload.token,
    cadre,
    notice,
    file: {
      name: result.file.name,
      kb: format(r.file.sizeValue, { kb: Math.max(1, Math.round(result.file.size / 1024)).toLocaleString('zh-CN') }),
      sheetName: sheet.sheetName,
      headerRow: sheet.headerRow,
      encoding: sheet.encoding ? sheet.encoding.toUpperCase() : null,
      otherSheets: sheet.otherRosterSheets.length ? format(r.file.otherSheets, { sheets: sheet.otherRosterSheets.join('、'), sheet: sheet.sheetName ?? '' }) : null,
    },
    columns: sheet.headers.map((header, index) => ({ index, header, field: result.columnFields[index] })),
    fieldOptions: ROSTER_FIELDS.map((field) => ({
      value: field,
      label: (REQUIRED_FIELDS as readonly string[]).includes(field) || (field === 'village' && result.villageColumnRequired) ? format(r.mapping.required, { field: r.fields[field] }) : r.fields[field],
    })),
    villageSelect: !cadre && result.mapping.village === undefined ? { options: result.villages, selected: result.defaultVillage?.id ?? null } : null,
    cadreVillage: cadre && result.mapping.village === undefined ? result.defaultVillage?.name ?? null : null,
    mappingProblems: result.mappingProblems,
    counts: { ...counts, total: counts.added + counts.updated + counts.unchanged + counts.rejected },
    digest: result.digest,
    choice: choiceParams(result),
    rows: previewView(result, { cadre }),
  }
}

/**
 * A cadre's preview that holds ID numbers enrolled outside their village: the rows say only that the household
 * cannot be added here, and the attempt is on record (masked numbers) for the township office, which resolves it
 * and sees anyone probing numbers. One audit row a preview.
 */
async function recordRefusedEnrolments(db: DB, req: { user: CurrentUser; scope: ImportScope; analysis: Extract<RosterAnalysis, { ok: true }>; at: Date }) {
  const refused = req.analysis.outcomes.filter((o) => o.kind === 'rejected' && o.problems.some((p) => p.code === 'notAddableHere'))
  if (refused.length === 0) return
  const idOf = new Map(req.analysis.rows.map((row) => [row.sheetRow, row.idNumber]))
  await recordAudit(db, {
    actorUserId: req.user.id, action: 'rosterImport.notAddableHere', entityType: 'household', villageId: req.scope.villageId, townshipId: req.scope.townshipId,
    after: { file: req.analysis.file.name, rows: refused.map((o) => ({ sheetRow: o.sheetRow, idNumber: maskIdNumber(idOf.get(o.sheetRow) ?? '') })) },
    at: req.at,
  })
}

export type ConfirmOutcome =
  | { kind: 'forbidden' }
  | { kind: 'expired' }
  | { kind: 'redirect'; to: string }

/** The page's confirm button: writes the upload with the mapping the user saw, then says where to go. */
export async function confirmRosterUpload(
  db: DB,
  req: { user: CurrentUser; token: string; choice: MappingChoice; digest: string | null; at: Date; ip?: string | null },
): Promise<ConfirmOutcome> {
  const scope = importScopeFor(req.user)
  if (!scope) return { kind: 'forbidden' }
  const upload = await findUpload(db, req.token, req.user, scope, req.at)
  if (!upload) return { kind: 'expired' }
  const result = await confirmRoster(db, {
    scope, file: upload.file, choice: req.choice, at: req.at, ip: req.ip, expectedDigest: req.digest, uploadToken: upload.token,
    actor: { userId: req.user.id, name: req.user.displayName, source: 'web' },
  })
  if (result.ok && result.kind === 'imported') return { kind: 'redirect', to: `/import?done=${result.importId}` }
  if (!result.ok && result.kind === 'read') return { kind: 'expired' }
  const params = new URLSearchParams([['upload', upload.token], ...choiceParams(result.analysis)])
  if (!result.ok && result.kind === 'stale') params.set('stale', '1')
  if (result.ok && result.kind === 'nothingToWrite') params.set('confirmed', 'nothing')
  return { kind: 'redirect', to: `/import?${params}` }
}

/** The rejected rows as .xlsx: of an upload being previewed (?upload=…&mapping) or of a finished import (?import=ID). */
export async function rejectedRowsFile(db: DB, req: { user: CurrentUser; searchParams: URLSearchParams; at: Date }): Promise<{ name: string; body: Uint8Array } | null> {
  const scope = importScopeFor(req.user)
  if (!scope) return null
  const importId = req.searchParams.get('import')
  if (importId !== null) {
    const record = await findImport(db, scope, Number(importId))
    if (!record) return null
    return { name: rejectedFileName(record.file_name), body: await rejectedRowsWorkbook(JSON.parse(record.rejected_rows) as RejectedRows) }
  }
  const upload = await findUpload(db, req.searchParams.get('upload') ?? '', req.user, scope, req.at)
  if (!upload) return null
  const result = await previewRoster(db, { scope, file: upload.file, choice: parseMappingChoice(req.searchParams) })
  if (!result.ok) return null
  return { name: rejectedFileName(upload.file.name), body: await rejectedRowsWorkbook(rejectedRows(result, { cadre: scope.villageId !== null })) }
}
