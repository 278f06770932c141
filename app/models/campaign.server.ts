// Campaign progress as the township sees it: one set of server functions that the dashboard, the village page
// and the tests share, so their figures cannot disagree.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { addDays } from '../../workflows/rules/dates'
import { plannedPhase, scheduleStatus, type PhaseWindow, type ScheduleStatus } from '../../workflows/rules/schedule'

export interface CampaignInfo {
  id: number
  name: string
  templateKey: string
  windows: PhaseWindow[]
}

/** The township's newest campaign with its phase windows, or null before one is set up. */
export async function getCurrentCampaign(db: DB, townshipId: number): Promise<CampaignInfo | null> {
  const campaign = await db
    .selectFrom('campaigns')
    .select(['id', 'name', 'template_key'])
    .where('township_id', '=', townshipId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (!campaign) return null
  const windows = await db
    .selectFrom('campaign_phases')
    .select(['phase', 'starts_on', 'ends_on'])
    .where('campaign_id', '=', campaign.id)
    .orderBy('sort_order')
    .execute()
  return { id: campaign.id, name: campaign.name, templateKey: campaign.template_key, windows }
}

export interface VillageProgress {
  id: number
  name: string
  leaderName: string | null
  state: string
  phase: PhaseId | 'closed'
  schedule: ScheduleStatus
  households: number
  reviewed: number
  homeVisited: number
  problems: number
  openProblems: number
  zeroReport: boolean
  keySupervision: boolean
  keyInspections: number
  openOrders: number
}

/** Every village of a township with its phase, schedule and coverage, in the township's order. */
export async function listVillageProgress(db: DB, townshipId: number, campaign: CampaignInfo, today: string, onlyVillageId?: number): Promise<VillageProgress[]> {
  const villages = await db
    .selectFrom('villages')
    .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
    .leftJoin('village_workflows as wf', (join) => join.onRef('wf.village_id', '=', 'villages.id').on('wf.campaign_id', '=', campaign.id))
    .select(['villages.id', 'villages.name', 'leader.display_name as leaderName', 'wf.state', 'wf.phase', 'wf.zero_report', 'wf.key_supervision'])
    .where('villages.township_id', '=', townshipId)
    .$if(onlyVillageId !== undefined, (q) => q.where('villages.id', '=', onlyVillageId!))
    .orderBy('villages.sort_order')
    .execute()
  const ids = villages.map((v) => v.id)
  if (ids.length === 0) return []

  // Coverage counts the households on the roster when the campaign began (新纳入 漏保 families are counted apart).
  const [households, reviews, problems, visits, orders] = await Promise.all([
    db.selectFrom('households').select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('village_id', 'in', ids).where('enrolment', '=', 'roster').groupBy('village_id').execute(),
    db.selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .select(['household_reviews.village_id', (eb) => eb.fn.count<number>('household_reviews.reviewed_at').as('reviewed'), (eb) => eb.fn.count<number>('household_reviews.home_visit_on').as('visited')])
      .where('household_reviews.campaign_id', '=', campaign.id).where('households.enrolment', '=', 'roster')
      .groupBy('household_reviews.village_id').execute(),
    db.selectFrom('problems')
      .select(['village_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('status', 'in', ['open', 'rectifying']).then(1).else(0).end()).as('open')])
      .where('campaign_id', '=', campaign.id).groupBy('village_id').execute(),
    db.selectFrom('inspection_visits').select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaign.id).where('is_key_inspection', '=', 1).groupBy('village_id').execute(),
    db.selectFrom('rectification_orders').select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaign.id).where('status', '!=', 'accepted').groupBy('village_id').execute(),
  ])
  const byVillage = <T extends { village_id: number }>(rows: T[]) => new Map(rows.map((r) => [r.village_id, r]))
  const hh = byVillage(households), rv = byVillage(reviews), pr = byVillage(problems), vi = byVillage(visits), od = byVillage(orders)

  return villages.map((v) => {
    const phase = (v.phase ?? 'mobilisation') as PhaseId | 'closed'
    return {
      id: v.id,
      name: v.name,
      leaderName: v.leaderName,
      state: v.state ?? 'mobilisation',
      phase,
      schedule: scheduleStatus(phase, campaign.windows, today),
      households: Number(hh.get(v.id)?.n ?? 0),
      reviewed: Number(rv.get(v.id)?.reviewed ?? 0),
      homeVisited: Number(rv.get(v.id)?.visited ?? 0),
      problems: Number(pr.get(v.id)?.n ?? 0),
      openProblems: Number(pr.get(v.id)?.open ?? 0),
      zeroReport: v.zero_report === 1,
      keySupervision: v.key_supervision === 1,
      keyInspections: Number(vi.get(v.id)?.n ?? 0),
      openOrders: Number(od.get(v.id)?.n ?? 0),
    }
  })
}

export type FollowUpKind = 'problem' | 'order' | 'complaint' | 'supervisor'

export interface FollowUp {
  kind: FollowUpKind
  id: number
  villageId: number
  villageName: string
  title: string
  responsible: string | null
  deadline: string
}

/** Open follow-ups of a township with a deadline: rectification of problems, orders, report verification, dedicated supervision. */
export async function listOpenFollowUps(db: DB, townshipId: number, campaignId: number, villageId?: number): Promise<FollowUp[]> {
  const [problems, orders, complaints] = await Promise.all([
    db.selectFrom('problems').innerJoin('villages', 'villages.id', 'problems.village_id')
      .select(['problems.id', 'problems.village_id', 'villages.name as villageName', 'problems.category', 'problems.description', 'problems.responsible_person', 'problems.deadline_on'])
      .where('problems.campaign_id', '=', campaignId).where('villages.township_id', '=', townshipId)
      .where('problems.status', 'in', ['open', 'rectifying']).where('problems.deadline_on', 'is not', null)
      .$if(villageId !== undefined, (q) => q.where('problems.village_id', '=', villageId!)).execute(),
    db.selectFrom('rectification_orders').innerJoin('villages', 'villages.id', 'rectification_orders.village_id')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select(['rectification_orders.id', 'rectification_orders.village_id', 'villages.name as villageName', 'rectification_orders.reason', 'rectification_orders.deadline_on', 'leader.display_name as leaderName'])
      .where('rectification_orders.campaign_id', '=', campaignId).where('villages.township_id', '=', townshipId)
      .where('rectification_orders.status', '!=', 'accepted')
      .$if(villageId !== undefined, (q) => q.where('rectification_orders.village_id', '=', villageId!)).execute(),
    db.selectFrom('complaints').innerJoin('villages', 'villages.id', 'complaints.village_id')
      .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
      .select(['complaints.id', 'complaints.village_id', 'villages.name as villageName', 'complaints.content', 'complaints.deadline_on', 'complaints.status', 'complaints.is_major', 'complaints.supervisor_deadline_on', 'supervisor.display_name as supervisorName'])
      .where('complaints.campaign_id', '=', campaignId).where('villages.township_id', '=', townshipId)
      .where('complaints.status', '!=', 'closed')
      .$if(villageId !== undefined, (q) => q.where('complaints.village_id', '=', villageId!)).execute(),
  ])
  const items: FollowUp[] = []
  for (const p of problems) items.push({ kind: 'problem', id: p.id, villageId: p.village_id, villageName: p.villageName, title: p.description, responsible: p.responsible_person, deadline: p.deadline_on! })
  for (const o of orders) items.push({ kind: 'order', id: o.id, villageId: o.village_id, villageName: o.villageName, title: o.reason, responsible: o.leaderName, deadline: o.deadline_on })
  for (const c of complaints) {
    if (c.status === 'open') items.push({ kind: 'complaint', id: c.id, villageId: c.village_id, villageName: c.villageName, title: c.content, responsible: c.supervisorName, deadline: c.deadline_on })
    if (c.is_major === 1 && c.supervisor_deadline_on) items.push({ kind: 'supervisor', id: c.id, villageId: c.village_id, villageName: c.villageName, title: c.content, responsible: c.supervisorName, deadline: c.supervisor_deadline_on })
  }
  return items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.villageName.localeCompare(b.villageName))
}

