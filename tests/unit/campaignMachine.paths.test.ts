// Model-based tests: XState's graph tools walk the campaign machine with concrete events (facts that pass the
// guards and facts that fail them), and every path is replayed through the pure `applyEvent` the app uses.
// The machine is the model; `applyEvent` + `refusalOf` are the system under test.
import { describe, expect, it } from 'vitest'
import { transition } from 'xstate'
import { getAdjacencyMap, getShortestPaths, getSimplePaths, getStateNodes, type StatePath } from 'xstate/graph'
import { zhCN } from '../../app/i18n/zh-CN'
import { format } from '../../app/i18n'
import {
  applyEvent,
  campaignMachine,
  eventsHandled,
  initialSnapshot,
  stateKey,
  type CampaignEvent,
  type CampaignSnapshot,
  type RefusalCode,
} from '../../workflows/campaignMachine'
import { offeredEvents, PAGE_EVENTS, type PageEvent } from '../../app/models/workflowEvents'
import { VILLAGE_RIGHTS } from '../../app/utils/permissions.server'
import { ROLES } from '../../workflows/rules/vocabulary'
import { isZeroReport } from '../../workflows/rules/zeroReport'
import { CAMPAIGN_EVENTS } from '../support/campaignEvents'

const EVENTS = CAMPAIGN_EVENTS

// The guards read only the state and `keySupervision` from the context; `problemsFound`, `zeroReport` (always
// equal to keySupervision) and `lastSendBackReason` are recorded but never decide anything. Two snapshots that
// differ only in those behave the same, so the walk treats them as one vertex. That keeps the simple paths
// bounded (18 vertices) while every behaviour the guards can tell apart is still covered.
const serializeState = (snapshot: CampaignSnapshot) => JSON.stringify([snapshot.value, snapshot.context.keySupervision])

const options = { events: EVENTS, serializeState }

/** The 9 dotted states, from the machine's own definition (leaf state nodes). */
const ALL_STATES = getStateNodes(campaignMachine.root)
  .filter((node) => node.type === 'atomic' || node.type === 'final')
  .map((node) => node.path.join('.'))

type Path = StatePath<CampaignSnapshot, CampaignEvent>

const shortestPaths: Path[] = getShortestPaths(campaignMachine, options)
const simplePaths: Path[] = getSimplePaths(campaignMachine, options)
const adjacency = getAdjacencyMap(campaignMachine, options)

console.log(
  `campaign machine graph: ${Object.keys(adjacency).length} vertices, ${shortestPaths.length} shortest paths, ` +
    `${simplePaths.length} simple paths (${simplePaths.reduce((n, p) => n + p.steps.length - 1, 0)} steps)`,
)

/** The events of a path; the graph tools put a synthetic 'xstate.init' first. */
function eventsOf(path: Path): CampaignEvent[] {
  return path.steps.slice(1).map((step) => step.event)
}

/**
 * Replay a path twice from a new village: through `applyEvent` (the app) and through the machine's own
 * `transition`. Each step must be accepted, land in the same snapshot both ways (state and full context), and
 * be the vertex the graph walk says it is. (A vertex's stored snapshot is one representative, so only its
 * serialised form is compared against the path.)
 */
function replay(path: Path) {
  let snapshot = initialSnapshot()
  let machineSnapshot = initialSnapshot()
  const visited = [stateKey(snapshot)]
  for (const step of path.steps.slice(1)) {
    const result = applyEvent(snapshot, step.event)
    if (!result.accepted) {
      throw new Error(
        `applyEvent refused ${JSON.stringify(step.event)} in ${stateKey(snapshot)} (${result.refusal.code}), the machine took it to ${stateKey(step.state)}`,
      )
    }
    ;[machineSnapshot] = transition(campaignMachine, machineSnapshot, step.event)
    expect(result.to).toBe(stateKey(machineSnapshot))
    expect(result.snapshot.value).toEqual(machineSnapshot.value)
    expect(result.snapshot.context).toEqual(machineSnapshot.context)
    expect(serializeState(result.snapshot)).toBe(serializeState(step.state))
    snapshot = result.snapshot
    visited.push(result.to)
  }
  expect(stateKey(snapshot)).toBe(stateKey(path.state))
  return { snapshot, visited }
}

