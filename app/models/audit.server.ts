// Every change is recorded here, inside the transaction that makes it: who, when, what, before → after.
import type { Transaction } from 'kysely'
import { appendAuditRow } from '../../db/auditChain'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'

export interface AuditEntry {
  actorUserId: number | null
  action: string
  entityType: string
  entityId?: number | null
  villageId?: number | null
  townshipId?: number | null
  before?: unknown
  after?: unknown
  ip?: string | null
  at: Date
}

/** Only the fields that changed, so the log reads as a diff. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {}
  const a: Partial<T> = {}
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'version' || key === 'updated_at') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key]
      a[key] = after[key]
    }
  }
  return { before: b, after: a }
}

/** Append to the hash chain (db/auditChain.ts); the database stamps recorded_at, `at` is the app's occurred_at. */
export async function recordAudit(db: DB | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await appendAuditRow(db, {
    occurred_at: entry.at.toISOString(),
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    village_id: entry.villageId ?? null,
    township_id: entry.townshipId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: entry.ip ?? null,
  })
}

/** One audited change of a record, as its history pages show it. */
export interface AuditHistoryEntry {
  id: number
  action: string
  actorName: string | null
  occurredAt: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Every audited change of one record (a problem, a report …), oldest first, with who made it. */
export async function auditHistoryOf(db: DB | Transaction<Database>, entityType: string, entityId: number): Promise<AuditHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.occurred_at', 'audit_log.before', 'audit_log.after', 'users.display_name as actorName'])
    .where('audit_log.entity_type', '=', entityType)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actorName: r.actorName,
    occurredAt: r.occurred_at,
    before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
    after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
  }))
}
