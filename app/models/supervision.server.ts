// 检查督导: inspectors' visits (督查记录), key inspections of zero-report villages (重点督查), and rectification
// orders (责令整改) raised when work is found superficial (流于形式、走过场).
//
// An order's way: the inspector flags superficial work on a visit → the order, with a deadline (a date or N working
// days) → the village's cadre answers with the measures taken → the inspector accepts, or rejects with a reason,
// which sends it back to the cadre. Every step is one transaction: the order row (compare-and-set on its version),
// one audit row, and the village's workflow event (ORDER_ / ANSWER_ / REJECT_ / ACCEPT_RECTIFICATION) applied
// after the row is written, so the facts the machine counts include the change. An event the machine refuses
// rolls the whole step back and comes back as the machine's reason.
//
// A key inspection is a visit marked as such; it drives no event of its own, but COMPLETE_SUPERVISION counts it.
import type { Selectable, Transaction, Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database, RectificationOrderTable } from '../../db/schema'
import type { Refusal } from '../../workflows/campaignMachine'
import { daysBetween, isDay } from '../../workflows/rules/dates'
import { changedFields, recordAudit } from './audit.server'
import { loadWorkingDayCalendar } from './holidays.server'
import type { Actor, DeadlineInput, DeadlineNotes } from './problems.server'
import { SUPERVISION_LIMITS, type OrderStatus } from './supervisionRules'
import { applyVillageEvent, type ApplyResult } from './workflow.server'

export type { Actor, DeadlineInput, DeadlineNotes }

type Tx = Transaction<Database>
type OrderRow = Selectable<RectificationOrderTable>

// ————————————————————————————————————————— shared pieces —————————————————————————————————————————

/** Field error codes; their Chinese is t.supervision.errors[code]. */
export type SupervisionFieldError =
  | 'required'
  | 'tooLong'
  | 'invalidDate'
  | 'dateInFuture'
  | 'deadlinePast'
  | 'deadlineBeforeReceived'
  | 'workingDaysRange'
  | 'notKeySupervision'
  | 'beforeReceived'
  | 'supervisorInvalid'
  | 'problemNotInVillage'
  | 'problemRequired'

export type DeadlineResolution = { ok: true; on: string; notes: DeadlineNotes | null } | { ok: false; error: SupervisionFieldError }

/**
 * A deadline as a form gives it: a calendar day not before `notBefore`, or N working days (工作日) after `from`
 * on the official calendar with the township's corrections.
 */
export async function resolveDeadline(db: DB | Tx, input: DeadlineInput, from: string, notBefore = from, calendarScope: { townshipId?: number; villageId?: number } = {}): Promise<DeadlineResolution> {
  if (input.kind === 'date') {
    if (!isDay(input.on)) return { ok: false, error: 'invalidDate' }
    if (input.on < notBefore) return { ok: false, error: 'deadlinePast' }
    return { ok: true, on: input.on, notes: null }
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > SUPERVISION_LIMITS.workingDays) return { ok: false, error: 'workingDaysRange' }
  // the township's own corrections (and its county's), never another township's (issue 11)
  const { day, uncoveredYears } = (await loadWorkingDayCalendar(db, calendarScope)).addWorkingDays(from, input.days)
  // a year the official calendar does not hold yet counts weekends only: the person is told so
  return { ok: true, on: day, notes: uncoveredYears.length ? { uncoveredYears } : null }
}

export function trimOrNull(value: string | null | undefined): string | null {
  const v = value?.trim()
  return v ? v : null
}

/** Required (or not) text within a length, as an error code or null. */
export function textError(value: string | null, max: number, required: boolean): SupervisionFieldError | null {
  if (!value) return required ? 'required' : null
  return [...value].length > max ? 'tooLong' : null
}

/** Who answers for a village and its households (问责): the 包村领导, the village's cadres, each household's 包户干部. */
export interface Accountability {
  villageLeader: string | null
  villageCadres: string[]
  householdCadres: Array<{ householdId: number; headName: string; cadre: string | null }>
}

