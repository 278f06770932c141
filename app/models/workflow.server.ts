// Applying a workflow event to a village: the one place the persisted machine changes.
// In one transaction: load the snapshot and its version, count the facts the guards need, run the pure machine,
// save the next snapshot only if the version is still the one read, and append the event to the history.
import type { DB } from '../../db/connection.server'
import type { ExpressionBuilder } from 'kysely'
import type { Database, PhaseId } from '../../db/schema'
import {
  applyEvent,
  eventsHandled,
  persist,
  phaseOf,
  restore,
  stateKey,
  MACHINE_VERSION,
  SnapshotVersionError,
  type CampaignEvent,
  type CampaignEventType,
  type CampaignSnapshot,
  type Refusal,
} from '../../workflows/campaignMachine'
import { checklistFigures, openChecklistCount, type ChecklistCounts } from '../../workflows/rules/checklistRules'
import { shanghaiDay } from '../../workflows/rules/dates'
import { checklistRuleOf } from '../../workflows/template'
import { NO_FINDING_OUTCOME, SELF_INSPECTION_SOURCE } from '../../workflows/rules/zeroReport'
import { assertVersion, casUpdate, inTransaction, VersionConflict, type DbOrTx, type Tx } from './versioned.server'

/** Every fact a guard may need: the checklist rules' counts (workflows/rules/checklistRules.ts) and the rest. */
export interface VillageFacts extends ChecklistCounts {
  /** the phase's checklist items not done: manual ones not ticked, and those whose rule does not hold */
  openChecklistItems: number
  /** 零报告 findings: problems registered by the self-inspection, reviews concluded other than 继续保障 */
  selfInspectionProblems: number
  nonKeepOutcomes: number
  openOrders: number
  keyInspections: number
  openMeasures: number
}

/** A problem's measure (对策) is written. */
const hasMeasure = (eb: ExpressionBuilder<Database, 'problems'>) => eb.and([eb('measure', 'is not', null), eb('measure', '!=', '')])

