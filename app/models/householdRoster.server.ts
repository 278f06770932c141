// The village roster (名册): filters, the ID-suffix or name search, and one row per household with its review status.
// Full ID numbers (身份证号) never leave this module towards a page: rows carry maskIdNumber() only.
import type { DB } from '../../db/connection.server'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { KEY_CHECK_SITUATIONS, RISK_SIGNALS, type Enrolment, type HouseholdStatus, type ReviewOutcome } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { villageFindings } from './departmentLists/queries.server'
import { parseList } from './householdReviewRows.server'

// ————————————————————————————————————————— the roster —————————————————————————————————————————

export const ROSTER_FILTERS = ['all', 'unreviewed', 'notVisited', 'keyCheck', 'risk', 'keep', 'adjust', 'exit', 'fraud', 'newlyEnrolled'] as const
export type RosterFilter = (typeof ROSTER_FILTERS)[number]
/** 未复核 / 已复核 / 已入户 */
export type ReviewStatus = 'unreviewed' | 'reviewed' | 'visited'

/**
 * Where the household stands in the cadre's work, in the order the roster lists them: 未复核 (no review), 复核未完成
 * (saved, but missing what workflows/rules/reviewCompleteness.ts requires), 待入户 (complete, no home visit yet:
 * the campaign visits every household), 已复核 (complete and visited).
 */
export const WORK_STATUSES = ['unreviewed', 'incomplete', 'awaitingVisit', 'reviewed'] as const
export type WorkStatus = (typeof WORK_STATUSES)[number]

export interface RosterRow {
  id: number
  headName: string
  maskedIdNumber: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  adjustedAmountFen: number | null
  enrolment: Enrolment
  status: HouseholdStatus
  reviewStatus: ReviewStatus
  workStatus: WorkStatus
  /** the review has everything its household requires (counts toward 自查面) */
  reviewComplete: boolean
  outcome: ReviewOutcome | null
  keyCheck: boolean
  risk: boolean
  nearRelativeFiling: boolean
  /** 信息核对: what other departments' lists say of the household, e.g. 名下有小型汽车1辆（车管，2026-11） */
  crosscheck: string[]
}

export interface Roster {
  rows: RosterRow[]
  /** how many households each filter holds (before the search), for the filter list */
  counts: Record<RosterFilter, number>
  /** coverage of the original roster, counted as listVillageProgress counts it */
  coverage: { households: number; reviewed: number; homeVisited: number }
  /** a search by ID number that may not be run (not ID_SEARCH_MIN–ID_SEARCH_MAX characters): no rows, and the page says why */
  searchRefused: boolean
}

function matchesFilter(row: RosterRow, filter: RosterFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    // not reviewed, or a review still lacking something (it does not count toward coverage yet)
    case 'unreviewed':
      return !row.reviewComplete
    // what still stands between the village and 100%: not reviewed, or reviewed without a home visit (入户调查)
    case 'notVisited':
      return row.enrolment === 'roster' && row.reviewStatus !== 'visited'
    case 'keyCheck':
      return row.keyCheck
    case 'risk':
      return row.risk
    case 'newlyEnrolled':
      return row.enrolment === 'newlyEnrolled'
    default:
      return row.outcome === filter
  }
}

/** How many trailing characters of an ID number the mask shows (3715**********0018 → 4), from the mask itself. */
export const ID_VISIBLE_TAIL = (/[^*]*$/.exec(maskIdNumber('0'.repeat(18)))?.[0] ?? '').length

/**
 * A search by ID number takes its last ID_SEARCH_MIN to ID_SEARCH_MAX characters, and never more than the mask shows:
 * a longer suffix would confirm hidden digits one at a time (the whole number in ~70 searches), a shorter one is
 * no use on a roster. With today's mask that is exactly the last four, which every row already shows.
 */
export const ID_SEARCH_MIN = 4
export const ID_SEARCH_MAX = Math.min(6, ID_VISIBLE_TAIL)

export type RosterSearch =
  { kind: 'none' } | { kind: 'idSuffix'; value: string } | { kind: 'name'; value: string } | { kind: 'idSuffixRefused'; length: number }

