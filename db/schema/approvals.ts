// 拟 proposals through 镇审核 → 审核结果公示 → 县审批 (ADR 010), their objections (异议), the notices (公示) that
// carried them, and the allowance history an approval writes (the standing notice reads it).
import type { ApprovalStateKey, ApprovalStep, ObjectionResult, ProposalKind } from '../../workflows/approvalSteps'
import type { ComplaintChannel } from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** One proposal (拟) of a village for one household; one open (final = 0) per household. */
export interface ProposalTable {
  id: Id
  campaign_id: number
  village_id: number
  /** for an enrol (纳入申请) the family registered as an applicant household */
  household_id: number
  /** the 复核认定情况登记表 it came from */
  review_id: number | null
  kind: ProposalKind
  /** 理由: the review's conclusion and reasons */
  grounds: string
  /** the household's monthly amount when proposed (fen) */
  current_amount_fen: number
  /** adjust / enrol: the amount proposed (fen) */
  proposed_amount_fen: number | null
  /** stop / stopAndRecover: the exit date proposed */
  proposed_exit_date: string | null
  /** stopAndRecover: 追回 and 罚款 (fen), from the review */
  recovered_fen: number | null
  fine_fen: number | null
  proposed_by_user_id: number | null
  proposed_on: string
  /** the approval machine's persisted snapshot (workflows/approvalMachine.ts persist) and its version */
  machine_version: number
  snapshot: string
  /** stateKey(snapshot), e.g. 'townshipReview.proposed': for queries and counts */
  state: ApprovalStateKey
  step: ApprovalStep
  step_entered_on: string
  /** 1 once approved, refused or withdrawn */
  final: Defaulted<number>
  notice_from: string | null
  notice_to: string | null
  /** copied from the machine's decision on approval */
  decision_effective_month: string | null
  decision_amount_fen: number | null
  decision_exit_date: string | null
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** Append-only: every accepted event of a proposal, as workflow_events is for a village's campaign. */
export interface ProposalEventTable {
  id: Id
  proposal_id: number
  /** the proposal's version after this event */
  version: number
  event_type: string
  /** the event as the machine received it (JSON) */
  payload: string
  from_state: string | null
  to_state: string
  actor_user_id: number | null
  occurred_at: string
}

/** 异议: registered during a notice; each must be verified (核实) before the notice can end. */
export interface ProposalObjectionTable {
  id: Id
  proposal_id: number
  /** the machine's number, 1, 2, … within the proposal */
  no: number
  registered_on: string
  channel: ComplaintChannel
  /** who objected, as given (may be anonymous) */
  objector: string | null
  content: string
  registered_by_user_id: number | null
  result: ObjectionResult | null
  verified_on: string | null
  verified_by_user_id: number | null
  verification_note: string | null
  /** a substantiated objection may register a problem */
  problem_id: number | null
}

/** 审核结果公示: one printed/exported notice of a village's proposals for a period, with the 举报电话 it carried. */
export interface NoticeTable {
  id: Id
  township_id: number
  village_id: number
  notice_from: string
  notice_to: string
  report_phone: string
  created_by_user_id: number | null
  created_at: CreatedAt
}

export interface NoticeProposalTable {
  notice_id: number
  proposal_id: number
}

/** What an approval changed, from which month: the standing notice (长期公示) of a month reads this, not proposals. */
export interface HouseholdAllowanceChangeTable {
  id: Id
  household_id: number
  proposal_id: number | null
  kind: ProposalKind
  /** 'YYYY-MM': the first month the change applies to */
  from_month: string
  /** the monthly amount before the change (fen): what was paid in the months before from_month */
  previous_amount_fen: number
  /** adjust / enrol: the new monthly amount */
  amount_fen: number | null
  /** stop / stopAndRecover */
  exit_date: string | null
  approved_by_user_id: number | null
  approved_on: string
}
