// Rows of the approval chain written straight into the tables, for the notice and paper tests (H4): a proposal in a
// given state, its events and objections, and the allowance change an approval writes — without the proposal model,
// so these tests state only the rows they read. The snapshot column holds a real initial snapshot for the state's
// sake; no test here moves the machine.
import type { DB } from '../../db/connection.server'
import type { ApprovalStateKey, ProposalKind } from '../../workflows/approvalSteps'
import { initialSnapshot, MACHINE_VERSION, persist } from '../../workflows/approvalMachine'

export interface ProposalRow {
  campaignId: number
  villageId: number
  householdId: number
  kind: ProposalKind
  state?: ApprovalStateKey
  currentAmountFen?: number
  proposedAmountFen?: number | null
  proposedExitDate?: string | null
  grounds?: string
  proposedByUserId?: number | null
  proposedOn?: string
  noticeFrom?: string | null
  noticeTo?: string | null
}

const FINAL: ApprovalStateKey[] = ['approved', 'refused', 'withdrawn']

/** A proposal in `state` (default: in its notice period 2026-11-27 … 2026-12-03); returns its id. */
export async function insertProposal(db: DB, p: ProposalRow): Promise<number> {
  const state = p.state ?? 'inNotice'
  const proposedOn = p.proposedOn ?? '2026-11-20'
  const inNotice = state === 'inNotice'
  const row = await db
    .insertInto('proposals')
    .values({
      campaign_id: p.campaignId,
      village_id: p.villageId,
      household_id: p.householdId,
      review_id: null,
      kind: p.kind,
      grounds: p.grounds ?? '入户核实：家庭收入已超过低保标准',
      current_amount_fen: p.currentAmountFen ?? 50_000,
      proposed_amount_fen: p.proposedAmountFen ?? null,
      proposed_exit_date: p.proposedExitDate ?? null,
      recovered_fen: null,
      fine_fen: null,
      proposed_by_user_id: p.proposedByUserId ?? null,
      proposed_on: proposedOn,
      machine_version: MACHINE_VERSION,
      snapshot: JSON.stringify(persist(initialSnapshot({ kind: p.kind, proposedOn }))),
      state,
      step: state.split('.')[0] as never,
      step_entered_on: proposedOn,
      final: FINAL.includes(state) ? 1 : 0,
      notice_from: p.noticeFrom !== undefined ? p.noticeFrom : inNotice ? '2026-11-27' : null,
      notice_to: p.noticeTo !== undefined ? p.noticeTo : inNotice ? '2026-12-03' : null,
      updated_at: '2026-11-27T01:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** One accepted event of a proposal (its version is the count so far + 1). */
export async function insertProposalEvent(db: DB, e: { proposalId: number; type: string; actorUserId: number | null; occurredAt: string; toState: string }) {
  const { n } = await db
    .selectFrom('proposal_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('proposal_id', '=', e.proposalId)
    .executeTakeFirstOrThrow()
  await db
    .insertInto('proposal_events')
    .values({
      proposal_id: e.proposalId,
      version: Number(n) + 1,
      event_type: e.type,
      payload: JSON.stringify({ type: e.type, today: e.occurredAt.slice(0, 10) }),
      from_state: null,
      to_state: e.toState,
      actor_user_id: e.actorUserId,
      occurred_at: e.occurredAt,
    })
    .execute()
}

/** An objection (异议) registered against a proposal; numbered after those it already has. */
export async function insertObjection(
  db: DB,
  o: {
    proposalId: number
    objector: string | null
    content: string
    registeredOn?: string
    result?: 'substantiated' | 'unsubstantiated' | null
    verifiedByUserId?: number | null
  },
): Promise<number> {
  const { n } = await db
    .selectFrom('proposal_objections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('proposal_id', '=', o.proposalId)
    .executeTakeFirstOrThrow()
  const row = await db
    .insertInto('proposal_objections')
    .values({
      proposal_id: o.proposalId,
      no: Number(n) + 1,
      registered_on: o.registeredOn ?? '2026-11-28',
      channel: 'hotline',
      objector: o.objector,
      content: o.content,
      registered_by_user_id: null,
      result: o.result ?? null,
      verified_on: o.result ? '2026-11-29' : null,
      verified_by_user_id: o.verifiedByUserId ?? null,
      verification_note: o.result ? '经入户核实' : null,
      problem_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * What the county's approval writes (ADR 010): the allowance history row and the household's status and amount. A
 * stop from `fromMonth` exits the household; an adjust or enrol sets the amount (an enrol makes it active).
 */
export async function approveChange(
  db: DB,
  c: { householdId: number; kind: ProposalKind; fromMonth: string; amountFen?: number; exitDate?: string; proposalId?: number | null },
): Promise<void> {
  const h = await db.selectFrom('households').select(['monthly_amount_fen', 'status']).where('id', '=', c.householdId).executeTakeFirstOrThrow()
  const stop = c.kind === 'stop' || c.kind === 'stopAndRecover'
  await db
    .insertInto('household_allowance_changes')
    .values({
      household_id: c.householdId,
      proposal_id: c.proposalId ?? null,
      kind: c.kind,
      from_month: c.fromMonth,
      previous_amount_fen: c.kind === 'enrol' ? 0 : h.monthly_amount_fen,
      amount_fen: stop ? null : (c.amountFen ?? null),
      exit_date: stop ? (c.exitDate ?? `${c.fromMonth}-01`) : null,
      approved_by_user_id: null,
      approved_on: '2026-11-29',
    })
    .execute()
  await db
    .updateTable('households')
    .set(stop ? { status: 'exited' } : { status: 'active', monthly_amount_fen: c.amountFen ?? h.monthly_amount_fen })
    .where('id', '=', c.householdId)
    .execute()
}