const refusalMessages: Record<string, string> = zhCN.workflowRefusals

describe('walking the village campaign machine', () => {
  it('reaches every state of the campaign, closed included, by its shortest path', () => {
    expect(ALL_STATES).toHaveLength(9)
    expect([...ALL_STATES].sort()).toEqual(Object.keys(zhCN.states).sort())

    const shortest = new Map<string, number>()
    for (const path of shortestPaths) {
      const { snapshot } = replay(path)
      const key = stateKey(snapshot)
      shortest.set(key, Math.min(shortest.get(key) ?? Infinity, path.steps.length - 1))
    }
    expect([...shortest.keys()].sort()).toEqual([...ALL_STATES].sort())
    // fewest events from a new village to each state
    expect(Object.fromEntries(shortest)).toEqual({
      mobilisation: 0,
      'fullInspection.selfInspecting': 1,
      'fullInspection.reportSubmitted': 2,
      'supervision.underSupervision': 3,
      // supervision may resume straight into an order's sub-state when orders survived a send-back
      'supervision.orderedToRectify': 3,
      'summary.rectifying': 4,
      'supervision.awaitingVerification': 3,
      'summary.summaryWritten': 5,
      closed: 6,
    })
  })

  it('agrees with applyEvent at every step of every simple path', () => {
    expect(simplePaths.length).toBeGreaterThan(0)
    const reached = new Set<string>()
    for (const path of simplePaths) replay(path).visited.forEach((key) => reached.add(key))
    expect([...reached].sort()).toEqual([...ALL_STATES].sort())
  })

  it('leaves the village where it was, with a reason, whenever applyEvent refuses an event', () => {
    let refused = 0
    let accepted = 0
    for (const { state, transitions } of Object.values(adjacency)) {
      // every event in every reachable situation, including events the state does not handle at all
      for (const event of EVENTS) {
        const [machineNext] = transition(campaignMachine, state, event)
        const result = applyEvent(state, event)
        if (result.accepted) {
          accepted += 1
          // refusalOf may only let an event through that the machine has an enabled transition for
          expect(state.can(event), `${stateKey(state)} ${JSON.stringify(event)}`).toBe(true)
          expect(result.to).toBe(stateKey(machineNext))
          expect(result.snapshot.context).toEqual(machineNext.context)
        } else {
          refused += 1
          expect(result.from).toBe(stateKey(state))
          expect(refusalMessages[result.refusal.code]).toBeTruthy()
          // the machine itself did not move either: value and context are untouched
          expect(machineNext.value).toEqual(state.value)
          expect(machineNext.context).toEqual(state.context)
        }
      }
      expect(Object.keys(transitions)).toHaveLength(EVENTS.length)
    }
    console.log(`every event in every vertex: ${accepted} accepted, ${refused} refused`)
    expect(refused).toBeGreaterThan(0)
    expect(accepted).toBeGreaterThan(0)
  })

  it('explains every refusal in Chinese', () => {
    // Record<RefusalCode, …> makes the compiler list every code the machine can give.
    const allCodes: Record<RefusalCode, true> = {
      notNow: true,
      checklistIncomplete: true,
      coverageIncomplete: true,
      homeVisitsIncomplete: true,
      openOrders: true,
      unansweredOrders: true,
      keyInspectionMissing: true,
      openMeasures: true,
      reasonRequired: true,
    }
    for (const code of Object.keys(allCodes)) {
      expect(refusalMessages[code], code).toMatch(/[\u4e00-\u9fff]/)
    }

    // and every refusal the walk actually meets reads as a finished sentence once its figures are filled in
    const met = new Set<RefusalCode>()
    for (const { state } of Object.values(adjacency)) {
      for (const event of EVENTS) {
        const result = applyEvent(state, event)
        if (result.accepted) continue
        met.add(result.refusal.code)
        const text = format(refusalMessages[result.refusal.code], result.refusal.params)
        expect(text, result.refusal.code).not.toMatch(/[{}]/)
      }
    }
    // `unansweredOrders` has a message but refusalOf never returns it: ANSWER_RECTIFICATION with open
    // answers is accepted (the village stays in orderedToRectify), so nothing can be refused for it.
    expect([...met].sort()).toEqual(
      Object.keys(allCodes)
        .filter((code) => code !== 'unansweredOrders')
        .sort(),
    )
  })

  it('sends a zero-report village through key supervision before it can reach the summary phase', () => {
    let zeroReportPathsToSummary = 0
    for (const path of [...shortestPaths, ...simplePaths]) {
      let reportInForce: boolean | null = null // was the last accepted self-inspection report a zero report?
      let snapshot = initialSnapshot()
      for (const event of eventsOf(path)) {
        const result = applyEvent(snapshot, event)
        if (!result.accepted) throw new Error(`refused ${event.type}`)
        if (event.type === 'SUBMIT_SELF_INSPECTION') reportInForce = isZeroReport(event)
        if (event.type === 'COMPLETE_SUPERVISION' && reportInForce === true) {
          expect(event.keyInspections, 'a zero-report village left supervision without a key inspection').toBeGreaterThanOrEqual(1)
          zeroReportPathsToSummary += 1
        }
        snapshot = result.snapshot
      }
    }
    // not vacuous: some zero-report paths do reach the summary phase, all of them via a key inspection
    expect(zeroReportPathsToSummary).toBeGreaterThan(0)

    // and the one shortcut that would skip it is refused with its own reason
    const zeroReport = shortestPaths.find((p) => stateKey(p.state) === 'supervision.underSupervision' && p.state.context.keySupervision)
    expect(zeroReport).toBeDefined()
    expect(applyEvent(zeroReport!.state, { type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 0 })).toMatchObject({
      accepted: false,
      refusal: { code: 'keyInspectionMissing' },
    })
  })
})

