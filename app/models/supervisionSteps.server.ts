// 检查督导, the writing steps: record a visit (督查记录) — flagged superficial, it raises a rectification order —
// and the order's way: the village's cadre answers, the inspector accepts or rejects with a reason. Every step is one
// transaction: the order row (compare-and-set on its version, app/models/versioned.server.ts), one audit row, and the
// village's workflow event applied after the row is written; an event the machine refuses rolls the step back.
import type { Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { RectificationOrderTable } from '../../db/schema'
import type { Refusal } from '../../workflows/campaignMachine'
import { isDay } from '../../workflows/rules/dates'
import { recordAudit } from './audit.server'
import type { DeadlineInput, DeadlineNotes } from './problemWriteParts.server'
import { SUPERVISION_LIMITS, type OrderStatus } from './supervisionRules'
import { assertVersion, auditedUpdate, conflictSince, Rollback, versionedStep, type Actor, type Conflict, type Tx } from './versioned.server'
import { applyVillageEvent, type ApplyResult } from './workflow.server'
import { type SupervisionFieldError, trimOrNull, textError, type DeadlineResolution, resolveDeadline, type OrderRow } from './supervision.server'

/** Why a step that drives the village's workflow did not happen; nothing was written. */
export type WorkflowFailure =
  | { ok: false; kind: 'refused'; refusal: Refusal; state: string }
  | { ok: false; kind: 'workflowConflict' }
  | { ok: false; kind: 'outdatedSnapshot'; storedVersion: number }
  | { ok: false; kind: 'noWorkflow' }

/** Apply one order event inside the step's transaction; a refusal (or a conflict) rolls the whole step back. */
async function driveWorkflow(
  tx: Tx,
  q: {
    campaignId: number
    villageId: number
    type: 'ORDER_RECTIFICATION' | 'ANSWER_RECTIFICATION' | 'REJECT_RECTIFICATION' | 'ACCEPT_RECTIFICATION'
    orderId: number
    actor: Actor
    today: string
  },
): Promise<Extract<ApplyResult, { ok: true }>> {
  const result = await applyVillageEvent(tx, {
    campaignId: q.campaignId,
    villageId: q.villageId,
    type: q.type,
    actorUserId: q.actor.userId,
    input: { orderId: q.orderId },
    at: q.actor.at,
    today: q.today,
  })
  if (result.ok) return result
  switch (result.kind) {
    case 'refused': {
      const row = await tx
        .selectFrom('village_workflows')
        .select('state')
        .where('campaign_id', '=', q.campaignId)
        .where('village_id', '=', q.villageId)
        .executeTakeFirst()
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
  return versionedStep(db, async (tx): Promise<RecordVisitResult> => {
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
      const wf = await tx
        .selectFrom('village_workflows')
        .select('key_supervision')
        .where('campaign_id', '=', input.campaignId)
        .where('village_id', '=', input.villageId)
        .executeTakeFirst()
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
    // the three texts are required above: no errors means they are there
    if (Object.keys(errors).length || !inspectors || !checked || !findings) return { ok: false, kind: 'invalid', errors }

    const visitValues = {
      campaign_id: input.campaignId,
      village_id: input.villageId,
      visited_on: input.visitedOn,
      inspectors,
      checked,
      findings,
      is_key_inspection: input.keyInspection ? 1 : 0,
      superficial: input.superficial ? 1 : 0,
      created_by_user_id: input.actor.userId,
    }
    const visit = await tx
      .insertInto('inspection_visits')
      .values({ ...visitValues, created_at: input.actor.at.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const householdId of householdIds)
      await tx.insertInto('inspection_visit_households').values({ visit_id: visit.id, household_id: householdId }).execute()
    await recordAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'inspectionVisit.create',
      entityType: 'inspectionVisit',
      entityId: visit.id,
      villageId: input.villageId,
      after: { ...visitValues, household_ids: householdIds },
      ip: input.actor.ip,
      at: input.actor.at,
    })
    // flagged superficial, the reason and the deadline were checked above (an error otherwise)
    if (!input.superficial || reason === null || deadline === null) return { ok: true, visitId: visit.id, orderId: null, deadlineOn: null, deadlineNotes: null }

    const at = input.actor.at.toISOString()
    const orderValues = {
      campaign_id: input.campaignId,
      village_id: input.villageId,
      visit_id: visit.id,
      reason,
      deadline_on: deadline.on,
      status: 'open' as const,
      created_by_user_id: input.actor.userId,
    }
    const order = await tx
      .insertInto('rectification_orders')
      .values({ ...orderValues, version: 0, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'rectificationOrder.create',
      entityType: 'rectificationOrder',
      entityId: order.id,
      villageId: input.villageId,
      after: orderValues,
      ip: input.actor.ip,
      at: input.actor.at,
    })
    await driveWorkflow(tx, {
      campaignId: input.campaignId,
      villageId: input.villageId,
      type: 'ORDER_RECTIFICATION',
      orderId: order.id,
      actor: input.actor,
      today: input.today,
    })
    return { ok: true, visitId: visit.id, orderId: order.id, deadlineOn: deadline.on, deadlineNotes: deadline.notes }
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

/** who wrote in between, oldest first */
export type OrderConflict = Conflict

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

async function loadOrderForWrite(tx: Tx, q: OrderScope): Promise<{ ok: true; row: OrderRow } | { ok: false; kind: 'notFound' | 'otherVillage' }> {
  const row = await tx.selectFrom('rectification_orders').selectAll().where('id', '=', q.orderId).executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  assertVersion(row.version, q.expectedVersion)
  return { ok: true, row }
}

/** Compare-and-set on the version read, then the one audit row of this write. */
function writeOrder(
  tx: Tx,
  current: OrderRow,
  changes: Updateable<RectificationOrderTable>,
  action: string,
  actor: Actor,
  extra?: Record<string, unknown>,
): Promise<number> {
  return auditedUpdate(tx, { table: 'rectification_orders', entityType: 'rectificationOrder', current, changes, action, actor, extra })
}

/** One write to one order in one transaction: the order read through its own village, at the version the page was loaded with. */
function orderStep(db: DB, scope: OrderScope, step: (tx: Tx, current: OrderRow) => Promise<OrderWriteResult>): Promise<OrderWriteResult> {
  return versionedStep(
    db,
    async (tx): Promise<OrderWriteResult> => {
      const found = await loadOrderForWrite(tx, scope)
      return found.ok ? step(tx, found.row) : found
    },
    () => conflictSince(db, { table: 'rectification_orders', entityType: 'rectificationOrder', id: scope.orderId, expectedVersion: scope.expectedVersion }),
  )
}

/** The village's cadre answers an open order with the measures taken (报送整改情况). */
export async function answerOrder(db: DB, input: OrderScope & { response: string }): Promise<OrderWriteResult> {
  return orderStep(db, input, async (tx, current) => {
    if (current.status !== 'open') return { ok: false, kind: 'notNow', status: current.status }
    const response = trimOrNull(input.response)
    const error = textError(response, SUPERVISION_LIMITS.response, true)
    if (error) return { ok: false, kind: 'invalid', errors: { response: error } }
    const version = await writeOrder(
      tx,
      current,
      {
        status: 'answered',
        response,
        responded_by_user_id: input.actor.userId,
        responded_at: input.actor.at.toISOString(),
      },
      'rectificationOrder.answer',
      input.actor,
    )
    const moved = await driveWorkflow(tx, {
      campaignId: input.campaignId,
      villageId: input.villageId,
      type: 'ANSWER_RECTIFICATION',
      orderId: current.id,
      actor: input.actor,
      today: input.today,
    })
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
  return orderStep(db, input, async (tx, current) => {
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
      tx,
      current,
      {
        status: accept ? 'accepted' : 'open',
        decision_note: note,
        decided_by_user_id: input.actor.userId,
        decided_at: input.actor.at.toISOString(),
        deadline_on: deadlineOn,
      },
      accept ? 'rectificationOrder.accept' : 'rectificationOrder.reject',
      input.actor,
      // the note is said again even when it repeats the last one: it is this decision's reason
      { decision_note: note },
    )
    const moved = await driveWorkflow(tx, {
      campaignId: input.campaignId,
      villageId: input.villageId,
      type: accept ? 'ACCEPT_RECTIFICATION' : 'REJECT_RECTIFICATION',
      orderId: current.id,
      actor: input.actor,
      today: input.today,
    })
    return { ok: true, id: current.id, version, status: accept ? 'accepted' : 'open', workflowState: moved.to, deadlineOn, deadlineNotes }
  })
}
