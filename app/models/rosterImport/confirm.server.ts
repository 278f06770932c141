// 导入低保花名册, the confirm: one transaction that judges every row again against what the database holds then and
// writes only if that is what the user confirmed; every added or updated household gets its audit row, the import its
// own, and roster_imports records who imported which file when. Also the rejected rows as an .xlsx.
import ExcelJS from 'exceljs'
import { appendAuditRows } from '../../../db/auditChain'
import type { DB } from '../../../db/connection.server'
import { maskIdNumber } from '../../../workflows/rules/idNumber'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { Rollback, versionedStep, type Tx } from '../versioned.server'
import { type ReadProblem } from './read.server'
// the file is read in a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md)
import { readRosterFileInWorker as readRosterFile } from './readInWorker.server'
import type { Cell } from './rules.server'
import type { ColumnChange, HouseholdColumns, RowOutcome } from './verdicts.server'
import { auditMembers, headOnly, renameHeads, renumberHeads, writeMembers } from './memberWrites.server'
import {
  type Counts,
  type RosterAnalysis,
  type ImportScope,
  type RosterFile,
  type MappingChoice,
  type Actor,
  DEFAULT_BATCH_SIZE,
  prepare,
  judge,
  analysis,
  breathe,
  problemText,
} from './preview.server'

const r = t.rosterImport

// ————————————————————————————————————————— confirm —————————————————————————————————————————

export type ConfirmResult =
  | { ok: true; kind: 'imported'; importId: number; counts: Counts; analysis: Extract<RosterAnalysis, { ok: true }> }
  | { ok: true; kind: 'nothingToWrite'; counts: Counts; analysis: Extract<RosterAnalysis, { ok: true }> }
  | { ok: false; kind: 'read'; problem: ReadProblem }
  /** req.oneSheetOnly and the file has several roster sheets to import: nothing written, the caller takes them one by one */
  | { ok: false; kind: 'severalSheets'; sheets: Array<string | null> }
  | { ok: false; kind: 'mapping' | 'nothingToImport' | 'stale'; analysis: Extract<RosterAnalysis, { ok: true }> }

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
    /**
     * Write only when the file has one roster sheet to import (the visible ones; the hidden ones when none is
     * visible): the command line checks every sheet of a per-village workbook before writing any, and a file of one
     * sheet is read once.
     */
    oneSheetOnly?: boolean
  },
): Promise<ConfirmResult> {
  const read = await readRosterFile(req.file.content, { sheetName: req.choice.sheetName, fileName: req.file.name })
  if (!read.ok) return { ok: false, kind: 'read', problem: read.problem }
  if (req.oneSheetOnly) {
    const visible = read.rosterSheets.filter((s) => !s.hidden)
    const sheets = (visible.length ? visible : read.rosterSheets).map((s) => s.sheetName)
    if (sheets.length > 1) return { ok: false, kind: 'severalSheets', sheets }
  }
  const batchSize = Math.max(1, Math.min(req.batchSize ?? DEFAULT_BATCH_SIZE, 1000))
  // a Rollback thrown inside undoes everything and is the answer
  return versionedStep(db, async (tx): Promise<ConfirmResult> => {
    const prepared = await prepare(tx, req.scope, read.sheet, req.choice)
    const outcomes = await judge(tx, req.scope, prepared)
    const result = analysis(req.file, prepared, outcomes)
    if (prepared.problems.length) throw new Rollback<ConfirmResult>({ ok: false, kind: 'mapping', analysis: result })
    if (req.expectedDigest && req.expectedDigest !== result.digest) throw new Rollback<ConfirmResult>({ ok: false, kind: 'stale', analysis: result })
    const { counts } = result
    if (counts.added + counts.updated + counts.unchanged === 0) throw new Rollback<ConfirmResult>({ ok: false, kind: 'nothingToImport', analysis: result })
    if (counts.added + counts.updated === 0) return { ok: true, kind: 'nothingToWrite', counts, analysis: result } as const
    const importId = await writeImport(tx, req, result, batchSize)
    return { ok: true, kind: 'imported', importId, counts, analysis: result } as const
  })
}

