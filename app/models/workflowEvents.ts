// Which right sends which workflow event, and which events a person sends from the village page.
// Not a .server module: route schemas built at module level need these in the browser bundle too.
import type { CampaignEventType } from '../../workflows/campaignMachine'
import type { VillageRight } from '../utils/permissions.server'

/** Order events come from the rectification-order flow, not the village page. */
export const EVENT_RIGHTS: Record<CampaignEventType, VillageRight> = {
  COMPLETE_MOBILISATION: 'work',
  SUBMIT_SELF_INSPECTION: 'work',
  START_SUPERVISION: 'supervise',
  ORDER_RECTIFICATION: 'supervise',
  ANSWER_RECTIFICATION: 'work',
  REJECT_RECTIFICATION: 'supervise',
  ACCEPT_RECTIFICATION: 'supervise',
  COMPLETE_SUPERVISION: 'supervise',
  WRITE_SUMMARY: 'work',
  CLOSE: 'lead',
  SEND_BACK: 'lead',
}

export const PAGE_EVENTS = ['COMPLETE_MOBILISATION', 'SUBMIT_SELF_INSPECTION', 'START_SUPERVISION', 'COMPLETE_SUPERVISION', 'WRITE_SUMMARY', 'CLOSE', 'SEND_BACK'] as const
export type PageEvent = (typeof PAGE_EVENTS)[number]
