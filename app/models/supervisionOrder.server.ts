// 责令整改, one order as its page shows it: the order, the visit that raised it, who answers for it, and its whole
// history (the audit log's writes and the workflow events they drove). The village's list of visits and orders and the
// shared pieces are in supervision.server.ts; the steps that write an order in supervisionSteps.server.ts.
import type { DB } from '../../db/connection.server'
import { daysBetween } from '../../workflows/rules/dates'
import { auditHistoryOf } from './audit.server'
import { getAccountability, isOrderOverdue, type Accountability, type OrderItem, type OrderRow, type VisitItem } from './supervision.server'

/** One step in an order's history: a write (audit log) with the workflow move it drove, or a move without a write. */
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
  /** the workflow's move: a workflow entry's, or the one an audited write drove (null: the write moved nothing) */
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

/** The audit action of the write that drives each order event (app/models/supervisionSteps.server.ts). */
const AUDIT_ACTION_OF: Record<string, string> = {
  ORDER_RECTIFICATION: 'rectificationOrder.create',
  ANSWER_RECTIFICATION: 'rectificationOrder.answer',
  REJECT_RECTIFICATION: 'rectificationOrder.reject',
  ACCEPT_RECTIFICATION: 'rectificationOrder.accept',
}

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
  const responsible = {
    ...(await getAccountability(db, { villageId: row.village_id, householdIds: visit?.households.map((h) => h.id) ?? [] })),
    inspector: row.createdByName,
  }
  const overdue = isOrderOverdue(row, q.today)
  return {
    ok: true,
    detail: {
      order: {
        id: row.id,
        visitId: row.visit_id,
        reason: row.reason,
        deadlineOn: row.deadline_on,
        status: row.status,
        overdue,
        daysOverdue: overdue ? daysBetween(row.deadline_on, q.today) : 0,
        // when it was issued: its creation in the log, or the workflow step it drove (rows seeded without a log)
        createdAt: history.find((h) => h.action === 'rectificationOrder.create' || h.action === 'ORDER_RECTIFICATION')?.at ?? row.created_at,
        createdByName: row.createdByName,
        version: row.version,
        villageId: row.village_id,
        response: row.response,
        respondedAt: row.responded_at,
        respondedByName: row.respondedByName,
        decisionNote: row.decision_note,
        decidedAt: row.decided_at,
        decidedByName: row.decidedByName,
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
    db
      .selectFrom('inspection_visits')
      .leftJoin('users', 'users.id', 'inspection_visits.created_by_user_id')
      .selectAll('inspection_visits')
      .select('users.display_name as createdByName')
      .where('inspection_visits.id', '=', visitId)
      .executeTakeFirst(),
    db
      .selectFrom('inspection_visit_households')
      .innerJoin('households', 'households.id', 'inspection_visit_households.household_id')
      .select(['households.id', 'households.head_name', 'households.responsible_cadre'])
      .where('inspection_visit_households.visit_id', '=', visitId)
      .orderBy('households.id')
      .execute(),
    db.selectFrom('rectification_orders').select('id').where('visit_id', '=', visitId).orderBy('id').execute(),
  ])
  if (!v) return null
  return {
    id: v.id,
    visitedOn: v.visited_on,
    inspectors: v.inspectors,
    checked: v.checked,
    findings: v.findings,
    keyInspection: v.is_key_inspection === 1,
    superficial: v.superficial === 1,
    createdByName: v.createdByName,
    households: households.map((h) => ({ id: h.id, headName: h.head_name, responsibleCadre: h.responsible_cadre })),
    orderIds: orders.map((o) => o.id),
  }
}

async function orderHistory(db: DB, order: OrderRow): Promise<OrderHistoryEntry[]> {
  const [audits, events] = await Promise.all([
    auditHistoryOf(db, 'rectificationOrder', order.id),
    db
      .selectFrom('workflow_events')
      .innerJoin('village_workflows as wf', 'wf.id', 'workflow_events.workflow_id')
      .leftJoin('users', 'users.id', 'workflow_events.actor_user_id')
      .select([
        'workflow_events.id',
        'workflow_events.event_type',
        'workflow_events.payload',
        'workflow_events.occurred_at',
        'workflow_events.from_state',
        'workflow_events.to_state',
        'users.display_name as actorName',
      ])
      .where('wf.campaign_id', '=', order.campaign_id)
      .where('wf.village_id', '=', order.village_id)
      .where('workflow_events.event_type', 'in', [...ORDER_EVENTS])
      .orderBy('workflow_events.version')
      .execute(),
  ])
  const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null)
  const entries: Array<OrderHistoryEntry & { rank: number }> = audits.map((a, i) => ({
    key: `a${a.id}`,
    at: a.occurredAt,
    actorName: a.actorName,
    kind: 'audit' as const,
    action: a.action,
    after: a.after,
    before: a.before,
    fromState: null,
    toState: null,
    rank: i * 2,
  }))
  // Each step of an order writes both an audit row and the workflow event it drove (one transaction): one action,
  // one line. The n-th event of a kind joins the n-th write of its action, in order — not by instant, since records
  // loaded or seeded may stamp the two apart; an event without a write (an order seeded without a log) stays a line.
  const ownEvents = events.filter((e) => Number(parse(e.payload)?.orderId) === order.id)
  ownEvents.forEach((e, i) => {
    const write = entries.find((a) => a.kind === 'audit' && a.toState === null && AUDIT_ACTION_OF[e.event_type] === a.action)
    if (write) {
      write.fromState = e.from_state
      write.toState = e.to_state
      return
    }
    entries.push({
      key: `w${e.id}`,
      at: e.occurred_at,
      actorName: e.actorName,
      kind: 'workflow' as const,
      action: e.event_type,
      after: null,
      before: null,
      fromState: e.from_state,
      toState: e.to_state,
      rank: i * 2 + 1,
    })
  })
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank).map(({ rank: _rank, ...entry }) => entry)
}
