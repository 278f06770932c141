// Which right sends which workflow event, which events a person sends from the village page, and which of them the
// page offers: those the machine's current state handles (eventsHandled, read from the machine's transitions) that
// the person's role has the right to send. Types only from the machine: this module carries no XState.
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

export const PAGE_EVENTS = [
  'COMPLETE_MOBILISATION',
  'SUBMIT_SELF_INSPECTION',
  'START_SUPERVISION',
  'COMPLETE_SUPERVISION',
  'WRITE_SUMMARY',
  'CLOSE',
  'SEND_BACK',
] as const
export type PageEvent = (typeof PAGE_EVENTS)[number]

/**
 * The page's actions: the events the machine handles now (`handled`, from eventsHandled) that the person may send.
 * An offered event the guards then refuse is explained with the machine's refusal code (refusalOf) when it is sent.
 */
export function offeredEvents(handled: readonly CampaignEventType[], mayUse: (right: VillageRight) => boolean): PageEvent[] {
  return PAGE_EVENTS.filter((event) => handled.includes(event) && mayUse(EVENT_RIGHTS[event]))
}
