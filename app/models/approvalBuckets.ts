// The dashboard's approval figures (审批进度) per village: which bucket each state of a proposal counts in (the one
// place that says so), and adding them up. Pure: the counting query is approvalCounts.server.ts.
import type { ApprovalStateKey } from '../../workflows/approvalSteps'

/** The buckets a proposal's state counts in; one state may count in two (公示中 has also passed 镇审核). */
export const APPROVAL_STATE_BUCKETS = ['proposed', 'townshipReviewed', 'inNotice', 'countyApproved', 'returned'] as const
export type ApprovalStateBucket = (typeof APPROVAL_STATE_BUCKETS)[number]

/**
 * A village's proposals (拟) of the campaign by where they are:
 * - proposed: awaiting the township's review (镇审核 in any form, 补充核查, 民主评议/听证);
 * - townshipReviewed: passed 镇审核 (in notice, at the county, approved or refused);
 * - inNotice: in 审核结果公示 now;
 * - objections: 异议 not yet verified (核实) on proposals still in the chain — each must be verified before the notice can end;
 * - countyApproved: approved by the county (县已批准);
 * - returned: returned to the village (退回村(居)), awaiting revision or withdrawal;
 * - overdue: open proposals whose current step is past its deadline (workflows/approvalMachine.ts deadlineOf).
 * Withdrawn proposals count in none.
 */
export type ApprovalCounts = Record<ApprovalStateBucket, number> & { objections: number; overdue: number }

// Record over every state: a new state of the machine does not compile until it is given its buckets here.
const BUCKETS_OF: Record<ApprovalStateKey, readonly ApprovalStateBucket[]> = {
  'townshipReview.proposed': ['proposed'],
  'townshipReview.returnedFromNotice': ['proposed'],
  'townshipReview.heard': ['proposed'],
  furtherChecks: ['proposed'],
  hearing: ['proposed'],
  returned: ['returned'],
  inNotice: ['townshipReviewed', 'inNotice'],
  countyReview: ['townshipReviewed'],
  approved: ['townshipReviewed', 'countyApproved'],
  refused: ['townshipReviewed'],
  withdrawn: [],
}

/** The buckets a state counts in (none for a state this version does not know, e.g. a hand-edited row). */
export function bucketsOf(state: string): readonly ApprovalStateBucket[] {
  return Object.hasOwn(BUCKETS_OF, state) ? BUCKETS_OF[state as ApprovalStateKey] : []
}

export function emptyApprovalCounts(): ApprovalCounts {
  return { proposed: 0, townshipReviewed: 0, inNotice: 0, objections: 0, countyApproved: 0, returned: 0, overdue: 0 }
}

/** Adds `n` proposals in `state` to the counts (in place). */
export function countState(counts: ApprovalCounts, state: string, n: number): ApprovalCounts {
  for (const bucket of bucketsOf(state)) counts[bucket] += n
  return counts
}

/** The sum of several villages' counts (a township's, a county's). */
export function sumApprovalCounts(all: readonly ApprovalCounts[]): ApprovalCounts {
  const sum = emptyApprovalCounts()
  for (const c of all) for (const key of Object.keys(sum) as Array<keyof ApprovalCounts>) sum[key] += c[key]
  return sum
}
