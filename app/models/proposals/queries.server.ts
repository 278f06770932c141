// Reading proposals for pages: one proposal with its timeline, deadline, objections and the events the viewer may
// send; the approvals queue per role; a household's open proposal for its review page. Deadlines are derived on
// the township's working-day calendar (never stored); a cadre never sees who objected or what they said.
import type { DB } from '../../../db/connection.server'
import { deadlineOf, eventsHandled, isOverdue, SnapshotVersionError, type ApprovalSnapshot } from '../../../workflows/approvalMachine'
import {
  mayActorSend,
  type ApprovalEventType,
  type ApprovalRole,
  type ApprovalStateKey,
  type ApprovalStep,
  type ProposalKind,
} from '../../../workflows/approvalSteps'
import type { WorkingDayCalendar } from '../../../workflows/rules/workingDays'
import { loadWorkingDayCalendars } from '../holidays.server'
import { getReviewAccess } from '../nearRelatives.server'
import { snapshotOf } from './machineRow.server'

export interface DeadlineView {
  due: string
  /** 镇审核/县审批 count working days; the notice its last day */
  workingDays: boolean
  overdue: boolean
}

function deadlineView(snapshot: ApprovalSnapshot, calendar: WorkingDayCalendar | undefined, today: string): DeadlineView | null {
  const deadline = deadlineOf(snapshot, calendar)
  if (!deadline) return null
  return { due: deadline.due, workingDays: deadline.step !== 'inNotice', overdue: isOverdue(deadline, today) }
}

function restoreOrNull(row: { machine_version: number; snapshot: string }): ApprovalSnapshot | null {
  try {
    return snapshotOf(row)
  } catch (error) {
    if (error instanceof SnapshotVersionError) return null
    throw error
  }
}

export interface ProposalPage {
  id: number
  version: number
  villageId: number
  villageName: string
  householdId: number
  headName: string
  kind: ProposalKind
  grounds: string
  currentAmountFen: number
  proposedAmountFen: number | null
  proposedExitDate: string | null
  recoveredFen: number | null
  fineFen: number | null
  proposedBy: string | null
  proposedOn: string
  state: ApprovalStateKey
  step: ApprovalStep
  final: boolean
  deadline: DeadlineView | null
  noticeFrom: string | null
  noticeTo: string | null
  lastReason: string | null
  hearing: { form: string; orderedOn: string; record: string | null } | null
  decision: { effectiveMonth: string; amountFen: number | null; exitDate: string | null } | null
  timeline: Array<{
    version: number
    eventType: string
    fromState: string | null
    toState: string
    actorName: string | null
    occurredAt: string
    reason: string | null
  }>
  /** objectors and their words are hidden from a cadre (保护举报人) */
  objections: Array<{
    no: number
    registeredOn: string
    channel: string
    objector: string | null
    content: string | null
    result: string | null
    verifiedOn: string | null
    note: string | null
  }>
  /** open objections' numbers: what 核实异议 may name */
  openObjections: number[]
  /** the events the machine handles now that this viewer's role may send (guards are checked when sent) */
  offered: ApprovalEventType[]
  /** the viewer is the household's related official (近亲属回避): nothing offered */
  recused: boolean
  /** the stored snapshot is of a machine version this code does not know: nothing can be done */
  outdated: boolean
}

