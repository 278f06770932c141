// The county bureau's roll-up (each township of the county with the same figures the township sees), and the
// dashboard's exports (/dashboard.csv, /dashboard.json). Both are built from getTownshipOverviews, the one set of
// functions the dashboard page reads, so a township's row, its page and its export cannot disagree.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { t } from '../i18n/dictionary'
import type { CurrentUser } from '../utils/auth.server'
import { percentFloor } from '../utils/format'
import { getTownshipOverviews, type TownshipOverview } from './townshipOverview.server'
import { countySampleSummary, type CountySampleSummary } from './countySample/read.server'
import type { ApprovalCounts } from './approvalBuckets'
import {
  totalsOf,
  phaseCountsOf,
  type CampaignInfo,
  type FollowUp,
  type OverdueFollowUp,
  type PhaseCount,
  type Totals,
  type VillageProgress,
  type Viewer,
} from './campaign.server'

export interface TownshipRollup extends Totals {
  id: number
  name: string
  /** the township's dashboard: /townships/:id */
  path: string
  campaignName: string | null
  plannedPhase: PhaseId | null
  phaseCounts: PhaseCount[]
  /** overdue follow-ups (the attention list's length) */
  overdue: number
  /** follow-ups due within the working-day window */
  dueSoon: number
  uncoveredYears: number[]
  /** 汇总上报总结报告: due by, and the day it was submitted to the county (null: not yet) */
  summaryDueOn: string | null
  summarySubmittedOn: string | null
}

export interface CountyOverview {
  countyName: string
  townships: TownshipRollup[]
  /** the county as a whole, summed over its townships' villages */
  totals: Totals
  phaseCounts: PhaseCount[]
  /** 县级入户抽查: the newest list's figures per township and the townships behind (null before any list) */
  sample: CountySampleSummary | null
}

export function rollupOf(o: TownshipOverview): TownshipRollup {
  return {
    id: o.township.id,
    name: o.township.name,
    path: `/townships/${o.township.id}`,
    campaignName: o.campaign?.name ?? null,
    plannedPhase: o.plannedPhase,
    phaseCounts: o.phaseCounts,
    ...o.totals,
    overdue: o.attention.overdue.length,
    dueSoon: o.attention.dueSoon.length,
    uncoveredYears: o.attention.uncoveredYears,
    summaryDueOn: o.campaign?.summaryDueOn ?? null,
    summarySubmittedOn: o.campaign?.summarySubmittedOn ?? null,
  }
}

async function countyTownshipIds(db: DB, countyName: string): Promise<number[]> {
  const rows = await db.selectFrom('townships').select('id').where('county_name', '=', countyName).orderBy('name').execute()
  return rows.map((r) => r.id)
}

/** The county bureau as a viewer of follow-ups: each report counted, never its text (see reportAccessOf). */
const COUNTY_VIEWER: Viewer = { role: 'county' }

/** Every township of the county with its roll-up, by name. */
export async function getCountyOverview(db: DB, countyName: string, today: string): Promise<CountyOverview> {
  const overviews = await getTownshipOverviews(db, await countyTownshipIds(db, countyName), today, COUNTY_VIEWER)
  const villages = overviews.flatMap((o) => o.villages)
  // the county's phase chart compares each township's villages with that township's own plan
  const phaseCounts = phaseCountsOf(villages, null).map((p) => ({
    ...p,
    planned: overviews.reduce((n, o) => n + (o.phaseCounts.find((c) => c.phase === p.phase)?.planned ?? 0), 0),
  }))
  const sample = await sampleOf(db, countyName, overviews, today)
  return { countyName, townships: overviews.map(rollupOf), totals: totalsOf(villages), phaseCounts, sample }
}

/** The county sample's figures for these townships, each measured against its own campaign's windows. */
function sampleOf(db: DB, countyName: string, overviews: TownshipOverview[], today: string): Promise<CountySampleSummary | null> {
  const townships = overviews.map((o) => ({ id: o.township.id, name: o.township.name, windows: o.campaign?.windows ?? [] }))
  return countySampleSummary(db, countyName, today, { townships })
}

export async function listCountyTownships(db: DB, countyName: string, today: string): Promise<TownshipRollup[]> {
  return (await getCountyOverview(db, countyName, today)).townships
}

// ————————————————————————————————————————— exports —————————————————————————————————————————

/**
 * Whose figures an export holds, from the signed-in user alone (a URL cannot widen it):
 * leader, inspector, admin → their township; county → every township of their county; cadre → their own village
 * only (their village's row and its attention items, nothing of the other villages). A user without the scope
 * their role needs (no township, county or village on the account) gets null, and the route answers 403.
 */
