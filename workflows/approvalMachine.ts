// One proposal (拟) of a village cadre through 镇审核 → 审核结果公示 → 县审批, as an XState v5 machine (ADR 010).
// 《社会救助暂行办法》 and the plan: the township examines, 未经公示的不得审批, and only the county's approval changes
// who is paid. Pure, as the campaign machine is: every event carries the day it happens (`today`, a Shanghai
// calendar day the server reads from its clock) and the facts its guard needs, so the machine reads no clock and
// no database. A refused event comes back as a reason code (./approvalSteps APPROVAL_REFUSAL_TEXT); the reason is
// read from the guard of the transition the machine would have taken, never from a hand-written list of events.
import { and, assign, createActor, getStateNodes, setup, transition, type SnapshotFrom } from 'xstate'
import { addDays, isDay } from './rules/dates'
import { createWorkingDayCalendar, type WorkingDayCalendar } from './rules/workingDays'
import { migratePersisted, SnapshotVersionError, type SnapshotMigration } from './snapshotVersions'
import {
  DEFAULT_STEP_LIMITS,
  KINDS_WITH_AMOUNT,
  type ApprovalEventType,
  type ApprovalRefusalCode,
  type ApprovalStateKey,
  type ApprovalStep,
  type HearingForm,
  type ObjectionResult,
  type ProposalKind,
  type StepLimits,
} from './approvalSteps'

/** Bump when the machine's states or context change shape; see restore. */
export const MACHINE_VERSION = 1

export interface Objection {
  /** 1, 2, … within the proposal, in the order registered */
  no: number
  registeredOn: string
  result: ObjectionResult | null
  verifiedOn: string | null
}

/** What the county decided to change, from which month (the only change to the household the chain makes). */
export interface Decision {
  /** 'YYYY-MM': the first month paid (or no longer paid) as approved */
  effectiveMonth: string
  /** the new monthly amount in fen, for adjust and enrol */
  amountFen: number | null
  /** the exit date, for stop and stopAndRecover */
  exitDate: string | null
}

export interface ApprovalContext {
  kind: ProposalKind
  limits: StepLimits
  /** every step entered, in order, with the day: the timeline, and where each deadline counts from */
  entries: Array<{ step: ApprovalStep; on: string }>
  /** the current (or last) notice period, first and last day inclusive */
  noticeFrom: string | null
  noticeTo: string | null
  objections: Objection[]
  hearing: { form: HearingForm; orderedOn: string; record: string | null } | null
  /** the reason of the last return, referral back or refusal */
  lastReason: string | null
  decision: Decision | null
}

export interface ApprovalInput {
  kind: ProposalKind
  /** the day the village proposed it: the township's review starts then */
  proposedOn: string
  limits?: Partial<StepLimits>
}

type Dated<T> = T & { today: string }
export type ApprovalEvent =
  | Dated<{ type: 'REVISE' }>
  | Dated<{ type: 'WITHDRAW' }>
  | Dated<{ type: 'RESUBMIT' }>
  | Dated<{ type: 'ACCEPT' }>
  | Dated<{ type: 'RETURN'; reason: string }>
  | Dated<{ type: 'REFER_BACK'; reason: string }>
  | Dated<{ type: 'ORDER_HEARING'; form: HearingForm }>
  | Dated<{ type: 'RECORD_HEARING'; record: string }>
  | Dated<{ type: 'OBJECTION' }>
  | Dated<{ type: 'VERIFY_OBJECTION'; no: number; result: ObjectionResult }>
  | Dated<{ type: 'NOTICE_ENDED' }>
  | Dated<{ type: 'APPROVE'; effectiveMonth: string; amountFen?: number | null; exitDate?: string | null }>
  | Dated<{ type: 'REFUSE'; reason: string }>

export interface Refusal {
  code: ApprovalRefusalCode
  params?: Record<string, number | string>
}

const sinceOf = (context: ApprovalContext): string => context.entries[context.entries.length - 1]?.on ?? ''
const openObjections = (context: ApprovalContext): number => context.objections.filter((o) => o.result === null).length
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/** The day an event says it happens must be a calendar day, not before the current step began. */
function dated(context: ApprovalContext, event: ApprovalEvent): Refusal | null {
  return isDay(event.today) && event.today >= sinceOf(context) ? null : { code: 'badDate', params: { since: sinceOf(context) } }
}

