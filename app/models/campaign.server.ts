// Campaign progress as the township sees it: one set of server functions that the dashboard, its CSV and JSON
// exports, the county view, the village page and the tests share, so their figures cannot disagree.
//
// Live: every figure is counted from the rows at request time (no batch job, no cache). Kept fast by reading
// whole townships (or a whole county) at once, one grouped query per table, each served from an index
// (db/migrations/0003_dashboard_indexes.ts), and by counting follow-ups in memory from the one list the
// attention lists use anyway.
// Here: the campaign, the figures' types, the viewer's access, attention, totals and coverage; the counting is in
// villageProgress.server.ts, the township overview and dashboard in townshipOverview.server.ts.
import type { DB } from '../../db/connection.server'
import type { PhaseId, Role } from '../../db/schema'
import { addDays, daysBetween, shanghaiDay } from '../../workflows/rules/dates'
import { type PhaseWindow, type ScheduleStatus } from '../../workflows/rules/schedule'
import { PROBLEM_CATEGORIES, type CampaignStatus, type ProblemCategory } from '../../workflows/rules/vocabulary'
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { complaintRight } from './supervisionRules'
import { sumApprovalCounts, type ApprovalCounts } from './approvalBuckets'

export interface CampaignInfo {
  id: number
  name: string
  templateKey: string
  /** open, or closed (still readable: dashboard, exports, history) */
  status: CampaignStatus
  startedOn: string | null
  /** 汇总上报总结报告 due to the county by, and the day it was submitted (null: not yet) */
  summaryDueOn: string | null
  summarySubmittedOn: string | null
  windows: PhaseWindow[]
}

/** The township's newest campaign with its phase windows, or null before one is set up. */
export async function getCurrentCampaign(db: DB, townshipId: number): Promise<CampaignInfo | null> {
  return (await getCurrentCampaigns(db, [townshipId])).get(townshipId) ?? null
}

/**
 * Each township's newest campaign with its phase windows (two queries, however many townships); with `campaignId`,
 * that campaign instead (an earlier one stays readable), for the township it belongs to only.
 */
export async function getCurrentCampaigns(db: DB, townshipIds: readonly number[], campaignId?: number): Promise<Map<number, CampaignInfo>> {
  const result = new Map<number, CampaignInfo>()
  if (townshipIds.length === 0) return result
  const campaigns = await db
    .selectFrom('campaigns')
    .select(['id', 'township_id', 'name', 'template_key', 'status', 'started_on', 'summary_due_on', 'summary_submitted_on'])
    .where('township_id', 'in', townshipIds)
    .$if(campaignId !== undefined, (q) => q.where('id', '=', campaignId as number))
    .orderBy('id', 'desc')
    .execute()
  for (const c of campaigns)
    if (!result.has(c.township_id))
      result.set(c.township_id, {
        id: c.id,
        name: c.name,
        templateKey: c.template_key,
        status: c.status,
        startedOn: c.started_on,
        summaryDueOn: c.summary_due_on,
        summarySubmittedOn: c.summary_submitted_on,
        windows: [],
      })
  const ids = [...result.values()].map((c) => c.id)
  if (ids.length === 0) return result
  const windows = await db
    .selectFrom('campaign_phases')
    .select(['campaign_id', 'phase', 'starts_on', 'ends_on'])
    .where('campaign_id', 'in', ids)
    .orderBy('campaign_id')
    .orderBy('sort_order')
    .execute()
  const byId = new Map([...result.values()].map((c) => [c.id, c]))
  for (const w of windows) byId.get(w.campaign_id)?.windows.push({ phase: w.phase, starts_on: w.starts_on, ends_on: w.ends_on })
  return result
}

export type ProblemCounts = Record<ProblemCategory, number>

export function emptyProblemCounts(): ProblemCounts {
  return Object.fromEntries(PROBLEM_CATEGORIES.map((c) => [c, 0])) as ProblemCounts
}