export type ExportScope = { kind: 'township'; townshipId: number } | { kind: 'county'; countyName: string } | { kind: 'village'; villageId: number }

export function exportScopeFor(user: CurrentUser): ExportScope | null {
  switch (user.role) {
    case 'county':
      return user.countyName ? { kind: 'county', countyName: user.countyName } : null
    case 'cadre':
      return user.villageId ? { kind: 'village', villageId: user.villageId } : null
    default:
      return user.townshipId ? { kind: 'township', townshipId: user.townshipId } : null
  }
}

export interface VillageEntry {
  id: number
  name: string
  path: string
  townshipId: number
  townshipName: string
  phase: PhaseId | 'closed'
  phaseLabel: string
  /** the dotted workflow state, e.g. supervision.orderedToRectify */
  state: string
  /** the part after the phase, e.g. orderedToRectify; null where the phase has none */
  subState: string | null
  stateLabel: string
  schedule: 'onSchedule' | 'behind' | 'done'
  scheduleLabel: string
  daysLate: number
  households: number
  /** 在保户 (householdCounts.server.ts) */
  activeHouseholds: number
  reviewed: number
  /** percent, one decimal, as the page's progress bar shows it */
  selfInspectionCoverage: number
  homeVisited: number
  homeVisitCoverage: number
  problems: number
  problemsByCategory: Record<string, number>
  openProblems: number
  /** 未整改到位: not yet 销号 */
  unresolvedProblems: number
  exits: number
  newEnrolments: number
  fraudCases: number
  fraudRecoveredFen: number
  fraudFineFen: number
  openFollowUps: number
  overdueFollowUps: number
  zeroReport: boolean
  keySupervision: boolean
  keyInspections: number
  openOrders: number
  /** public reports about the village awaiting verification (a cadre learns nothing more of them) */
  reportsBeingVerified: number
  /** 审批进度: proposals by bucket (app/models/approvalBuckets.ts) */
  approvals: ApprovalCounts
  /** serious problems under 专人督办, not yet rectified */
  seriousSupervised: number
  leaderName: string | null
}

export interface FollowUpEntry {
  kind: FollowUp['kind']
  kindLabel: string
  id: number
  villageId: number
  villageName: string
  /** null where the viewer may not open it (a report, for the county) */
  path: string | null
  title: string
  responsible: string | null
  deadline: string
  daysOverdue?: number
}

export interface TownshipExport {
  id: number
  name: string
  /** the township's dashboard for those who may open it by id */
  path: string
  campaign: { id: number; name: string; status: 'open' | 'closed'; summaryDueOn: string | null; summarySubmittedOn: string | null } | null
  plannedPhase: PhaseId | null
  totals: Totals
  phaseCounts: PhaseCount[]
  /** 近亲属备案: filed households, and how many reviewed in the campaign */
  nearRelatives: { households: number; reviewed: number }
  villages: VillageEntry[]
  attention: {
    zeroReport: Array<{ id: number; name: string; path: string; keyInspections: number; keyInspectionDone: boolean }>
    behind: Array<{ id: number; name: string; path: string; phase: PhaseId | 'closed'; state: string; stateLabel: string; daysLate: number }>
    overdue: FollowUpEntry[]
    dueSoon: FollowUpEntry[]
    dueSoonUntil: string
    uncoveredYears: number[]
  }
}

export interface DashboardExport {
  today: string
  scope: ExportScope
  townships: TownshipExport[]
  /** the county's scope only: 县级入户抽查's figures, as the county page shows them (null before any list) */
  countySample?: CountySampleSummary | null
}

/** The same figure as the page's progress bars (rounded down: app/utils/format.ts). */
export const percent = percentFloor

