// Campaign progress as the township sees it: one set of server functions that the dashboard, its CSV and JSON
// exports, the county view, the village page and the tests share, so their figures cannot disagree.
//
// Live: every figure is counted from the rows at request time (no batch job, no cache). Kept fast by reading
// whole townships (or a whole county) at once, one grouped query per table, each served from an index
// (db/migrations/0003_dashboard_indexes.ts), and by counting follow-ups in memory from the one list the
// attention lists use anyway.
import { z } from 'zod'
import { sql } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { PhaseId, Role } from '../../db/schema'
import { addDays, daysBetween, shanghaiDay } from '../../workflows/rules/dates'
import { plannedPhase, scheduleStatus, type PhaseWindow, type ScheduleStatus } from '../../workflows/rules/schedule'
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../workflows/rules/vocabulary'
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { t } from '../i18n'
import { loadWorkingDayCalendars } from './holidays.server'
import { complaintRight } from './supervisionRules'
import { FIRST_DIR, sortVillages, VILLAGE_SORT_KEYS, type SortDir, type VillageSortKey } from '../components/dashboardSort'

export interface CampaignInfo {
  id: number
  name: string
  templateKey: string
  windows: PhaseWindow[]
}

/** The township's newest campaign with its phase windows, or null before one is set up. */
export async function getCurrentCampaign(db: DB, townshipId: number): Promise<CampaignInfo | null> {
  return (await getCurrentCampaigns(db, [townshipId])).get(townshipId) ?? null
}

/** Each township's newest campaign with its phase windows (two queries, however many townships). */
export async function getCurrentCampaigns(db: DB, townshipIds: readonly number[]): Promise<Map<number, CampaignInfo>> {
  const result = new Map<number, CampaignInfo>()
  if (townshipIds.length === 0) return result
  const campaigns = await db
    .selectFrom('campaigns')
    .select(['id', 'township_id', 'name', 'template_key'])
    .where('township_id', 'in', townshipIds)
    .orderBy('id', 'desc')
    .execute()
  for (const c of campaigns) if (!result.has(c.township_id)) result.set(c.township_id, { id: c.id, name: c.name, templateKey: c.template_key, windows: [] })
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
  /** dotted workflow state, e.g. 'supervision.orderedToRectify' (phase + sub-state) */
  state: string
  phase: PhaseId | 'closed'
  schedule: ScheduleStatus
  /** households on the roster when the campaign began (新纳入 漏保 families are counted apart) */
  households: number
  /** 自查面: roster households with a review */
  reviewed: number
  /** 入户率: roster households visited at home */
  homeVisited: number
  problems: number
  problemsByCategory: ProblemCounts
  /** problems not yet rectified (待整改, 整改中) */
  openProblems: number
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
}

export type FollowUpKind = 'problem' | 'order' | 'complaint' | 'supervisor'

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

interface Scope {
  /** township id → its current campaign */
  campaigns: Map<number, CampaignInfo>
  onlyVillageId?: number
  viewer: Viewer
}

