// One village's way through the campaign (篇一 四、实施步骤), as an XState v5 machine.
// Pure: guards decide on facts the server counted inside the same transaction and put in the event, so the
// machine never reads a database and its tests need none. A refused event comes back as a reason code that
// the app turns into Chinese (app/i18n).
import { and, assign, createActor, getStateNodes, setup, transition, type SnapshotFrom } from 'xstate'
import type { PhaseId } from './phases'
import { isZeroReport, type SelfInspectionFindings } from './rules/zeroReport'
import { migratePersisted, SnapshotVersionError, type SnapshotMigration } from './snapshotVersions'

/** Bump when the machine's states or context change shape; see migrateSnapshot. */
export const MACHINE_VERSION = 1

export interface CampaignContext {
  /** 零报告: the self-inspection found nothing (workflows/rules/zeroReport.ts) */
  zeroReport: boolean
  /** 重点督查 */
  keySupervision: boolean
  problemsFound: number
  /** reason given when a leader last sent the village back */
  lastSendBackReason: string | null
}

export type CampaignEvent =
  | { type: 'COMPLETE_MOBILISATION'; openChecklistItems: number }
  // problemsFound: every problem registered; the findings (selfInspectionProblems, nonKeepOutcomes) decide 零报告
  | ({ type: 'SUBMIT_SELF_INSPECTION'; households: number; reviewed: number; homeVisited: number; problemsFound: number } & SelfInspectionFindings)
  // open orders survive a send-back: supervision resumes in the sub-state they imply (absent = none)
  | { type: 'START_SUPERVISION'; openChecklistItems: number; openOrders?: number; unansweredOrders?: number }
  | { type: 'ORDER_RECTIFICATION'; orderId: number }
  | { type: 'ANSWER_RECTIFICATION'; orderId: number; unansweredOrders: number }
  | { type: 'REJECT_RECTIFICATION'; orderId: number }
  | { type: 'ACCEPT_RECTIFICATION'; orderId: number; openOrders: number; unansweredOrders: number }
  | { type: 'COMPLETE_SUPERVISION'; openOrders: number; keyInspections: number }
  | { type: 'WRITE_SUMMARY'; openChecklistItems: number }
  | { type: 'CLOSE'; openMeasures: number }
  | { type: 'SEND_BACK'; reason: string }

export type CampaignEventType = CampaignEvent['type']

export type RefusalCode =
  | 'notNow'
  | 'checklistIncomplete'
  | 'coverageIncomplete'
  | 'homeVisitsIncomplete'
  | 'openOrders'
  | 'unansweredOrders'
  | 'keyInspectionMissing'
  | 'openMeasures'
  | 'reasonRequired'

export interface Refusal {
  code: RefusalCode
  params?: Record<string, number | string>
}

type EventOf<T extends CampaignEventType> = Extract<CampaignEvent, { type: T }>

// Each check returns why the event cannot be accepted, or null. Guards call them, and so does `refusalOf`,
// so the reason a user reads is the rule the machine applied.
export const checks = {
  checklistComplete: (e: { openChecklistItems: number }): Refusal | null =>
    e.openChecklistItems > 0 ? { code: 'checklistIncomplete', params: { open: e.openChecklistItems } } : null,
  fullCoverage: (e: EventOf<'SUBMIT_SELF_INSPECTION'>): Refusal | null => {
    // 自查面必须达到100%: every household reviewed and every one visited at home.
    if (e.reviewed < e.households) return { code: 'coverageIncomplete', params: { done: e.reviewed, total: e.households } }
    if (e.homeVisited < e.households) return { code: 'homeVisitsIncomplete', params: { done: e.homeVisited, total: e.households } }
    return null
  },
  allAnswered: (e: { unansweredOrders: number }): Refusal | null =>
    e.unansweredOrders > 0 ? { code: 'unansweredOrders', params: { open: e.unansweredOrders } } : null,
  supervisionDone: (context: CampaignContext, e: EventOf<'COMPLETE_SUPERVISION'>): Refusal | null => {
    if (e.openOrders > 0) return { code: 'openOrders', params: { open: e.openOrders } }
    if (context.keySupervision && e.keyInspections < 1) return { code: 'keyInspectionMissing' }
    return null
  },
  measuresClosed: (e: EventOf<'CLOSE'>): Refusal | null => (e.openMeasures > 0 ? { code: 'openMeasures', params: { open: e.openMeasures } } : null),
  reasonGiven: (e: EventOf<'SEND_BACK'>): Refusal | null => (e.reason.trim().length < 2 ? { code: 'reasonRequired' } : null),
}

