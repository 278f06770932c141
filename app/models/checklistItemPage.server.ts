// One checklist item of a village (清单事项) as its own page shows it: its wording, phase, and who ticked it when with
// what note. The item must belong to the village and the township's current campaign.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { getCurrentCampaign } from './campaign.server'
import { campaignChecklist, checklistLabel } from './campaignEnrolment.server'

export interface ChecklistItemDetail {
  id: number
  label: string
  phase: PhaseId
  doneOn: string | null
  doneBy: string | null
  note: string | null
}

export type ChecklistItemResult = { ok: true; item: ChecklistItemDetail } | { ok: false; kind: 'notFound' | 'otherVillage' }

export async function getChecklistItem(db: DB, q: { townshipId: number; villageId: number; itemId: number }): Promise<ChecklistItemResult> {
  const campaign = await getCurrentCampaign(db, q.townshipId)
  if (!campaign) return { ok: false, kind: 'notFound' }
  const row = await db
    .selectFrom('checklist_items as c')
    .leftJoin('users as u', 'u.id', 'c.done_by_user_id')
    .select(['c.id', 'c.campaign_id', 'c.village_id', 'c.phase', 'c.item_key', 'c.done_on', 'c.note', 'u.display_name as doneBy'])
    .where('c.id', '=', q.itemId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== campaign.id) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  const lines = await campaignChecklist(db, campaign)
  return {
    ok: true,
    item: {
      id: row.id,
      label: checklistLabel(lines, campaign.templateKey, row.phase, row.item_key),
      phase: row.phase,
      doneOn: row.done_on,
      doneBy: row.doneBy,
      note: row.note,
    },
  }
}