/** The per-village figures and the open follow-ups of every township in the scope: the one place they are counted. */
async function loadScope(db: DB, scope: Scope, today: string): Promise<{ villages: VillageProgress[]; followUps: FollowUp[] }> {
  const townshipIds = [...scope.campaigns.keys()]
  const campaignIds = [...scope.campaigns.values()].map((c) => c.id)
  if (townshipIds.length === 0) return { villages: [], followUps: [] }
  const only = scope.onlyVillageId
  // Rows that carry a campaign id are found by it alone (a campaign belongs to one township, so its rows are that
  // township's): one index range per campaign, instead of a probe per village. Households carry no campaign.
  const villageIds = db.selectFrom('villages').select('villages.id').where('villages.township_id', 'in', townshipIds).$if(only !== undefined, (q) => q.where('villages.id', '=', only!))
  const newlyEnrolled = db.selectFrom('households').select('households.id').where('households.village_id', 'in', villageIds).where('households.enrolment', '=', 'newlyEnrolled')

  const [villages, households, reviews, newlyReviewed, problems, visits, followUps] = await Promise.all([
    db
      .selectFrom('villages')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .leftJoin('village_workflows as wf', (join) => join.onRef('wf.village_id', '=', 'villages.id').on('wf.campaign_id', 'in', campaignIds))
      .select(['villages.id', 'villages.name', 'villages.township_id', 'leader.display_name as leaderName', 'wf.state', 'wf.phase', 'wf.zero_report', 'wf.key_supervision'])
      .where('villages.township_id', 'in', townshipIds)
      .$if(only !== undefined, (q) => q.where('villages.id', '=', only!))
      .orderBy('villages.township_id')
      .orderBy('villages.sort_order')
      .execute(),
    db
      .selectFrom('households')
      .select(['village_id', 'enrolment', (eb) => eb.fn.countAll<number>().as('n')])
      .where('village_id', 'in', villageIds)
      .groupBy(['village_id', 'enrolment'])
      .execute(),
    // every review of the village (outcomes count them all); coverage subtracts the newly enrolled below. One
    // query a campaign: each reads one index range already in village order (an IN list would sort them all).
    Promise.all(campaignIds.map((campaignId) =>
      db
        .selectFrom('household_reviews')
        .select((eb) => [
          'village_id',
          eb.fn.count<number>('reviewed_at').as('reviewed'),
          eb.fn.count<number>('home_visit_on').as('visited'),
          eb.fn.sum<number>(eb.case().when('outcome', '=', 'exit').then(1).else(0).end()).as('exits'),
          eb.fn.sum<number>(eb.case().when('outcome', '=', 'fraud').then(1).else(0).end()).as('fraud'),
          eb.fn.sum<number>(eb.fn.coalesce('fraud_recovered_fen', eb.lit(0))).as('recovered'),
          eb.fn.sum<number>(eb.fn.coalesce('fraud_fine_fen', eb.lit(0))).as('fine'),
        ])
        .where('campaign_id', '=', campaignId)
        .$if(only !== undefined, (q) => q.where('village_id', '=', only!))
        .groupBy('village_id')
        .execute(),
    )).then((perCampaign) => perCampaign.flat()),
    // the few reviews of newly enrolled households: not part of the roster's coverage
    db
      .selectFrom('household_reviews')
      .select(['village_id', 'reviewed_at', 'home_visit_on'])
      .where('campaign_id', 'in', campaignIds)
      .where('household_id', 'in', newlyEnrolled)
      .execute(),
    db
      .selectFrom('problems')
      .select((eb) => [
        'village_id',
        'category',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('status', 'in', ['open', 'rectifying']).then(1).else(0).end()).as('open'),
      ])
      .where('campaign_id', 'in', campaignIds)
      .$if(only !== undefined, (q) => q.where('village_id', '=', only!))
      .groupBy(['village_id', 'category'])
      .execute(),
    db
      .selectFrom('inspection_visits')
      .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', 'in', campaignIds)
      .$if(only !== undefined, (q) => q.where('village_id', '=', only!))
      .where('is_key_inspection', '=', 1)
      .groupBy('village_id')
      .execute(),
    loadFollowUps(db, campaignIds, scope.viewer, only),
  ])

  const roster = new Map<number, number>()
  const newly = new Map<number, number>()
  for (const h of households) (h.enrolment === 'newlyEnrolled' ? newly : roster).set(h.village_id, Number(h.n))
  const reviewed = new Map(reviews.map((r) => [r.village_id, r]))
  const notRoster = new Map<number, { reviewed: number; visited: number }>()
  for (const r of newlyReviewed) {
    const n = notRoster.get(r.village_id) ?? { reviewed: 0, visited: 0 }
    if (r.reviewed_at !== null) n.reviewed++
    if (r.home_visit_on !== null) n.visited++
    notRoster.set(r.village_id, n)
  }
  const problemsOf = new Map<number, { total: number; open: number; byCategory: ProblemCounts }>()
  for (const p of problems) {
    const entry = problemsOf.get(p.village_id) ?? { total: 0, open: 0, byCategory: emptyProblemCounts() }
    entry.total += Number(p.n)
    entry.open += Number(p.open ?? 0)
    if (p.category in entry.byCategory) entry.byCategory[p.category as ProblemCategory] += Number(p.n)
    problemsOf.set(p.village_id, entry)
  }
  const keyVisits = new Map(visits.map((v) => [v.village_id, Number(v.n)]))
  // counted from the viewer's list: a cadre's figures leave out the reports they are not shown
  const followUpCounts = new Map<number, { open: number; overdue: number; orders: number }>()
  for (const f of followUps.items) {
    const c = followUpCounts.get(f.villageId) ?? { open: 0, overdue: 0, orders: 0 }
    c.open++
    if (f.deadline < today) c.overdue++
    if (f.kind === 'order') c.orders++
    followUpCounts.set(f.villageId, c)
  }

  const result = villages.map((v): VillageProgress => {
    const campaign = scope.campaigns.get(v.township_id)!
    const phase = (v.phase ?? 'mobilisation') as PhaseId | 'closed'
    const r = reviewed.get(v.id)
    const minus = notRoster.get(v.id) ?? { reviewed: 0, visited: 0 }
    const p = problemsOf.get(v.id)
    const f = followUpCounts.get(v.id)
    return {
      id: v.id,
      name: v.name,
      path: `/villages/${v.id}`,
      townshipId: v.township_id,
      leaderName: v.leaderName,
      state: v.state ?? 'mobilisation',
      phase,
      schedule: scheduleStatus(phase, campaign.windows, today),
      households: roster.get(v.id) ?? 0,
      reviewed: Number(r?.reviewed ?? 0) - minus.reviewed,
      homeVisited: Number(r?.visited ?? 0) - minus.visited,
      problems: p?.total ?? 0,
      problemsByCategory: p?.byCategory ?? emptyProblemCounts(),
      openProblems: p?.open ?? 0,
      exits: Number(r?.exits ?? 0),
      newEnrolments: newly.get(v.id) ?? 0,
      fraudCases: Number(r?.fraud ?? 0),
      fraudRecoveredFen: Number(r?.recovered ?? 0),
      fraudFineFen: Number(r?.fine ?? 0),
      openFollowUps: f?.open ?? 0,
      overdueFollowUps: f?.overdue ?? 0,
      zeroReport: v.zero_report === 1,
      keySupervision: v.key_supervision === 1,
      keyInspections: keyVisits.get(v.id) ?? 0,
      openOrders: f?.orders ?? 0,
      reportsBeingVerified: followUps.reportsBeingVerified.get(v.id) ?? 0,
    }
  })
  return { villages: result, followUps: followUps.items }
}

