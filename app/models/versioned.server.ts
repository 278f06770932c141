// Optimistic locking and audited writes for every editable record, in one place. A form posts the version it was
// loaded with; the save is a compare-and-set (UPDATE … WHERE id = ? AND version = ?, version + 1), so of two saves
// made from the same version exactly one writes and the other is told what changed in between, read from the audit
// rows of the saves that person missed (every save writes exactly one).
// Used by reviews, problems, orders, complaints, the village workflow, users, campaign windows and checklist items.
//
// Repository functions take `DB | Tx` (a Kysely instance or a transaction, as Kysely advises): a function that must
// be atomic runs `inTransaction`, which joins the caller's transaction when given one and opens one otherwise.
import type { Kysely, Transaction, Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { auditHistoryOf, changedFields, recordAudit, type AuditHistoryEntry } from './audit.server'

export type Tx = Transaction<Database>
/** What a repository function runs its queries on: the database, or the caller's transaction. */
export type DbOrTx = DB | Tx

export type VersionedTable =
  | 'users'
  | 'campaigns'
  | 'campaign_phases'
  | 'checklist_items'
  | 'household_reviews'
  | 'problems'
  | 'complaints'
  | 'rectification_orders'
  | 'village_workflows'
  | 'township_tasks'
  | 'proposals'
  | 'townships'
  | 'county_sample_households'
  | 'households'
  | 'self_inspection_narratives'
  | 'site_settings'

/** Who writes, when, from where: what every audited step records. */
export interface Actor {
  userId: number
  at: Date
  ip?: string | null
}

/** Thrown inside a transaction when the row is no longer at the expected version: the transaction rolls back. */
export class VersionConflict extends Error {
  constructor() {
    super('version conflict')
  }
}

/** Thrown inside a transaction to roll it back with the answer the caller gets. */
export class Rollback<T> extends Error {
  constructor(readonly answer: T) {
    super('rolled back')
  }
}

/** Run `fn` in the caller's transaction when `db` is one, else in a new transaction. */
export function inTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Tx) : db.transaction().execute(fn)
}

/** The row read for a write is still at the version the form was loaded with (undefined: no check), else VersionConflict. */
export function assertVersion(stored: number, expected: number | undefined): void {
  if (expected !== undefined && stored !== expected) throw new VersionConflict()
}

/**
 * Compare-and-set: write `values` to row `id` only if it is still at `expectedVersion` (then version + 1), else
 * throw VersionConflict. `expectedVersion` undefined: no check (scripts, tests), the version is still bumped.
 */
export async function casUpdate<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number | undefined,
  values: Updateable<Database[T]>,
): Promise<void> {
  // the table is a union: Kysely cannot type a query over "one of these tables"; every one has id and version, so
  // the query is typed as one of them
  const one = db as unknown as Kysely<Database>
  const row = table as 'problems'
  let query = one
    .updateTable(row)
    .set((eb) => ({ ...(values as Updateable<Database['problems']>), version: eb('version', '+', 1) }))
    .where('id', '=', id)
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion)
  const result = await query.executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new VersionConflict()
}

/**
 * The audited step of a versioned record: compare-and-set `changes` (and updated_at) on the version read, then the
 * one audit row of this write (the changed fields before and after, plus `extra` after). Returns the new version.
 */
export async function auditedUpdate<T extends 'problems' | 'complaints' | 'rectification_orders'>(
  tx: DbOrTx,
  q: {
    table: T
    entityType: string
    current: { id: number; version: number; village_id: number }
    changes: Updateable<Database[T]>
    action: string
    actor: Actor
    townshipId?: number
    extra?: Record<string, unknown>
  },
): Promise<number> {
  const { current, actor } = q
  await casUpdate(tx, q.table, current.id, current.version, { ...q.changes, updated_at: actor.at.toISOString() })
  const diff = changedFields(current as unknown as Record<string, unknown>, q.changes as Record<string, unknown>)
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: q.action,
    entityType: q.entityType,
    entityId: current.id,
    villageId: current.village_id,
    townshipId: q.townshipId,
    before: diff.before,
    after: { ...diff.after, ...q.extra },
    ip: actor.ip,
    at: actor.at,
  })
  return current.version + 1
}

/**
 * One write in one transaction: a Rollback thrown inside is the caller's answer (everything undone); a
 * VersionConflict is answered by `onConflict`, read after the rollback (without one, it is thrown on).
 */
export async function versionedStep<T>(db: DB, step: (tx: Tx) => Promise<T>, onConflict?: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(step)
  } catch (error) {
    if (error instanceof Rollback) return error.answer as T
    if (error instanceof VersionConflict && onConflict) return onConflict()
    throw error
  }
}