export async function getProposalPage(
  db: DB,
  q: { proposalId: number; viewer: { userId: number; approvalRole: ApprovalRole | null; role: string }; today: string },
): Promise<ProposalPage | null> {
  const row = await db
    .selectFrom('proposals')
    .innerJoin('households', 'households.id', 'proposals.household_id')
    .innerJoin('villages', 'villages.id', 'proposals.village_id')
    .leftJoin('users', 'users.id', 'proposals.proposed_by_user_id')
    .selectAll('proposals')
    .select(['households.head_name', 'villages.name as village_name', 'villages.township_id', 'users.display_name as proposer'])
    .where('proposals.id', '=', q.proposalId)
    .executeTakeFirst()
  if (!row) return null
  const [events, objections, calendars, access] = await Promise.all([
    db
      .selectFrom('proposal_events')
      .leftJoin('users', 'users.id', 'proposal_events.actor_user_id')
      .select([
        'proposal_events.version',
        'proposal_events.event_type',
        'proposal_events.payload',
        'proposal_events.from_state',
        'proposal_events.to_state',
        'proposal_events.occurred_at',
        'users.display_name',
      ])
      .where('proposal_events.proposal_id', '=', row.id)
      .orderBy('proposal_events.version')
      .execute(),
    db.selectFrom('proposal_objections').selectAll().where('proposal_id', '=', row.id).orderBy('no').execute(),
    loadWorkingDayCalendars(db, [row.township_id]),
    getReviewAccess(db, { villageId: row.village_id, householdId: row.household_id, userId: q.viewer.userId }),
  ])
  const snapshot = restoreOrNull(row)
  const recused = access?.access === 'recused'
  const role = q.viewer.approvalRole
  const offered = snapshot && role && !recused ? eventsHandled(snapshot).filter((e) => mayActorSend(role, e)) : []
  const hidden = q.viewer.role === 'cadre'
  const context = snapshot?.context
  return {
    id: row.id,
    version: row.version,
    villageId: row.village_id,
    villageName: row.village_name,
    householdId: row.household_id,
    headName: row.head_name,
    kind: row.kind,
    grounds: row.grounds,
    currentAmountFen: row.current_amount_fen,
    proposedAmountFen: row.proposed_amount_fen,
    proposedExitDate: row.proposed_exit_date,
    recoveredFen: row.recovered_fen,
    fineFen: row.fine_fen,
    proposedBy: row.proposer,
    proposedOn: row.proposed_on,
    state: row.state,
    step: row.step,
    final: row.final === 1,
    deadline: snapshot ? deadlineView(snapshot, calendars.get(row.township_id), q.today) : null,
    noticeFrom: row.notice_from,
    noticeTo: row.notice_to,
    lastReason: context?.lastReason ?? null,
    hearing: context?.hearing ?? null,
    decision: context?.decision ?? null,
    timeline: events.map((e) => {
      const payload = JSON.parse(e.payload) as { reason?: unknown }
      return {
        version: e.version,
        eventType: e.event_type,
        fromState: e.from_state,
        toState: e.to_state,
        actorName: e.display_name,
        occurredAt: e.occurred_at,
        reason: typeof payload.reason === 'string' ? payload.reason : null,
      }
    }),
    objections: objections.map((o) => ({
      no: o.no,
      registeredOn: o.registered_on,
      channel: o.channel,
      objector: hidden ? null : o.objector,
      content: hidden ? null : o.content,
      result: o.result,
      verifiedOn: o.verified_on,
      note: hidden ? null : o.verification_note,
    })),
    openObjections: objections.filter((o) => o.result === null).map((o) => o.no),
    offered,
    recused,
    outdated: snapshot === null,
  }
}

export interface QueueRow {
  id: number
  villageId: number
  villageName: string
  headName: string
  kind: ProposalKind
  state: ApprovalStateKey
  step: ApprovalStep
  final: boolean
  deadline: DeadlineView | null
}

/** Whose queue: a township's (leaders, 镇民政所, inspectors read it), a county's 县审批, or one village's. */
export type QueueScope = { townshipId: number } | { countyName: string } | { villageId: number }

/** The proposals in the chain for this scope (a village also sees its last 50 finished ones), oldest step first. */
export async function listApprovalQueue(db: DB, q: { scope: QueueScope; today: string }): Promise<QueueRow[]> {
  const scope = q.scope
  let query = db
    .selectFrom('proposals')
    .innerJoin('households', 'households.id', 'proposals.household_id')
    .innerJoin('villages', 'villages.id', 'proposals.village_id')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select([
      'proposals.id',
      'proposals.village_id',
      'villages.name as village_name',
      'villages.township_id',
      'households.head_name',
      'proposals.kind',
      'proposals.state',
      'proposals.step',
      'proposals.final',
      'proposals.machine_version',
      'proposals.snapshot',
    ])
  if ('townshipId' in scope) query = query.where('villages.township_id', '=', scope.townshipId).where('proposals.final', '=', 0)
  else if ('countyName' in scope) query = query.where('townships.county_name', '=', scope.countyName).where('proposals.step', '=', 'countyReview')
  else query = query.where('proposals.village_id', '=', scope.villageId)
  const rows = await query.orderBy('proposals.final').orderBy('proposals.step_entered_on').orderBy('proposals.id').limit(500).execute()
  const calendars = await loadWorkingDayCalendars(db, [...new Set(rows.map((r) => r.township_id))])
  let finished = 0
  return rows.flatMap((r) => {
    if (r.final === 1 && ++finished > 50) return []
    const snapshot = r.final === 1 ? null : restoreOrNull(r)
    return [
      {
        id: r.id,
        villageId: r.village_id,
        villageName: r.village_name,
        headName: r.head_name,
        kind: r.kind,
        state: r.state,
        step: r.step,
        final: r.final === 1,
        deadline: snapshot ? deadlineView(snapshot, calendars.get(r.township_id), q.today) : null,
      },
    ]
  })
}

export interface HouseholdProposalLine {
  id: number
  kind: ProposalKind
  state: ApprovalStateKey
  step: ApprovalStep
}

/** The household's proposal still in the chain, for its review page ("停止保障（拟）· 镇审核中"), or null. */
export async function getHouseholdOpenProposal(db: DB, householdId: number): Promise<HouseholdProposalLine | null> {
  const row = await db
    .selectFrom('proposals')
    .select(['id', 'kind', 'state', 'step'])
    .where('household_id', '=', householdId)
    .where('final', '=', 0)
    .executeTakeFirst()
  return row ?? null
}