export async function getAccountability(db: DB | Tx, q: { villageId: number; householdIds?: readonly number[] }): Promise<Accountability> {
  const ids = [...new Set(q.householdIds ?? [])]
  const [leader, cadres, households] = await Promise.all([
    db.selectFrom('villages').leftJoin('users', 'users.id', 'villages.leader_user_id').select('users.display_name as name').where('villages.id', '=', q.villageId).executeTakeFirst(),
    db.selectFrom('users').select('display_name').where('role', '=', 'cadre').where('village_id', '=', q.villageId).where('active', '=', 1).orderBy('id').execute(),
    ids.length
      ? db.selectFrom('households').select(['id', 'head_name', 'responsible_cadre']).where('id', 'in', ids).where('village_id', '=', q.villageId).orderBy('id').execute()
      : Promise.resolve([]),
  ])
  return {
    villageLeader: leader?.name ?? null,
    villageCadres: cadres.map((c) => c.display_name),
    householdCadres: households.map((h) => ({ householdId: h.id, headName: h.head_name, cadre: h.responsible_cadre })),
  }
}

/** Why a step that drives the village's workflow did not happen; nothing was written. */
export type WorkflowFailure =
  | { ok: false; kind: 'refused'; refusal: Refusal; state: string }
  | { ok: false; kind: 'workflowConflict' }
  | { ok: false; kind: 'outdatedSnapshot'; storedVersion: number }
  | { ok: false; kind: 'noWorkflow' }

/** Thrown inside a transaction to roll it back with the answer the caller gets. */
class Rollback<T> extends Error {
  constructor(readonly answer: T) {
    super('rolled back')
  }
}

async function runStep<T>(db: DB, step: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(step)
  } catch (error) {
    if (error instanceof Rollback) return error.answer as T
    throw error
  }
}

/** Apply one order event inside the step's transaction; a refusal (or a conflict) rolls the whole step back. */
async function driveWorkflow(
  tx: Tx,
  q: { campaignId: number; villageId: number; type: 'ORDER_RECTIFICATION' | 'ANSWER_RECTIFICATION' | 'REJECT_RECTIFICATION' | 'ACCEPT_RECTIFICATION'; orderId: number; actor: Actor; today: string },
): Promise<Extract<ApplyResult, { ok: true }>> {
  const result = await applyVillageEvent(tx, { campaignId: q.campaignId, villageId: q.villageId, type: q.type, actorUserId: q.actor.userId, input: { orderId: q.orderId }, at: q.actor.at, today: q.today })
  if (result.ok) return result
  switch (result.kind) {
    case 'refused': {
      const row = await tx.selectFrom('village_workflows').select('state').where('campaign_id', '=', q.campaignId).where('village_id', '=', q.villageId).executeTakeFirst()
      throw new Rollback<WorkflowFailure>({ ok: false, kind: 'refused', refusal: result.refusal, state: row?.state ?? '' })
    }
    case 'conflict':
      throw new Rollback<WorkflowFailure>({ ok: false, kind: 'workflowConflict' })
    case 'outdatedSnapshot':
      throw new Rollback<WorkflowFailure>({ ok: false, kind: 'outdatedSnapshot', storedVersion: result.storedVersion })
    default:
      throw new Rollback<WorkflowFailure>({ ok: false, kind: 'noWorkflow' })
  }
}

function isOrderOverdue(o: { status: OrderStatus; deadline_on: string }, today: string): boolean {
  return o.status !== 'accepted' && o.deadline_on < today
}

// ————————————————————————————————————————— reading —————————————————————————————————————————

export interface VisitItem {
  id: number
  visitedOn: string
  inspectors: string
  checked: string
  findings: string
  keyInspection: boolean
  superficial: boolean
  createdByName: string | null
  households: Array<{ id: number; headName: string; responsibleCadre: string | null }>
  orderIds: number[]
}

