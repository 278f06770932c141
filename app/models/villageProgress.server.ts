// Campaign progress, the counting: the per-village figures and the open follow-ups of every township in a scope,
// read whole townships (or a whole county) at once, one grouped query per table, each served from an index
// (db/migrations/0003_dashboard_indexes.ts). The one place they are counted; campaign.server.ts says what they mean.
import { sql } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { scheduleStatus } from '../../workflows/rules/schedule'
import { type ProblemCategory } from '../../workflows/rules/vocabulary'
import { t } from '../i18n/dictionary'
import { type CampaignInfo, type Viewer, type VillageProgress, type FollowUp, type ProblemCounts, emptyProblemCounts, reportAccessOf } from './campaign.server'
import type { WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { emptyApprovalCounts } from './approvalBuckets'
import { loadApprovals } from './approvalCounts.server'
import { countHouseholds } from './householdCounts.server'

interface Scope {
  /** township id → its current campaign */
  campaigns: Map<number, CampaignInfo>
  onlyVillageId?: number
  viewer: Viewer
  /** township id → its working-day calendar (the proposals' step deadlines); read when not given */
  calendars?: Map<number, WorkingDayCalendar>
}

/** The per-village figures and the open follow-ups of every township in the scope: the one place they are counted. */
export async function loadScope(db: DB, scope: Scope, today: string): Promise<{ villages: VillageProgress[]; followUps: FollowUp[] }> {
  const townshipIds = [...scope.campaigns.keys()]
  const campaignIds = [...scope.campaigns.values()].map((c) => c.id)
  if (townshipIds.length === 0) return { villages: [], followUps: [] }
  const only = scope.onlyVillageId
  // Rows that carry a campaign id are found by it alone (a campaign belongs to one township, so its rows are that
  // township's): one index range per campaign, instead of a probe per village. Households carry no campaign.
  const villageIds = db
    .selectFrom('villages')
    .select('villages.id')
    .where('villages.township_id', 'in', townshipIds)
    .$if(only !== undefined, (q) => q.where('villages.id', '=', only as number))
  const newlyEnrolled = db
    .selectFrom('households')
    .select('households.id')
    .where('households.village_id', 'in', villageIds)
    .where('households.enrolment', '=', 'newlyEnrolled')

  const [villages, households, reviews, newlyReviewed, problems, visits, followUps, liaisons, approvals] = await Promise.all([
    db
      .selectFrom('villages')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .leftJoin('village_workflows as wf', (join) => join.onRef('wf.village_id', '=', 'villages.id').on('wf.campaign_id', 'in', campaignIds))
      .select([
        'villages.id',
        'villages.name',
        'villages.township_id',
        'leader.display_name as leaderName',
        'wf.state',
        'wf.phase',
        'wf.zero_report',
        'wf.key_supervision',
      ])
      .where('villages.township_id', 'in', townshipIds)
      .$if(only !== undefined, (q) => q.where('villages.id', '=', only as number))
      .orderBy('villages.township_id')
      .orderBy('villages.sort_order')
      .execute(),
    // 原名册户, 在保户, 新纳入: the one count of each (householdCounts.server.ts), shared with /exports
    countHouseholds(db, { townshipIds, onlyVillageId: only }),
    // every review of the village (outcomes count them all); coverage subtracts the newly enrolled below. One
    // query a campaign: each reads one index range already in village order (an IN list would sort them all).
    Promise.all(
      campaignIds.map((campaignId) =>
        db
          .selectFrom('household_reviews')
          .select((eb) => [
            'village_id',
            // 自查面 counts complete reviews only (workflows/rules/reviewCompleteness.ts; complete implies reviewed_at)
            eb.fn.sum<number>('complete').as('reviewed'),
            eb.fn.count<number>('home_visit_on').as('visited'),
            eb.fn.sum<number>(eb.case().when('outcome', '=', 'exit').then(1).else(0).end()).as('exits'),
            eb.fn.sum<number>(eb.case().when('outcome', '=', 'fraud').then(1).else(0).end()).as('fraud'),
            eb.fn.sum<number>(eb.fn.coalesce('fraud_recovered_fen', eb.lit(0))).as('recovered'),
            eb.fn.sum<number>(eb.fn.coalesce('fraud_fine_fen', eb.lit(0))).as('fine'),
          ])
          .where('campaign_id', '=', campaignId)
          .$if(only !== undefined, (q) => q.where('village_id', '=', only as number))
          .groupBy('village_id')
          .execute(),
      ),
    ).then((perCampaign) => perCampaign.flat()),
    // the few reviews of newly enrolled households: not part of the roster's coverage
    db
      .selectFrom('household_reviews')
      .select(['village_id', 'reviewed_at', 'complete', 'home_visit_on'])
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
        // 未整改到位: not yet 销号 (待整改, 整改中, 整改待验收) — the summary report's figure too
        eb.fn.sum<number>(eb.case().when('status', '!=', 'verified').then(1).else(0).end()).as('unresolved'),
        // 专人督办: serious problems not yet rectified with a named supervisor
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('status', 'in', ['open', 'rectifying']), eb('is_serious', '=', 1), eb('supervisor_user_id', 'is not', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('supervised'),
      ])
      .where('campaign_id', 'in', campaignIds)
      .$if(only !== undefined, (q) => q.where('village_id', '=', only as number))
      .groupBy(['village_id', 'category'])
      .execute(),
    db
      .selectFrom('inspection_visits')
      .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', 'in', campaignIds)
      .$if(only !== undefined, (q) => q.where('village_id', '=', only as number))
      .where('is_key_inspection', '=', 1)
      .groupBy('village_id')
      .execute(),
    loadFollowUps(db, campaignIds, scope.viewer, only),
    // 包村干部 of each village, by name (active accounts only)
    db
      .selectFrom('village_liaisons')
      .innerJoin('users', 'users.id', 'village_liaisons.user_id')
      .select(['village_liaisons.village_id', 'users.display_name'])
      .where('village_liaisons.village_id', 'in', villageIds)
      .where('users.active', '=', 1)
      .orderBy('users.display_name')
      .execute(),
    // 审批进度: the proposals' counts and step deadlines (two queries for the whole scope)
    loadApprovals(
      db,
      { campaigns: [...scope.campaigns].map(([townshipId, c]) => ({ id: c.id, townshipId })), onlyVillageId: only, calendars: scope.calendars },
      today,
    ),
  ])
  // the open proposals' step deadlines join the follow-ups: listed, and counted as open and overdue
  const followUpItems = sortFollowUps([...followUps.items, ...approvals.followUps])

  const reviewed = new Map(reviews.map((r) => [r.village_id, r]))
  const notRoster = new Map<number, { reviewed: number; visited: number }>()
  for (const r of newlyReviewed) {
    const n = notRoster.get(r.village_id) ?? { reviewed: 0, visited: 0 }
    if (r.reviewed_at !== null && r.complete === 1) n.reviewed++
    if (r.home_visit_on !== null) n.visited++
    notRoster.set(r.village_id, n)
  }
  const problemsOf = new Map<number, { total: number; open: number; unresolved: number; supervised: number; byCategory: ProblemCounts }>()
  for (const p of problems) {
    const entry = problemsOf.get(p.village_id) ?? { total: 0, open: 0, unresolved: 0, supervised: 0, byCategory: emptyProblemCounts() }
    entry.total += Number(p.n)
    entry.open += Number(p.open ?? 0)
    entry.unresolved += Number(p.unresolved ?? 0)
    entry.supervised += Number(p.supervised ?? 0)
    if (p.category in entry.byCategory) entry.byCategory[p.category as ProblemCategory] += Number(p.n)
    problemsOf.set(p.village_id, entry)
  }
  const keyVisits = new Map(visits.map((v) => [v.village_id, Number(v.n)]))
  const liaisonNames = new Map<number, string[]>()
  for (const l of liaisons) liaisonNames.set(l.village_id, [...(liaisonNames.get(l.village_id) ?? []), l.display_name])
  // counted from the viewer's list: a cadre's figures leave out the reports they are not shown
  const followUpCounts = new Map<number, { open: number; overdue: number; orders: number }>()
  for (const f of followUpItems) {
    const c = followUpCounts.get(f.villageId) ?? { open: 0, overdue: 0, orders: 0 }
    c.open++
    if (f.deadline < today) c.overdue++
    if (f.kind === 'order') c.orders++
    followUpCounts.set(f.villageId, c)
  }

  const result = villages.map((v): VillageProgress => {
    const campaign = scope.campaigns.get(v.township_id)
    // the villages are read for the scope's townships only, each with its campaign
    if (!campaign) throw new Error(`township ${v.township_id} has no campaign in this scope`)
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
      liaisonNames: liaisonNames.get(v.id) ?? [],
      state: v.state ?? 'mobilisation',
      phase,
      schedule: scheduleStatus(phase, campaign.windows, today),
      households: households.get(v.id)?.roster ?? 0,
      activeHouseholds: households.get(v.id)?.active ?? 0,
      reviewed: Number(r?.reviewed ?? 0) - minus.reviewed,
      homeVisited: Number(r?.visited ?? 0) - minus.visited,
      problems: p?.total ?? 0,
      problemsByCategory: p?.byCategory ?? emptyProblemCounts(),
      openProblems: p?.open ?? 0,
      unresolvedProblems: p?.unresolved ?? 0,
      exits: Number(r?.exits ?? 0),
      newEnrolments: households.get(v.id)?.newlyEnrolled ?? 0,
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
      approvals: approvals.counts.get(v.id) ?? emptyApprovalCounts(),
      seriousSupervised: p?.supervised ?? 0,
    }
  })
  return { villages: result, followUps: followUpItems }
}

