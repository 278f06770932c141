// Every event a walk of the campaign machine may send: for each type, facts that pass its guard and facts that fail
// it. Shared by the model-based path tests and the workflow diagram's tests, so both walk the same machine.
import type { CampaignEvent } from '../../workflows/campaignMachine'

export const CAMPAIGN_EVENTS: CampaignEvent[] = [
  { type: 'COMPLETE_MOBILISATION', openChecklistItems: 0 },
  { type: 'COMPLETE_MOBILISATION', openChecklistItems: 3 },
  { type: 'SUBMIT_SELF_INSPECTION', households: 10, reviewed: 10, homeVisited: 10, problemsFound: 0, selfInspectionProblems: 0, nonKeepOutcomes: 0 }, // 零报告
  { type: 'SUBMIT_SELF_INSPECTION', households: 10, reviewed: 10, homeVisited: 10, problemsFound: 2, selfInspectionProblems: 2, nonKeepOutcomes: 1 },
  { type: 'SUBMIT_SELF_INSPECTION', households: 10, reviewed: 9, homeVisited: 10, problemsFound: 2, selfInspectionProblems: 2, nonKeepOutcomes: 1 }, // 自查面不足
  { type: 'SUBMIT_SELF_INSPECTION', households: 10, reviewed: 10, homeVisited: 9, problemsFound: 0, selfInspectionProblems: 0, nonKeepOutcomes: 0 }, // 入户不足
  { type: 'START_SUPERVISION', openChecklistItems: 0 },
  { type: 'START_SUPERVISION', openChecklistItems: 0, openOrders: 1, unansweredOrders: 1 }, // orders open from before a send-back
  { type: 'START_SUPERVISION', openChecklistItems: 0, openOrders: 1, unansweredOrders: 0 },
  { type: 'START_SUPERVISION', openChecklistItems: 1 },
  { type: 'ORDER_RECTIFICATION', orderId: 1 },
  { type: 'ANSWER_RECTIFICATION', orderId: 1, unansweredOrders: 0 },
  { type: 'ANSWER_RECTIFICATION', orderId: 1, unansweredOrders: 1 },
  { type: 'REJECT_RECTIFICATION', orderId: 1 },
  { type: 'ACCEPT_RECTIFICATION', orderId: 1, openOrders: 0, unansweredOrders: 0 },
  { type: 'ACCEPT_RECTIFICATION', orderId: 1, openOrders: 1, unansweredOrders: 0 },
  { type: 'ACCEPT_RECTIFICATION', orderId: 1, openOrders: 2, unansweredOrders: 1 },
  { type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 0 },
  { type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 1 },
  { type: 'COMPLETE_SUPERVISION', openOrders: 1, keyInspections: 1 },
  { type: 'WRITE_SUMMARY', openChecklistItems: 0 },
  { type: 'WRITE_SUMMARY', openChecklistItems: 2 },
  { type: 'CLOSE', openMeasures: 0 },
  { type: 'CLOSE', openMeasures: 1 },
  { type: 'SEND_BACK', reason: '入户调查走过场' },
  { type: 'SEND_BACK', reason: ' ' },
]
