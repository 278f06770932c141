// 乡镇工作清单: the township's own duties in a campaign (制定专项整治方案, 召开动员部署会, 成立工作专班, 公布举报电话,
// 汇总上报总结报告), apart from the villages' checklists, each with an owner, a due day and an evidence note.
import { townshipTaskDueDays } from '../../workflows/rules/campaignPlan'
import type { PhaseWindow } from '../../workflows/rules/schedule'
import { findTemplate } from '../../workflows/template'
import type { Tx } from './versioned.server'

/** Write a new campaign's township duties from its template, due inside its windows (in the caller's transaction). */
export async function addTownshipTasks(
  tx: Tx,
  campaign: { id: number; townshipId: number; templateKey: string; windows: readonly PhaseWindow[] },
  at: Date,
): Promise<void> {
  const template = findTemplate(campaign.templateKey)
  if (!template) return
  const tasks = townshipTaskDueDays(template, campaign.windows)
  if (tasks.length === 0) return
  await tx
    .insertInto('township_tasks')
    .values(
      tasks.map((task) => ({
        campaign_id: campaign.id,
        township_id: campaign.townshipId,
        task_key: task.key,
        label: task.label,
        sort_order: task.sortOrder,
        due_on: task.dueOn,
        updated_at: at.toISOString(),
      })),
    )
    .execute()
}
