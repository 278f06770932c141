// A village's phase checklist as its page shows it: each item with its wording (the campaign's own, else the
// template's), and either its rule's live figure (the data decides it) or its manual tick (date, who, note), with
// the number of evidence files attached. The figures are countFacts's, the ones the machine's guards read.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { checklistFigures, ruleHolds, type ChecklistFact } from '../../workflows/rules/checklistRules'
import { checklistRuleOf } from '../../workflows/template'
import { campaignChecklist, checklistLabel } from './campaignEnrolment.server'
import { evidenceCounts } from './evidence/counts.server'
import { countFacts } from './workflow.server'

export interface VillageChecklistItem {
  id: number
  key: string
  label: string
  version: number
  /** a manual item's tick; always null for a rule item (the data decides it) */
  doneOn: string | null
  doneBy: string | null
  note: string | null
  /** set for an item the data decides: the fact, its live figure and whether the rule holds */
  rule: { fact: ChecklistFact; done: number; total: number; holds: boolean } | null
  /** 佐证材料 attached to the item */
  evidence: number
}

export async function getVillageChecklist(
  db: DB,
  campaign: { id: number; templateKey: string },
  villageId: number,
  phase: PhaseId,
): Promise<VillageChecklistItem[]> {
  const [lines, facts, rows] = await Promise.all([
    campaignChecklist(db, campaign),
    countFacts(db, campaign.id, villageId, phase),
    db
      .selectFrom('checklist_items')
      .leftJoin('users', 'users.id', 'checklist_items.done_by_user_id')
      .select([
        'checklist_items.id',
        'checklist_items.item_key',
        'checklist_items.done_on',
        'checklist_items.note',
        'checklist_items.version',
        'users.display_name as doneBy',
      ])
      .where('checklist_items.campaign_id', '=', campaign.id)
      .where('checklist_items.village_id', '=', villageId)
      .where('checklist_items.phase', '=', phase)
      .orderBy('checklist_items.sort_order')
      .execute(),
  ])
  const figures = checklistFigures(facts)
  const evidence = await evidenceCounts(
    db,
    'checklistItem',
    rows.map((r) => r.id),
  )
  return rows.map((r) => {
    const rule = checklistRuleOf(campaign.templateKey, phase, r.item_key)
    const figure = rule ? figures[rule.fact] : null
    return {
      id: r.id,
      key: r.item_key,
      label: checklistLabel(lines, campaign.templateKey, phase, r.item_key),
      version: r.version,
      doneOn: rule ? null : r.done_on,
      doneBy: rule ? null : r.doneBy,
      note: r.note,
      rule: rule && figure ? { fact: rule.fact, done: figure.done, total: figure.total, holds: ruleHolds(rule, figure) } : null,
      evidence: evidence.get(r.id) ?? 0,
    }
  })
}