export interface Attention {
  zeroReport: VillageProgress[]
  behind: VillageProgress[]
  overdue: FollowUp[]
  dueSoon: FollowUp[]
}

export const DUE_SOON_DAYS = 3

export function attentionFor(villages: VillageProgress[], followUps: FollowUp[], today: string): Attention {
  const soon = addDays(today, DUE_SOON_DAYS)
  return {
    zeroReport: villages.filter((v) => v.zeroReport),
    behind: villages.filter((v) => v.schedule.kind === 'behind').sort((a, b) => daysLate(b) - daysLate(a)),
    overdue: followUps.filter((f) => f.deadline < today),
    dueSoon: followUps.filter((f) => f.deadline >= today && f.deadline <= soon),
  }
}

function daysLate(v: VillageProgress): number {
  return v.schedule.kind === 'behind' ? v.schedule.days : 0
}

export interface TownshipOverview {
  township: { id: number; name: string }
  campaign: CampaignInfo | null
  plannedPhase: PhaseId | null
  villages: VillageProgress[]
  attention: Attention
}

export async function getTownshipOverview(db: DB, townshipId: number, today: string): Promise<TownshipOverview> {
  const township = await db.selectFrom('townships').select(['id', 'name']).where('id', '=', townshipId).executeTakeFirstOrThrow()
  const campaign = await getCurrentCampaign(db, townshipId)
  if (!campaign) return { township, campaign, plannedPhase: null, villages: [], attention: { zeroReport: [], behind: [], overdue: [], dueSoon: [] } }
  const [villages, followUps] = await Promise.all([
    listVillageProgress(db, townshipId, campaign, today),
    listOpenFollowUps(db, townshipId, campaign.id),
  ])
  return { township, campaign, plannedPhase: plannedPhase(campaign.windows, today), villages, attention: attentionFor(villages, followUps, today) }
}