export interface OrderItem {
  id: number
  visitId: number | null
  reason: string
  deadlineOn: string
  status: OrderStatus
  overdue: boolean
  daysOverdue: number
  createdAt: string
  createdByName: string | null
  version: number
}

export interface HouseholdChoice {
  id: number
  headName: string
  /** last four characters of the ID number, to tell two heads of the same name apart */
  idTail: string
}

export interface SupervisionPage {
  workflow: { state: string; zeroReport: boolean; keySupervision: boolean } | null
  /** newest first */
  visits: VisitItem[]
  /** unresolved first by deadline, then accepted */
  orders: OrderItem[]
  keyInspections: number
  /** the village's households for the visit form (empty unless asked for) */
  households: HouseholdChoice[]
  responsible: Accountability
}

const ORDER_RANK: Record<OrderStatus, number> = { open: 0, answered: 1, accepted: 2 }

export async function getSupervisionPage(db: DB, q: { campaignId: number; villageId: number; today: string; withHouseholds: boolean }): Promise<SupervisionPage> {
  const [workflow, visits, links, orders, households, responsible] = await Promise.all([
    db.selectFrom('village_workflows').select(['state', 'zero_report', 'key_supervision']).where('campaign_id', '=', q.campaignId).where('village_id', '=', q.villageId).executeTakeFirst(),
    db.selectFrom('inspection_visits').leftJoin('users', 'users.id', 'inspection_visits.created_by_user_id')
      .selectAll('inspection_visits').select('users.display_name as createdByName')
      .where('inspection_visits.campaign_id', '=', q.campaignId).where('inspection_visits.village_id', '=', q.villageId)
      .orderBy('inspection_visits.visited_on', 'desc').orderBy('inspection_visits.id', 'desc').execute(),
    db.selectFrom('inspection_visit_households').innerJoin('inspection_visits', 'inspection_visits.id', 'inspection_visit_households.visit_id')
      .innerJoin('households', 'households.id', 'inspection_visit_households.household_id')
      .select(['inspection_visit_households.visit_id', 'households.id', 'households.head_name', 'households.responsible_cadre'])
      .where('inspection_visits.campaign_id', '=', q.campaignId).where('inspection_visits.village_id', '=', q.villageId)
      .orderBy('households.id').execute(),
    db.selectFrom('rectification_orders').leftJoin('users', 'users.id', 'rectification_orders.created_by_user_id')
      .select(['rectification_orders.id', 'rectification_orders.visit_id', 'rectification_orders.reason', 'rectification_orders.deadline_on', 'rectification_orders.status',
        'rectification_orders.created_at', 'rectification_orders.version', 'users.display_name as createdByName'])
      .where('rectification_orders.campaign_id', '=', q.campaignId).where('rectification_orders.village_id', '=', q.villageId).execute(),
    q.withHouseholds
      ? db.selectFrom('households').select(['id', 'head_name', 'id_number']).where('village_id', '=', q.villageId).orderBy('head_name').orderBy('id').execute()
      : Promise.resolve([]),
    getAccountability(db, { villageId: q.villageId }),
  ])
  const orderItems = orders
    .map((o): OrderItem => {
      const overdue = isOrderOverdue(o, q.today)
      return {
        id: o.id, visitId: o.visit_id, reason: o.reason, deadlineOn: o.deadline_on, status: o.status, overdue, daysOverdue: overdue ? daysBetween(o.deadline_on, q.today) : 0,
        createdAt: o.created_at, createdByName: o.createdByName, version: o.version,
      }
    })
    .sort((a, b) => ORDER_RANK[a.status] - ORDER_RANK[b.status] || a.deadlineOn.localeCompare(b.deadlineOn) || a.id - b.id)
  return {
    workflow: workflow ? { state: workflow.state, zeroReport: workflow.zero_report === 1, keySupervision: workflow.key_supervision === 1 } : null,
    visits: visits.map((v) => ({
      id: v.id, visitedOn: v.visited_on, inspectors: v.inspectors, checked: v.checked, findings: v.findings, keyInspection: v.is_key_inspection === 1,
      superficial: v.superficial === 1, createdByName: v.createdByName,
      households: links.filter((l) => l.visit_id === v.id).map((l) => ({ id: l.id, headName: l.head_name, responsibleCadre: l.responsible_cadre })),
      orderIds: orderItems.filter((o) => o.visitId === v.id).map((o) => o.id),
    })),
    orders: orderItems,
    keyInspections: visits.filter((v) => v.is_key_inspection === 1).length,
    households: households.map((h) => ({ id: h.id, headName: h.head_name, idTail: h.id_number.slice(-4) })),
    responsible,
  }
}

