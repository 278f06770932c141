// How an audit row reads in a history: the action's label and, in brackets, what it touched — the fields a person
// recognises, or for an export its format and size. Never a code: an action or field without a label reads as
// "其他修改" / "其他项目" (and tests/unit/audit-labels.test.ts fails until it has one).
import { format } from './index'
import { exportStrings } from './zh-CN/exports'
import { villageHistory } from './zh-CN/history'

// the sections this module reads, not the whole dictionary: history pages in the browser import it (ADR 015)
const t = { villageHistory, exports: exportStrings }

const H = t.villageHistory
const D = H.details

/** Fields a person never needs in a history: ids, row numbers, checksums, bookkeeping. */
const HIDDEN_AUDIT_FIELDS: ReadonlySet<string> = new Set([
  'householdId',
  'importId',
  'sheetRow',
  'fileSha256',
  'campaign_id',
  'created_by_user_id',
  'visit_id',
  'version',
  'updated_at',
  'created_at',
  'sort_order',
  'item_key',
])

/** Actions whose row records what was created: the entry names the record, not every field it was created with. */
const CREATES: ReadonlySet<string> = new Set([
  'household.addMissed',
  'household.addMissedRefused',
  'household.import',
  'problem.create',
  'complaint.create',
  'inspectionVisit.create',
  'rectificationOrder.create',
  'village.create',
  'user.create',
  'user.import',
  'signIn',
  'signIn.failed',
  'user.resetPassword',
])

export function hasAuditActionLabel(action: string): boolean {
  return Object.prototype.hasOwnProperty.call(H.actions, action)
}

export function auditActionLabel(action: string): string {
  return hasAuditActionLabel(action) ? H.actions[action] : H.otherAction
}

/** Whether a field has a label, or is one a history deliberately leaves out. */
export function hasAuditFieldLabel(field: string): boolean {
  return HIDDEN_AUDIT_FIELDS.has(field) || Object.prototype.hasOwnProperty.call(H.fields, field)
}

/** A field as a person calls it; null for one a history leaves out. */
export function auditFieldLabel(field: string): string | null {
  if (HIDDEN_AUDIT_FIELDS.has(field)) return null
  return H.fields[field] ?? H.otherField
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

const count = (template: string, value: unknown): string | null => (typeof value === 'number' ? format(template, { n: value }) : null)

function exportDetails(a: Record<string, unknown>): string[] {
  const fmt =
    typeof a.format === 'string' && Object.prototype.hasOwnProperty.call({ print: 1, xlsx: 1, docx: 1 }, a.format)
      ? D[a.format as 'print' | 'xlsx' | 'docx']
      : null
  const kind = typeof a.noticeKind === 'string' ? ((t.exports.notice.kinds as Record<string, string>)[a.noticeKind] ?? null) : null
  const period = typeof a.startOn === 'string' && typeof a.endOn === 'string' ? format(D.period, { start: a.startOn, end: a.endOn }) : null
  const parts = [
    fmt,
    kind,
    period,
    count(D.households, a.households),
    count(D.problems, a.problems),
    count(D.items, a.items),
    count(D.unfinished, a.unfinished),
    count(D.villages, a.villages),
    count(D.measures, a.measures),
  ].filter((p): p is string => p !== null)
  // one detail, read as a phrase: '（Excel文件，12户）'
  return parts.length ? [parts.join('，')] : []
}

/**
 * What goes in brackets after an entry: for a change, the fields it touched (labelled, in order, each once); for an
 * export, its format and size; for an import, how many households it added and updated. Creations name their record
 * instead (the caller shows the subject), and nothing a person typed at sign-in is repeated.
 */
export function auditDetails(action: string, after: unknown): string[] {
  const a = asRecord(after)
  if (!a) return []
  let parts: Array<string | null>
  if (action.startsWith('export.')) parts = exportDetails(a)
  else if (action === 'rosterImport.confirm') parts = [count(D.added, a.added), count(D.updated, a.updated), a.rejected ? count(D.rejected, a.rejected) : null]
  else if (action === 'rosterImport.notAddableHere') parts = [Array.isArray(a.rows) ? format(D.households, { n: a.rows.length }) : null]
  else if (CREATES.has(action)) parts = []
  else parts = Object.keys(a).map(auditFieldLabel)
  return [...new Set(parts.filter((p): p is string => p !== null))]
}
