// Campaign progress, the township overview: the figures, attention lists, totals, phase counts and (on request) the
// coverage history of townships read together, and the township dashboard page with its sorting.
import { z } from 'zod'
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { plannedPhase } from '../../workflows/rules/schedule'
import { loadWorkingDayCalendars } from './holidays.server'
import { FIRST_DIR, sortVillages, VILLAGE_SORT_KEYS, type SortDir, type VillageSortKey } from '../utils/dashboardSort'
import {
  type CampaignInfo,
  type VillageProgress,
  type Attention,
  type FollowUp,
  type OverdueFollowUp,
  type Totals,
  type PhaseCount,
  type CoveragePoint,
  type Viewer,
  getCurrentCampaigns,
  totalsOf,
  phaseCountsOf,
  attentionFor,
  getCoverageHistory,
} from './campaign.server'
import { getCampaignDuties, listTownshipCampaigns, type CampaignDuties } from './summarySubmission.server'
import { loadScope } from './villageProgress.server'
import { countNearRelatives, type NearRelativeCounts } from './nearRelatives.server'
import { buildDailyBrief } from './dailyBrief.server'
import { groupAttention, parseAttentionParam, type AttentionSection } from './attentionGroups.server'

export interface TownshipOverview {
  township: { id: number; name: string; countyName: string }
  campaign: CampaignInfo | null
  plannedPhase: PhaseId | null
  villages: VillageProgress[]
  attention: Attention
  totals: Totals
  phaseCounts: PhaseCount[]
  /** 近亲属备案: the township's filed households, and how many reviewed in the campaign shown */
  nearRelatives: NearRelativeCounts
  /** present when asked for (withHistory): the township's coverage over time */
  history?: CoveragePoint[]
}

export interface OverviewOptions {
  /** also read the day-by-day coverage history (the page's chart; the county roll-up does without) */
  withHistory?: boolean
  /** only this village of the township (a cadre's export) */
  onlyVillageId?: number
  /** this campaign instead of the newest (an earlier one stays readable); a campaign of another township: none */
  campaignId?: number
}

function emptyAttention(today: string): Attention {
  return { zeroReport: [], behind: [], overdue: [], dueSoon: [], dueSoonUntil: today, uncoveredYears: [] }
}

/**
 * Townships' overviews, all read together (a fixed number of queries whatever their count): the township
 * dashboard asks for one, the county view and the county export for all of a county.
 */
export async function getTownshipOverviews(
  db: DB,
  townshipIds: readonly number[],
  today: string,
  viewer: Viewer,
  options: OverviewOptions = {},
): Promise<TownshipOverview[]> {
  if (townshipIds.length === 0) return []
  const [townships, campaigns, calendars] = await Promise.all([
    db.selectFrom('townships').select(['id', 'name', 'county_name']).where('id', 'in', townshipIds).execute(),
    getCurrentCampaigns(db, townshipIds, options.campaignId),
    // each township its own corrections (issue 11): one township's admin never moves another's working days
    loadWorkingDayCalendars(db, townshipIds),
  ])
  // independent reads: the village figures and the near-relative counts go to the database together
  const [{ villages, followUps }, nearRelatives] = await Promise.all([
    loadScope(db, { campaigns, onlyVillageId: options.onlyVillageId, viewer, calendars }, today),
    countNearRelatives(db, townshipIds, campaigns, options.onlyVillageId),
  ])
  const order = new Map(townshipIds.map((id, i) => [id, i]))
  townships.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  return Promise.all(
    townships.map(async (tw) => {
      const township = { id: tw.id, name: tw.name, countyName: tw.county_name }
      const campaign = campaigns.get(tw.id) ?? null
      if (!campaign)
        return {
          township,
          campaign,
          plannedPhase: null,
          villages: [],
          attention: emptyAttention(today),
          totals: totalsOf([]),
          phaseCounts: phaseCountsOf([], null),
          nearRelatives: nearRelatives.get(tw.id) ?? { households: 0, reviewed: 0 },
          history: options.withHistory ? [] : undefined,
        }
      const own = villages.filter((v) => v.townshipId === tw.id)
      const ownIds = new Set(own.map((v) => v.id))
      const planned = plannedPhase(campaign.windows, today)
      return {
        township,
        campaign,
        plannedPhase: planned,
        villages: own,
        attention: attentionFor(
          own,
          followUps.filter((f) => ownIds.has(f.villageId)),
          today,
          calendars.get(tw.id),
        ),
        totals: totalsOf(own),
        phaseCounts: phaseCountsOf(own, planned),
        nearRelatives: nearRelatives.get(tw.id) ?? { households: 0, reviewed: 0 },
        history: options.withHistory ? await getCoverageHistory(db, campaign.id, tw.id, today, options.onlyVillageId) : undefined,
      }
    }),
  )
}