/** One step in an order's history: a write (audit log) or the workflow event it drove. */
export interface OrderHistoryEntry {
  key: string
  at: string
  actorName: string | null
  kind: 'audit' | 'workflow'
  /** audit: 'rectificationOrder.create' …; workflow: the event type */
  action: string
  /** audit: the fields written (after), with 'before' for changes */
  after: Record<string, unknown> | null
  before: Record<string, unknown> | null
  fromState: string | null
  toState: string | null
}

export interface OrderDetail {
  order: OrderItem & {
    villageId: number
    response: string | null
    respondedAt: string | null
    respondedByName: string | null
    decisionNote: string | null
    decidedAt: string | null
    decidedByName: string | null
    /** the inspector's reason when the order was last sent back, while the village works on it again */
    lastRejectNote: string | null
  }
  visit: VisitItem | null
  /** the village's workflow state now: which steps the page may offer */
  workflowState: string | null
  responsible: Accountability & { inspector: string | null }
  /** oldest first */
  history: OrderHistoryEntry[]
}

export type GetOrderResult = { ok: true; detail: OrderDetail } | { ok: false; kind: 'notFound' | 'otherVillage' }

const ORDER_EVENTS = ['ORDER_RECTIFICATION', 'ANSWER_RECTIFICATION', 'REJECT_RECTIFICATION', 'ACCEPT_RECTIFICATION'] as const

/** One order as its page shows it, with who answers for it and its whole history; only through its own village. */
export async function getOrder(db: DB, q: { campaignId: number; villageId: number; orderId: number; today: string }): Promise<GetOrderResult> {
  const row = await db
    .selectFrom('rectification_orders')
    .leftJoin('users as creator', 'creator.id', 'rectification_orders.created_by_user_id')
    .leftJoin('users as responder', 'responder.id', 'rectification_orders.responded_by_user_id')
    .leftJoin('users as decider', 'decider.id', 'rectification_orders.decided_by_user_id')
    .selectAll('rectification_orders')
    .select(['creator.display_name as createdByName', 'responder.display_name as respondedByName', 'decider.display_name as decidedByName'])
    .where('rectification_orders.id', '=', q.orderId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }

  const [workflow, visit, history] = await Promise.all([
    db.selectFrom('village_workflows').select('state').where('campaign_id', '=', q.campaignId).where('village_id', '=', q.villageId).executeTakeFirst(),
    row.visit_id === null ? Promise.resolve(null) : getVisit(db, row.visit_id),
    orderHistory(db, row),
  ])
  const responsible = { ...(await getAccountability(db, { villageId: row.village_id, householdIds: visit?.households.map((h) => h.id) ?? [] })), inspector: row.createdByName }
  const overdue = isOrderOverdue(row, q.today)
  return {
    ok: true,
    detail: {
      order: {
        id: row.id, visitId: row.visit_id, reason: row.reason, deadlineOn: row.deadline_on, status: row.status, overdue, daysOverdue: overdue ? daysBetween(row.deadline_on, q.today) : 0,
        // when it was issued: its creation in the log, or the workflow step it drove (rows seeded without a log)
        createdAt: history.find((h) => h.action === 'rectificationOrder.create' || h.action === 'ORDER_RECTIFICATION')?.at ?? row.created_at,
        createdByName: row.createdByName, version: row.version, villageId: row.village_id,
        response: row.response, respondedAt: row.responded_at, respondedByName: row.respondedByName,
        decisionNote: row.decision_note, decidedAt: row.decided_at, decidedByName: row.decidedByName,
        lastRejectNote: row.status === 'open' && row.decided_at ? row.decision_note : null,
      },
      visit,
      workflowState: workflow?.state ?? null,
      responsible,
      history,
    },
  }
}