export function villageEntry(v: VillageProgress, townshipName: string): VillageEntry {
  const dot = v.state.indexOf('.')
  return {
    id: v.id,
    name: v.name,
    path: v.path,
    townshipId: v.townshipId,
    townshipName,
    phase: v.phase,
    phaseLabel: t.phases[v.phase],
    state: v.state,
    subState: dot >= 0 ? v.state.slice(dot + 1) : null,
    stateLabel: t.states[v.state] ?? v.state,
    schedule: v.schedule.kind,
    scheduleLabel: v.schedule.kind === 'behind' ? t.schedule.behind.replace('{days}', String(v.schedule.days)) : t.schedule[v.schedule.kind],
    daysLate: v.schedule.kind === 'behind' ? v.schedule.days : 0,
    households: v.households,
    activeHouseholds: v.activeHouseholds,
    reviewed: v.reviewed,
    selfInspectionCoverage: percent(v.reviewed, v.households),
    homeVisited: v.homeVisited,
    homeVisitCoverage: percent(v.homeVisited, v.households),
    problems: v.problems,
    problemsByCategory: { ...v.problemsByCategory },
    openProblems: v.openProblems,
    unresolvedProblems: v.unresolvedProblems,
    exits: v.exits,
    newEnrolments: v.newEnrolments,
    fraudCases: v.fraudCases,
    fraudRecoveredFen: v.fraudRecoveredFen,
    fraudFineFen: v.fraudFineFen,
    openFollowUps: v.openFollowUps,
    overdueFollowUps: v.overdueFollowUps,
    zeroReport: v.zeroReport,
    keySupervision: v.keySupervision,
    keyInspections: v.keyInspections,
    openOrders: v.openOrders,
    reportsBeingVerified: v.reportsBeingVerified,
    approvals: { ...v.approvals },
    seriousSupervised: v.seriousSupervised,
    leaderName: v.leaderName,
  }
}

function followUpEntry(f: FollowUp | OverdueFollowUp): FollowUpEntry {
  return {
    kind: f.kind,
    kindLabel: t.followUps[f.kind],
    id: f.id,
    villageId: f.villageId,
    villageName: f.villageName,
    path: f.path,
    title: f.title,
    responsible: f.responsible,
    deadline: f.deadline,
    ...('daysOverdue' in f ? { daysOverdue: f.daysOverdue } : {}),
  }
}

const campaignEntry = ({ id, name, status, summaryDueOn, summarySubmittedOn }: CampaignInfo) => ({ id, name, status, summaryDueOn, summarySubmittedOn })

export function townshipExport(o: TownshipOverview): TownshipExport {
  const a = o.attention
  return {
    id: o.township.id,
    name: o.township.name,
    path: `/townships/${o.township.id}`,
    campaign: o.campaign ? campaignEntry(o.campaign) : null,
    plannedPhase: o.plannedPhase,
    totals: o.totals,
    phaseCounts: o.phaseCounts,
    nearRelatives: o.nearRelatives,
    villages: o.villages.map((v) => villageEntry(v, o.township.name)),
    attention: {
      zeroReport: a.zeroReport.map((v) => ({
        id: v.id,
        name: v.name,
        path: v.path,
        keyInspections: v.keyInspections,
        keyInspectionDone: v.keyInspections > 0,
      })),
      behind: a.behind.map((v) => ({
        id: v.id,
        name: v.name,
        path: v.path,
        phase: v.phase,
        state: v.state,
        stateLabel: t.states[v.state] ?? v.state,
        daysLate: v.schedule.kind === 'behind' ? v.schedule.days : 0,
      })),
      overdue: a.overdue.map(followUpEntry),
      dueSoon: a.dueSoon.map(followUpEntry),
      dueSoonUntil: a.dueSoonUntil,
      uncoveredYears: a.uncoveredYears,
    },
  }
}

/**
 * The figures of a scope, as the exports carry them, redacted for the viewer (the signed-in user: a county official
 * drilling into one township is still the county). Null when the scope names nothing that exists.
 */
export async function getDashboardExport(
  db: DB,
  scope: ExportScope,
  today: string,
  viewer: Viewer,
  /** an earlier campaign of the (one) township in scope (?campaign=ID); one of another township: null */
  campaignId?: number,
): Promise<DashboardExport | null> {
  let overviews: TownshipOverview[]
  if (scope.kind === 'county') {
    if (campaignId !== undefined) return null
    overviews = await getTownshipOverviews(db, await countyTownshipIds(db, scope.countyName), today, viewer)
  } else if (scope.kind === 'township') {
    overviews = await getTownshipOverviews(db, [scope.townshipId], today, viewer, { campaignId })
  } else {
    const village = await db.selectFrom('villages').select('township_id').where('id', '=', scope.villageId).executeTakeFirst()
    if (!village) return null
    overviews = await getTownshipOverviews(db, [village.township_id], today, viewer, { onlyVillageId: scope.villageId, campaignId })
  }
  if (scope.kind !== 'county' && overviews.length === 0) return null
  if (campaignId !== undefined && overviews[0]?.campaign?.id !== campaignId) return null
  const exported: DashboardExport = { today, scope, townships: overviews.map(townshipExport) }
  if (scope.kind === 'county') exported.countySample = await sampleOf(db, scope.countyName, overviews, today)
  return exported
}

// The CSV and the download's name: ./dashboardCsv.server.ts (re-exported: the routes and tests import them from here)
export { dashboardCsv, exportFileName } from './dashboardCsv.server'