/** Count, inside the caller's transaction, every fact a guard may need. */
export async function countFacts(tx: Tx | DB, campaignId: number, villageId: number, phase: PhaseId | 'closed'): Promise<VillageFacts> {
  const checklistPhase: PhaseId = phase === 'closed' ? 'summary' : phase
  const [checklist, households, reviews, problems, orders, visits, outcomes, enrolments] = await Promise.all([
    // every item of the phase: a rule item is done by the data, whatever its done_on says
    tx
      .selectFrom('checklist_items')
      .innerJoin('campaigns', 'campaigns.id', 'checklist_items.campaign_id')
      .select(['checklist_items.item_key', 'checklist_items.done_on', 'campaigns.template_key'])
      .where('checklist_items.campaign_id', '=', campaignId)
      .where('checklist_items.village_id', '=', villageId)
      .where('checklist_items.phase', '=', checklistPhase)
      .execute(),
    tx
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', villageId)
      .where('enrolment', '=', 'roster')
      .executeTakeFirst(),
    tx
      .selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .select((eb) => [
        // 自查面 counts complete reviews only (workflows/rules/reviewCompleteness.ts; complete implies reviewed_at)
        eb.fn.sum<number>('household_reviews.complete').as('reviewed'),
        eb.fn.count<number>('household_reviews.home_visit_on').as('visited'),
      ])
      .where('household_reviews.campaign_id', '=', campaignId)
      .where('household_reviews.village_id', '=', villageId)
      .where('households.enrolment', '=', 'roster')
      .executeTakeFirst(),
    tx
      .selectFrom('problems')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('status', 'in', ['open', 'rectifying']).then(1).else(0).end()).as('open'),
        eb.fn.sum<number>(eb.case().when('source', '=', SELF_INSPECTION_SOURCE).then(1).else(0).end()).as('self'),
        eb.fn.sum<number>(eb.case().when(hasMeasure(eb)).then(1).else(0).end()).as('withMeasure'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([hasMeasure(eb), eb('responsible_person', 'is not', null), eb('responsible_person', '!=', ''), eb('deadline_on', 'is not', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('withPlan'),
      ])
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .executeTakeFirst(),
    tx
      .selectFrom('rectification_orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('status', '!=', 'accepted').then(1).else(0).end()).as('open'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('unanswered'),
      ])
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .executeTakeFirst(),
    tx
      .selectFrom('inspection_visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .where('is_key_inspection', '=', 1)
      .executeTakeFirst(),
    tx
      .selectFrom('household_reviews')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .where('outcome', 'is not', null)
      .where('outcome', '!=', NO_FINDING_OUTCOME)
      .executeTakeFirst(),
    // 登记漏保对象 → 提出纳入申请: a missed family found is a finding of the self-inspection (not a 零报告)
    tx
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .where('kind', '=', 'enrol')
      .executeTakeFirst(),
  ])
  const openOrders = Number(orders?.open ?? 0)
  const counted = {
    households: Number(households?.n ?? 0),
    reviewed: Number(reviews?.reviewed ?? 0),
    homeVisited: Number(reviews?.visited ?? 0),
    problemsFound: Number(problems?.n ?? 0),
    problemsWithMeasure: Number(problems?.withMeasure ?? 0),
    problemsWithPlan: Number(problems?.withPlan ?? 0),
    orders: Number(orders?.n ?? 0),
    unansweredOrders: Number(orders?.unanswered ?? 0),
  }
  const openChecklistItems = openChecklistCount(
    checklist.map((c) => ({ key: c.item_key, ticked: c.done_on !== null })),
    (key) => checklistRuleOf(checklist[0]?.template_key ?? '', checklistPhase, key),
    checklistFigures(counted),
  )
  return {
    ...counted,
    openChecklistItems,
    selfInspectionProblems: Number(problems?.self ?? 0),
    nonKeepOutcomes: Number(outcomes?.n ?? 0) + Number(enrolments?.n ?? 0),
    openOrders,
    keyInspections: Number(visits?.n ?? 0),
    openMeasures: Number(problems?.open ?? 0) + openOrders,
  }
}

export interface EventInput {
  reason?: string
  orderId?: number
}

/** The event as the machine sees it: the type, the person's input, and the counted facts. */
export function buildEvent(type: CampaignEventType, facts: VillageFacts, input: EventInput = {}): CampaignEvent {
  const orderId = input.orderId ?? 0
  switch (type) {
    case 'COMPLETE_MOBILISATION':
    case 'WRITE_SUMMARY':
      return { type, openChecklistItems: facts.openChecklistItems }
    case 'START_SUPERVISION':
      return { type, openChecklistItems: facts.openChecklistItems, openOrders: facts.openOrders, unansweredOrders: facts.unansweredOrders }
    case 'SUBMIT_SELF_INSPECTION':
      return {
        type,
        households: facts.households,
        reviewed: facts.reviewed,
        homeVisited: facts.homeVisited,
        problemsFound: facts.problemsFound,
        selfInspectionProblems: facts.selfInspectionProblems,
        nonKeepOutcomes: facts.nonKeepOutcomes,
      }
    case 'ORDER_RECTIFICATION':
    case 'REJECT_RECTIFICATION':
      return { type, orderId }
    case 'ANSWER_RECTIFICATION':
      return { type, orderId, unansweredOrders: facts.unansweredOrders }
    case 'ACCEPT_RECTIFICATION':
      return { type, orderId, openOrders: facts.openOrders, unansweredOrders: facts.unansweredOrders }
    case 'COMPLETE_SUPERVISION':
      return { type, openOrders: facts.openOrders, keyInspections: facts.keyInspections }
    case 'CLOSE':
      return { type, openMeasures: facts.openMeasures }
    case 'SEND_BACK':
      return { type, reason: input.reason ?? '' }
  }
}

export type ApplyResult =
  | { ok: true; from: string; to: string; version: number }
  | { ok: false; kind: 'refused'; refusal: Refusal }
  | { ok: false; kind: 'conflict'; currentVersion: number }
  | { ok: false; kind: 'outdatedSnapshot'; storedVersion: number }
  | { ok: false; kind: 'noWorkflow' }

export interface ApplyRequest {
  campaignId: number
  villageId: number
  type: CampaignEventType
  actorUserId: number | null
  input?: EventInput
  /** the workflow version the person saw; omitted by server flows that read and write in one go */
  expectedVersion?: number
  at: Date
  /** the calendar day of `at` in Shanghai, for phase_entered_on */
  today: string
}

/**
 * Apply one event. A refused event, a conflict or an outdated snapshot changes nothing. Callers that run
 * inside a larger transaction (an order, a report) pass their transaction; otherwise one is opened here.
 */
export async function applyVillageEvent(db: DbOrTx, request: ApplyRequest): Promise<ApplyResult> {
  try {
    return await inTransaction(db, (tx) => applyInTransaction(tx, request))
  } catch (error) {
    if (error instanceof VersionConflict) {
      const row = await db
        .selectFrom('village_workflows')
        .select('version')
        .where('campaign_id', '=', request.campaignId)
        .where('village_id', '=', request.villageId)
        .executeTakeFirst()
      return { ok: false, kind: 'conflict', currentVersion: row?.version ?? 0 }
    }
    throw error
  }
}

async function applyInTransaction(tx: Tx, request: ApplyRequest): Promise<ApplyResult> {
  const row = await tx
    .selectFrom('village_workflows')
    .select(['id', 'snapshot', 'machine_version', 'version', 'phase'])
    .where('campaign_id', '=', request.campaignId)
    .where('village_id', '=', request.villageId)
    .executeTakeFirst()
  if (!row) return { ok: false, kind: 'noWorkflow' }
  assertVersion(row.version, request.expectedVersion)
  let snapshot: CampaignSnapshot
  try {
    snapshot = restore({ machineVersion: row.machine_version, snapshot: JSON.parse(row.snapshot) })
  } catch (error) {
    if (error instanceof SnapshotVersionError) return { ok: false, kind: 'outdatedSnapshot', storedVersion: error.storedVersion }
    throw error
  }
  const facts = await countFacts(tx, request.campaignId, request.villageId, phaseOf(snapshot))
  const event = buildEvent(request.type, facts, request.input)
  const result = applyEvent(snapshot, event)
  if (!result.accepted) return { ok: false, kind: 'refused', refusal: result.refusal }

  const nextVersion = row.version + 1
  const nextPhase = phaseOf(result.snapshot)
  // the optimistic lock: a concurrent writer makes this match nothing
  await casUpdate(tx, 'village_workflows', row.id, row.version, {
    snapshot: JSON.stringify(persist(result.snapshot)),
    machine_version: MACHINE_VERSION,
    state: result.to,
    phase: nextPhase,
    zero_report: result.snapshot.context.zeroReport ? 1 : 0,
    key_supervision: result.snapshot.context.keySupervision ? 1 : 0,
    ...(nextPhase !== row.phase ? { phase_entered_on: request.today } : {}),
    updated_at: request.at.toISOString(),
  })
  const { type, ...payload } = event
  await tx
    .insertInto('workflow_events')
    .values({
      workflow_id: row.id,
      version: nextVersion,
      event_type: type,
      payload: JSON.stringify(payload),
      actor_user_id: request.actorUserId,
      occurred_at: request.at.toISOString(),
      from_state: result.from,
      to_state: result.to,
    })
    .execute()
  return { ok: true, from: result.from, to: result.to, version: nextVersion }
}

export interface WorkflowView {
  state: string
  phase: PhaseId | 'closed'
  version: number
  /** page events this state handles, before rights and guards */
  handled: CampaignEventType[]
  zeroReport: boolean
  keySupervision: boolean
  lastSendBackReason: string | null
  /** set when the stored snapshot is from a machine version this code does not know */
  outdatedSnapshot: number | null
}

export async function getWorkflowView(db: DB, campaignId: number, villageId: number): Promise<WorkflowView | null> {
  const row = await db.selectFrom('village_workflows').selectAll().where('campaign_id', '=', campaignId).where('village_id', '=', villageId).executeTakeFirst()
  if (!row) return null
  try {
    const snapshot = restore({ machineVersion: row.machine_version, snapshot: JSON.parse(row.snapshot) })
    return {
      state: stateKey(snapshot),
      phase: phaseOf(snapshot),
      version: row.version,
      handled: eventsHandled(snapshot),
      zeroReport: snapshot.context.zeroReport,
      keySupervision: snapshot.context.keySupervision,
      lastSendBackReason: snapshot.context.lastSendBackReason,
      outdatedSnapshot: null,
    }
  } catch (error) {
    if (!(error instanceof SnapshotVersionError)) throw error
    return {
      state: row.state,
      phase: row.phase as PhaseId | 'closed',
      version: row.version,
      handled: [],
      zeroReport: row.zero_report === 1,
      keySupervision: row.key_supervision === 1,
      lastSendBackReason: null,
      outdatedSnapshot: error.storedVersion,
    }
  }
}

export interface HistoryEntry {
  version: number
  eventType: string
  payload: Record<string, unknown>
  actorName: string | null
  occurredAt: string
  fromState: string
  toState: string
}

export async function getWorkflowHistory(db: DB, campaignId: number, villageId: number): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('workflow_events')
    .innerJoin('village_workflows as wf', 'wf.id', 'workflow_events.workflow_id')
    .leftJoin('users', 'users.id', 'workflow_events.actor_user_id')
    .select([
      'workflow_events.version',
      'workflow_events.event_type',
      'workflow_events.payload',
      'users.display_name as actorName',
      'workflow_events.occurred_at',
      'workflow_events.from_state',
      'workflow_events.to_state',
    ])
    .where('wf.campaign_id', '=', campaignId)
    .where('wf.village_id', '=', villageId)
    .orderBy('workflow_events.version')
    .execute()
  return rows.map((r) => ({
    version: r.version,
    eventType: r.event_type,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    actorName: r.actorName,
    occurredAt: r.occurred_at,
    fromState: r.from_state,
    toState: r.to_state,
  }))
}

/** The day the village actually entered each phase: the last entry into it, from the history. */
export function phaseEntries(history: HistoryEntry[], campaignStart: string): Partial<Record<PhaseId | 'closed', string>> {
  const entered: Partial<Record<PhaseId | 'closed', string>> = { mobilisation: campaignStart }
  for (const h of history) {
    const from = h.fromState.split('.')[0] as PhaseId
    const to = h.toState.split('.')[0] as PhaseId | 'closed'
    if (from !== to) entered[to] = shanghaiDay(new Date(h.occurredAt))
  }
  return entered
}