/** One visit with the households sampled and the orders it raised. */
async function getVisit(db: DB, visitId: number): Promise<VisitItem | null> {
  const [v, households, orders] = await Promise.all([
    db.selectFrom('inspection_visits').leftJoin('users', 'users.id', 'inspection_visits.created_by_user_id')
      .selectAll('inspection_visits').select('users.display_name as createdByName').where('inspection_visits.id', '=', visitId).executeTakeFirst(),
    db.selectFrom('inspection_visit_households').innerJoin('households', 'households.id', 'inspection_visit_households.household_id')
      .select(['households.id', 'households.head_name', 'households.responsible_cadre']).where('inspection_visit_households.visit_id', '=', visitId).orderBy('households.id').execute(),
    db.selectFrom('rectification_orders').select('id').where('visit_id', '=', visitId).orderBy('id').execute(),
  ])
  if (!v) return null
  return {
    id: v.id, visitedOn: v.visited_on, inspectors: v.inspectors, checked: v.checked, findings: v.findings, keyInspection: v.is_key_inspection === 1,
    superficial: v.superficial === 1, createdByName: v.createdByName,
    households: households.map((h) => ({ id: h.id, headName: h.head_name, responsibleCadre: h.responsible_cadre })),
    orderIds: orders.map((o) => o.id),
  }
}

async function orderAudit(db: DB | Tx, orderId: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.occurred_at', 'audit_log.before', 'audit_log.after', 'users.display_name as actorName'])
    .where('audit_log.entity_type', '=', 'rectificationOrder')
    .where('audit_log.entity_id', '=', orderId)
    .orderBy('audit_log.id')
    .execute()
}

async function orderHistory(db: DB, order: OrderRow): Promise<OrderHistoryEntry[]> {
  const [audits, events] = await Promise.all([
    orderAudit(db, order.id),
    db.selectFrom('workflow_events')
      .innerJoin('village_workflows as wf', 'wf.id', 'workflow_events.workflow_id')
      .leftJoin('users', 'users.id', 'workflow_events.actor_user_id')
      .select(['workflow_events.id', 'workflow_events.event_type', 'workflow_events.payload', 'workflow_events.occurred_at', 'workflow_events.from_state', 'workflow_events.to_state', 'users.display_name as actorName'])
      .where('wf.campaign_id', '=', order.campaign_id).where('wf.village_id', '=', order.village_id)
      .where('workflow_events.event_type', 'in', [...ORDER_EVENTS])
      .orderBy('workflow_events.version')
      .execute(),
  ])
  const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null)
  const entries: Array<OrderHistoryEntry & { rank: number }> = [
    ...audits.map((a, i) => ({
      key: `a${a.id}`, at: a.occurred_at, actorName: a.actorName, kind: 'audit' as const, action: a.action, after: parse(a.after), before: parse(a.before), fromState: null, toState: null, rank: i * 2,
    })),
    ...events
      .filter((e) => Number(parse(e.payload)?.orderId) === order.id)
      .map((e, i) => ({
        key: `w${e.id}`, at: e.occurred_at, actorName: e.actorName, kind: 'workflow' as const, action: e.event_type, after: null, before: null, fromState: e.from_state, toState: e.to_state, rank: i * 2 + 1,
      })),
  ]
  // by time; a write and the event it drove share their instant, and the write comes first
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank).map(({ rank: _rank, ...entry }) => entry)
}

// ————————————————————————————————————————— writing: visits —————————————————————————————————————————