/** Every village of a township with its phase, schedule, coverage, problems, outcomes and follow-ups, in the township's order. */
export async function listVillageProgress(db: DB, townshipId: number, campaign: CampaignInfo, today: string, viewer: Viewer, onlyVillageId?: number): Promise<VillageProgress[]> {
  return (await loadScope(db, { campaigns: new Map([[townshipId, campaign]]), onlyVillageId, viewer }, today)).villages
}

interface LoadedFollowUps {
  /** already redacted for the viewer (reportAccessOf) */
  items: FollowUp[]
  /** village id → its reports awaiting verification (status 待核实) */
  reportsBeingVerified: Map<number, number>
}

async function loadFollowUps(db: DB, campaignIds: number[], viewer: Viewer, villageId?: number): Promise<LoadedFollowUps> {
  const reportsBeingVerified = new Map<number, number>()
  if (campaignIds.length === 0) return { items: [], reportsBeingVerified }
  const access = reportAccessOf(viewer)
  const [problems, orders, complaints] = await Promise.all([
    db.selectFrom('problems').innerJoin('villages', 'villages.id', 'problems.village_id')
      .select(['problems.id', 'problems.village_id', 'villages.name as villageName', 'problems.description', 'problems.responsible_person', 'problems.deadline_on'])
      // the deadline before the first extension (issue 11): the list says 已延期（原定 …）
      .select((eb) => eb.selectFrom('problem_deadline_extensions as ext').select((e) => e.fn.coalesce('ext.old_deadline_on', sql.lit('')).as('d')).whereRef('ext.problem_id', '=', 'problems.id').orderBy('ext.id').limit(1).as('extendedFrom'))
      .where('problems.campaign_id', 'in', campaignIds)
      .where('problems.status', 'in', ['open', 'rectifying']).where('problems.deadline_on', 'is not', null)
      .$if(villageId !== undefined, (q) => q.where('problems.village_id', '=', villageId!)).execute(),
    db.selectFrom('rectification_orders').innerJoin('villages', 'villages.id', 'rectification_orders.village_id')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select(['rectification_orders.id', 'rectification_orders.village_id', 'villages.name as villageName', 'rectification_orders.reason', 'rectification_orders.deadline_on', 'leader.display_name as leaderName'])
      .where('rectification_orders.campaign_id', 'in', campaignIds)
      .where('rectification_orders.status', '!=', 'accepted')
      .$if(villageId !== undefined, (q) => q.where('rectification_orders.village_id', '=', villageId!)).execute(),
    db.selectFrom('complaints').innerJoin('villages', 'villages.id', 'complaints.village_id')
      .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
      .select(['complaints.id', 'complaints.village_id', 'villages.name as villageName', 'complaints.content', 'complaints.deadline_on', 'complaints.status', 'complaints.is_major', 'complaints.supervisor_deadline_on', 'supervisor.display_name as supervisorName'])
      .where('complaints.campaign_id', 'in', campaignIds)
      .where('complaints.status', '!=', 'closed')
      .$if(villageId !== undefined, (q) => q.where('complaints.village_id', '=', villageId!)).execute(),
  ])
  // each links to its own page: the problem, the order to rectify, the public report (举报) with its supervision
  const items: FollowUp[] = []
  for (const p of problems) items.push({ kind: 'problem', id: p.id, villageId: p.village_id, villageName: p.villageName, path: `/villages/${p.village_id}/problems/${p.id}`, title: p.description, responsible: p.responsible_person, deadline: p.deadline_on!, extendedFrom: p.extendedFrom ?? null })
  for (const o of orders) items.push({ kind: 'order', id: o.id, villageId: o.village_id, villageName: o.villageName, path: `/villages/${o.village_id}/orders/${o.id}`, title: o.reason, responsible: o.leaderName, deadline: o.deadline_on })
  for (const c of complaints) {
    if (c.status === 'open') reportsBeingVerified.set(c.village_id, (reportsBeingVerified.get(c.village_id) ?? 0) + 1)
    // the report's text, page and supervisor go to those who may open the register, and to no one else
    if (access === 'countOnly') continue
    const full = access === 'full'
    const shown = (kind: 'complaint' | 'supervisor', deadline: string): FollowUp => ({
      kind, id: c.id, villageId: c.village_id, villageName: c.villageName, deadline,
      path: full ? `/complaints/${c.id}` : null,
      title: full ? c.content : kind === 'complaint' ? t.followUps.reportPending : t.followUps.reportSupervised,
      responsible: full ? c.supervisorName : null,
    })
    if (c.status === 'open') items.push(shown('complaint', c.deadline_on))
    if (c.is_major === 1 && c.supervisor_deadline_on) items.push(shown('supervisor', c.supervisor_deadline_on))
  }
  return { items: items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.villageName.localeCompare(b.villageName, 'zh-CN') || a.id - b.id), reportsBeingVerified }
}