export interface VillageProgress {
  id: number
  name: string
  /** the village page: /villages/:id */
  path: string
  townshipId: number
  leaderName: string | null
  /** 包村干部 who work the village */
  liaisonNames: string[]
  /** dotted workflow state, e.g. 'supervision.orderedToRectify' (phase + sub-state) */
  state: string
  phase: PhaseId | 'closed'
  schedule: ScheduleStatus
  /** 原名册户: households on the roster when the campaign began, whatever their status now (新纳入 漏保 families are counted apart) */
  households: number
  /** 在保户: households paid now (roster or newly enrolled): the public notice's count */
  activeHouseholds: number
  /** 自查面: roster households with a review */
  reviewed: number
  /** 入户率: roster households visited at home */
  homeVisited: number
  problems: number
  problemsByCategory: ProblemCounts
  /** problems not yet rectified (待整改, 整改中) */
  openProblems: number
  /** 未整改到位: problems not yet 销号 (待整改, 整改中, 整改待验收) — the dashboard's and the summary report's figure */
  unresolvedProblems: number
  /** 清退 */
  exits: number
  /** 新纳入 (漏保 found and enrolled) */
  newEnrolments: number
  /** reviews concluding 骗保 */
  fraudCases: number
  /** 追回低保金, fen */
  fraudRecoveredFen: number
  /** 罚款, fen */
  fraudFineFen: number
  /** follow-ups with a deadline not yet done: problem rectification, orders, report verification, dedicated supervision */
  openFollowUps: number
  /** of those, past their deadline */
  overdueFollowUps: number
  zeroReport: boolean
  keySupervision: boolean
  /** 重点督查 visits held */
  keyInspections: number
  /** orders to rectify not yet accepted */
  openOrders: number
  /** public reports (举报) about the village awaiting verification: all a cadre learns of them */
  reportsBeingVerified: number
  /** 审批进度: the village's proposals (拟) of the campaign by bucket (approvalBuckets.ts) */
  approvals: ApprovalCounts
  /** serious problems under 专人督办, not yet rectified */
  seriousSupervised: number
}

/** approval: an open proposal's current step deadline; problemSupervision: a serious problem's 专人督办 deadline */
export type FollowUpKind = 'problem' | 'order' | 'complaint' | 'supervisor' | 'approval' | 'problemSupervision'

export interface FollowUp {
  kind: FollowUpKind
  id: number
  villageId: number
  villageName: string
  /** the page that shows it: the problem's, the order's or the public report's own page; null where the viewer may not open it */
  path: string | null
  title: string
  responsible: string | null
  deadline: string
  /** a problem whose deadline a leader or inspector extended: the deadline before the first extension ('' when it had none) */
  extendedFrom?: string | null
}

/**
 * Who is looking. Every function that hands out follow-ups takes one and returns them already redacted for it,
 * so no page, export or history can forget to (保护举报人: a report's text can identify the person who reported).
 */
export interface Viewer {
  role: Role
  villageId?: number | null
}

/**
 * What a viewer learns of public reports (举报) among the follow-ups:
 * - full: leaders, inspectors and administrators, who open the report register (COMPLAINT_ROLES.view);
 * - withoutContent: the county bureau, which the register refuses too: each report's village, kind and deadline
 *   (so the township's overdue figures add up), never its text, supervisor or page;
 * - countOnly: village cadres (and anyone else): no report items at all, only how many reports about the village
 *   are being verified (VillageProgress.reportsBeingVerified) — no text, channel, official, date or supervisor.
 */
export type ReportAccess = 'full' | 'withoutContent' | 'countOnly'

export function reportAccessOf(viewer: Viewer): ReportAccess {
  if (complaintRight(viewer.role, 'view')) return 'full'
  return viewer.role === 'county' ? 'withoutContent' : 'countOnly'
}

/** The township's own figures, as its leaders count them: for documents the township issues (the summary report) and tests. */
export const TOWNSHIP_VIEWER: Viewer = { role: 'leader' }

/** An overdue follow-up and by how many calendar days. */
export interface OverdueFollowUp extends FollowUp {
  daysOverdue: number
}

export interface Attention {
  /** 零报告 villages (on key supervision); keyInspections says whether the key inspection happened */
  zeroReport: VillageProgress[]
  /** villages still in a phase whose window has closed, most days late first */
  behind: VillageProgress[]
  /** past their deadline, most days overdue first */
  overdue: OverdueFollowUp[]
  /** due from today to the end of DUE_SOON_WORKING_DAYS working days, soonest first */
  dueSoon: FollowUp[]
  /** the last day of the due-soon window */
  dueSoonUntil: string
  /** years in the due-soon window the official holiday calendar does not hold (only weekends and corrections counted there) */
  uncoveredYears: number[]
}