export type VisitField = 'visitedOn' | 'inspectors' | 'checked' | 'findings' | 'householdIds' | 'keyInspection' | 'reason' | 'deadline'

export interface RecordVisitInput {
  campaignId: number
  villageId: number
  visitedOn: string
  inspectors: string
  checked: string
  findings: string
  /** households sampled (抽查), of this village */
  householdIds?: readonly number[]
  /** 重点督查 of a zero-report village */
  keyInspection?: boolean
  /** 流于形式、走过场: the reason, and the deadline of the order it raises */
  superficial?: { reason: string; deadline: DeadlineInput } | null
  today: string
  actor: Actor
}

export type RecordVisitResult =
  | { ok: true; visitId: number; orderId: number | null; deadlineOn: string | null; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<VisitField, SupervisionFieldError>> }
  | { ok: false; kind: 'otherVillage' }
  | WorkflowFailure

/**
 * Record a visit (督查记录). Flagged superficial, it also raises a rectification order and moves the village to
 * 已责令整改 — all in one transaction; if the workflow refuses (the village is not in 检查督导), nothing is kept.
 */
export async function recordVisit(db: DB, input: RecordVisitInput): Promise<RecordVisitResult> {
  return runStep(db, async (tx): Promise<RecordVisitResult> => {
    const errors: Partial<Record<VisitField, SupervisionFieldError>> = {}
    const put = (field: VisitField, error: SupervisionFieldError | null) => {
      if (error) errors[field] ??= error
    }
    const inspectors = trimOrNull(input.inspectors)
    const checked = trimOrNull(input.checked)
    const findings = trimOrNull(input.findings)
    if (!isDay(input.visitedOn)) put('visitedOn', 'invalidDate')
    else if (input.visitedOn > input.today) put('visitedOn', 'dateInFuture')
    put('inspectors', textError(inspectors, SUPERVISION_LIMITS.inspectors, true))
    put('checked', textError(checked, SUPERVISION_LIMITS.checked, true))
    put('findings', textError(findings, SUPERVISION_LIMITS.findings, true))

    const householdIds = [...new Set(input.householdIds ?? [])]
    if (householdIds.length) {
      const found = await tx.selectFrom('households').select('id').where('id', 'in', householdIds).where('village_id', '=', input.villageId).execute()
      // a household of another village in the form: refused like another village's URL, nothing written
      if (found.length !== householdIds.length) return { ok: false, kind: 'otherVillage' }
    }
    if (input.keyInspection) {
      const wf = await tx.selectFrom('village_workflows').select('key_supervision').where('campaign_id', '=', input.campaignId).where('village_id', '=', input.villageId).executeTakeFirst()
      if (wf?.key_supervision !== 1) put('keyInspection', 'notKeySupervision')
    }
    let reason: string | null = null
    let deadline: Extract<DeadlineResolution, { ok: true }> | null = null
    if (input.superficial) {
      reason = trimOrNull(input.superficial.reason)
      put('reason', textError(reason, SUPERVISION_LIMITS.reason, true))
      const resolved = await resolveDeadline(tx, input.superficial.deadline, input.today, input.today, { villageId: input.villageId })
      if (resolved.ok) deadline = resolved
      else put('deadline', resolved.error)
    }
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

    const visitValues = {
      campaign_id: input.campaignId, village_id: input.villageId, visited_on: input.visitedOn, inspectors: inspectors!, checked: checked!, findings: findings!,
      is_key_inspection: input.keyInspection ? 1 : 0, superficial: input.superficial ? 1 : 0, created_by_user_id: input.actor.userId,
    }
    const visit = await tx.insertInto('inspection_visits').values({ ...visitValues, created_at: input.actor.at.toISOString() }).returning('id').executeTakeFirstOrThrow()
    for (const householdId of householdIds) await tx.insertInto('inspection_visit_households').values({ visit_id: visit.id, household_id: householdId }).execute()
    await recordAudit(tx, {
      actorUserId: input.actor.userId, action: 'inspectionVisit.create', entityType: 'inspectionVisit', entityId: visit.id, villageId: input.villageId,
      after: { ...visitValues, household_ids: householdIds }, ip: input.actor.ip, at: input.actor.at,
    })
    if (!input.superficial) return { ok: true, visitId: visit.id, orderId: null, deadlineOn: null, deadlineNotes: null }

    const at = input.actor.at.toISOString()
    const orderValues = { campaign_id: input.campaignId, village_id: input.villageId, visit_id: visit.id, reason: reason!, deadline_on: deadline!.on, status: 'open' as const, created_by_user_id: input.actor.userId }
    const order = await tx.insertInto('rectification_orders').values({ ...orderValues, version: 0, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: input.actor.userId, action: 'rectificationOrder.create', entityType: 'rectificationOrder', entityId: order.id, villageId: input.villageId,
      after: orderValues, ip: input.actor.ip, at: input.actor.at,
    })
    await driveWorkflow(tx, { campaignId: input.campaignId, villageId: input.villageId, type: 'ORDER_RECTIFICATION', orderId: order.id, actor: input.actor, today: input.today })
    return { ok: true, visitId: visit.id, orderId: order.id, deadlineOn: deadline!.on, deadlineNotes: deadline!.notes }
  })
}