/** Who saved in between. */
export interface SavedBy {
  actorName: string | null
  occurredAt: string
  action: string
}

/** A save refused because someone saved since the form was loaded: the version now stored and their saves, oldest first. */
export interface Conflict<S extends SavedBy = SavedBy> {
  ok: false
  kind: 'conflict'
  currentVersion: number
  saves: S[]
}

/** The stored version of a record and the audited saves since `expectedVersion` (the newest currentVersion − expected), oldest first. */
export async function missedSaves(
  db: DbOrTx,
  q: { table: 'problems' | 'complaints' | 'rectification_orders'; entityType: string; id: number; expectedVersion: number },
): Promise<{ currentVersion: number; saves: AuditHistoryEntry[] }> {
  const row = await (db as unknown as Kysely<Database>)
    .selectFrom(q.table as 'problems')
    .select('version')
    .where('id', '=', q.id)
    .executeTakeFirst()
  const currentVersion = row?.version ?? 0
  const missed = Math.max(0, currentVersion - q.expectedVersion)
  const saves = missed > 0 ? (await auditHistoryOf(db, q.entityType, q.id)).slice(-missed) : []
  return { currentVersion, saves }
}

/** The plain conflict answer: who saved in between, without what they changed. */
export async function conflictSince(db: DbOrTx, q: Parameters<typeof missedSaves>[1]): Promise<Conflict> {
  const { currentVersion, saves } = await missedSaves(db, q)
  return { ok: false, kind: 'conflict', currentVersion, saves: saves.map((h) => ({ actorName: h.actorName, occurredAt: h.occurredAt, action: h.action })) }
}

/** One audit row of a missed save, newest first: what it wrote, who, when. */
export interface MissedAuditRow {
  before: string | null
  after: string | null
  occurred_at: string
  display_name: string | null
}

/** The newest `missed` audit rows of a record with one of `actions`, newest first. */
export async function missedAuditRows(db: DbOrTx, q: { entityType: string; entityId: number; actions: string[]; missed: number }): Promise<MissedAuditRow[]> {
  if (q.missed <= 0) return []
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.before', 'audit_log.after', 'audit_log.occurred_at', 'users.display_name'])
    .where('audit_log.entity_type', '=', q.entityType)
    .where('audit_log.entity_id', '=', q.entityId)
    .where('audit_log.action', 'in', q.actions)
    .orderBy('audit_log.id', 'desc')
    .limit(q.missed)
    .execute()
}

/** One field the other person changed (or that differs from what this person sent): theirs, mine, who, when. */
export interface FieldConflict {
  field: string
  /** now stored */
  theirs: unknown
  /** what this person sent */
  mine: unknown
  by: string | null
  at: string | null
}

/**
 * What happened since `expectedVersion`: every field the missed saves touched (their value, who, when), and every
 * other field where the stored value differs from what was sent. The missed saves are the newest
 * (currentVersion − expectedVersion) audit rows of the record with one of `actions` (each save writes one).
 * `changedFields` maps an audit row's `after` (and `before`) to { field: value } in the keys of `theirs`.
 */
export async function describeVersionConflict(
  db: DbOrTx,
  q: {
    entityType: string
    entityId: number
    actions: string[]
    missed: number
    theirs: Record<string, unknown>
    mine: Record<string, unknown>
    changedFields?: (after: unknown, before: unknown) => Record<string, unknown>
  },
): Promise<FieldConflict[]> {
  const touched = new Map<string, { by: string | null; at: string }>()
  for (const row of await missedAuditRows(db, q)) {
    const after = row.after ? (JSON.parse(row.after) as unknown) : {}
    const before = row.before ? (JSON.parse(row.before) as unknown) : {}
    const fields = q.changedFields ? q.changedFields(after, before) : (after as Record<string, unknown>)
    // newest first: the first row that touched a field says who set its current value, and when
    for (const field of Object.keys(fields ?? {})) if (!touched.has(field)) touched.set(field, { by: row.display_name, at: row.occurred_at })
  }
  const differs = (field: string) => JSON.stringify(q.theirs[field] ?? null) !== JSON.stringify(q.mine[field] ?? null)
  return Object.keys(q.theirs)
    .filter((field) => (touched.has(field) && field in q.theirs) || differs(field))
    .map((field) => ({ field, theirs: q.theirs[field], mine: q.mine[field], by: touched.get(field)?.by ?? null, at: touched.get(field)?.at ?? null }))
}