/**
 * Open follow-ups of a township with a deadline: rectification of problems, orders, report verification, dedicated
 * supervision — as the viewer may see them (reportAccessOf).
 */
export async function listOpenFollowUps(db: DB, townshipId: number, campaignId: number, viewer: Viewer, villageId?: number): Promise<FollowUp[]> {
  void townshipId // a campaign belongs to one township: its id alone scopes the lists
  return (await loadFollowUps(db, [campaignId], viewer, villageId)).items
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
export function attentionFor(villages: VillageProgress[], followUps: FollowUp[], today: string, calendar: WorkingDayCalendar = createWorkingDayCalendar()): Attention {
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

export interface Totals {
  villages: number
  households: number
  reviewed: number
  homeVisited: number
  problems: number
  problemsByCategory: ProblemCounts
  openProblems: number
  exits: number
  newEnrolments: number
  fraudCases: number
  fraudRecoveredFen: number
  fraudFineFen: number
  openFollowUps: number
  overdueFollowUps: number
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
    reviewed: sum((v) => v.reviewed),
    homeVisited: sum((v) => v.homeVisited),
    problems: sum((v) => v.problems),
    problemsByCategory: byCategory,
    openProblems: sum((v) => v.openProblems),
    exits: sum((v) => v.exits),
    newEnrolments: sum((v) => v.newEnrolments),
    fraudCases: sum((v) => v.fraudCases),
    fraudRecoveredFen: sum((v) => v.fraudRecoveredFen),
    fraudFineFen: sum((v) => v.fraudFineFen),
    openFollowUps: sum((v) => v.openFollowUps),
    overdueFollowUps: sum((v) => v.overdueFollowUps),
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
  const newlyEnrolled = db.selectFrom('households').innerJoin('villages', 'villages.id', 'households.village_id').select('households.id')
    .where('villages.township_id', '=', townshipId).where('households.enrolment', '=', 'newlyEnrolled')
    .$if(onlyVillageId !== undefined, (q) => q.where('villages.id', '=', onlyVillageId!))
  // one pass over the campaign's reviews: by the hour of reviewed_at (UTC) and the day of the home visit
  const [byHourAndVisit, newly] = await Promise.all([
    db.selectFrom('household_reviews')
      .select((eb) => [eb.fn<string | null>('substr', ['reviewed_at', eb.lit(1), eb.lit(13)]).as('hour'), 'home_visit_on', eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaignId)
      .$if(onlyVillageId !== undefined, (q) => q.where('village_id', '=', onlyVillageId!))
      .groupBy((eb) => [eb.fn('substr', ['reviewed_at', eb.lit(1), eb.lit(13)]), 'home_visit_on'])
      .execute(),
    db.selectFrom('household_reviews').select(['reviewed_at', 'home_visit_on'])
      .where('campaign_id', '=', campaignId).where('household_id', 'in', newlyEnrolled)
      .execute(),
  ])
  const reviewedOn = new Map<string, number>()
  const visitedOn = new Map<string, number>()
  const add = (m: Map<string, number>, day: string, n: number) => m.set(day, (m.get(day) ?? 0) + n)
  // 'YYYY-MM-DDTHH' in UTC → the Shanghai day (UTC+8, no daylight saving): from 16:00 UTC it is the next day
  const dayOfHour = (hour: string) => (hour.slice(11, 13) >= '16' ? addDays(hour.slice(0, 10), 1) : hour.slice(0, 10))
  for (const r of byHourAndVisit) {
    const n = Number(r.n)
    if (r.hour) add(reviewedOn, dayOfHour(r.hour), n)
    if (r.home_visit_on) add(visitedOn, r.home_visit_on, n)
  }
  for (const r of newly) {
    if (r.reviewed_at) add(reviewedOn, shanghaiDay(new Date(r.reviewed_at)), -1)
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

export interface TownshipOverview {
  township: { id: number; name: string; countyName: string }
  campaign: CampaignInfo | null
  plannedPhase: PhaseId | null
  villages: VillageProgress[]
  attention: Attention
  totals: Totals
  phaseCounts: PhaseCount[]
  /** present when asked for (withHistory): the township's coverage over time */
  history?: CoveragePoint[]
}

export interface OverviewOptions {
  /** also read the day-by-day coverage history (the page's chart; the county roll-up does without) */
  withHistory?: boolean
  /** only this village of the township (a cadre's export) */
  onlyVillageId?: number
}

function emptyAttention(today: string): Attention {
  return { zeroReport: [], behind: [], overdue: [], dueSoon: [], dueSoonUntil: today, uncoveredYears: [] }
}

/**
 * Townships' overviews, all read together (a fixed number of queries whatever their count): the township
 * dashboard asks for one, the county view and the county export for all of a county.
 */
export async function getTownshipOverviews(db: DB, townshipIds: readonly number[], today: string, viewer: Viewer, options: OverviewOptions = {}): Promise<TownshipOverview[]> {
  if (townshipIds.length === 0) return []
  const [townships, campaigns, calendars] = await Promise.all([
    db.selectFrom('townships').select(['id', 'name', 'county_name']).where('id', 'in', townshipIds).execute(),
    getCurrentCampaigns(db, townshipIds),
    // each township its own corrections (issue 11): one township's admin never moves another's working days
    loadWorkingDayCalendars(db, townshipIds),
  ])
  const { villages, followUps } = await loadScope(db, { campaigns, onlyVillageId: options.onlyVillageId, viewer }, today)
  const order = new Map(townshipIds.map((id, i) => [id, i]))
  townships.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
  return Promise.all(
    townships.map(async (tw) => {
      const township = { id: tw.id, name: tw.name, countyName: tw.county_name }
      const campaign = campaigns.get(tw.id) ?? null
      if (!campaign) return { township, campaign, plannedPhase: null, villages: [], attention: emptyAttention(today), totals: totalsOf([]), phaseCounts: phaseCountsOf([], null), history: options.withHistory ? [] : undefined }
      const own = villages.filter((v) => v.townshipId === tw.id)
      const ownIds = new Set(own.map((v) => v.id))
      const planned = plannedPhase(campaign.windows, today)
      return {
        township,
        campaign,
        plannedPhase: planned,
        villages: own,
        attention: attentionFor(own, followUps.filter((f) => ownIds.has(f.villageId)), today, calendars.get(tw.id)),
        totals: totalsOf(own),
        phaseCounts: phaseCountsOf(own, planned),
        history: options.withHistory ? await getCoverageHistory(db, campaign.id, tw.id, today, options.onlyVillageId) : undefined,
      }
    }),
  )
}

/** One township's dashboard: its villages' figures, the attention lists, totals, phases against the plan, and (by default) the coverage history. */
export async function getTownshipOverview(db: DB, townshipId: number, today: string, viewer: Viewer, options: OverviewOptions = { withHistory: true }): Promise<TownshipOverview> {
  const [overview] = await getTownshipOverviews(db, [townshipId], today, viewer, options)
  if (!overview) throw new Error(`no township ${townshipId}`)
  return overview
}

const SortQuery = z.object({
  sort: z.enum(VILLAGE_SORT_KEYS).catch('order'),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
})

/**
 * The village table's order from the page's query string (?sort=…&dir=…); anything unknown falls back to the
 * township's own order. Server-side, so the zod schema stays out of the page's script.
 */
export function parseVillageSort(search: URLSearchParams): { sort: VillageSortKey; dir: SortDir } {
  const { sort, dir } = SortQuery.parse({ sort: search.get('sort') ?? undefined, dir: search.get('dir') ?? undefined })
  return { sort, dir: dir ?? FIRST_DIR[sort] }
}

/** The page lists this many overdue and due-soon follow-ups, most urgent first; ?attention=all lists them all. */
export const ATTENTION_PAGE_LIMIT = 10

export interface TownshipDashboardPage {
  overview: TownshipOverview
  sort: { sort: VillageSortKey; dir: SortDir }
  /** every overdue and due-soon follow-up, though the page may list fewer */
  attentionTotals: { overdue: number; dueSoon: number }
  showAllAttention: boolean
}

/**
 * What the dashboard page shows, from its query string: the overview with the village table in the asked order
 * (?sort=…&dir=…) and the attention lists cut to the most urgent (?attention=all for all). The exports read
 * getTownshipOverviews whole.
 */
export async function getTownshipDashboard(db: DB, townshipId: number, today: string, viewer: Viewer, search: URLSearchParams): Promise<TownshipDashboardPage> {
  const sort = parseVillageSort(search)
  const showAllAttention = search.get('attention') === 'all'
  const overview = await getTownshipOverview(db, townshipId, today, viewer)
  const { attention } = overview
  return {
    overview: {
      ...overview,
      villages: sortVillages(overview.villages, sort.sort, sort.dir),
      attention: showAllAttention ? attention : { ...attention, overdue: attention.overdue.slice(0, ATTENTION_PAGE_LIMIT), dueSoon: attention.dueSoon.slice(0, ATTENTION_PAGE_LIMIT) },
    },
    sort,
    attentionTotals: { overdue: attention.overdue.length, dueSoon: attention.dueSoon.length },
    showAllAttention,
  }
}
