// A village's history: every audited change made in it (reviews, problems, orders, visits, reports, checklists,
// imports, exports), newest first, from the append-only audit log — each entry in words (../i18n/auditText.ts) and
// naming the household or record it concerns.
import type { DB } from '../../db/connection.server'
import { auditActionLabel, auditDetails } from '../i18n/auditText'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { checklistLabel } from './campaignEnrolment.server'
import { reportAccessOf, type Viewer } from './campaign.server'

export interface VillageHistoryEntry {
  id: number
  at: string
  actorName: string | null
  action: string
  entityType: string
  entityId: number | null
  /** the action in words */
  label: string
  /** the household or record it concerns, and where to open it; null when it is the village itself */
  subject: { name: string; path: string | null } | null
  /** what it touched, in words: fields, or an export's format and size */
  details: string[]
}

const S = t.villageHistory.subjects

/**
 * The village's history as this viewer may see it: the public reports' entries (who registered a report, when, by
 * which channel, who supervises it) only for those who may open the report register — never for a cadre, nor the
 * county, which the register refuses too.
 */
export async function getVillageHistory(db: DB, villageId: number, viewer: Viewer, limit = 200): Promise<VillageHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.occurred_at',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.after',
      'users.display_name as actorName',
    ])
    .where('audit_log.village_id', '=', villageId)
    .$if(reportAccessOf(viewer) !== 'full', (q) => q.where('audit_log.entity_type', '!=', 'complaint'))
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute()
  const parsed = rows.map((r) => ({ ...r, after: parseObject(r.after) }))
  const subjects = await subjectsOf(db, villageId, parsed)
  return parsed.map((r) => ({
    id: r.id,
    at: r.occurred_at,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    label: auditActionLabel(r.action),
    subject: subjects(r),
    details: auditDetails(r.action, r.after),
  }))
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

type Row = { entity_type: string; entity_id: number | null; after: Record<string, unknown> | null }

/** Names of the records the rows concern, read in one query per kind of record (only this village's). */
async function subjectsOf(db: DB, villageId: number, rows: readonly Row[]): Promise<(r: Row) => VillageHistoryEntry['subject']> {
  const ids = (type: string) => [...new Set(rows.flatMap((r) => (r.entity_type === type && r.entity_id !== null ? [r.entity_id] : [])))]
  const reviewIds = ids('household_review')
  const reviews = reviewIds.length
    ? new Map(
        (
          await db.selectFrom('household_reviews').select(['id', 'household_id']).where('id', 'in', reviewIds).where('village_id', '=', villageId).execute()
        ).map((r) => [r.id, r.household_id]),
      )
    : new Map<number, number>()
  const proposalIds = ids('proposal')
  const proposals = proposalIds.length
    ? new Map(
        (await db.selectFrom('proposals').select(['id', 'household_id']).where('id', 'in', proposalIds).where('village_id', '=', villageId).execute()).map(
          (p) => [p.id, p.household_id],
        ),
      )
    : new Map<number, number>()
  const householdIds = [...new Set([...ids('household'), ...reviews.values(), ...proposals.values()])]
  const households = householdIds.length
    ? new Map(
        (await db.selectFrom('households').select(['id', 'head_name']).where('id', 'in', householdIds).where('village_id', '=', villageId).execute()).map(
          (h) => [h.id, h.head_name],
        ),
      )
    : new Map<number, string>()
  const problemIds = ids('problem')
  const problems = problemIds.length
    ? new Map(
        (await db.selectFrom('problems').select(['id', 'category']).where('id', 'in', problemIds).where('village_id', '=', villageId).execute()).map((p) => [
          p.id,
          p.category,
        ]),
      )
    : new Map<number, string>()
  const orderIds = ids('rectificationOrder')
  const orders = orderIds.length
    ? new Map(
        (
          await db.selectFrom('rectification_orders').select(['id', 'deadline_on']).where('id', 'in', orderIds).where('village_id', '=', villageId).execute()
        ).map((o) => [o.id, o.deadline_on]),
      )
    : new Map<number, string>()
  const visitIds = ids('inspectionVisit')
  const visits = visitIds.length
    ? new Map(
        (await db.selectFrom('inspection_visits').select(['id', 'visited_on']).where('id', 'in', visitIds).where('village_id', '=', villageId).execute()).map(
          (v) => [v.id, v.visited_on],
        ),
      )
    : new Map<number, string>()
  const complaintIds = ids('complaint')
  const complaints = complaintIds.length
    ? new Map(
        (await db.selectFrom('complaints').select(['id', 'received_on']).where('id', 'in', complaintIds).where('village_id', '=', villageId).execute()).map(
          (c) => [c.id, c.received_on],
        ),
      )
    : new Map<number, string>()
  const itemIds = ids('checklist_item')
  const items = itemIds.length
    ? new Map(
        (
          await db
            .selectFrom('checklist_items')
            .innerJoin('campaigns', 'campaigns.id', 'checklist_items.campaign_id')
            .leftJoin('campaign_checklist_items as own', (join) =>
              join
                .onRef('own.campaign_id', '=', 'checklist_items.campaign_id')
                .onRef('own.phase', '=', 'checklist_items.phase')
                .onRef('own.item_key', '=', 'checklist_items.item_key'),
            )
            .select(['checklist_items.id', 'checklist_items.item_key', 'checklist_items.phase', 'campaigns.template_key', 'own.label'])
            .where('checklist_items.id', 'in', itemIds)
            .where('checklist_items.village_id', '=', villageId)
            .execute()
        ).map((i) => [i.id, i.label ?? checklistLabel([], i.template_key, i.phase, i.item_key)]),
      )
    : new Map<number, string>()

  const household = (id: number | undefined) => {
    const name = id === undefined ? undefined : households.get(id)
    return name === undefined ? null : { name: format(S.household, { name }), path: `/villages/${villageId}/households/${id}` }
  }
  return (r) => {
    const id = r.entity_id
    switch (r.entity_type) {
      case 'household':
        if (id !== null) return household(id)
        // a refused addition has no record: the name the cadre typed
        return typeof r.after?.headName === 'string' ? { name: format(S.household, { name: r.after.headName }), path: null } : null
      case 'household_review':
        return household(id === null ? undefined : reviews.get(id))
      // a proposal (拟) is named by its household and opens on its own page
      case 'proposal': {
        const owner = household(id === null ? undefined : proposals.get(id))
        return owner ? { name: format(S.proposal, { household: owner.name }), path: `/proposals/${id}` } : null
      }
      case 'problem': {
        const category = id === null ? undefined : problems.get(id)
        if (category === undefined) return null
        return {
          name: format(S.problem, { category: (t.problemCategories as Record<string, string>)[category] ?? '' }),
          path: `/villages/${villageId}/problems/${id}`,
        }
      }
      case 'rectificationOrder': {
        const date = id === null ? undefined : orders.get(id)
        return date === undefined ? null : { name: format(S.order, { date }), path: `/villages/${villageId}/orders/${id}` }
      }
      case 'inspectionVisit': {
        const date = id === null ? undefined : visits.get(id)
        return date === undefined ? null : { name: format(S.visit, { date }), path: null }
      }
      case 'checklist_item':
        return { name: (id === null ? undefined : items.get(id)) ?? S.checklist, path: null }
      case 'complaint': {
        const date = id === null ? undefined : complaints.get(id)
        return date === undefined ? null : { name: format(S.complaint, { date }), path: `/complaints/${id}` }
      }
      default:
        return null
    }
  }
}
