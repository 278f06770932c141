// Making a proposal (拟): a review's conclusion (调整, 清退, 骗保) or a 漏保 family's 纳入申请 becomes a proposal at
// 镇审核; nothing about the household changes until the county approves it (ADR 010). 继续保障 takes effect at once.
// A conclusion saved again while the village holds the proposal (退回, 补充核查) revises it and sends it back up;
// once the township has it, the conclusion cannot change.
import { initialSnapshot } from '../../../workflows/approvalMachine'
import { APPROVAL_STEP_LABELS, PROPOSAL_KIND_LABELS, type ProposalKind } from '../../../workflows/approvalSteps'
import type { HouseholdStatus, ReviewOutcome } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { recordAudit } from '../audit.server'
import { getReviewAccess, type MustReviewBy } from '../nearRelatives.server'
import type { Tx } from '../versioned.server'
import { applyToRow } from './events.server'
import { getApprovalLimits } from './limits.server'
import { atVillageStep, findOpenProposal, machineColumns, type ProposalRow } from './machineRow.server'

const KIND_OF_OUTCOME: Record<ReviewOutcome, ProposalKind | null> = { keep: null, adjust: 'adjust', exit: 'stop', fraud: 'stopAndRecover' }

/** What a proposal proposes: the columns a revision may change. */
export interface ProposalContent {
  kind: ProposalKind
  grounds: string
  proposedAmountFen: number | null
  proposedExitDate: string | null
  recoveredFen: number | null
  fineFen: number | null
}

