// A household's history: who changed the household or its reviews, when, and which fields, read from the
// append-only audit log (see ./audit.server.ts and ./villageHistory.server.ts for the village's).
import type { DB } from '../../db/connection.server'
import { auditActionLabel, auditDetails } from '../i18n/auditText'

export interface HouseholdHistoryEntry {
  id: number
  at: string
  actorName: string | null
  /** the action in words (the page gets no codes) */
  label: string
  /** what it touched, in words: the fields a save changed, an export's format and size */
  details: string[]
}

/** Who changed this household or its reviews (or printed its form), when, and which fields: from the append-only audit log. */
export async function getHouseholdHistory(db: DB, householdId: number): Promise<HouseholdHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.occurred_at', 'audit_log.action', 'audit_log.after', 'users.display_name as actorName'])
    .where((eb) =>
      eb.or([
        eb.and([eb('audit_log.entity_type', '=', 'household'), eb('audit_log.entity_id', '=', householdId)]),
        eb.and([
          eb('audit_log.entity_type', '=', 'household_review'),
          eb('audit_log.entity_id', 'in', eb.selectFrom('household_reviews').select('id').where('household_id', '=', householdId)),
        ]),
      ]),
    )
    .orderBy('audit_log.id', 'desc')
    .limit(50)
    .execute()
  return rows.map((r) => {
    const after: unknown = r.after ? JSON.parse(r.after) : null
    return { id: r.id, at: r.occurred_at, actorName: r.actorName, label: auditActionLabel(r.action), details: auditDetails(r.action, after) }
  })
}