export const campaignMachine = setup({
  types: {
    context: {} as CampaignContext,
    events: {} as CampaignEvent,
  },
  guards: {
    checklistComplete: ({ event }) => 'openChecklistItems' in event && checks.checklistComplete(event) === null,
    resumesOrdered: ({ event }) => event.type === 'START_SUPERVISION' && (event.unansweredOrders ?? 0) > 0,
    resumesAwaiting: ({ event }) => event.type === 'START_SUPERVISION' && (event.openOrders ?? 0) > 0,
    fullCoverage: ({ event }) => event.type === 'SUBMIT_SELF_INSPECTION' && checks.fullCoverage(event) === null,
    allAnswered: ({ event }) => (event.type === 'ANSWER_RECTIFICATION' || event.type === 'ACCEPT_RECTIFICATION') && checks.allAnswered(event) === null,
    noOpenOrders: ({ event }) => event.type === 'ACCEPT_RECTIFICATION' && event.openOrders === 0,
    supervisionDone: ({ context, event }) => event.type === 'COMPLETE_SUPERVISION' && checks.supervisionDone(context, event) === null,
    measuresClosed: ({ event }) => event.type === 'CLOSE' && checks.measuresClosed(event) === null,
    reasonGiven: ({ event }) => event.type === 'SEND_BACK' && checks.reasonGiven(event) === null,
  },
  actions: {
    recordReport: assign(({ context, event }) => {
      if (event.type !== 'SUBMIT_SELF_INSPECTION') return {}
      // 对自查问题“零报告”的村，将重点督查 — and a village that once reported zero stays on the list even if,
      // sent back, it reports problems the second time: the first report is what warranted the scrutiny.
      const zeroReport = isZeroReport(event)
      return { zeroReport, keySupervision: context.keySupervision || zeroReport, problemsFound: event.problemsFound }
    }),
    recordSendBack: assign(({ event }) => (event.type === 'SEND_BACK' ? { lastSendBackReason: event.reason.trim() } : {})),
  },
}).createMachine({
  id: 'villageCampaign',
  initial: 'mobilisation',
  context: { zeroReport: false, keySupervision: false, problemsFound: 0, lastSendBackReason: null },
  states: {
    // 动员部署
    mobilisation: {
      on: {
        COMPLETE_MOBILISATION: { guard: 'checklistComplete', target: 'fullInspection' },
      },
    },
    // 全面排查
    fullInspection: {
      initial: 'selfInspecting',
      on: { SEND_BACK: { guard: 'reasonGiven', target: 'mobilisation', actions: 'recordSendBack' } },
      states: {
        selfInspecting: {
          on: { SUBMIT_SELF_INSPECTION: { guard: 'fullCoverage', target: 'reportSubmitted', actions: 'recordReport' } },
        },
        reportSubmitted: {
          on: {
            START_SUPERVISION: [
              { guard: and(['checklistComplete', 'resumesOrdered']), target: '#villageCampaign.supervision.orderedToRectify' },
              { guard: and(['checklistComplete', 'resumesAwaiting']), target: '#villageCampaign.supervision.awaitingVerification' },
              { guard: 'checklistComplete', target: '#villageCampaign.supervision' },
            ],
          },
        },
      },
    },
    // 检查督导
    supervision: {
      initial: 'underSupervision',
      on: {
        SEND_BACK: { guard: 'reasonGiven', target: 'fullInspection', actions: 'recordSendBack' },
        ORDER_RECTIFICATION: { target: '.orderedToRectify' },
      },
      states: {
        underSupervision: {
          on: { COMPLETE_SUPERVISION: { guard: 'supervisionDone', target: '#villageCampaign.summary' } },
        },
        // 责令整改: waiting for the village's answer
        orderedToRectify: {
          on: { ANSWER_RECTIFICATION: [{ guard: 'allAnswered', target: 'awaitingVerification' }, { target: 'orderedToRectify' }] },
        },
        // the village answered; the inspector accepts or rejects
        awaitingVerification: {
          on: {
            ACCEPT_RECTIFICATION: [
              { guard: 'noOpenOrders', target: 'underSupervision' },
              { guard: 'allAnswered', target: 'awaitingVerification' },
              { target: 'orderedToRectify' },
            ],
            REJECT_RECTIFICATION: { target: 'orderedToRectify' },
          },
        },
      },
    },
    // 总结整改
    summary: {
      initial: 'rectifying',
      on: { SEND_BACK: { guard: 'reasonGiven', target: 'supervision', actions: 'recordSendBack' } },
      states: {
        rectifying: {
          on: { WRITE_SUMMARY: { guard: 'checklistComplete', target: 'summaryWritten' } },
        },
        summaryWritten: {
          on: { CLOSE: { guard: 'measuresClosed', target: '#villageCampaign.closed' } },
        },
      },
    },
    closed: { type: 'final' },
  },
})