/** "Due soon" is within this many working days (工作日): weekends and official holidays do not count. */
export const DUE_SOON_WORKING_DAYS = 3

/**
 * The attention lists from the figures. `calendar` is the working-day calendar with the township's corrections
 * (loadWorkingDayCalendar); without one, the official calendar alone.
 */
export function attentionFor(
  villages: VillageProgress[],
  followUps: FollowUp[],
  today: string,
  calendar: WorkingDayCalendar = createWorkingDayCalendar(),
): Attention {
  const window = calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS)
  const overdue = followUps
    .filter((f) => f.deadline < today)
    .map((f) => ({ ...f, daysOverdue: daysBetween(f.deadline, today) }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.villageName.localeCompare(b.villageName, 'zh-CN') || a.id - b.id)
  return {
    zeroReport: villages.filter((v) => v.zeroReport),
    behind: villages.filter((v) => v.schedule.kind === 'behind').sort((a, b) => daysLate(b) - daysLate(a)),
    overdue,
    dueSoon: followUps.filter((f) => f.deadline >= today && f.deadline <= window.day),
    dueSoonUntil: window.day,
    uncoveredYears: window.uncoveredYears,
  }
}

export function daysLate(v: { schedule: ScheduleStatus }): number {
  return v.schedule.kind === 'behind' ? v.schedule.days : 0
}

/** The phases in campaign order, then closed. */
export const PHASE_ORDER: ReadonlyArray<PhaseId | 'closed'> = ['mobilisation', 'fullInspection', 'supervision', 'summary', 'closed']

export interface PhaseCount {
  phase: PhaseId | 'closed'
  /** villages in this phase now */
  villages: number
  /** villages the plan puts in this phase today: all of them in the planned phase, none elsewhere */
  planned: number
}

/** The figures a township adds up over its villages, as VillageProgress names them. */
type SummedFigure =
  | 'households'
  | 'activeHouseholds'
  | 'reviewed'
  | 'homeVisited'
  | 'problems'
  | 'problemsByCategory'
  | 'openProblems'
  | 'unresolvedProblems'
  | 'exits'
  | 'newEnrolments'
  | 'fraudCases'
  | 'fraudRecoveredFen'
  | 'fraudFineFen'
  | 'openFollowUps'
  | 'overdueFollowUps'
  | 'approvals'
  | 'seriousSupervised'

export interface Totals extends Pick<VillageProgress, SummedFigure> {
  villages: number
  zeroReports: number
  /** zero-report villages whose key inspection has not happened yet */
  zeroReportsUninspected: number
  keySupervision: number
  behind: number
}

export function totalsOf(villages: readonly VillageProgress[]): Totals {
  const sum = (pick: (v: VillageProgress) => number) => villages.reduce((n, v) => n + pick(v), 0)
  const byCategory = emptyProblemCounts()
  for (const v of villages) for (const c of PROBLEM_CATEGORIES) byCategory[c] += v.problemsByCategory[c]
  return {
    villages: villages.length,
    households: sum((v) => v.households),
    activeHouseholds: sum((v) => v.activeHouseholds),
    reviewed: sum((v) => v.reviewed),
    homeVisited: sum((v) => v.homeVisited),
    problems: sum((v) => v.problems),
    problemsByCategory: byCategory,
    openProblems: sum((v) => v.openProblems),
    unresolvedProblems: sum((v) => v.unresolvedProblems),
    exits: sum((v) => v.exits),
    newEnrolments: sum((v) => v.newEnrolments),
    fraudCases: sum((v) => v.fraudCases),
    fraudRecoveredFen: sum((v) => v.fraudRecoveredFen),
    fraudFineFen: sum((v) => v.fraudFineFen),
    openFollowUps: sum((v) => v.openFollowUps),
    overdueFollowUps: sum((v) => v.overdueFollowUps),
    approvals: sumApprovalCounts(villages.map((v) => v.approvals)),
    seriousSupervised: sum((v) => v.seriousSupervised),
    zeroReports: villages.filter((v) => v.zeroReport).length,
    zeroReportsUninspected: villages.filter((v) => v.zeroReport && v.keyInspections === 0).length,
    keySupervision: villages.filter((v) => v.keySupervision).length,
    behind: villages.filter((v) => v.schedule.kind === 'behind').length,
  }
}