/** One township's dashboard: its villages' figures, the attention lists, totals, phases against the plan, and (by default) the coverage history. */
export async function getTownshipOverview(
  db: DB,
  townshipId: number,
  today: string,
  viewer: Viewer,
  options: OverviewOptions = { withHistory: true },
): Promise<TownshipOverview> {
  const [overview] = await getTownshipOverviews(db, [townshipId], today, viewer, options)
  if (!overview) throw new Error(`no township ${townshipId}`)
  return overview
}

const SortQuery = z.object({
  sort: z.enum(VILLAGE_SORT_KEYS).catch('order'),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
})

/** ?campaign=ID: an earlier campaign of the township; undefined when absent, null when not an id. */
export function parseCampaignParam(search: URLSearchParams): number | undefined | null {
  const raw = search.get('campaign')
  if (raw === null) return undefined
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null
}

/**
 * The village table's order from the page's query string (?sort=…&dir=…); anything unknown falls back to the
 * township's own order. Server-side, so the zod schema stays out of the page's script.
 */
export function parseVillageSort(search: URLSearchParams): { sort: VillageSortKey; dir: SortDir } {
  const { sort, dir } = SortQuery.parse({ sort: search.get('sort') ?? undefined, dir: search.get('dir') ?? undefined })
  return { sort, dir: dir ?? FIRST_DIR[sort] }
}

export interface TownshipDashboardPage {
  overview: TownshipOverview
  sort: { sort: VillageSortKey; dir: SortDir }
  /** the overdue and due-soon follow-ups: every serious one, the rest grouped by kind (attentionGroups.server.ts) */
  attentionLists: { overdue: AttentionSection<OverdueFollowUp>; dueSoon: AttentionSection<FollowUp> }
  /** the campaign's township duties and summary submission (null before a campaign) */
  duties: CampaignDuties | null
  /** 每日简报: the text for the township's chat group, from this page's figures */
  brief: string
  /** every campaign of the township, newest first (往期专项整治) */
  campaigns: Awaited<ReturnType<typeof listTownshipCampaigns>>
  /** the campaign shown was asked for (?campaign=ID), not the newest */
  chosenCampaign: boolean
}

/**
 * What the dashboard page shows, from its query string: the overview with the village table in the asked order
 * (?sort=…&dir=…) and the overdue and due-soon lists grouped (?attention=<kind> or all lists a group whole). The
 * exports read getTownshipOverviews whole.
 */
export async function getTownshipDashboard(
  db: DB,
  townshipId: number,
  today: string,
  viewer: Viewer,
  search: URLSearchParams,
): Promise<TownshipDashboardPage | null> {
  const sort = parseVillageSort(search)
  const expand = parseAttentionParam(search.get('attention'))
  const campaignId = parseCampaignParam(search)
  // ?campaign= of another township (or not an id) is not found
  if (campaignId === null) return null
  const overview = await getTownshipOverview(db, townshipId, today, viewer, { withHistory: true, campaignId })
  if (campaignId !== undefined && overview.campaign?.id !== campaignId) return null
  const { attention } = overview
  const [duties, campaigns] = await Promise.all([
    overview.campaign ? getCampaignDuties(db, overview.campaign.id, today) : null,
    listTownshipCampaigns(db, townshipId),
  ])
  return {
    duties,
    campaigns,
    chosenCampaign: campaignId !== undefined,
    overview: {
      ...overview,
      villages: sortVillages(overview.villages, sort.sort, sort.dir),
      // the page reads the follow-ups from attentionLists, not twice
      attention: { ...attention, overdue: [], dueSoon: [] },
    },
    sort,
    brief: buildDailyBrief(overview, today),
    attentionLists: { overdue: groupAttention(attention.overdue, expand), dueSoon: groupAttention(attention.dueSoon, expand) },
  }
}

/** 每日简报 alone (/brief.txt): the same overview the dashboard reads, without its coverage history. */
export async function getDailyBrief(db: DB, townshipId: number, today: string, viewer: Viewer): Promise<string> {
  return buildDailyBrief(await getTownshipOverview(db, townshipId, today, viewer, { withHistory: false }), today)
}
