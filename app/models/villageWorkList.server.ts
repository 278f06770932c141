// 待办事项 of a village (issue 17): every open item assigned to the village in the township's current campaign, each
// with its deadline and what the viewer does about it. One query (loadWorkRows) finds them all; the village page
// lists them and the navigation counts them from the same rows, so the count and the list cannot disagree.
//
// Waiting on the village (counted in the navigation):
// - order: a rectification order not yet answered (待报送整改情况, also after a rejection);
// - problem: a problem not yet rectified (待整改, 整改中);
// - returned / furtherChecks: a proposal (拟) the township sent back (退回村(居)) or asked to check further (补充核查).
// Waiting on the township (listed so the village knows where things stand):
// - an answered order (整改待验收), a rectified problem (整改待验收), an objection to a proposal in notice (异议),
//   a public report being verified (举报) — of which a cadre learns only how many (保护举报人, reportAccessOf).
import { sql } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { PROPOSAL_KIND_LABELS, type ProposalKind } from '../../workflows/approvalSteps'
import { daysBetween } from '../../workflows/rules/dates'
import type { ProblemCategory } from '../../workflows/rules/vocabulary'
import type { WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { reportAccessOf } from './campaign.server'
import { loadWorkingDayCalendar } from './holidays.server'
import { complaintRight } from './supervisionRules'

export type VillageWorkKind = 'order' | 'problem' | 'returned' | 'furtherChecks' | 'objection' | 'report'
export type VillageWorkAction = keyof typeof t.villageWork.actions

/** Who is looking, with the rights the route read from the permission module (a model does not import it). */
export interface VillageWorkViewer {
  role: Role
  villageId?: number | null
  /** VILLAGE_RIGHTS.work: the cadre's own work */
  work: boolean
  /** VILLAGE_RIGHTS.supervise: accepting answers, verifying problems */
  supervise: boolean
  /** the township in the approval chain (a leader or the 镇民政所): verifying objections */
  township: boolean
}

export interface VillageWorkItem {
  kind: VillageWorkKind
  /** unique in the list */
  key: string
  /** 待报送整改情况, 整改中 … */
  state: string
  /** the order's reason, the problem's description, the household and what is proposed; redacted for the viewer */
  title: string
  /** null: no deadline (a problem without one, a proposal sent back) */
  deadline: string | null
  /** an objection's deadline is the notice's last day */
  deadlineIsNoticeEnd: boolean
  /** calendar days past the deadline (0: not overdue) */
  daysOverdue: number
  /** working days from today to the deadline (null: overdue or no deadline) */
  workingDaysLeft: number | null
  /** the day the item began: an order's or problem's creation, the day a proposal entered its step */
  since: string
  /** what the viewer does, and where; null where the viewer may open nothing (a cadre and a public report) */
  next: { kind: VillageWorkAction; label: string; path: string } | null
}

export interface VillageWorkList {
  /** waiting on the village: orders newest first, then problems soonest deadline first, then proposals */
  village: VillageWorkItem[]
  /** waiting on the township's acceptance or verification */
  township: VillageWorkItem[]
}

interface WorkRow {
  kind: VillageWorkKind | 'answeredOrder' | 'rectifiedProblem'
  id: number
  state: string
  title: string | null
  deadline: string | null
  since: string
  name: string | null
  detail: string | null
  /** an objection's proposal */
  ref: number | null
  /** an objection's number within its proposal */
  no: number | null
}

/** The township's current campaign of the village (its newest, as getCurrentCampaign says), as a subquery. */
function currentCampaignOf(db: DB, villageId: number) {
  return db
    .selectFrom('campaigns')
    .innerJoin('villages', 'villages.township_id', 'campaigns.township_id')
    .select((eb) => eb.fn.max('campaigns.id').as('id'))
    .where('villages.id', '=', villageId)
}

/**
 * Every open item of the village, in one query. A public report's text is read only for a viewer who may open the
 * register (full): for anyone else its words never leave the database.
 */
async function loadWorkRows(db: DB, villageId: number, reportText: boolean): Promise<WorkRow[]> {
  const campaign = currentCampaignOf(db, villageId)
  // typed nulls: PostgreSQL resolves a UNION's column types pair by pair, and two bare nulls would make text
  const none = sql<string | null>`cast(null as text)`
  const noId = sql<number | null>`cast(null as integer)`
  const orders = db
    .selectFrom('rectification_orders as o')
    .select([
      sql<WorkRow['kind']>`case when o.status = 'open' then 'order' else 'answeredOrder' end`.as('kind'),
      sql<number>`o.id`.as('id'),
      sql<string>`o.status`.as('state'),
      sql<string | null>`o.reason`.as('title'),
      sql<string | null>`o.deadline_on`.as('deadline'),
      sql<string>`o.created_at`.as('since'),
      none.as('name'),
      none.as('detail'),
      noId.as('ref'),
      noId.as('no'),
    ])
    .where('o.village_id', '=', villageId)
    .where('o.campaign_id', '=', campaign)
    .where('o.status', 'in', ['open', 'answered'])
  const problems = db
    .selectFrom('problems as p')
    .select([
      sql<WorkRow['kind']>`case when p.status = 'rectified' then 'rectifiedProblem' else 'problem' end`.as('kind'),
      sql<number>`p.id`.as('id'),
      sql<string>`p.status`.as('state'),
      sql<string | null>`p.description`.as('title'),
      sql<string | null>`p.deadline_on`.as('deadline'),
      sql<string>`p.created_at`.as('since'),
      none.as('name'),
      sql<string | null>`p.category`.as('detail'),
      noId.as('ref'),
      noId.as('no'),
    ])
    .where('p.village_id', '=', villageId)
    .where('p.campaign_id', '=', campaign)
    .where('p.status', 'in', ['open', 'rectifying', 'rectified'])
  const proposals = db
    .selectFrom('proposals as pr')
    .innerJoin('households as h', 'h.id', 'pr.household_id')
    .select([
      sql<WorkRow['kind']>`pr.step`.as('kind'),
      sql<number>`pr.id`.as('id'),
      sql<string>`pr.state`.as('state'),
      none.as('title'),
      none.as('deadline'),
      sql<string>`pr.step_entered_on`.as('since'),
      sql<string | null>`h.head_name`.as('name'),
      sql<string | null>`pr.kind`.as('detail'),
      noId.as('ref'),
      noId.as('no'),
    ])
    .where('pr.village_id', '=', villageId)
    .where('pr.campaign_id', '=', campaign)
    .where('pr.final', '=', 0)
    .where('pr.step', 'in', ['returned', 'furtherChecks'])
  // an objection stands until verified, on a proposal still in the chain; it must be verified by the notice's end
  const objections = db
    .selectFrom('proposal_objections as ob')
    .innerJoin('proposals as pr', 'pr.id', 'ob.proposal_id')
    .innerJoin('households as h', 'h.id', 'pr.household_id')
    .select([
      sql<WorkRow['kind']>`'objection'`.as('kind'),
      sql<number>`ob.id`.as('id'),
      sql<string>`pr.state`.as('state'),
      none.as('title'),
      sql<string | null>`pr.notice_to`.as('deadline'),
      sql<string>`ob.registered_on`.as('since'),
      sql<string | null>`h.head_name`.as('name'),
      sql<string | null>`pr.kind`.as('detail'),
      sql<number | null>`pr.id`.as('ref'),
      sql<number | null>`ob.no`.as('no'),
    ])
    .where('pr.village_id', '=', villageId)
    .where('pr.campaign_id', '=', campaign)
    .where('pr.final', '=', 0)
    .where('ob.result', 'is', null)
  const reports = db
    .selectFrom('complaints as c')
    .select([
      sql<WorkRow['kind']>`'report'`.as('kind'),
      sql<number>`c.id`.as('id'),
      sql<string>`c.status`.as('state'),
      reportText ? sql<string | null>`c.content`.as('title') : none.as('title'),
      reportText ? sql<string | null>`c.deadline_on`.as('deadline') : none.as('deadline'),
      reportText ? sql<string>`c.received_on`.as('since') : sql<string>`cast('' as text)`.as('since'),
      none.as('name'),
      none.as('detail'),
      noId.as('ref'),
      noId.as('no'),
    ])
    .where('c.village_id', '=', villageId)
    .where('c.campaign_id', '=', campaign)
    .where('c.status', '=', 'open')
  return orders.unionAll(problems).unionAll(proposals).unionAll(objections).unionAll(reports).execute()
}

/** How many items wait on the village (the navigation's count): the same rows as the list, without reading a calendar. */
export async function countVillageWork(db: DB, villageId: number): Promise<number> {
  const rows = await loadWorkRows(db, villageId, false)
  return rows.filter((r) => WAITING_ON_VILLAGE.has(r.kind)).length
}

const WAITING_ON_VILLAGE = new Set<WorkRow['kind']>(['order', 'problem', 'returned', 'furtherChecks'])

/** The village's 待办事项 as this viewer may see them, with each item's deadline counted on the township's calendar. */
export async function getVillageWorkList(
  db: DB,
  q: { villageId: number; viewer: VillageWorkViewer; today: string; calendar?: WorkingDayCalendar },
): Promise<VillageWorkList> {
  const access = reportAccessOf(q.viewer)
  const [rows, calendar] = await Promise.all([
    loadWorkRows(db, q.villageId, access === 'full'),
    q.calendar ?? loadWorkingDayCalendar(db, { villageId: q.villageId }),
  ])
  const village: VillageWorkItem[] = []
  const township: VillageWorkItem[] = []
  let reportsHidden = 0
  for (const row of rows) {
    if (row.kind === 'report' && access !== 'full') {
      reportsHidden++
      continue
    }
    const item = itemOf(row, q.villageId, q.viewer, q.today, calendar)
    ;(WAITING_ON_VILLAGE.has(row.kind) ? village : township).push(item)
  }
  // all anyone without the register learns of public reports: how many are being verified — no text, date or page
  if (reportsHidden > 0)
    township.push({
      kind: 'report',
      key: 'reports',
      state: t.villageWork.states.report,
      title: format(t.villageWork.reportsBeingVerified, { count: reportsHidden }),
      deadline: null,
      deadlineIsNoticeEnd: false,
      daysOverdue: 0,
      workingDaysLeft: null,
      since: '',
      next: null,
    })
  return { village: village.sort(byUrgency), township: township.sort(byUrgency) }
}

const KIND_ORDER: Record<VillageWorkKind, number> = { order: 0, problem: 1, returned: 2, furtherChecks: 3, objection: 4, report: 5 }

/** Orders newest first; everything else soonest deadline first (none last), then oldest first. */
function byUrgency(a: VillageWorkItem, b: VillageWorkItem): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
  if (a.kind === 'order') return b.since.localeCompare(a.since) || b.key.localeCompare(a.key)
  if (a.deadline !== b.deadline) return a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline.localeCompare(b.deadline)
  return a.since.localeCompare(b.since) || a.key.localeCompare(b.key)
}