export type CampaignSnapshot = SnapshotFrom<typeof campaignMachine>

/** The dotted state value: 'mobilisation', 'supervision.orderedToRectify', … */
export function stateKey(snapshot: CampaignSnapshot): string {
  const value = snapshot.value
  if (typeof value === 'string') return value
  const [parent, child] = Object.entries(value)[0] as [string, string]
  return `${parent}.${child}`
}

export function phaseOf(snapshot: CampaignSnapshot): PhaseId | 'closed' {
  return stateKey(snapshot).split('.')[0] as PhaseId | 'closed'
}

export function initialSnapshot(): CampaignSnapshot {
  return createActor(campaignMachine).getSnapshot()
}

/** Why the machine would refuse this event now, or null if it accepts it. */
export function refusalOf(snapshot: CampaignSnapshot, event: CampaignEvent): Refusal | null {
  if (snapshot.can(event)) return null
  const state = stateKey(snapshot)
  switch (event.type) {
    case 'COMPLETE_MOBILISATION':
      return state === 'mobilisation' ? checks.checklistComplete(event) : { code: 'notNow' }
    case 'SUBMIT_SELF_INSPECTION':
      return state === 'fullInspection.selfInspecting' ? checks.fullCoverage(event) : { code: 'notNow' }
    case 'START_SUPERVISION':
      return state === 'fullInspection.reportSubmitted' ? checks.checklistComplete(event) : { code: 'notNow' }
    case 'COMPLETE_SUPERVISION':
      return state === 'supervision.underSupervision'
        ? checks.supervisionDone(snapshot.context, event)
        : state.startsWith('supervision.')
          ? { code: 'openOrders', params: { open: Math.max(event.openOrders, 1) } }
          : { code: 'notNow' }
    case 'WRITE_SUMMARY':
      return state === 'summary.rectifying' ? checks.checklistComplete(event) : { code: 'notNow' }
    case 'CLOSE':
      return state === 'summary.summaryWritten' ? checks.measuresClosed(event) : { code: 'notNow' }
    case 'SEND_BACK':
      return state === 'mobilisation' || state === 'closed' ? { code: 'notNow' } : checks.reasonGiven(event)
    default:
      return { code: 'notNow' }
  }
}

export type Applied = { accepted: true; snapshot: CampaignSnapshot; from: string; to: string } | { accepted: false; refusal: Refusal; from: string }

/** Apply one event purely: the next snapshot, or the reason it is refused. Nothing else changes. */
export function applyEvent(snapshot: CampaignSnapshot, event: CampaignEvent): Applied {
  const from = stateKey(snapshot)
  const refusal = refusalOf(snapshot, event)
  if (refusal) return { accepted: false, refusal, from }
  const [next] = transition(campaignMachine, snapshot, event)
  return { accepted: true, snapshot: next, from, to: stateKey(next) }
}

export interface StoredSnapshot {
  machineVersion: number
  snapshot: unknown
}

export function persist(snapshot: CampaignSnapshot): unknown {
  return campaignMachine.getPersistedSnapshot(snapshot)
}

export { SnapshotVersionError, type SnapshotMigration }

/**
 * Upgrades for snapshots written by older machine versions, keyed by the version they upgrade FROM. When the
 * machine changes shape, bump MACHINE_VERSION and add the step here (with a test); a stored snapshot then moves
 * forward step by step. Version 1 is the first, so there is nothing to upgrade yet.
 */
export const SNAPSHOT_MIGRATIONS: Record<number, SnapshotMigration> = {}

/**
 * Restore a stored snapshot. Older machine versions are migrated step by step; a version this code does not
 * know how to reach (a newer one, or an older one without a migration) is refused rather than guessed at.
 */
export function restore(stored: StoredSnapshot, migrations: Record<number, SnapshotMigration> = SNAPSHOT_MIGRATIONS): CampaignSnapshot {
  const persisted = migratePersisted(stored, MACHINE_VERSION, migrations, 'workflow')
  return createActor(campaignMachine, { snapshot: persisted as never }).getSnapshot()
}

/**
 * The event types the current state handles at all (guards aside), read from the machine's own transitions for the
 * state and its ancestors: which actions a page may offer (tests/unit/workflowActions.test.ts checks that these are
 * exactly the events the machine accepts in that state for some facts).
 */
export function eventsHandled(snapshot: CampaignSnapshot): CampaignEventType[] {
  return [...new Set(getStateNodes(campaignMachine.root, snapshot.value).flatMap((node) => node.ownEvents))] as CampaignEventType[]
}
