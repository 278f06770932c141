// 审批进度 per village, read from the proposals table: the counts by bucket (approvalBuckets.ts says which state counts
// where) and each open proposal's current step deadline for the attention lists, for every campaign of a scope at
// once — two queries a campaign (one grouped, one of the open proposals with a deadline), whatever its villages.
import type { DB } from '../../db/connection.server'
import { deadlineOf, isOverdue, restore, type ApprovalSnapshot, type StepDeadline } from '../../workflows/approvalMachine'
import { PROPOSAL_KIND_LABELS, type ProposalKind } from '../../workflows/approvalSteps'
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { countState, emptyApprovalCounts, type ApprovalCounts } from './approvalBuckets'
import type { FollowUp } from './campaign.server'
import { loadWorkingDayCalendars } from './holidays.server'

/** The states whose step has a deadline (deadlineOf): only these are read with their snapshot. */
const STEPS_WITH_DEADLINE = ['townshipReview', 'inNotice', 'countyReview'] as const
const FINAL_STATES = new Set(['approved', 'refused', 'withdrawn'])

export interface ApprovalScope {
  /** the campaigns to count, each with its township (whose working-day calendar its deadlines follow) */
  campaigns: ReadonlyArray<{ id: number; townshipId: number }>
  onlyVillageId?: number
  /** township id → its calendar (loadWorkingDayCalendars); read here when not given */
  calendars?: Map<number, WorkingDayCalendar>
}

export interface LoadedApprovals {
  /** village id → its counts (a village without proposals is absent: emptyApprovalCounts) */
  counts: Map<number, ApprovalCounts>
  /** each open proposal's current step deadline, linking to /proposals/:id */
  followUps: FollowUp[]
}

// Restoring a snapshot builds an actor (tens of microseconds): a county's dashboard restores every open proposal of
// every township on each request. The same stored text always restores to the same snapshot, which is never
// changed in place, so the restored snapshots are kept by their text (a bounded cache; the oldest go first).
const RESTORED_LIMIT = 20_000
const restored = new Map<string, ApprovalSnapshot>()

function restoreStored(machineVersion: number, text: string): ApprovalSnapshot {
  const key = `${machineVersion}:${text}`
  const cached = restored.get(key)
  if (cached) return cached
  const snapshot = restore({ machineVersion, snapshot: JSON.parse(text) })
  if (restored.size >= RESTORED_LIMIT) restored.delete(restored.keys().next().value as string)
  restored.set(key, snapshot)
  return snapshot
}

/** The current step's deadline of a stored proposal, on its township's calendar; null without one (or a snapshot this version cannot read). */
export function proposalDeadline(row: { machine_version: number; snapshot: string }, calendar: WorkingDays): StepDeadline | null {
  try {
    return deadlineOf(restoreStored(row.machine_version, row.snapshot), calendar)
  } catch {
    // a snapshot the machine cannot restore is shown on the proposal's own page, not guessed at here
    return null
  }
}

type WorkingDays = Pick<WorkingDayCalendar, 'addWorkingDays'>

/** The calendar, remembering each count it made: a township's proposals entered their steps on a few days only. */
function remembering(calendar: WorkingDays): WorkingDays {
  const counted = new Map<string, ReturnType<WorkingDays['addWorkingDays']>>()
  return {
    addWorkingDays(day, n) {
      const key = `${day}+${n}`
      let result = counted.get(key)
      if (!result) counted.set(key, (result = calendar.addWorkingDays(day, n)))
      return result
    },
  }
}

/** The words an attention list gives a step's deadline: 镇审核 截止 …, 公示期满 …, 县审批 截止 … */
export function stepDeadlineText(deadline: StepDeadline): string {
  return format(t.approvalProgress.deadline[deadline.step], { date: deadline.due })
}

/**
 * Counts and step deadlines of the proposals of every campaign in the scope. `today` is the Shanghai day the
 * overdue count is taken on (null: the follow-up items only, overdue left at 0).
 */
