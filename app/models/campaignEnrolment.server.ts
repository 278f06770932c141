// A village joins a campaign: its workflow starts in mobilisation and it gets the campaign's checklists, in the
// caller's transaction. Used when a campaign is created (every participating village) and when a village is added
// to a township whose campaign is open (it joins in mobilisation).
import type { DbOrTx, Tx } from './versioned.server'
import { initialSnapshot, persist, stateKey, MACHINE_VERSION } from '../../workflows/campaignMachine'
import { shanghaiDay } from '../../workflows/rules/dates'
import { findTemplate } from '../../workflows/template'
import type { PhaseId } from '../../workflows/phases'

export interface CampaignChecklistLine {
  phase: PhaseId
  key: string
  label: string
  sortOrder: number
}

/** The campaign's own checklist (campaign_checklist_items), or its template's for a campaign created before them. */
export async function campaignChecklist(tx: DbOrTx, campaign: { id: number; templateKey: string }): Promise<CampaignChecklistLine[]> {
  const own = await tx
    .selectFrom('campaign_checklist_items')
    .select(['phase', 'item_key', 'label', 'sort_order'])
    .where('campaign_id', '=', campaign.id)
    .orderBy('phase')
    .orderBy('sort_order')
    .execute()
  if (own.length) return own.map((r) => ({ phase: r.phase, key: r.item_key, label: r.label, sortOrder: r.sort_order }))
  const template = findTemplate(campaign.templateKey)
  return (template?.phases ?? []).flatMap((p) => p.checklist.map((item, i) => ({ phase: p.id, key: item.key, label: item.label, sortOrder: i })))
}

/**
 * The wording of a checklist item: the campaign's own, else its template's — the village list, or for an item that
 * moved to the township's own duties since (制定专项整治方案), that duty's — else the key itself.
 */
export function checklistLabel(lines: readonly CampaignChecklistLine[], templateKey: string, phase: PhaseId, key: string): string {
  const own = lines.find((l) => l.phase === phase && l.key === key)
  if (own) return own.label
  const template = findTemplate(templateKey)
  return (
    template?.phases.find((p) => p.id === phase)?.checklist.find((c) => c.key === key)?.label ??
    template?.townshipTasks.find((task) => task.key === key)?.label ??
    key
  )
}

/** Start each village's workflow in mobilisation and give it the campaign's checklist items. */
export async function enrolVillages(tx: Tx, campaign: { id: number; templateKey: string }, villageIds: readonly number[], at: Date): Promise<void> {
  if (villageIds.length === 0) return
  const checklist = await campaignChecklist(tx, campaign)
  const now = at.toISOString()
  const snapshot = initialSnapshot()
  for (const villageId of villageIds) {
    await tx
      .insertInto('village_workflows')
      .values({
        campaign_id: campaign.id,
        village_id: villageId,
        machine_version: MACHINE_VERSION,
        snapshot: JSON.stringify(persist(snapshot)),
        state: stateKey(snapshot),
        phase: 'mobilisation',
        version: 0,
        phase_entered_on: shanghaiDay(at),
        updated_at: now,
      })
      .execute()
    if (checklist.length)
      await tx
        .insertInto('checklist_items')
        .values(
          checklist.map((c) => ({
            campaign_id: campaign.id,
            village_id: villageId,
            phase: c.phase,
            item_key: c.key,
            sort_order: c.sortOrder,
            updated_at: now,
          })),
        )
        .execute()
  }
}
