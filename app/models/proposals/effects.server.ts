// What an accepted proposal event does beyond the proposal itself, in the same transaction: 异议 rows (registered,
// verified), and the household — changed only by the county's approval (and an enrol's refusal or withdrawal, which
// leaves the family not enrolled). Before approval nothing about the household changes (ADR 010).
import type { Decision } from '../../../workflows/approvalMachine'
import type { ObjectionResult } from '../../../workflows/approvalSteps'
import type { ComplaintChannel } from '../../../workflows/rules/vocabulary'
import { recordAudit } from '../audit.server'
import type { Tx } from '../versioned.server'
import type { ProposalRow } from './machineRow.server'

export async function registerObjection(
  tx: Tx,
  q: { proposalId: number; no: number; on: string; channel: ComplaintChannel; objector: string | null; content: string; userId: number },
): Promise<void> {
  await tx
    .insertInto('proposal_objections')
    .values({
      proposal_id: q.proposalId,
      no: q.no,
      registered_on: q.on,
      channel: q.channel,
      objector: q.objector,
      content: q.content,
      registered_by_user_id: q.userId,
    })
    .execute()
}

export async function verifyObjection(
  tx: Tx,
  q: { proposalId: number; no: number; on: string; result: ObjectionResult; note: string | null; userId: number },
): Promise<void> {
  await tx
    .updateTable('proposal_objections')
    .set({ result: q.result, verified_on: q.on, verified_by_user_id: q.userId, verification_note: q.note })
    .where('proposal_id', '=', q.proposalId)
    .where('no', '=', q.no)
    .execute()
}

/**
 * The county approved: the household changes from the decision's month, with one allowance history row (what was
 * paid before, what after) that the standing notice of a month reads.
 */
export async function applyApproval(
  tx: Tx,
  q: { proposal: ProposalRow; decision: Decision; userId: number; today: string; at: Date; ip?: string | null },
): Promise<void> {
  const { proposal, decision } = q
  const household = await tx
    .selectFrom('households')
    .select(['id', 'status', 'monthly_amount_fen', 'notes', 'version'])
    .where('id', '=', proposal.household_id)
    .executeTakeFirstOrThrow()
  const stops = proposal.kind === 'stop' || proposal.kind === 'stopAndRecover'
  const previousAmountFen = household.status === 'active' ? household.monthly_amount_fen : 0
  const changes = stops ? { status: 'exited' as const } : { status: 'active' as const, monthly_amount_fen: decision.amountFen ?? household.monthly_amount_fen }
  await tx
    .updateTable('households')
    .set({ ...changes, version: household.version + 1, updated_at: q.at.toISOString() })
    .where('id', '=', household.id)
    .execute()
  await tx
    .insertInto('household_allowance_changes')
    .values({
      household_id: household.id,
      proposal_id: proposal.id,
      kind: proposal.kind,
      from_month: decision.effectiveMonth,
      previous_amount_fen: previousAmountFen,
      amount_fen: stops ? null : decision.amountFen,
      exit_date: stops ? decision.exitDate : null,
      approved_by_user_id: q.userId,
      approved_on: q.today,
    })
    .execute()
  await recordAudit(tx, {
    actorUserId: q.userId,
    action: 'household.approvedChange',
    entityType: 'household',
    entityId: household.id,
    villageId: proposal.village_id,
    before: { status: household.status, monthly_amount_fen: household.monthly_amount_fen },
    after: { ...changes, fromMonth: decision.effectiveMonth, exitDate: stops ? decision.exitDate : null, proposalId: proposal.id },
    ip: q.ip,
    at: q.at,
  })
}

/** An enrol refused by the county or withdrawn by the village: the family stays off the allowance (not enrolled). */
export async function leaveNotEnrolled(tx: Tx, q: { proposal: ProposalRow; userId: number; at: Date; ip?: string | null }): Promise<void> {
  const household = await tx.selectFrom('households').select(['id', 'status', 'version']).where('id', '=', q.proposal.household_id).executeTakeFirstOrThrow()
  if (household.status !== 'applicant') return
  await tx
    .updateTable('households')
    .set({ status: 'notEnrolled', version: household.version + 1, updated_at: q.at.toISOString() })
    .where('id', '=', household.id)
    .execute()
  await recordAudit(tx, {
    actorUserId: q.userId,
    action: 'household.notEnrolled',
    entityType: 'household',
    entityId: household.id,
    villageId: q.proposal.village_id,
    before: { status: household.status },
    after: { status: 'notEnrolled', proposalId: q.proposal.id },
    ip: q.ip,
    at: q.at,
  })
}
