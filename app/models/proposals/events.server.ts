// Applying one event to a proposal (ADR 010): the one place a stored proposal moves through the chain. In one
// transaction: read the row at the version the person saw, run the pure machine, save the next snapshot with a
// compare-and-set, append the event, write what the event does (异议, the household on approval) and the audit row.
// Who may send which event is the route's check (mayActorSend with the village/township scope); 近亲属回避 is here.
import { applyEvent, SnapshotVersionError, type ApprovalEvent, type Refusal } from '../../../workflows/approvalMachine'
import { APPROVAL_REFUSAL_TEXT, type ApprovalEventType, type ApprovalStateKey, type HearingForm, type ObjectionResult } from '../../../workflows/approvalSteps'
import type { ComplaintChannel } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { recordAudit } from '../audit.server'
import { getReviewAccess, type MustReviewBy } from '../nearRelatives.server'
import { assertVersion, casUpdate, inTransaction, Rollback, VersionConflict, type DbOrTx, type Tx } from '../versioned.server'
import { applyApproval, leaveNotEnrolled, registerObjection, verifyObjection } from './effects.server'
import { findProposal, machineColumns, snapshotOf, type ProposalRow } from './machineRow.server'

/** An event as a person sends it (the day is added by the model from `today`). */
export type ProposalEventInput =
  | { type: 'REVISE' | 'WITHDRAW' | 'RESUBMIT' | 'ACCEPT' | 'NOTICE_ENDED' }
  | { type: 'RETURN' | 'REFER_BACK' | 'REFUSE'; reason: string }
  | { type: 'ORDER_HEARING'; form: HearingForm }
  | { type: 'RECORD_HEARING'; record: string }
  | { type: 'OBJECTION'; channel: ComplaintChannel; objector: string | null; content: string }
  | { type: 'VERIFY_OBJECTION'; no: number; result: ObjectionResult; note: string | null }
  | { type: 'APPROVE'; effectiveMonth: string; amountFen?: number | null; exitDate?: string | null }

export type ProposalEventResult =
  | { ok: true; version: number; from: ApprovalStateKey; to: ApprovalStateKey }
  | { ok: false; kind: 'refused'; refusal: Refusal; message: string }
  | { ok: false; kind: 'conflict'; currentVersion: number }
  | { ok: false; kind: 'notFound' }
  | { ok: false; kind: 'recused'; mustReviewBy: MustReviewBy }
  | { ok: false; kind: 'outdatedSnapshot'; storedVersion: number }

export interface ProposalEventRequest {
  proposalId: number
  event: ProposalEventInput
  actor: { id: number }
  /** the proposal's version the person saw; omitted by server flows that read and write in one go */
  expectedVersion?: number
  at: Date
  /** the Shanghai day of `at`: the day the machine records */
  today: string
  ip?: string | null
}

// one audit action per event type (literals, so every action has its label in history.ts)
const AUDIT_ACTIONS: Record<ApprovalEventType, string> = {
  REVISE: 'proposal.revise',
  WITHDRAW: 'proposal.withdraw',
  RESUBMIT: 'proposal.resubmit',
  ACCEPT: 'proposal.accept',
  RETURN: 'proposal.return',
  REFER_BACK: 'proposal.referBack',
  ORDER_HEARING: 'proposal.orderHearing',
  RECORD_HEARING: 'proposal.recordHearing',
  OBJECTION: 'proposal.objection',
  VERIFY_OBJECTION: 'proposal.verifyObjection',
  NOTICE_ENDED: 'proposal.noticeEnded',
  APPROVE: 'proposal.approve',
  REFUSE: 'proposal.refuse',
}

/** The refusal as a sentence. */
export function refusalMessage(refusal: Refusal): string {
  return format(APPROVAL_REFUSAL_TEXT[refusal.code], refusal.params ?? {})
}

/** The machine's event: what the person sent, without what only the rows keep (an objection's text, a note), dated. */
function machineEvent(input: ProposalEventInput, today: string): ApprovalEvent {
  switch (input.type) {
    case 'OBJECTION':
      return { type: 'OBJECTION', today }
    case 'VERIFY_OBJECTION':
      return { type: 'VERIFY_OBJECTION', no: input.no, result: input.result, today }
    default:
      return { ...input, today } as ApprovalEvent
  }
}