/** Make a proposal at 镇审核 with the campaign's step limits; its creation is event version 0 and one audit row. */
export async function createProposal(
  tx: Tx,
  q: {
    campaignId: number
    villageId: number
    householdId: number
    reviewId: number | null
    currentAmountFen: number
    content: ProposalContent
    actor: { id: number }
    at: Date
    today: string
    ip?: string | null
  },
): Promise<number> {
  const limits = (await getApprovalLimits(tx, q.campaignId))?.limits
  const snapshot = initialSnapshot({ kind: q.content.kind, proposedOn: q.today, limits })
  const c = q.content
  const row = await tx
    .insertInto('proposals')
    .values({
      campaign_id: q.campaignId,
      village_id: q.villageId,
      household_id: q.householdId,
      review_id: q.reviewId,
      kind: c.kind,
      grounds: c.grounds,
      current_amount_fen: q.currentAmountFen,
      proposed_amount_fen: c.proposedAmountFen,
      proposed_exit_date: c.proposedExitDate,
      recovered_fen: c.recoveredFen,
      fine_fen: c.fineFen,
      proposed_by_user_id: q.actor.id,
      proposed_on: q.today,
      ...machineColumns(snapshot),
      updated_at: q.at.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await tx
    .insertInto('proposal_events')
    .values({
      proposal_id: row.id,
      version: 0,
      event_type: 'PROPOSE',
      payload: JSON.stringify({ kind: c.kind, today: q.today }),
      from_state: null,
      to_state: 'townshipReview.proposed',
      actor_user_id: q.actor.id,
      occurred_at: q.at.toISOString(),
    })
    .execute()
  await recordAudit(tx, {
    actorUserId: q.actor.id,
    action: 'proposal.create',
    entityType: 'proposal',
    entityId: row.id,
    villageId: q.villageId,
    after: {
      householdId: q.householdId,
      proposalKind: c.kind,
      grounds: c.grounds,
      proposedAmountFen: c.proposedAmountFen,
      proposedExitDate: c.proposedExitDate,
      fraudRecoveredFen: c.recoveredFen,
      fraudFineFen: c.fineFen,
    },
    ip: q.ip,
    at: q.at,
  })
  return row.id
}

/** The review's conclusion, as saved. */
export interface ReviewConclusion {
  campaignId: number
  villageId: number
  household: { id: number; status: HouseholdStatus; monthly_amount_fen: number }
  reviewId: number
  outcome: ReviewOutcome | null
  adjustedAmountFen: number | null
  exitReason: string | null
  exitOn: string | null
  fraudRecoveredFen: number | null
  fraudFineFen: number | null
  notes: string | null
}

export type ConcludeResult =
  | { ok: true; proposalId: number | null }
  /** the conclusion cannot become (or change) a proposal now: a Chinese sentence, and the form field it is about */
  | { ok: false; kind: 'proposal'; message: string; field: 'notes' | 'exitReason' | 'adjustedAmount' | 'exitOn' | null }
  | { ok: false; kind: 'recused'; mustReviewBy: MustReviewBy }

const m = t.approvals.conclude
const kindLabel = (kind: ProposalKind) => PROPOSAL_KIND_LABELS[kind]
const refuse = (message: string, field: 'notes' | 'exitReason' | 'adjustedAmount' | 'exitOn' | null = null): ConcludeResult => ({
  ok: false,
  kind: 'proposal',
  message,
  field,
})

/** What the conclusion proposes, or the reason it is incomplete. */
function contentOf(c: ReviewConclusion, kind: ProposalKind): ProposalContent | ConcludeResult {
  const notes = c.notes?.trim() ?? ''
  const reason = c.exitReason?.trim() ?? ''
  if (kind === 'stop' && !reason) return refuse(m.exitReasonRequired, 'exitReason')
  // 清退原因 first (a stop's), then the review's notes
  const grounds = [reason, notes].filter(Boolean).join('；')
  if (!grounds) return refuse(format(m.groundsRequired, { kind: kindLabel(kind) }), 'notes')
  if (kind === 'adjust' && !(c.adjustedAmountFen && c.adjustedAmountFen > 0)) return refuse(m.amountRequired, 'adjustedAmount')
  if (kind !== 'adjust' && !c.exitOn) return refuse(m.exitDateRequired, 'exitOn')
  return {
    kind,
    grounds,
    proposedAmountFen: kind === 'adjust' ? c.adjustedAmountFen : null,
    proposedExitDate: kind === 'adjust' ? null : c.exitOn,
    recoveredFen: kind === 'stopAndRecover' ? c.fraudRecoveredFen : null,
    fineFen: kind === 'stopAndRecover' ? c.fraudFineFen : null,
  }
}

function sameContent(row: ProposalRow, c: ProposalContent): boolean {
  return (
    row.kind === c.kind &&
    row.grounds === c.grounds &&
    row.proposed_amount_fen === c.proposedAmountFen &&
    row.proposed_exit_date === c.proposedExitDate &&
    row.recovered_fen === c.recoveredFen &&
    row.fine_fen === c.fineFen
  )
}

const isContent = (v: ProposalContent | ConcludeResult): v is ProposalContent => 'grounds' in v

/**
 * Called by the review's save, inside its transaction, once the review row is written: the conclusion becomes a
 * proposal (or revises the one the village holds). A refusal is returned for the save to roll back.
 */
export async function concludeReview(
  tx: Tx,
  req: { conclusion: ReviewConclusion; actor: { id: number }; at: Date; today: string; ip?: string | null },
): Promise<ConcludeResult> {
  const c = req.conclusion
  if (c.outcome === null) return { ok: true, proposalId: null }
  const kind = KIND_OF_OUTCOME[c.outcome]
  const open = await findOpenProposal(tx, c.household.id)
  const content = kind ? contentOf(c, kind) : null
  if (content && !isContent(content)) return content
  const event = { actor: req.actor, at: req.at, today: req.today, ip: req.ip }

  if (open) {
    const openKind = kindLabel(open.kind)
    if (!atVillageStep(open)) {
      // the township (or the county) has it: saving the same conclusion again is fine, changing it is not
      if (content && sameContent(open, content)) return { ok: true, proposalId: open.id }
      return refuse(format(m.locked, { kind: openKind, step: APPROVAL_STEP_LABELS[open.step] }))
    }
    // 退回村(居): a keep or another kind withdraws it (and a new kind is proposed afresh); 补充核查 can only resubmit
    if (!content || content.kind !== open.kind) {
      if (open.step !== 'returned') return refuse(format(m.furtherChecks, { kind: openKind }))
      const withdrawn = await applyToRow(tx, open, { proposalId: open.id, event: { type: 'WITHDRAW' }, ...event })
      if (!withdrawn.ok) return withdrawn.kind === 'recused' ? withdrawn : refuse(withdrawn.kind === 'refused' ? withdrawn.message : t.errors.generic)
      if (!content) return { ok: true, proposalId: null }
      return propose(tx, c, content, req)
    }
    await tx
      .updateTable('proposals')
      .set({
        grounds: content.grounds,
        proposed_amount_fen: content.proposedAmountFen,
        proposed_exit_date: content.proposedExitDate,
        recovered_fen: content.recoveredFen,
        fine_fen: content.fineFen,
        review_id: c.reviewId,
      })
      .where('id', '=', open.id)
      .execute()
    const revised = await applyToRow(
      tx,
      { ...open, review_id: c.reviewId },
      {
        proposalId: open.id,
        event: { type: open.step === 'returned' ? 'REVISE' : 'RESUBMIT' },
        ...event,
      },
    )
    if (!revised.ok) return revised.kind === 'recused' ? revised : refuse(revised.kind === 'refused' ? revised.message : t.errors.generic)
    return { ok: true, proposalId: open.id }
  }

  // 继续保障 takes effect at once: nothing to propose, nothing about the household changes
  if (!content) return { ok: true, proposalId: null }
  // saving the same conclusion again after the chain ended (approved, refused, withdrawn) proposes nothing new
  const last = await tx
    .selectFrom('proposals')
    .selectAll()
    .where('household_id', '=', c.household.id)
    .where('review_id', '=', c.reviewId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (last && sameContent(last, content)) return { ok: true, proposalId: null }
  if (c.household.status !== 'active') return refuse(format(m.notPaid, { kind: kindLabel(content.kind) }))
  return propose(tx, c, content, req)
}

async function propose(
  tx: Tx,
  c: ReviewConclusion,
  content: ProposalContent,
  req: { actor: { id: number }; at: Date; today: string; ip?: string | null },
): Promise<ConcludeResult> {
  const access = await getReviewAccess(tx, { villageId: c.villageId, householdId: c.household.id, userId: req.actor.id })
  if (access?.access === 'recused') return { ok: false, kind: 'recused', mustReviewBy: access.mustReviewBy }
  const proposalId = await createProposal(tx, {
    campaignId: c.campaignId,
    villageId: c.villageId,
    householdId: c.household.id,
    reviewId: c.reviewId,
    currentAmountFen: c.household.monthly_amount_fen,
    content,
    ...req,
  })
  return { ok: true, proposalId }
}

/** 登记漏保对象 → 提出纳入申请: the applicant household's enrol proposal, with the amount the village proposes. */
export async function proposeEnrolment(
  tx: Tx,
  q: {
    campaignId: number
    villageId: number
    householdId: number
    amountFen: number
    grounds: string
    actor: { id: number }
    at: Date
    today: string
    ip?: string | null
  },
): Promise<number> {
  return createProposal(tx, {
    campaignId: q.campaignId,
    villageId: q.villageId,
    householdId: q.householdId,
    reviewId: null,
    currentAmountFen: 0,
    content: { kind: 'enrol', grounds: q.grounds, proposedAmountFen: q.amountFen, proposedExitDate: null, recoveredFen: null, fineFen: null },
    actor: q.actor,
    at: q.at,
    today: q.today,
    ip: q.ip,
  })
}