// ————————————————————————————————————————— writing: orders —————————————————————————————————————————

export type OrderField = 'response' | 'note' | 'deadline'

/** The order's status does not allow this step (answered orders are not answered twice, and so on). */
export interface OrderNotNow {
  ok: false
  kind: 'notNow'
  status: OrderStatus
}

export interface OrderConflict {
  ok: false
  kind: 'conflict'
  currentVersion: number
  /** who wrote in between, oldest first */
  saves: Array<{ actorName: string | null; occurredAt: string; action: string }>
}

export type OrderWriteResult =
  | { ok: true; id: number; version: number; status: OrderStatus; workflowState: string; deadlineOn: string; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<OrderField, SupervisionFieldError>> }
  | { ok: false; kind: 'notFound' }
  | { ok: false; kind: 'otherVillage' }
  | OrderNotNow
  | OrderConflict
  | WorkflowFailure

interface OrderScope {
  campaignId: number
  villageId: number
  orderId: number
  /** the version the person saw when the page was opened */
  expectedVersion: number
  today: string
  actor: Actor
}

class OrderConflictSignal extends Error {}

async function loadOrderForWrite(tx: Tx, q: OrderScope): Promise<{ ok: true; row: OrderRow } | { ok: false; kind: 'notFound' | 'otherVillage' }> {
  const row = await tx.selectFrom('rectification_orders').selectAll().where('id', '=', q.orderId).executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  if (row.version !== q.expectedVersion) throw new OrderConflictSignal()
  return { ok: true, row }
}

/** Compare-and-set on the version read, then the one audit row of this write. */
async function writeOrder(tx: Tx, current: OrderRow, changes: Updateable<RectificationOrderTable>, action: string, actor: Actor, extra: Record<string, unknown> = {}): Promise<number> {
  const version = current.version + 1
  const result = await tx
    .updateTable('rectification_orders')
    .set({ ...changes, version, updated_at: actor.at.toISOString() })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new OrderConflictSignal()
  const diff = changedFields(current as unknown as Record<string, unknown>, changes as Record<string, unknown>)
  await recordAudit(tx, {
    actorUserId: actor.userId, action, entityType: 'rectificationOrder', entityId: current.id, villageId: current.village_id,
    before: diff.before, after: { ...diff.after, ...extra }, ip: actor.ip, at: actor.at,
  })
  return version
}