// Issue 12: the village page's actions are derived from the machine (eventsHandled: the state's own transitions),
// never listed by hand. In every reachable situation and for every role, the page offers exactly the events the
// machine accepts there for some facts (and the role may send); an offered event the facts make the machine refuse
// is explained by the machine's own refusal code, never "not now".
describe("the village page's workflow actions", () => {
  it('are, in every reachable state and for every role, the events the machine accepts there', () => {
    const pageEvents: readonly string[] = PAGE_EVENTS
    let checked = 0
    for (const { state } of Object.values(adjacency)) {
      for (const role of ROLES) {
        const mayUse = (right: keyof typeof VILLAGE_RIGHTS) => VILLAGE_RIGHTS[right].includes(role)
        const offered = offeredEvents(eventsHandled(state), mayUse)
        const accepted = PAGE_EVENTS.filter((type) => offeredEvents([type], mayUse).length > 0 && EVENTS.some((e) => e.type === type && state.can(e)))
        expect([...offered].sort(), `${stateKey(state)} ${role}`).toEqual([...accepted].sort())
        for (const event of EVENTS.filter((e) => (offered as string[]).includes(e.type))) {
          const result = applyEvent(state, event)
          if (!result.accepted) expect(result.refusal.code, `${stateKey(state)} ${JSON.stringify(event)}`).not.toBe('notNow')
        }
        checked += 1
      }
      // and every event the page never offers here is one the machine refuses here, whatever the facts
      for (const event of EVENTS.filter((e) => pageEvents.includes(e.type) && !eventsHandled(state).includes(e.type))) {
        expect(state.can(event), `${stateKey(state)} ${event.type}`).toBe(false)
      }
    }
    expect(checked).toBe(Object.keys(adjacency).length * ROLES.length)
    // not vacuous: each page event is offered somewhere, to someone
    const everOffered = new Set<PageEvent>()
    for (const { state } of Object.values(adjacency)) for (const e of offeredEvents(eventsHandled(state), () => true)) everOffered.add(e)
    expect([...everOffered].sort()).toEqual([...PAGE_EVENTS].sort())
  })
})
