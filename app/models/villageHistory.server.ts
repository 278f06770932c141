// A village's history: every audited change made in it (reviews, problems, orders, visits, reports, checklists,
// imports, exports), newest first, from the append-only audit log.
import type { DB } from '../../db/connection.server'
import { reportAccessOf, type Viewer } from './campaign.server'

export interface VillageHistoryEntry {
  id: number
  at: string
  actorName: string | null
  action: string
  entityType: string
  entityId: number | null
  fields: string[]
}

/**
 * The village's history as this viewer may see it: the public reports' entries (who registered a report, when, by
 * which channel, who supervises it) only for those who may open the report register — never for a cadre, nor the
 * county, which the register refuses too.
 */
export async function getVillageHistory(db: DB, villageId: number, viewer: Viewer, limit = 200): Promise<VillageHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.occurred_at', 'audit_log.action', 'audit_log.entity_type', 'audit_log.entity_id', 'audit_log.after', 'users.display_name as actorName'])
    .where('audit_log.village_id', '=', villageId)
    .$if(reportAccessOf(viewer) !== 'full', (q) => q.where('audit_log.entity_type', '!=', 'complaint'))
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => {
    let fields: string[] = []
    try {
      const after = r.after ? JSON.parse(r.after) : null
      if (after && typeof after === 'object' && !Array.isArray(after)) fields = Object.keys(after).filter((k) => k !== 'householdId')
    } catch {
      fields = []
    }
    return { id: r.id, at: r.occurred_at, actorName: r.actorName, action: r.action, entityType: r.entity_type, entityId: r.entity_id, fields }
  })
}