/** Apply one event. A refusal, a conflict or a recusal changes nothing. Joins the caller's transaction when given one. */
export async function applyProposalEvent(db: DbOrTx, req: ProposalEventRequest): Promise<ProposalEventResult> {
  try {
    return await inTransaction(db, async (tx) => {
      const row = await findProposal(tx, req.proposalId)
      if (!row) return { ok: false, kind: 'notFound' } as const
      return applyToRow(tx, row, req)
    })
  } catch (error) {
    if (error instanceof Rollback) return error.answer as ProposalEventResult
    if (error instanceof VersionConflict) {
      const row = await db.selectFrom('proposals').select('version').where('id', '=', req.proposalId).executeTakeFirst()
      return { ok: false, kind: 'conflict', currentVersion: row?.version ?? 0 }
    }
    throw error
  }
}

/** The event on a row read inside the caller's transaction (the review's save uses this for REVISE/RESUBMIT/WITHDRAW). */
export async function applyToRow(tx: Tx, row: ProposalRow, req: ProposalEventRequest): Promise<ProposalEventResult> {
  assertVersion(row.version, req.expectedVersion)
  // 近亲属回避: the household's related official neither proposes nor decides for it
  const access = await getReviewAccess(tx, { villageId: row.village_id, householdId: row.household_id, userId: req.actor.id })
  if (access?.access === 'recused') return { ok: false, kind: 'recused', mustReviewBy: access.mustReviewBy }
  let snapshot
  try {
    snapshot = snapshotOf(row)
  } catch (error) {
    if (error instanceof SnapshotVersionError) return { ok: false, kind: 'outdatedSnapshot', storedVersion: error.storedVersion }
    throw error
  }
  const event = machineEvent(req.event, req.today)
  const result = applyEvent(snapshot, event)
  if (!result.accepted) return { ok: false, kind: 'refused', refusal: result.refusal, message: refusalMessage(result.refusal) }

  const next = result.snapshot
  const decision = next.context.decision
  const approved = req.event.type === 'APPROVE' && decision !== null
  await casUpdate(tx, 'proposals', row.id, row.version, {
    ...machineColumns(next),
    ...(approved ? { decision_effective_month: decision.effectiveMonth, decision_amount_fen: decision.amountFen, decision_exit_date: decision.exitDate } : {}),
    updated_at: req.at.toISOString(),
  })
  const version = row.version + 1
  const { type, ...payload } = req.event
  await tx
    .insertInto('proposal_events')
    .values({
      proposal_id: row.id,
      version,
      event_type: type,
      payload: JSON.stringify({ ...payload, today: req.today }),
      from_state: result.from,
      to_state: result.to,
      actor_user_id: req.actor.id,
      occurred_at: req.at.toISOString(),
    })
    .execute()

  const input = req.event
  if (input.type === 'OBJECTION') {
    const no = next.context.objections.length
    await registerObjection(tx, {
      proposalId: row.id,
      no,
      on: req.today,
      channel: input.channel,
      objector: input.objector,
      content: input.content,
      userId: req.actor.id,
    })
  }
  if (input.type === 'VERIFY_OBJECTION')
    await verifyObjection(tx, { proposalId: row.id, no: input.no, on: req.today, result: input.result, note: input.note, userId: req.actor.id })
  if (approved) await applyApproval(tx, { proposal: row, decision, userId: req.actor.id, today: req.today, at: req.at, ip: req.ip })
  if (row.kind === 'enrol' && (result.to === 'refused' || result.to === 'withdrawn'))
    await leaveNotEnrolled(tx, { proposal: row, userId: req.actor.id, at: req.at, ip: req.ip })

  await recordAudit(tx, {
    actorUserId: req.actor.id,
    action: AUDIT_ACTIONS[type],
    entityType: 'proposal',
    entityId: row.id,
    villageId: row.village_id,
    before: { state: result.from },
    after: { state: result.to, householdId: row.household_id, ...auditDetail(input) },
    ip: req.ip,
    at: req.at,
  })
  return { ok: true, version, from: result.from, to: result.to }
}

/** What the audit row keeps of the event: never an objector's name (保护举报人), only that one was given. */
function auditDetail(input: ProposalEventInput): Record<string, unknown> {
  switch (input.type) {
    case 'RETURN':
    case 'REFER_BACK':
    case 'REFUSE':
      return { decisionReason: input.reason }
    case 'ORDER_HEARING':
      return { hearingForm: input.form }
    case 'RECORD_HEARING':
      return { record: input.record }
    case 'OBJECTION':
      return { channel: input.channel, objectorRecorded: input.objector !== null }
    case 'VERIFY_OBJECTION':
      return { objectionNo: input.no, result: input.result, note: input.note }
    case 'APPROVE':
      return { effectiveMonth: input.effectiveMonth, amountFen: input.amountFen ?? null, exitDate: input.exitDate ?? null }
    default:
      return {}
  }
}
