// 导入低保花名册 (issue 7): upload → preview (nothing written) → confirm (one transaction) → rejected rows as .xlsx.
// The web page and the command line (seed/import-roster.ts) call the same previewRoster / confirmRoster.
// One concern a module: rosterImport/upload.server.ts (the stored upload, the page's parameters),
// rosterImport/preview.server.ts (scope, mapping, judging rows, the preview), rosterImport/confirm.server.ts (the
// write, rejected rows); here, what the import page shows and does.
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
import type { DB } from '../../db/connection.server'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { beijingTime, format, yuan } from '../i18n'
import { t } from '../i18n/dictionary'
import { recordAudit } from './audit.server'
import type { CurrentUser } from '../utils/auth.server'
import { MAX_UPLOAD_BYTES } from '../utils/requestLimits'
// the file is read in a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md)
import { cellText, ROSTER_FIELDS, REQUIRED_FIELDS, type RosterField } from './rosterImport/rules.server'
import type { ColumnChange, HouseholdColumn, NormalisedRow, RowOutcome } from './rosterImport/verdicts.server'
import {
  type RosterAnalysis,
  problemText,
  PAGE_LIMITS,
  type ImportScope,
  type Counts,
  importScopeFor,
  readProblemText,
  previewRoster,
  type MappingChoice,
  type LayoutSummary,
} from './rosterImport/preview.server'
import { type RejectedRows, confirmRoster, rejectedFileName, rejectedRowsWorkbook, rejectedRows } from './rosterImport/confirm.server'
import { findUpload, parseMappingChoice, choiceParams } from './rosterImport/upload.server'
import { sheetsView, type SheetsView } from './rosterImport/sheetsView.server'

const r = t.rosterImport

// ————————————————————————————————————————— what the page shows —————————————————————————————————————————

export interface PreviewRowView {
  sheetRow: number
  village: string
  headName: string
  idNumber: string
  amount: string
  notes: string[]
}

function valueText(column: HouseholdColumn | 'id_number', value: string | number | null): string {
  if (value === null || value === '') return r.values.empty
  if (column === 'id_number') return maskIdNumber(String(value))
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
  return format(r.preview.changeItem, {
    field: r.columns[change.column],
    before: valueText(change.column, change.before),
    after: valueText(change.column, change.after),
  })
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
          return {
            sheetRow: o.sheetRow,
            village: raw(row, 'village'),
            headName: raw(row, 'headName'),
            idNumber: raw(row, 'idNumber'),
            amount: raw(row, 'monthlyAmount'),
            notes: o.problems.map((p) => problemText(p, options)),
          }
        }
        return {
          sheetRow: o.sheetRow,
          village: villageName.get(o.villageId) ?? '',
          headName: row?.values?.headName ?? '',
          // the whole number stays on the server; the file the user holds has it
          idNumber: maskIdNumber(o.idNumber) + (o.convertedFrom15 ? r.preview.converted15 : ''),
          amount: row?.values ? yuan(row.values.monthlyAmountFen) : '',
          notes: [
            ...(o.kind === 'update' ? o.changes.map(changeText) : []),
            ...(o.kind === 'update' && o.members ? [format(r.layout.membersChanged, { n: o.members.length })] : []),
            ...(o.kind === 'add' && o.members ? [format(r.layout.members, { n: o.members.length })] : []),
          ],
        }
      })
  return {
    add: list('add', PAGE_LIMITS.add),
    update: list('update', PAGE_LIMITS.update),
    unchanged: list('unchanged', PAGE_LIMITS.unchanged),
    rejected: list('rejected', PAGE_LIMITS.rejected),
  }
}

/** 检测到：每行一户 / 每行一名家庭成员，按户主身份证号归为 N 户 */
export function layoutText(layout: LayoutSummary): string {
  if (layout.kind === 'perHousehold') return r.layout.perHousehold
  return format(r.layout.perMember, { key: r.layout.keys[layout.key], households: layout.households, members: layout.members })
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
  let query = db
    .selectFrom('roster_imports')
    .select(['id', 'imported_at', 'imported_by', 'file_name', 'rows_added', 'rows_updated', 'rows_rejected'])
    .where('township_id', '=', scope.townshipId)
  if (scope.villageId !== null) query = query.where('village_id', '=', scope.villageId)
  const rows = await query.orderBy('id', 'desc').limit(10).execute()
  return rows.map((row) => ({
    id: row.id,
    importedAt: beijingTime(row.imported_at),
    importedBy: row.imported_by,
    fileName: row.file_name,
    added: row.rows_added,
    updated: row.rows_updated,
    rejected: row.rows_rejected,
  }))
}