// Each check returns why its transition cannot be taken, or null. The machine's guards are these checks, so the
// reason `refusalOf` gives is the rule the machine applied.
const checks = {
  onTime: (c: ApprovalContext, e: ApprovalEvent): Refusal | null => dated(c, e),
  reasonGiven: (c: ApprovalContext, e: ApprovalEvent): Refusal | null =>
    dated(c, e) ?? (text((e as { reason?: unknown }).reason).length < 2 ? { code: 'reasonRequired' } : null),
  recordGiven: (c: ApprovalContext, e: ApprovalEvent): Refusal | null =>
    dated(c, e) ?? (text((e as { record?: unknown }).record).length < 2 ? { code: 'recordRequired' } : null),
  // 异议 are registered during the notice period only
  duringNotice: (c: ApprovalContext, e: ApprovalEvent): Refusal | null =>
    dated(c, e) ?? (e.today > (c.noticeTo ?? '') ? { code: 'outsideNoticePeriod', params: { from: c.noticeFrom ?? '', to: c.noticeTo ?? '' } } : null),
  objectionOpen: (c: ApprovalContext, e: ApprovalEvent): Refusal | null => {
    const no = e.type === 'VERIFY_OBJECTION' ? e.no : 0
    return dated(c, e) ?? (c.objections.some((o) => o.no === no && o.result === null) ? null : { code: 'objectionNotOpen', params: { no } })
  },
  // 未经公示的不得审批: the period has passed and every objection has been verified
  noticeOver: (c: ApprovalContext, e: ApprovalEvent): Refusal | null => {
    if (dated(c, e)) return dated(c, e)
    if (e.today <= (c.noticeTo ?? '')) return { code: 'noticeNotOver', params: { to: c.noticeTo ?? '' } }
    const open = openObjections(c)
    return open > 0 ? { code: 'openObjections', params: { open } } : null
  },
  approvable: (c: ApprovalContext, e: ApprovalEvent): Refusal | null => {
    if (dated(c, e)) return dated(c, e)
    if (e.type !== 'APPROVE') return { code: 'notNow' }
    if (!MONTH.test(text(e.effectiveMonth))) return { code: 'effectiveMonthRequired' }
    if (KINDS_WITH_AMOUNT.includes(c.kind)) return Number.isSafeInteger(e.amountFen) && (e.amountFen ?? 0) > 0 ? null : { code: 'amountRequired' }
    return isDay(text(e.exitDate)) ? null : { code: 'exitDateRequired' }
  },
}
type CheckName = keyof typeof checks

const passes =
  (name: CheckName) =>
  ({ context, event }: { context: ApprovalContext; event: ApprovalEvent }): boolean =>
    checks[name](context, event) === null