export async function loadApprovals(db: DB, scope: ApprovalScope, today: string | null): Promise<LoadedApprovals> {
  const counts = new Map<number, ApprovalCounts>()
  const followUps: FollowUp[] = []
  if (scope.campaigns.length === 0) return { counts, followUps }
  const only = scope.onlyVillageId
  const campaignIds = scope.campaigns.map((c) => c.id)
  const townshipOf = new Map(scope.campaigns.map((c) => [c.id, c.townshipId]))
  // two queries for the whole scope, whatever its campaigns and villages (proposals are few beside households)
  const [grouped, open, calendars] = await Promise.all([
    // proposals by village and state, with the open objections they carry
    db
      .selectFrom('proposals')
      .leftJoin('proposal_objections as o', (join) => join.onRef('o.proposal_id', '=', 'proposals.id').on('o.result', 'is', null))
      .select((eb) => [
        'proposals.village_id',
        'proposals.state',
        eb.fn.count<number>('proposals.id').distinct().as('n'),
        eb.fn.count<number>('o.id').as('objections'),
      ])
      .where('proposals.campaign_id', 'in', campaignIds)
      .$if(only !== undefined, (q) => q.where('proposals.village_id', '=', only as number))
      .groupBy(['proposals.village_id', 'proposals.state'])
      .execute(),
    // the open proposals at a step with a deadline, with their snapshots (the deadline is the machine's to say)
    db
      .selectFrom('proposals')
      .innerJoin('villages', 'villages.id', 'proposals.village_id')
      .innerJoin('households', 'households.id', 'proposals.household_id')
      .select([
        'proposals.id',
        'proposals.campaign_id',
        'proposals.village_id',
        'villages.name as villageName',
        'households.head_name',
        'proposals.kind',
        'proposals.machine_version',
        'proposals.snapshot',
      ])
      .where('proposals.campaign_id', 'in', campaignIds)
      .where('proposals.final', '=', 0)
      .where('proposals.step', 'in', STEPS_WITH_DEADLINE)
      .$if(only !== undefined, (q) => q.where('proposals.village_id', '=', only as number))
      .execute(),
    scope.calendars ?? loadWorkingDayCalendars(db, [...new Set(townshipOf.values())]),
  ])

  const of = (villageId: number) => {
    const entry = counts.get(villageId) ?? emptyApprovalCounts()
    counts.set(villageId, entry)
    return entry
  }
  for (const row of grouped) {
    const entry = countState(of(row.village_id), row.state, Number(row.n))
    // an objection left open on a withdrawn proposal needs no verification any more
    if (!FINAL_STATES.has(row.state)) entry.objections += Number(row.objections)
  }
  const fallback = createWorkingDayCalendar()
  const calendarOf = new Map<number, WorkingDays>()
  const townshipCalendar = (townshipId: number) => {
    let calendar = calendarOf.get(townshipId)
    if (!calendar) calendarOf.set(townshipId, (calendar = remembering(calendars.get(townshipId) ?? fallback)))
    return calendar
  }
  for (const p of open) {
    const deadline = proposalDeadline(p, townshipCalendar(townshipOf.get(p.campaign_id) ?? 0))
    if (!deadline) continue
    if (today !== null && isOverdue(deadline, today)) of(p.village_id).overdue++
    followUps.push({
      kind: 'approval',
      id: p.id,
      villageId: p.village_id,
      villageName: p.villageName,
      path: `/proposals/${p.id}`,
      title: format(t.approvalProgress.item, {
        name: p.head_name,
        kind: PROPOSAL_KIND_LABELS[p.kind as ProposalKind] ?? p.kind,
        deadline: stepDeadlineText(deadline),
      }),
      responsible: deadline.step === 'countyReview' ? t.approvalProgress.responsible.county : t.approvalProgress.responsible.township,
      deadline: deadline.due,
    })
  }
  return { counts, followUps }
}
