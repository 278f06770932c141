// The campaign and each village's way through it: 专项整治活动, its phase windows, the village workflows and their
// events, the phase checklists.
import type { PhaseId } from '../../workflows/phases'
import type { CampaignStatus } from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** 专项整治活动 */
export interface CampaignTable {
  id: Id
  township_id: number
  name: string
  /** which template (workflows/) this campaign was created from */
  template_key: string
  /** open until the township closes it; one open campaign per township */
  status: Defaulted<CampaignStatus>
  /** the day the campaign starts (its first window's first day) */
  started_on: string | null
  closed_on: string | null
  closed_by_user_id: number | null
  /** 汇总上报总结报告: due to the county by */
  summary_due_on: string | null
  /** the day the township submitted its summary report to the county */
  summary_submitted_on: string | null
  summary_submitted_by_user_id: number | null
  /** JSON StepLimits (workflows/approvalSteps.ts) for this campaign's proposals; null: the template's defaults */
  approval_limits: string | null
  /** optimistic-lock counter for the campaign's own fields */
  version: Defaulted<number>
  created_at: CreatedAt
}

/** A campaign's own checklist wording per phase (the template's, as the township edited it before the start). */
export interface CampaignChecklistItemTable {
  id: Id
  campaign_id: number
  phase: PhaseId
  item_key: string
  label: string
  sort_order: number
}

/** 乡镇工作清单: the township's own duties in a campaign (制定专项整治方案, 召开动员部署会 …). */
export interface TownshipTaskTable {
  id: Id
  campaign_id: number
  township_id: number
  task_key: string
  label: string
  sort_order: number
  owner_user_id: number | null
  /** the owner as written when not a user of the system */
  owner_name: string | null
  due_on: string | null
  done_on: string | null
  done_by_user_id: number | null
  /** 佐证: what shows it was done (文件号, 会议纪要 …) */
  evidence_note: string | null
  version: Defaulted<number>
  updated_at: string
}

/** A campaign's phase windows (阶段时间安排). */
export interface CampaignPhaseTable {
  id: Id
  campaign_id: number
  phase: PhaseId
  sort_order: number
  starts_on: string
  ends_on: string
  /** optimistic-lock counter: every save of the windows bumps it */
  version: Defaulted<number>
}

/** One row per village per campaign: the persisted XState snapshot of that village's workflow. */
export interface VillageWorkflowTable {
  id: Id
  campaign_id: number
  village_id: number
  /** version of the machine definition that wrote the snapshot */
  machine_version: number
  snapshot: string
  /** dotted state value, e.g. 'supervision.orderedToRectify', kept beside the snapshot for queries */
  state: string
  phase: string
  /** optimistic-lock counter: every accepted event bumps it */
  version: Defaulted<number>
  /** 零报告 */
  zero_report: Defaulted<number>
  /** 重点督查 */
  key_supervision: Defaulted<number>
  /** date the village entered its current phase */
  phase_entered_on: string
  updated_at: string
}

/** Append-only history of accepted workflow events. */
export interface WorkflowEventTable {
  id: Id
  workflow_id: number
  /** the workflow version this event produced */
  version: number
  event_type: string
  payload: string
  actor_user_id: number | null
  occurred_at: string
  from_state: string
  to_state: string
}

/** A phase checklist item of one village (工作清单). */
export interface ChecklistItemTable {
  id: Id
  campaign_id: number
  village_id: number
  phase: PhaseId
  item_key: string
  sort_order: number
  done_on: string | null
  done_by_user_id: number | null
  note: string | null
  /** optimistic-lock counter: every tick or reopen bumps it */
  version: Defaulted<number>
  updated_at: string
}