async function findImport(db: DB, scope: ImportScope, id: number) {
  if (!Number.isInteger(id) || id <= 0) return null
  let query = db.selectFrom('roster_imports').selectAll().where('id', '=', id).where('township_id', '=', scope.townshipId)
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
      /** which layout was detected and, for a roster of members, how its rows were grouped */
      layout: string
      counts: Counts & { total: number }
      digest: string
      choice: Array<[string, string]>
      rows: ReturnType<typeof previewView>
      /** the file's format and sheets, hidden rows, columns kept in notes (./rosterImport/sheetsView.server.ts) */
      sheets: SheetsView
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
        who: record.imported_by,
        time: beijingTime(record.imported_at),
        file: record.file_name,
        added: record.rows_added,
        updated: record.rows_updated,
        unchanged: record.rows_unchanged,
        rejected: record.rows_rejected,
      }),
      rejectedCount: rejected.rows.length,
      rejected: rejected.rows.slice(0, PAGE_LIMITS.rejected).map((row) => ({ sheetRow: row.sheetRow, reasons: row.reasons })),
    }
  }
  const token = req.searchParams.get('upload')
  const upload = token ? await findUpload(db, token, req.user, scope, req.at) : null
  if (!upload) {
    return {
      kind: 'upload',
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      cadre,
      notice: token ? readProblemText('expired') : null,
      history: await importHistory(db, scope),
    }
  }
  const result = await previewRoster(db, { scope, file: upload.file, choice: parseMappingChoice(req.searchParams) })
  if (!result.ok)
    return {
      kind: 'upload',
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      cadre,
      notice: readProblemText(result.problem),
      history: await importHistory(db, scope),
    }
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
      otherSheets: sheet.otherRosterSheets.length
        ? format(r.file.otherSheets, { sheets: sheet.otherRosterSheets.join('、'), sheet: sheet.sheetName ?? '' })
        : null,
    },
    columns: sheet.headers.map((header, index) => ({ index, header, field: result.columnFields[index] })),
    fieldOptions: ROSTER_FIELDS.map((field) => ({
      value: field,
      label:
        (REQUIRED_FIELDS as readonly string[]).includes(field) || (field === 'village' && result.villageColumnRequired)
          ? format(r.mapping.required, { field: r.fields[field] })
          : r.fields[field],
    })),
    villageSelect: !cadre && result.mapping.village === undefined ? { options: result.villages, selected: result.defaultVillage?.id ?? null } : null,
    cadreVillage: cadre && result.mapping.village === undefined ? (result.defaultVillage?.name ?? null) : null,
    mappingProblems: result.mappingProblems,
    layout: layoutText(result.layout),
    counts: { ...counts, total: counts.added + counts.updated + counts.unchanged + counts.rejected },
    digest: result.digest,
    choice: choiceParams(result),
    rows: previewView(result, { cadre }),
    sheets: sheetsView(result, upload.token),
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
    actorUserId: req.user.id,
    action: 'rosterImport.notAddableHere',
    entityType: 'household',
    villageId: req.scope.villageId,
    townshipId: req.scope.townshipId,
    after: { file: req.analysis.file.name, rows: refused.map((o) => ({ sheetRow: o.sheetRow, idNumber: maskIdNumber(idOf.get(o.sheetRow) ?? '') })) },
    at: req.at,
  })
}

export type ConfirmOutcome = { kind: 'forbidden' } | { kind: 'expired' } | { kind: 'redirect'; to: string }

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
    scope,
    file: upload.file,
    choice: req.choice,
    at: req.at,
    ip: req.ip,
    expectedDigest: req.digest,
    uploadToken: upload.token,
    actor: { userId: req.user.id, name: req.user.displayName, source: 'web' },
  })
  if (result.ok && result.kind === 'imported') return { kind: 'redirect', to: `/import?done=${result.importId}` }
  if (!result.ok && (result.kind === 'read' || result.kind === 'severalSheets')) return { kind: 'expired' }
  const params = new URLSearchParams([['upload', upload.token], ...choiceParams(result.analysis)])
  if (!result.ok && result.kind === 'stale') params.set('stale', '1')
  if (result.ok && result.kind === 'nothingToWrite') params.set('confirmed', 'nothing')
  return { kind: 'redirect', to: `/import?${params}` }
}

/** The rejected rows as .xlsx: of an upload being previewed (?upload=…&mapping) or of a finished import (?import=ID). */
export async function rejectedRowsFile(
  db: DB,
  req: { user: CurrentUser; searchParams: URLSearchParams; at: Date },
): Promise<{ name: string; body: Uint8Array } | null> {
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