export function phaseCountsOf(villages: readonly VillageProgress[], planned: PhaseId | null): PhaseCount[] {
  return PHASE_ORDER.map((phase) => ({
    phase,
    villages: villages.filter((v) => v.phase === phase).length,
    planned: (planned ?? 'closed') === phase ? villages.length : 0,
  }))
}

export interface CoveragePoint {
  day: string
  /** roster households reviewed by the end of this day */
  reviewed: number
  /** roster households visited at home by the end of this day */
  homeVisited: number
}

/**
 * The township's coverage day by day: cumulative reviewed (from household_reviews.reviewed_at, an instant read as
 * its Shanghai day) and home-visited (home_visit_on) roster households, one point per day on which either
 * changed, and one for today. Grouped in SQL by the hour of the UTC instant, which both dialects can do portably.
 */
export async function getCoverageHistory(db: DB, campaignId: number, townshipId: number, today: string, onlyVillageId?: number): Promise<CoveragePoint[]> {
  // the campaign's rows are the township's (see loadScope); households carry no campaign, so they go by village
  const newlyEnrolled = db
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .select('households.id')
    .where('villages.township_id', '=', townshipId)
    .where('households.enrolment', '=', 'newlyEnrolled')
    .$if(onlyVillageId !== undefined, (q) => q.where('villages.id', '=', onlyVillageId as number))
  // one pass over the campaign's reviews: by the hour of reviewed_at (UTC) and the day of the home visit
  const [byHourAndVisit, newly] = await Promise.all([
    db
      .selectFrom('household_reviews')
      .select((eb) => [
        eb.fn<string | null>('substr', ['reviewed_at', eb.lit(1), eb.lit(13)]).as('hour'),
        'home_visit_on',
        'complete',
        eb.fn.countAll<number>().as('n'),
      ])
      .where('campaign_id', '=', campaignId)
      .$if(onlyVillageId !== undefined, (q) => q.where('village_id', '=', onlyVillageId as number))
      .groupBy((eb) => [eb.fn('substr', ['reviewed_at', eb.lit(1), eb.lit(13)]), 'home_visit_on', 'complete'])
      .execute(),
    db
      .selectFrom('household_reviews')
      .select(['reviewed_at', 'complete', 'home_visit_on'])
      .where('campaign_id', '=', campaignId)
      .where('household_id', 'in', newlyEnrolled)
      .execute(),
  ])
  const reviewedOn = new Map<string, number>()
  const visitedOn = new Map<string, number>()
  const add = (m: Map<string, number>, day: string, n: number) => m.set(day, (m.get(day) ?? 0) + n)
  // 'YYYY-MM-DDTHH' in UTC → the Shanghai day (UTC+8, no daylight saving): from 16:00 UTC it is the next day
  const dayOfHour = (hour: string) => (hour.slice(11, 13) >= '16' ? addDays(hour.slice(0, 10), 1) : hour.slice(0, 10))
  for (const r of byHourAndVisit) {
    const n = Number(r.n)
    // 自查面 counts complete reviews only, on the day of their last save
    if (r.hour && r.complete === 1) add(reviewedOn, dayOfHour(r.hour), n)
    if (r.home_visit_on) add(visitedOn, r.home_visit_on, n)
  }
  for (const r of newly) {
    if (r.reviewed_at && r.complete === 1) add(reviewedOn, shanghaiDay(new Date(r.reviewed_at)), -1)
    if (r.home_visit_on) add(visitedOn, r.home_visit_on, -1)
  }
  const days = [...new Set([...reviewedOn.keys(), ...visitedOn.keys()])].filter((d) => d <= today).sort()
  if (days[days.length - 1] !== today) days.push(today)
  let reviewed = 0
  let homeVisited = 0
  return days.map((day) => {
    reviewed += reviewedOn.get(day) ?? 0
    homeVisited += visitedOn.get(day) ?? 0
    return { day, reviewed, homeVisited }
  })
}