export const approvalMachine = setup({
  types: { context: {} as ApprovalContext, events: {} as ApprovalEvent, input: {} as ApprovalInput },
  guards: {
    onTime: passes('onTime'),
    reasonGiven: passes('reasonGiven'),
    recordGiven: passes('recordGiven'),
    duringNotice: passes('duringNotice'),
    objectionOpen: passes('objectionOpen'),
    noticeOver: passes('noticeOver'),
    approvable: passes('approvable'),
    substantiated: ({ event }) => event.type === 'VERIFY_OBJECTION' && event.result === 'substantiated',
  },
  actions: {
    // each step's entry: the day comes from the event that entered it (the first step's from the input)
    enter: assign(({ context, event }, params: { step: ApprovalStep }) =>
      'today' in event ? { entries: [...context.entries, { step: params.step, on: event.today }] } : {},
    ),
    recordReason: assign(({ event }) => ('reason' in event ? { lastReason: event.reason.trim() } : {})),
    openNotice: assign(({ context, event }) => ({ noticeFrom: event.today, noticeTo: addDays(event.today, context.limits.notice - 1) })),
    orderHearing: assign(({ event }) => (event.type === 'ORDER_HEARING' ? { hearing: { form: event.form, orderedOn: event.today, record: null } } : {})),
    recordHearing: assign(({ context, event }) =>
      event.type === 'RECORD_HEARING' && context.hearing ? { hearing: { ...context.hearing, record: event.record.trim() } } : {},
    ),
    registerObjection: assign(({ context, event }) => ({
      objections: [...context.objections, { no: context.objections.length + 1, registeredOn: event.today, result: null, verifiedOn: null }],
    })),
    verifyObjection: assign(({ context, event }) =>
      event.type === 'VERIFY_OBJECTION'
        ? { objections: context.objections.map((o) => (o.no === event.no ? { ...o, result: event.result, verifiedOn: event.today } : o)) }
        : {},
    ),
    decide: assign(({ context, event }) => {
      if (event.type !== 'APPROVE') return {}
      const withAmount = KINDS_WITH_AMOUNT.includes(context.kind)
      return {
        decision: {
          effectiveMonth: event.effectiveMonth.trim(),
          amountFen: withAmount ? (event.amountFen ?? null) : null,
          exitDate: withAmount ? null : text(event.exitDate),
        },
      }
    }),
  },
}).createMachine({
  id: 'approval',
  initial: 'townshipReview',
  context: ({ input }) => ({
    kind: input.kind,
    limits: { ...DEFAULT_STEP_LIMITS, ...input.limits },
    entries: [{ step: 'townshipReview', on: input.proposedOn }],
    noticeFrom: null,
    noticeTo: null,
    objections: [],
    hearing: null,
    lastReason: null,
    decision: null,
  }),
  states: {
    // 镇审核, by a leader or the 镇民政所; the sub-state says how the case came (back) to the township
    townshipReview: {
      initial: 'proposed',
      entry: { type: 'enter', params: { step: 'townshipReview' } },
      on: {
        ACCEPT: { guard: 'onTime', target: 'inNotice', actions: 'openNotice' },
        RETURN: { guard: 'reasonGiven', target: 'returned', actions: 'recordReason' },
        REFER_BACK: { guard: 'reasonGiven', target: 'furtherChecks', actions: 'recordReason' },
        ORDER_HEARING: { guard: 'onTime', target: 'hearing', actions: 'orderHearing' },
      },
      states: { proposed: {}, returnedFromNotice: {}, heard: {} },
    },
    // 退回村(居): the village revises and proposes again, or withdraws
    returned: {
      entry: { type: 'enter', params: { step: 'returned' } },
      on: {
        REVISE: { guard: 'onTime', target: 'townshipReview.proposed' },
        WITHDRAW: { guard: 'onTime', target: 'withdrawn' },
      },
    },
    // 补充核查: the village checks further and resubmits
    furtherChecks: {
      entry: { type: 'enter', params: { step: 'furtherChecks' } },
      on: { RESUBMIT: { guard: 'onTime', target: 'townshipReview.proposed' } },
    },
    // 民主评议/听证 ordered by the township for a contested case
    hearing: {
      entry: { type: 'enter', params: { step: 'hearing' } },
      on: { RECORD_HEARING: { guard: 'recordGiven', target: 'townshipReview.heard', actions: 'recordHearing' } },
    },
    // 审核结果公示: objections registered and verified; a substantiated one sends the case back to the township
    inNotice: {
      entry: { type: 'enter', params: { step: 'inNotice' } },
      on: {
        OBJECTION: { guard: 'duringNotice', actions: 'registerObjection' },
        VERIFY_OBJECTION: [
          { guard: and(['objectionOpen', 'substantiated']), target: 'townshipReview.returnedFromNotice', actions: 'verifyObjection' },
          { guard: 'objectionOpen', actions: 'verifyObjection' },
        ],
        NOTICE_ENDED: { guard: 'noticeOver', target: 'countyReview' },
      },
    },
    // 县审批
    countyReview: {
      entry: { type: 'enter', params: { step: 'countyReview' } },
      on: {
        APPROVE: { guard: 'approvable', target: 'approved', actions: 'decide' },
        REFUSE: { guard: 'reasonGiven', target: 'refused', actions: 'recordReason' },
      },
    },
    approved: { type: 'final', entry: { type: 'enter', params: { step: 'approved' } } },
    refused: { type: 'final', entry: { type: 'enter', params: { step: 'refused' } } },
    withdrawn: { type: 'final', entry: { type: 'enter', params: { step: 'withdrawn' } } },
  },
})

export type ApprovalSnapshot = SnapshotFrom<typeof approvalMachine>

/** The dotted state value: 'townshipReview.proposed', 'inNotice', … */
export function stateKey(snapshot: ApprovalSnapshot): ApprovalStateKey {
  const value = snapshot.value
  if (typeof value === 'string') return value as ApprovalStateKey
  const [parent, child] = Object.entries(value)[0] as [string, string]
  return `${parent}.${child}` as ApprovalStateKey
}

export function stepOf(snapshot: ApprovalSnapshot): ApprovalStep {
  return stateKey(snapshot).split('.')[0] as ApprovalStep
}

/** A new proposal, awaiting the township's review from the day it was made. */
export function initialSnapshot(input: ApprovalInput): ApprovalSnapshot {
  if (!isDay(input.proposedOn)) throw new RangeError(`proposedOn is not a calendar day: ${input.proposedOn}`)
  for (const [step, days] of Object.entries(input.limits ?? {}))
    if (!Number.isSafeInteger(days) || days < 1 || days > 365) throw new RangeError(`${step} limit must be 1–365 days: ${days}`)
  return createActor(approvalMachine, { input }).getSnapshot()
}