/** Every village of a township with its phase, schedule, coverage, problems, outcomes and follow-ups, in the township's order. */
export async function listVillageProgress(
  db: DB,
  townshipId: number,
  campaign: CampaignInfo,
  today: string,
  viewer: Viewer,
  onlyVillageId?: number,
): Promise<VillageProgress[]> {
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
    db
      .selectFrom('problems')
      .innerJoin('villages', 'villages.id', 'problems.village_id')
      .select([
        'problems.id',
        'problems.village_id',
        'villages.name as villageName',
        'problems.description',
        'problems.responsible_person',
        'problems.deadline_on',
        'problems.is_serious',
        'problems.supervisor_deadline_on',
      ])
      .select((eb) => eb.selectFrom('users').select('users.display_name').whereRef('users.id', '=', 'problems.supervisor_user_id').as('supervisorName'))
      // the deadline before the first extension (issue 11): the list says 已延期（原定 …）
      .select((eb) =>
        eb
          .selectFrom('problem_deadline_extensions as ext')
          .select((e) => e.fn.coalesce('ext.old_deadline_on', sql.lit('')).as('d'))
          .whereRef('ext.problem_id', '=', 'problems.id')
          .orderBy('ext.id')
          .limit(1)
          .as('extendedFrom'),
      )
      .where('problems.campaign_id', 'in', campaignIds)
      .where('problems.status', 'in', ['open', 'rectifying'])
      // a deadline to rectify, or a serious problem's 专人督办 deadline
      .where((eb) => eb.or([eb('problems.deadline_on', 'is not', null), eb('problems.supervisor_deadline_on', 'is not', null)]))
      .$if(villageId !== undefined, (q) => q.where('problems.village_id', '=', villageId as number))
      .execute(),
    db
      .selectFrom('rectification_orders')
      .innerJoin('villages', 'villages.id', 'rectification_orders.village_id')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select([
        'rectification_orders.id',
        'rectification_orders.village_id',
        'villages.name as villageName',
        'rectification_orders.reason',
        'rectification_orders.deadline_on',
        'leader.display_name as leaderName',
      ])
      .where('rectification_orders.campaign_id', 'in', campaignIds)
      .where('rectification_orders.status', '!=', 'accepted')
      .$if(villageId !== undefined, (q) => q.where('rectification_orders.village_id', '=', villageId as number))
      .execute(),
    db
      .selectFrom('complaints')
      .innerJoin('villages', 'villages.id', 'complaints.village_id')
      .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
      .select([
        'complaints.id',
        'complaints.village_id',
        'villages.name as villageName',
        'complaints.content',
        'complaints.deadline_on',
        'complaints.status',
        'complaints.is_major',
        'complaints.supervisor_deadline_on',
        'supervisor.display_name as supervisorName',
      ])
      .where('complaints.campaign_id', 'in', campaignIds)
      .where('complaints.status', '!=', 'closed')
      .$if(villageId !== undefined, (q) => q.where('complaints.village_id', '=', villageId as number))
      .execute(),
  ])
  // each links to its own page: the problem, the order to rectify, the public report (举报) with its supervision
  const items: FollowUp[] = []
  for (const p of problems) {
    const path = `/villages/${p.village_id}/problems/${p.id}`
    if (p.deadline_on)
      items.push({
        kind: 'problem',
        id: p.id,
        villageId: p.village_id,
        villageName: p.villageName,
        path,
        title: p.description,
        responsible: p.responsible_person,
        deadline: p.deadline_on,
        extendedFrom: p.extendedFrom ?? null,
      })
    // 专人督办: the supervisor's own deadline, beside the village's deadline to rectify
    if (p.is_serious === 1 && p.supervisor_deadline_on)
      items.push({
        kind: 'problemSupervision',
        id: p.id,
        villageId: p.village_id,
        villageName: p.villageName,
        path,
        title: p.description,
        responsible: p.supervisorName ?? null,
        deadline: p.supervisor_deadline_on,
      })
  }
  for (const o of orders)
    items.push({
      kind: 'order',
      id: o.id,
      villageId: o.village_id,
      villageName: o.villageName,
      path: `/villages/${o.village_id}/orders/${o.id}`,
      title: o.reason,
      responsible: o.leaderName,
      deadline: o.deadline_on,
    })
  for (const c of complaints) {
    if (c.status === 'open') reportsBeingVerified.set(c.village_id, (reportsBeingVerified.get(c.village_id) ?? 0) + 1)
    // the report's text, page and supervisor go to those who may open the register, and to no one else
    if (access === 'countOnly') continue
    const full = access === 'full'
    const shown = (kind: 'complaint' | 'supervisor', deadline: string): FollowUp => ({
      kind,
      id: c.id,
      villageId: c.village_id,
      villageName: c.villageName,
      deadline,
      path: full ? `/complaints/${c.id}` : null,
      title: full ? c.content : kind === 'complaint' ? t.followUps.reportPending : t.followUps.reportSupervised,
      responsible: full ? c.supervisorName : null,
    })
    if (c.status === 'open') items.push(shown('complaint', c.deadline_on))
    if (c.is_major === 1 && c.supervisor_deadline_on) items.push(shown('supervisor', c.supervisor_deadline_on))
  }
  return { items: sortFollowUps(items), reportsBeingVerified }
}

/** Soonest deadline first, then by village and id (in place). */
function sortFollowUps(items: FollowUp[]): FollowUp[] {
  return items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.villageName.localeCompare(b.villageName, 'zh-CN') || a.id - b.id)
}

/**
 * Open follow-ups of a township with a deadline: rectification of problems, orders, report verification, dedicated
 * supervision — as the viewer may see them (reportAccessOf).
 */
export async function listOpenFollowUps(db: DB, townshipId: number, campaignId: number, viewer: Viewer, villageId?: number): Promise<FollowUp[]> {
  // a campaign belongs to one township: its id alone scopes the lists; the township's calendar dates the proposals' steps
  const [followUps, approvals] = await Promise.all([
    loadFollowUps(db, [campaignId], viewer, villageId),
    // the items only: whether each is overdue is the list's to say (attentionFor)
    loadApprovals(db, { campaigns: [{ id: campaignId, townshipId }], onlyVillageId: villageId }, null),
  ])
  return sortFollowUps([...followUps.items, ...approvals.followUps])
}
