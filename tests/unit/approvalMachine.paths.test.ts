// Model-based tests of the approval chain (ADR 010): XState's graph tools walk the machine for each kind of proposal
// with concrete events (facts that pass each guard and facts that fail it, dated relative to the proposal's own
// dates), and a hand-rolled walk enumerates every accepted path up to a length, loops included. Every step is
// replayed through the pure `applyEvent` the app will use, and the law's rules are asserted on every path.
import { describe, expect, it } from 'vitest'
import { transition } from 'xstate'
import { getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph'
import {
  applyEvent,
  approvalMachine,
  eventsHandled,
  initialSnapshot,
  MACHINE_VERSION,
  persist,
  refusalOf,
  restore,
  stateKey,
  type ApprovalEvent,
  type ApprovalSnapshot,
} from '../../workflows/approvalMachine'
import { APPROVAL_REFUSAL_TEXT, APPROVAL_STATE_LABELS, EVENT_ROLES, mayActorSend, PROPOSAL_KINDS, type ProposalKind } from '../../workflows/approvalSteps'
import { addDays } from '../../workflows/rules/dates'

const PROPOSED_ON = '2026-07-01'
const ALL_STATES = Object.keys(APPROVAL_STATE_LABELS).sort()

const since = (s: ApprovalSnapshot) => s.context.entries[s.context.entries.length - 1]!.on
const open = (s: ApprovalSnapshot) => s.context.objections.filter((o) => o.result === null)

/**
 * Every event a walk may send from this snapshot: for each type, facts that pass its guard and facts that fail it.
 * Days are relative to the step's own start and notice, so the walk works whatever day it has reached. At most two
 * objections are open at once, which keeps the graph finite and still covers "one of several verified".
 */
function eventsFor(kind: ProposalKind) {
  const withAmount = kind === 'adjust' || kind === 'enrol'
  return (s: ApprovalSnapshot): ApprovalEvent[] => {
    const day = since(s)
    const lastDay = s.context.noticeTo && s.context.noticeTo >= day ? s.context.noticeTo : day
    const afterNotice = addDays(lastDay, 1)
    const no = open(s)[0]?.no ?? 1
    const events: ApprovalEvent[] = [
      { type: 'REVISE', today: day },
      { type: 'REVISE', today: addDays(day, -1) }, // dated before the step began
      { type: 'WITHDRAW', today: day },
      { type: 'RESUBMIT', today: day },
      { type: 'ACCEPT', today: day },
      { type: 'RETURN', today: day, reason: '家庭收入未写明来源' },
      { type: 'RETURN', today: day, reason: ' ' },
      { type: 'REFER_BACK', today: day, reason: '车辆情况未入户核实' },
      { type: 'REFER_BACK', today: day, reason: '' },
      { type: 'ORDER_HEARING', today: day, form: 'hearing' },
      { type: 'RECORD_HEARING', today: day, record: '听证记录：同意' },
      { type: 'RECORD_HEARING', today: day, record: '' },
      { type: 'OBJECTION', today: afterNotice }, // after the period
      { type: 'VERIFY_OBJECTION', today: day, no, result: 'substantiated' },
      { type: 'VERIFY_OBJECTION', today: day, no, result: 'unsubstantiated' },
      { type: 'VERIFY_OBJECTION', today: day, no: 99, result: 'unsubstantiated' },
      { type: 'NOTICE_ENDED', today: lastDay }, // on the last day of the period
      { type: 'NOTICE_ENDED', today: afterNotice },
      { type: 'APPROVE', today: day, effectiveMonth: '2026-09', amountFen: withAmount ? 52000 : null, exitDate: withAmount ? null : '2026-08-31' },
      { type: 'APPROVE', today: day, effectiveMonth: '', amountFen: 52000, exitDate: '2026-08-31' },
      { type: 'APPROVE', today: day, effectiveMonth: '2026-09', amountFen: withAmount ? 0 : 52000 }, // no amount / no exit date
      { type: 'REFUSE', today: day, reason: '依据不足' },
      { type: 'REFUSE', today: day, reason: '' },
    ]
    if (open(s).length < 2) events.push({ type: 'OBJECTION', today: day })
    return events
  }
}

// The guards read the state, the open objections and the dates; the walk's events are dated relative to the
// proposal's own dates, so two snapshots that differ only in days (or closed objections, reasons, records) behave
// the same and are one vertex.
const serializeState = (s: ApprovalSnapshot) => JSON.stringify([s.value, open(s).length])

type Path = StatePath<ApprovalSnapshot, ApprovalEvent>

const walks = PROPOSAL_KINDS.map((kind) => {
  const options = { events: eventsFor(kind), serializeState, input: { kind, proposedOn: PROPOSED_ON } }
  return { kind, shortest: getShortestPaths(approvalMachine, options) as Path[], simple: getSimplePaths(approvalMachine, options) as Path[] }
})

console.log(`approval machine: ${walks.map((w) => `${w.kind} ${w.shortest.length} shortest, ${w.simple.length} simple paths`).join('; ')}`)

const roundTripped = new Set<string>()

/** The snapshot survives being stored as JSON and read back: same state, same context, same answers to every event. */
function expectRoundTrip(s: ApprovalSnapshot, events: ApprovalEvent[]) {
  const stored = JSON.stringify(persist(s))
  if (roundTripped.has(stored)) return // the same snapshot, met again on another path sharing this one's beginning
  roundTripped.add(stored)
  const back = restore({ machineVersion: MACHINE_VERSION, snapshot: JSON.parse(stored) })
  expect(stateKey(back)).toBe(stateKey(s))
  expect(back.status).toBe(s.status)
  expect(back.context).toEqual(s.context)
  for (const event of events) expect(refusalOf(back, event)).toEqual(refusalOf(s, event))
}

/** A path being walked: where it is, and what the law's rules need to remember of the way there. */
interface Walk {
  kind: ProposalKind
  s: ApprovalSnapshot
  visited: string[]
  /** the latest notice ended after its period with every objection verified */
  noticeEndedCleanly: boolean
  /** since the last return or referral to the village, the township has reviewed the case again */
  backAtTownship: boolean
  /** since the township's last review began, the case went on notice */
  noticeSinceTownship: boolean
}

const startWalk = (kind: ProposalKind): Walk => {
  const s = initialSnapshot({ kind, proposedOn: PROPOSED_ON })
  return { kind, s, visited: [stateKey(s)], noticeEndedCleanly: false, backAtTownship: true, noticeSinceTownship: false }
}

/**
 * One accepted event through applyEvent, with the law's rules asserted on the step. `thorough`: also compare it with
 * the machine's own `transition`, and store and restore the new snapshot.
 */
function step(walk: Walk, event: ApprovalEvent, thorough: boolean): Walk {
  const before = walk.s
  const result = applyEvent(before, event)
  if (!result.accepted) throw new Error(`applyEvent refused ${JSON.stringify(event)} in ${stateKey(before)}: ${result.refusal.code}`)
  if (thorough) {
    const [machineNext] = transition(approvalMachine, before, event)
    expect(result.snapshot.value).toEqual(machineNext.value)
    expect(result.snapshot.context).toEqual(machineNext.context)
  }
  const s = result.snapshot
  const to = stateKey(s)
  let { noticeEndedCleanly, backAtTownship, noticeSinceTownship } = walk

  if (to === 'returned' || to === 'furtherChecks') backAtTownship = false
  if (to.startsWith('townshipReview.')) {
    backAtTownship = true
    noticeSinceTownship = false
  }
  if (to === 'inNotice') noticeSinceTownship = true
  if (to === 'countyReview' && result.from !== 'countyReview') {
    // 未经公示的不得审批: only from the notice, after its last day, with no objection open
    expect(result.from).toBe('inNotice')
    expect(event.type).toBe('NOTICE_ENDED')
    expect(event.today > before.context.noticeTo!).toBe(true)
    expect(open(before)).toHaveLength(0)
    // a returned or referred proposal came back through the township's review, and a new notice, first
    expect(backAtTownship).toBe(true)
    expect(noticeSinceTownship).toBe(true)
    noticeEndedCleanly = true
  }
  if (to === 'approved') {
    // only the county's APPROVE decides, and only after a notice that ended cleanly
    expect(event.type).toBe('APPROVE')
    expect(result.from).toBe('countyReview')
    expect(noticeEndedCleanly).toBe(true)
    expect(walk.visited).toContain('inNotice')
    expect(s.context.decision?.effectiveMonth).toMatch(/^\d{4}-\d{2}$/)
  }
  if (thorough) expectRoundTrip(s, eventsFor(walk.kind)(s))
  return { kind: walk.kind, s, visited: [...walk.visited, to], noticeEndedCleanly, backAtTownship, noticeSinceTownship }
}

/** A whole path from a new proposal; the states it visited. */
function checkPath(kind: ProposalKind, events: ApprovalEvent[]): string[] {
  return events.reduce((walk, event) => step(walk, event, true), startWalk(kind)).visited
}

describe('walking the approval machine', () => {
  it('reaches every state, for every kind of proposal, by its shortest path', () => {
    for (const { kind, shortest } of walks) {
      const fewest = new Map<string, number>()
      for (const path of shortest) {
        const visited = checkPath(
          kind,
          path.steps.slice(1).map((step) => step.event),
        )
        const key = visited[visited.length - 1]!
        fewest.set(key, Math.min(fewest.get(key) ?? Infinity, path.steps.length - 1))
      }
      expect([...fewest.keys()].sort(), kind).toEqual(ALL_STATES)
      // the fewest events from a new proposal to an approval: accept, the notice ends, the county approves
      expect(fewest.get('approved'), kind).toBe(3)
      expect(fewest.get('withdrawn'), kind).toBe(2)
    }
  })

  it('keeps the law’s rules on every simple path, and every snapshot on them persists and restores', () => {
    let paths = 0
    for (const { kind, simple } of walks) {
      const reached = new Set<string>()
      for (const path of simple) {
        checkPath(
          kind,
          path.steps.slice(1).map((step) => step.event),
        ).forEach((key) => reached.add(key))
        paths += 1
      }
      expect([...reached].sort(), kind).toEqual(ALL_STATES)
    }
    expect(paths).toBeGreaterThan(100)
  })

  it('keeps the law’s rules on every path of up to ten accepted events, loops included', () => {
    const MAX = 10
    for (const kind of PROPOSAL_KINDS) {
      const alphabet = eventsFor(kind)
      let paths = 0
      let approvals = 0
      let afterReturn = 0
      // depth-first over every accepted event, the rules checked at each step as the path grows
      const walk = (w: Walk) => {
        const next = w.visited.length > MAX ? [] : alphabet(w.s).filter((event) => refusalOf(w.s, event) === null)
        if (next.length === 0) {
          paths += 1
          if (w.visited.at(-1) === 'approved') approvals += 1
          if (w.visited.at(-1) === 'approved' && w.visited.includes('returned')) afterReturn += 1
          return
        }
        for (const event of next) walk(step(w, event, false))
      }
      walk(startWalk(kind))
      console.log(`${kind}: ${paths} paths of up to ${MAX} events, ${approvals} approved, ${afterReturn} approved after a return`)
      // not vacuous: approvals happen, some of them after the village had the case back
      expect(approvals, kind).toBeGreaterThan(0)
      expect(afterReturn, kind).toBeGreaterThan(0)
    }
  })

  it('leaves the proposal where it was, with a reason in Chinese, whenever applyEvent refuses an event', () => {
    let refused = 0
    let accepted = 0
    for (const { kind, shortest, simple } of walks) {
      const seen = new Set<string>()
      for (const path of [...shortest, ...simple]) {
        for (const { state } of path.steps) {
          const key = serializeState(state)
          if (seen.has(key)) continue
          seen.add(key)
          for (const event of eventsFor(kind)(state)) {
            const result = applyEvent(state, event)
            const [machineNext] = transition(approvalMachine, state, event)
            if (result.accepted) {
              accepted += 1
              expect(state.can(event)).toBe(true)
              expect(result.to).toBe(stateKey(machineNext))
              continue
            }
            refused += 1
            expect(machineNext.value).toEqual(state.value)
            expect(machineNext.context).toEqual(state.context)
            expect(APPROVAL_REFUSAL_TEXT[result.refusal.code]).toMatch(/[\u4e00-\u9fff]/)
            // the reason comes from the state's own guard whenever the state handles the event at all
            const handled = eventsHandled(state).includes(event.type)
            expect(result.refusal.code === 'notNow', `${stateKey(state)} ${JSON.stringify(event)} → ${result.refusal.code}`).toBe(!handled)
          }
        }
      }
      expect(seen.size, kind).toBeGreaterThanOrEqual(ALL_STATES.length)
    }
    console.log(`every event in every vertex: ${accepted} accepted, ${refused} refused`)
    expect(refused).toBeGreaterThan(0)
    expect(accepted).toBeGreaterThan(0)
  })

  it('offers each state’s events to the party whose step it is, and an approval to no one but the county', () => {
    const township = ['leader', 'civilAffairs']
    const partyOf: Record<string, string[]> = {
      townshipReview: township,
      hearing: township,
      inNotice: township,
      returned: ['cadre'],
      furtherChecks: ['cadre'],
      countyReview: ['county'],
    }
    const offered = new Set<string>()
    for (const { kind, shortest } of walks) {
      for (const { state } of shortest) {
        const at = stateKey(state).split('.')[0]!
        for (const type of eventsHandled(state)) {
          expect([...EVENT_ROLES[type]], `${kind} ${stateKey(state)} ${type}`).toEqual(partyOf[at])
          for (const role of ['cadre', 'leader', 'civilAffairs', 'county', 'inspector']) if (mayActorSend(role, type)) offered.add(`${role} ${type}`)
        }
      }
    }
    expect([...offered].filter((o) => o.endsWith(' APPROVE'))).toEqual(['county APPROVE'])
    expect(offered.size).toBe(3 + 8 * 2 + 2)
  })
})