/** A search is either part of the head's name or the last characters of the ID number (e.g. '002X'). */
export function normaliseSearch(search: string | null | undefined): RosterSearch {
  const text = (search ?? '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .slice(0, 30)
  if (!text) return { kind: 'none' }
  if (/^\d*[\dxXｘＸ]$/.test(text)) {
    if (text.length < ID_SEARCH_MIN || text.length > ID_SEARCH_MAX) return { kind: 'idSuffixRefused', length: text.length }
    return { kind: 'idSuffix', value: text.replace(/[xｘＸ]/g, 'X').toUpperCase() }
  }
  return { kind: 'name', value: text }
}

/** Every household of the village with its review status in this campaign; filtered and searched. */
export async function listRoster(db: DB, q: { campaignId: number; villageId: number; filter?: RosterFilter; search?: string | null }): Promise<Roster> {
  const findings = await villageFindings(db, q.villageId)
  const rows = await db
    .selectFrom('households')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', '=', q.campaignId))
    .select([
      'households.id',
      'households.head_name',
      'households.id_number',
      'households.member_count',
      'households.covered_count',
      'households.category',
      'households.monthly_amount_fen',
      'households.enrolment',
      'households.status',
      'households.key_check_situations',
      'households.near_relative_filing',
      'r.reviewed_at',
      'r.complete',
      'r.home_visit_on',
      'r.outcome',
      'r.adjusted_amount_fen',
      'r.risk_signals',
      'r.key_check_situations as review_situations',
    ])
    .where('households.village_id', '=', q.villageId)
    // the original roster first, then the newly enrolled (漏保) families
    .orderBy('households.enrolment', 'desc')
    .orderBy('households.id')
    .execute()

  const search = normaliseSearch(q.search)
  const all: Array<RosterRow & { idNumber: string }> = rows.map((r) => ({
    id: r.id,
    idNumber: r.id_number,
    headName: r.head_name,
    maskedIdNumber: maskIdNumber(r.id_number),
    memberCount: r.member_count,
    coveredCount: r.covered_count,
    category: r.category,
    monthlyAmountFen: r.monthly_amount_fen,
    adjustedAmountFen: r.outcome === 'adjust' ? r.adjusted_amount_fen : null,
    enrolment: r.enrolment,
    status: r.status,
    reviewStatus: !r.reviewed_at ? 'unreviewed' : r.home_visit_on ? 'visited' : 'reviewed',
    workStatus: workStatusOf(r),
    reviewComplete: r.reviewed_at !== null && r.complete === 1,
    outcome: r.reviewed_at ? r.outcome : null,
    keyCheck:
      parseList(r.key_check_situations, KEY_CHECK_SITUATIONS).length > 0 ||
      parseList(r.review_situations, KEY_CHECK_SITUATIONS).length > 0 ||
      findings.has(r.id),
    risk: parseList(r.risk_signals, RISK_SIGNALS).length > 0,
    nearRelativeFiling: r.near_relative_filing === 1,
    crosscheck: (findings.get(r.id) ?? []).map((f) => (f.isHead ? f.line : format(t.departmentLists.household.person, { name: f.personName }) + f.line)),
  }))

  const counts = Object.fromEntries(ROSTER_FILTERS.map((f) => [f, all.filter((row) => matchesFilter(row, f)).length])) as Record<RosterFilter, number>
  const onRoster = all.filter((row) => row.enrolment === 'roster')
  const coverage = {
    households: onRoster.length,
    // counted as listVillageProgress counts them: complete reviews, reviews with home_visit_on
    reviewed: onRoster.filter((row) => row.reviewComplete).length,
    homeVisited: rows.filter((r) => r.enrolment === 'roster' && r.home_visit_on !== null).length,
  }

  const filter = q.filter ?? 'all'
  // a refused ID search matches nothing: it must not confirm a single hidden digit
  const searchRefused = search.kind === 'idSuffixRefused'
  const matches = (row: { idNumber: string; headName: string }): boolean => {
    switch (search.kind) {
      case 'none':
        return true
      case 'idSuffix':
        return row.idNumber.endsWith(search.value)
      case 'name':
        return row.headName.includes(search.value)
      default:
        return false
    }
  }
  const selected = all
    .filter((row) => matchesFilter(row, filter))
    .filter(matches)
    // the full number stays here: the page gets the masked one only
    .map(({ idNumber: _full, ...row }) => row)
  return { rows: selected, counts, coverage, searchRefused }
}

// ————————————————————————————————————————— one page of it —————————————————————————————————————————

function workStatusOf(r: { reviewed_at: string | null; complete: number | null; home_visit_on: string | null }): WorkStatus {
  if (r.reviewed_at === null) return 'unreviewed'
  // complete is the review model's verdict (isReviewComplete), kept on every save
  if (r.complete !== 1) return 'incomplete'
  return r.home_visit_on === null ? 'awaitingVisit' : 'reviewed'
}

/** Cards on one page of the roster: a 360-px phone scrolls through 20, not 71. */
export const ROSTER_PAGE_SIZE = 20

export interface RosterPage extends Roster {
  /** households of the filter and search in each work status, for the status links */
  statusCounts: Record<WorkStatus | 'all', number>
  status: WorkStatus | 'all'
  /** 1-based, within 1…pages */
  page: number
  pages: number
}

/**
 * One page of the roster for the cadre's work: the filter and search, then one work status (or all), the households
 * still to review first (未复核, 复核未完成, then 待入户, then 已复核), in roster order within each.
 */
export async function listRosterPage(
  db: DB,
  q: { campaignId: number; villageId: number; filter?: RosterFilter; search?: string | null; status?: WorkStatus | 'all'; page?: number },
): Promise<RosterPage> {
  const roster = await listRoster(db, q)
  const status = q.status ?? 'all'
  const statusCounts = { all: roster.rows.length, unreviewed: 0, incomplete: 0, awaitingVisit: 0, reviewed: 0 }
  for (const row of roster.rows) statusCounts[row.workStatus]++
  const rank = (row: RosterRow) => WORK_STATUSES.indexOf(row.workStatus)
  // Array.prototype.sort is stable: roster order is kept within a status
  const ordered = roster.rows.filter((row) => status === 'all' || row.workStatus === status).sort((a, b) => rank(a) - rank(b))
  const pages = Math.max(1, Math.ceil(ordered.length / ROSTER_PAGE_SIZE))
  const page = Math.min(Math.max(1, Math.trunc(q.page ?? 1) || 1), pages)
  const rows = ordered.slice((page - 1) * ROSTER_PAGE_SIZE, page * ROSTER_PAGE_SIZE)
  return { ...roster, rows, statusCounts, status, page, pages }
}
