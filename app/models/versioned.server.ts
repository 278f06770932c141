// Optimistic locking for every editable record, in one place. A form posts the version it was loaded with; the
// save is a compare-and-set (UPDATE … WHERE id = ? AND version = ?, version + 1), so of two saves made from the same
// version exactly one writes and the other is told what changed in between — the conflict page reviews have
// (app/components/ConflictNotice.tsx), read from the audit rows of the saves that person missed.
// Reviews, problems, orders and complaints keep their own richer conflict descriptions; users, campaign windows
// and checklist items (issue 11, finding 10) use this.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'

export type VersionedTable = 'users' | 'campaign_phases' | 'checklist_items'

/** Thrown inside a transaction when the row is no longer at the expected version: the transaction rolls back. */
export class VersionConflict extends Error {
  constructor() {
    super('version conflict')
  }
}

/**
 * Write `values` to row `id` only if it is still at `expectedVersion` (then version + 1), else throw VersionConflict.
 * `expectedVersion` undefined: no check (scripts, tests), the version is still bumped.
 */
export async function updateIfVersion(
  db: DB | Transaction<Database>,
  table: VersionedTable,
  id: number,
  expectedVersion: number | undefined,
  values: Record<string, unknown>,
): Promise<void> {
  const any = db as unknown as Kysely<any>
  let query = any.updateTable(table).set((eb: any) => ({ ...values, version: eb('version', '+', 1) })).where('id', '=', id)
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion)
  const result = await query.executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new VersionConflict()
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
  db: DB,
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
  if (q.missed > 0) {
    const rows = await db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['audit_log.before', 'audit_log.after', 'audit_log.occurred_at', 'users.display_name'])
      .where('audit_log.entity_type', '=', q.entityType)
      .where('audit_log.entity_id', '=', q.entityId)
      .where('audit_log.action', 'in', q.actions)
      .orderBy('audit_log.id', 'desc')
      .limit(q.missed)
      .execute()
    for (const row of rows) {
      const after = row.after ? (JSON.parse(row.after) as unknown) : {}
      const before = row.before ? (JSON.parse(row.before) as unknown) : {}
      const fields = q.changedFields ? q.changedFields(after, before) : (after as Record<string, unknown>)
      // newest first: the first row that touched a field says who set its current value, and when
      for (const field of Object.keys(fields ?? {})) if (!touched.has(field)) touched.set(field, { by: row.display_name, at: row.occurred_at })
    }
  }
  const differs = (field: string) => JSON.stringify(q.theirs[field] ?? null) !== JSON.stringify(q.mine[field] ?? null)
  return Object.keys(q.theirs)
    .filter((field) => (touched.has(field) && field in q.theirs) || differs(field))
    .map((field) => ({ field, theirs: q.theirs[field], mine: q.mine[field], by: touched.get(field)?.by ?? null, at: touched.get(field)?.at ?? null }))
}