async function orderStep(db: DB, scope: OrderScope, step: (tx: Tx) => Promise<OrderWriteResult>): Promise<OrderWriteResult> {
  try {
    return await runStep(db, step)
  } catch (error) {
    if (!(error instanceof OrderConflictSignal)) throw error
    const row = await db.selectFrom('rectification_orders').select('version').where('id', '=', scope.orderId).executeTakeFirst()
    const currentVersion = row?.version ?? 0
    const missed = Math.max(0, currentVersion - scope.expectedVersion)
    const audits = missed > 0 ? (await orderAudit(db, scope.orderId)).slice(-missed) : []
    return { ok: false, kind: 'conflict', currentVersion, saves: audits.map((a) => ({ actorName: a.actorName, occurredAt: a.occurred_at, action: a.action })) }
  }
}

/** The village's cadre answers an open order with the measures taken (整改答复). */
export async function answerOrder(db: DB, input: OrderScope & { response: string }): Promise<OrderWriteResult> {
  return orderStep(db, input, async (tx) => {
    const found = await loadOrderForWrite(tx, input)
    if (!found.ok) return found
    const current = found.row
    if (current.status !== 'open') return { ok: false, kind: 'notNow', status: current.status }
    const response = trimOrNull(input.response)
    const error = textError(response, SUPERVISION_LIMITS.response, true)
    if (error) return { ok: false, kind: 'invalid', errors: { response: error } }
    const version = await writeOrder(tx, current, {
      status: 'answered', response, responded_by_user_id: input.actor.userId, responded_at: input.actor.at.toISOString(),
    }, 'rectificationOrder.answer', input.actor)
    const moved = await driveWorkflow(tx, { campaignId: input.campaignId, villageId: input.villageId, type: 'ANSWER_RECTIFICATION', orderId: current.id, actor: input.actor, today: input.today })
    return { ok: true, id: current.id, version, status: 'answered', workflowState: moved.to, deadlineOn: current.deadline_on, deadlineNotes: null }
  })
}

export interface DecideOrderInput extends OrderScope {
  /** accept: 整改通过; reject: 退回重新整改, with the reason */
  decision: 'accept' | 'reject'
  note?: string | null
  /** on rejection, a new deadline (undefined or null keeps the one set) */
  deadline?: DeadlineInput | null
}

/** The inspector (or a township leader) accepts an answered order, or rejects it with a reason. */
export async function decideOrder(db: DB, input: DecideOrderInput): Promise<OrderWriteResult> {
  return orderStep(db, input, async (tx) => {
    const found = await loadOrderForWrite(tx, input)
    if (!found.ok) return found
    const current = found.row
    if (current.status !== 'answered') return { ok: false, kind: 'notNow', status: current.status }
    const errors: Partial<Record<OrderField, SupervisionFieldError>> = {}
    const note = trimOrNull(input.note)
    const noteError = textError(note, SUPERVISION_LIMITS.note, input.decision === 'reject')
    if (noteError) errors.note = noteError
    let deadlineOn = current.deadline_on
    let deadlineNotes: DeadlineNotes | null = null
    if (input.decision === 'reject' && input.deadline) {
      const resolved = await resolveDeadline(tx, input.deadline, input.today, input.today, { villageId: current.village_id })
      if (resolved.ok) ({ on: deadlineOn, notes: deadlineNotes } = resolved)
      else errors.deadline = resolved.error
    }
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

    const accept = input.decision === 'accept'
    const version = await writeOrder(
      tx, current,
      { status: accept ? 'accepted' : 'open', decision_note: note, decided_by_user_id: input.actor.userId, decided_at: input.actor.at.toISOString(), deadline_on: deadlineOn },
      accept ? 'rectificationOrder.accept' : 'rectificationOrder.reject', input.actor,
      // the note is said again even when it repeats the last one: it is this decision's reason
      { decision_note: note },
    )
    const moved = await driveWorkflow(tx, {
      campaignId: input.campaignId, villageId: input.villageId, type: accept ? 'ACCEPT_RECTIFICATION' : 'REJECT_RECTIFICATION', orderId: current.id, actor: input.actor, today: input.today,
    })
    return { ok: true, id: current.id, version, status: accept ? 'accepted' : 'open', workflowState: moved.to, deadlineOn, deadlineNotes }
  })
}