/** The transitions the current state has for this event, in the order the machine tries them (deepest state first). */
function candidates(snapshot: ApprovalSnapshot, type: ApprovalEventType) {
  return getStateNodes(approvalMachine.root, snapshot.value)
    .reverse()
    .flatMap((node) => node.transitions.get(type) ?? [])
}

/**
 * Why the machine would refuse this event now, or null if it accepts it. Derived from the machine: no transition
 * for the event here → notNow; otherwise the check behind the guard of the last (most lenient) candidate transition.
 */
export function refusalOf(snapshot: ApprovalSnapshot, event: ApprovalEvent): Refusal | null {
  if (snapshot.can(event)) return null
  const last = candidates(snapshot, event.type).at(-1)
  if (!last) return { code: 'notNow' }
  const guard = last.guard
  const check = typeof guard === 'string' && guard in checks ? checks[guard as CheckName] : null
  return check?.(snapshot.context, event) ?? { code: 'notNow' }
}

/** The event types the current state handles at all (guards aside): what a page may offer. */
export function eventsHandled(snapshot: ApprovalSnapshot): ApprovalEventType[] {
  return [...new Set(getStateNodes(approvalMachine.root, snapshot.value).flatMap((node) => node.ownEvents))] as ApprovalEventType[]
}

export type Applied =
  { accepted: true; snapshot: ApprovalSnapshot; from: ApprovalStateKey; to: ApprovalStateKey } | { accepted: false; refusal: Refusal; from: ApprovalStateKey }

/** Apply one event purely: the next snapshot, or the reason it is refused. Nothing else changes. */
export function applyEvent(snapshot: ApprovalSnapshot, event: ApprovalEvent): Applied {
  const from = stateKey(snapshot)
  const refusal = refusalOf(snapshot, event)
  if (refusal) return { accepted: false, refusal, from }
  const [next] = transition(approvalMachine, snapshot, event)
  return { accepted: true, snapshot: next, from, to: stateKey(next) }
}

/** A step's time limit as it applies to the proposal now: due on `due`, overdue from the day after. */
export interface StepDeadline {
  step: 'townshipReview' | 'inNotice' | 'countyReview'
  since: string
  due: string
  /** years the working-day count crossed that the official holiday calendar does not hold yet */
  uncoveredYears: number[]
}

/**
 * The current step's deadline, or null for a step without one (the village's steps, a hearing, a final state).
 * 镇审核 and 县审批 count working days from the day the step was (last) entered; the notice is due on its last day.
 * Pass the township's calendar (with its holiday corrections); the default is the official calendar alone.
 */
export function deadlineOf(snapshot: ApprovalSnapshot, calendar: Pick<WorkingDayCalendar, 'addWorkingDays'> = createWorkingDayCalendar()): StepDeadline | null {
  const context = snapshot.context
  const step = stepOf(snapshot)
  const since = sinceOf(context)
  if (step === 'inNotice') return { step, since, due: context.noticeTo ?? since, uncoveredYears: [] }
  if (step !== 'townshipReview' && step !== 'countyReview') return null
  const { day, uncoveredYears } = calendar.addWorkingDays(since, context.limits[step])
  return { step, since, due: day, uncoveredYears }
}

/** Whether the step is past its deadline on this day. */
export function isOverdue(deadline: StepDeadline | null, today: string): boolean {
  return deadline !== null && today > deadline.due
}

/** What the proposal's row stores (with MACHINE_VERSION beside it). */
export function persist(snapshot: ApprovalSnapshot): unknown {
  return approvalMachine.getPersistedSnapshot(snapshot)
}

export { SnapshotVersionError }

/** Upgrades keyed by the version they upgrade FROM. Version 1 is the first, so there is nothing to upgrade yet. */
export const SNAPSHOT_MIGRATIONS: Record<number, SnapshotMigration> = {}

/** Restore a stored snapshot, migrating older versions step by step; a version it cannot reach is refused, never guessed at. */
export function restore(
  stored: { machineVersion: number; snapshot: unknown },
  migrations: Record<number, SnapshotMigration> = SNAPSHOT_MIGRATIONS,
): ApprovalSnapshot {
  const persisted = migratePersisted(stored, MACHINE_VERSION, migrations, 'approval')
  // the input only makes a new proposal's context; a restored snapshot brings its own
  return createActor(approvalMachine, { snapshot: persisted as never, input: undefined as never }).getSnapshot()
}
