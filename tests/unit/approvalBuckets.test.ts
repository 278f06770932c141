// Which bucket of the dashboard's 审批进度 each state of a proposal counts in (app/models/approvalBuckets.ts).
import { describe, expect, it } from 'vitest'
import { bucketsOf, countState, emptyApprovalCounts, sumApprovalCounts } from '../../app/models/approvalBuckets'
import { APPROVAL_STATE_LABELS } from '../../workflows/approvalSteps'

describe('the approval buckets', () => {
  it('count a proposal awaiting the township’s review — in any form, at further checks or a hearing — as 待镇审核', () => {
    for (const state of ['townshipReview.proposed', 'townshipReview.returnedFromNotice', 'townshipReview.heard', 'furtherChecks', 'hearing'])
      expect(bucketsOf(state), state).toEqual(['proposed'])
  })

  it('count everything past 镇审核 as township-reviewed, the notice and the approval in their own buckets too', () => {
    expect(bucketsOf('inNotice')).toEqual(['townshipReviewed', 'inNotice'])
    expect(bucketsOf('countyReview')).toEqual(['townshipReviewed'])
    expect(bucketsOf('approved')).toEqual(['townshipReviewed', 'countyApproved'])
    expect(bucketsOf('refused')).toEqual(['townshipReviewed'])
  })

  it('count a returned proposal as 退回, a withdrawn one and an unknown state nowhere', () => {
    expect(bucketsOf('returned')).toEqual(['returned'])
    expect(bucketsOf('withdrawn')).toEqual([])
    expect(bucketsOf('toString')).toEqual([])
    expect(bucketsOf('nonsense')).toEqual([])
  })

  it('give every state of the machine a place, and add counts up', () => {
    const counts = emptyApprovalCounts()
    for (const state of Object.keys(APPROVAL_STATE_LABELS)) countState(counts, state, 2)
    // 5 states awaiting review, 4 past it, 1 in notice, 1 approved, 1 returned (two proposals each)
    expect(counts).toEqual({ proposed: 10, townshipReviewed: 8, inNotice: 2, objections: 0, countyApproved: 2, returned: 2, overdue: 0 })
    const other = { ...emptyApprovalCounts(), objections: 3, overdue: 1, proposed: 1 }
    expect(sumApprovalCounts([counts, other])).toEqual({ ...counts, objections: 3, overdue: 1, proposed: 11 })
    expect(sumApprovalCounts([])).toEqual(emptyApprovalCounts())
  })
})