async function writeImport(
  tx: Tx,
  req: Parameters<typeof confirmRoster>[1],
  result: Extract<RosterAnalysis, { ok: true }>,
  batchSize: number,
): Promise<number> {
  const at = req.at.toISOString()
  const { scope, actor } = req
  const writes = result.outcomes.filter((o): o is Extract<RowOutcome, { kind: 'add' | 'update' }> => o.kind === 'add' || o.kind === 'update')
  // the last word on a cadre's reach, whatever the rows, the mapping or a bug above said
  if (scope.villageId !== null && writes.some((o) => o.villageId !== scope.villageId))
    throw new Error('roster import: a village cadre may only write into their own village')
  const townshipVillageIds = new Set(result.villages.map((v) => v.id))
  if (writes.some((o) => !townshipVillageIds.has(o.villageId))) throw new Error('roster import: a village outside the township')

  const rejected = rejectedRows(result, { cadre: scope.villageId !== null })
  const { id: importId } = await tx
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
      // every sheet of the file with its rows and state, as the preview listed them
      sheets: JSON.stringify(result.sheets),
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
      .values(
        batch.map((o) => ({
          village_id: o.villageId,
          id_number: o.idNumber,
          ...o.columns,
          enrolment: 'roster' as const,
          status: 'active' as const,
          updated_at: at,
        })),
      )
      .returning(['id', 'id_number'])
      .execute()
    await breathe()
    const idOf = new Map(inserted.map((h) => [h.id_number, h.id]))
    const idFor = (idNumber: string): number => {
      const id = idOf.get(idNumber)
      if (id === undefined) throw new Error('an inserted household came back without its id')
      return id
    }
    // 家庭成员: a roster of members gives them all; a roster of households the head as member 1
    await writeMembers(
      tx,
      batch.map((o) => ({ householdId: idFor(o.idNumber), members: o.members ?? headOnly(o.columns, o.idNumber) })),
      at,
    )
    // each step of a batch is its own slice of the event loop: /healthz answers between them
    await breathe()
    await appendAuditRows(
      tx,
      batch.map((o) =>
        audit({
          action: 'household.import',
          entityType: 'household',
          entityId: idFor(o.idNumber),
          villageId: o.villageId,
          // the audit log is read by more people than the roster: the masked number only
          after: {
            importId,
            sheetRow: o.sheetRow,
            headName: o.columns.head_name,
            idNumber: maskIdNumber(o.idNumber),
            memberCount: o.columns.member_count,
            coveredCount: o.columns.covered_count,
            category: o.columns.category,
            monthlyAmountFen: o.columns.monthly_amount_fen,
            members: o.members?.length ?? 1,
          },
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
  await writeMembers(
    tx,
    updates.flatMap((o) => (o.members ? [{ householdId: o.householdId, members: o.members }] : [])),
    at,
  )
  // a household found under its 15-digit form, now written with its right 18-digit number: the head's row follows
  await renumberHeads(
    tx,
    updates.flatMap((o) => {
      const change = o.members ? undefined : o.changes.find((c) => c.column === 'id_number')
      return change && typeof change.before === 'string' && typeof change.after === 'string'
        ? [{ householdId: o.householdId, before: change.before, after: change.after }]
        : []
    }),
  )
  // a roster of households renaming a head: the head's member row follows
  await renameHeads(
    tx,
    updates.flatMap((o) => {
      const name = o.members ? undefined : o.changes.find((c) => c.column === 'head_name')?.after
      return typeof name === 'string' ? [{ householdId: o.householdId, name }] : []
    }),
  )
  for (let i = 0; i < updates.length; i += batchSize) {
    await breathe()
    await appendAuditRows(
      tx,
      updates.slice(i, i + batchSize).map((o) =>
        audit({
          action: 'household.importUpdate',
          entityType: 'household',
          entityId: o.householdId,
          villageId: o.villageId,
          before: Object.fromEntries(o.changes.map((c) => [c.column, audited(c, c.before)])),
          after: {
            importId,
            sheetRow: o.sheetRow,
            ...Object.fromEntries(o.changes.map((c) => [c.column, audited(c, c.after)])),
            ...(o.members ? { members: auditMembers(o.members) } : {}),
          },
        }),
      ),
    )
  }

  await appendAuditRows(tx, [
    audit({
      action: 'rosterImport.confirm',
      entityType: 'roster_import',
      entityId: importId,
      villageId: scope.villageId,
      after: { fileName: req.file.name, fileSha256: result.file.sha256, fileSize: result.file.size, source: actor.source, ...result.counts },
    }),
  ])
  if (req.uploadToken) await tx.deleteFrom('roster_import_uploads').where('token', '=', req.uploadToken).execute()
  return importId
}

/** The audit log is read by more people than the roster: an ID number in it is masked. */
function audited(change: ColumnChange, value: string | number | null): string | number | null {
  return change.column === 'id_number' && typeof value === 'string' ? maskIdNumber(value) : value
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
  const base =
    fileName
      .replace(/\.(xlsx|csv|txt)$/i, '')
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .trim() || 'roster'
  return format(r.rejectedFile.fileName, { name: base })
}