function itemOf(row: WorkRow, villageId: number, viewer: VillageWorkViewer, today: string, calendar: WorkingDayCalendar): VillageWorkItem {
  const w = t.villageWork
  const base = `/villages/${villageId}`
  const proposalTitle = () => format(w.proposalTitle, { name: row.name ?? '', kind: PROPOSAL_KIND_LABELS[row.detail as ProposalKind] ?? row.detail ?? '' })
  const deadline = row.deadline
  const daysOverdue = deadline && deadline < today ? daysBetween(deadline, today) : 0
  const workingDaysLeft = deadline && deadline >= today ? calendar.workingDaysBetween(today, deadline).days : null
  const action = (kind: VillageWorkAction, path: string) => ({ kind, label: w.actions[kind], path })
  const common = { deadline, deadlineIsNoticeEnd: false, daysOverdue, workingDaysLeft, since: row.since.slice(0, 10) }
  switch (row.kind) {
    case 'order':
    case 'answeredOrder': {
      const path = `${base}/orders/${row.id}`
      const open = row.kind === 'order'
      return {
        ...common,
        kind: 'order',
        key: `order-${row.id}`,
        state: open ? w.states.orderOpen : w.states.orderAnswered,
        title: row.title ?? '',
        next: open && viewer.work ? action('answerOrder', path) : !open && viewer.supervise ? action('acceptOrder', path) : action('viewOrder', path),
      }
    }
    case 'problem':
    case 'rectifiedProblem': {
      const path = `${base}/problems/${row.id}`
      const category = t.problemCategories[row.detail as ProblemCategory] ?? ''
      const state = row.state === 'open' ? w.states.problemOpen : row.state === 'rectifying' ? w.states.problemRectifying : w.states.problemRectified
      let act = action('viewProblem', path)
      if (row.kind === 'rectifiedProblem' && viewer.supervise) act = action('verifyProblem', path)
      if (row.kind === 'problem' && viewer.work) act = action(row.state === 'open' ? 'startProblem' : 'reportProblem', path)
      return {
        ...common,
        kind: 'problem',
        key: `problem-${row.id}`,
        state,
        title: category ? `${category}：${row.title ?? ''}` : (row.title ?? ''),
        next: act,
      }
    }
    case 'returned':
    case 'furtherChecks': {
      const path = `/proposals/${row.id}`
      const own = row.kind === 'returned' ? 'reviseProposal' : 'resubmitProposal'
      return {
        ...common,
        kind: row.kind,
        key: `proposal-${row.id}`,
        state: w.states[row.kind],
        title: proposalTitle(),
        next: action(viewer.work ? own : 'viewProposal', path),
      }
    }
    case 'objection':
      // the objector and their words stay on the proposal's page, hidden there from a cadre (保护举报人)
      return {
        ...common,
        deadlineIsNoticeEnd: true,
        kind: 'objection',
        key: `objection-${row.id}`,
        state: w.states.objection,
        title: format(w.objectionTitle, {
          name: row.name ?? '',
          kind: PROPOSAL_KIND_LABELS[row.detail as ProposalKind] ?? row.detail ?? '',
          no: row.no ?? '',
        }),
        next: action(viewer.township ? 'verifyObjection' : 'viewProposal', `/proposals/${row.ref ?? 0}`),
      }
    case 'report':
      // reached only with the register's access (reportAccessOf full)
      return {
        ...common,
        kind: 'report',
        key: `report-${row.id}`,
        state: w.states.report,
        title: row.title ?? '',
        next: action(complaintRight(viewer.role, 'verify') ? 'verifyReport' : 'viewReport', `/complaints/${row.id}`),
      }
  }
}
