// Proposals (拟) inserted straight into the tables for the dashboard's approval tests, with real snapshots: the
// approval machine is walked through the events given (workflows/approvalMachine.ts), and the row, its objections
// and its state columns are written as the app writes them. Not the app's own write path (that is the proposal
// model's); enough for the counts and the deadlines, which only read.
import type { DB } from '../../db/connection.server'
import { applyEvent, initialSnapshot, MACHINE_VERSION, persist, stateKey, stepOf, type ApprovalEvent } from '../../workflows/approvalMachine'
import type { ProposalKind, StepLimits } from '../../workflows/approvalSteps'

export interface ProposalSpec {
  campaignId: number
  villageId: number
  householdId: number
  kind?: ProposalKind
  proposedOn: string
  limits?: Partial<StepLimits>
  /** applied in order; each must be accepted */
  events?: ApprovalEvent[]
}

const FINAL = ['approved', 'refused', 'withdrawn']

/** Inserts one proposal in the state the events lead to; its objections as the machine numbered them. Returns its id. */
export async function insertProposal(db: DB, spec: ProposalSpec): Promise<number> {
  let snapshot = initialSnapshot({ kind: spec.kind ?? 'stop', proposedOn: spec.proposedOn, limits: spec.limits })
  for (const event of spec.events ?? []) {
    const applied = applyEvent(snapshot, event)
    if (!applied.accepted) throw new Error(`${event.type} refused: ${applied.refusal.code}`)
    snapshot = applied.snapshot
  }
  const context = snapshot.context
  const state = stateKey(snapshot)
  const { id } = await db
    .insertInto('proposals')
    .values({
      campaign_id: spec.campaignId,
      village_id: spec.villageId,
      household_id: spec.householdId,
      kind: spec.kind ?? 'stop',
      grounds: '测试理由',
      current_amount_fen: 60000,
      proposed_exit_date: spec.kind === 'adjust' || spec.kind === 'enrol' ? null : spec.proposedOn,
      proposed_amount_fen: spec.kind === 'adjust' || spec.kind === 'enrol' ? 50000 : null,
      proposed_on: spec.proposedOn,
      machine_version: MACHINE_VERSION,
      snapshot: JSON.stringify(persist(snapshot)),
      state,
      step: stepOf(snapshot),
      step_entered_on: context.entries[context.entries.length - 1]?.on ?? spec.proposedOn,
      final: FINAL.includes(state) ? 1 : 0,
      notice_from: context.noticeFrom,
      notice_to: context.noticeTo,
      updated_at: `${spec.proposedOn}T02:00:00Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const o of context.objections)
    await db
      .insertInto('proposal_objections')
      .values({
        proposal_id: id,
        no: o.no,
        registered_on: o.registeredOn,
        channel: 'hotline',
        content: `异议${o.no}`,
        result: o.result,
        verified_on: o.verifiedOn,
      })
      .execute()
  return id
}

/** A dated event, for brevity: ev('ACCEPT', '2025-09-20'), ev('RETURN', day, { reason: '材料不全' }). */
export function ev<T extends ApprovalEvent['type']>(
  type: T,
  today: string,
  extra: Omit<Extract<ApprovalEvent, { type: T }>, 'type' | 'today'> = {} as never,
): ApprovalEvent {
  return { type, today, ...extra } as ApprovalEvent
}
