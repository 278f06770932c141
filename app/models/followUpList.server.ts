// 问题台账（全镇）(issue 17): every problem and every order to rectify (责令整改) of a township's campaign in one list,
// filtered by village, kind, category, state, overdue and source, a page at a time, and the same filtered list as
// .xlsx (the exports' sheet helpers). Overdue and 办结 mean what they mean on the dashboard and in the summary report:
// - overdue: a problem 待整改/整改中 past its deadline (problems.server isOverdue), an order not accepted past its
//   deadline — the dashboard's overdue 问题整改 and 责令整改 items, one for one;
// - 未办结: a problem not yet 销号 (未整改到位, the dashboard's and the summary's figure), an order not yet accepted.
import type { DB } from '../../db/connection.server'
import type { ProblemStatus } from '../../db/schema'
import { daysBetween } from '../../workflows/rules/dates'
import type { ProblemCategory, ProblemSource } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { beijingTime } from '../utils/format'
import { getCurrentCampaign } from './campaign.server'
import { addDataRow, addTableSheet, newWorkbook, recordExport, workbookFile, type ExportContext, type ExportFile, type SheetColumn } from './exports.server'
import { isOverdue } from './problems.server'
import type { FollowUpFilters } from '../utils/followUpSearch'

// Nothing here needs redacting for a viewer: public reports (举报) are not listed (their register is /complaints), and
// the rows are the problem register's and the rectification list's, which every viewer of this list exports already.
const l = t.followUpList

export interface FollowUpListRow {
  kind: 'problem' | 'order'
  id: number
  villageId: number
  villageName: string
  /** the problem's or the order's own page */
  path: string
  /** a problem's category; null for an order */
  category: ProblemCategory | null
  title: string
  /** a problem's source; an order comes from supervision (督查发现) */
  source: ProblemSource
  statusLabel: string
  /** 办结: a problem 销号, an order accepted */
  done: boolean
  responsible: string | null
  deadlineOn: string | null
  /** days past the deadline when overdue, else 0 */
  daysOverdue: number
  /** registered (a problem's 发现日期) or ordered */
  foundOn: string
}

export interface FollowUpListScope {
  township: { id: number; name: string }
  campaign: { id: number; name: string } | null
  villages: Array<{ id: number; name: string }>
}

/** One page of the list holds this many rows. */
export const FOLLOW_UP_PAGE_SIZE = 50

const PROBLEM_DONE: ProblemStatus = 'verified'
const ORDER_DONE = 'accepted'

/** Every row of the township's current campaign that passes the filters, unfinished and most overdue first. */
export async function listTownshipFollowUps(
  db: DB,
  townshipId: number,
  today: string,
  filters: FollowUpFilters,
): Promise<FollowUpListScope & { rows: FollowUpListRow[] }> {
  const [township, campaign, villages] = await Promise.all([
    db.selectFrom('townships').select(['id', 'name']).where('id', '=', townshipId).executeTakeFirstOrThrow(),
    getCurrentCampaign(db, townshipId),
    db
      .selectFrom('villages')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select(['villages.id', 'villages.name', 'leader.display_name as leaderName'])
      .where('villages.township_id', '=', townshipId)
      .orderBy('villages.sort_order')
      .execute(),
  ])
  const scope = { township, campaign: campaign ? { id: campaign.id, name: campaign.name } : null, villages: villages.map((v) => ({ id: v.id, name: v.name })) }
  if (!campaign) return { ...scope, rows: [] }
  const f = filters
  const wantProblems = f.kind !== 'order'
  // orders have no category, and come from supervision only
  const wantOrders = f.kind !== 'problem' && f.category === undefined && (f.source === undefined || f.source === 'inspector')
  const villageIds = villages.map((v) => v.id)
  const [problems, orders] = await Promise.all([
    wantProblems && villageIds.length
      ? db
          .selectFrom('problems')
          .select(['id', 'village_id', 'category', 'source', 'status', 'description', 'responsible_person', 'deadline_on', 'found_on'])
          .where('campaign_id', '=', campaign.id)
          .where('village_id', 'in', villageIds)
          .$if(f.villageId !== undefined, (q) => q.where('village_id', '=', f.villageId as number))
          .$if(f.category !== undefined, (q) => q.where('category', '=', f.category as ProblemCategory))
          .$if(f.source !== undefined, (q) => q.where('source', '=', f.source as ProblemSource))
          .execute()
      : [],
    wantOrders && villageIds.length
      ? db
          .selectFrom('rectification_orders')
          .select(['id', 'village_id', 'reason', 'deadline_on', 'status', 'created_at'])
          .where('campaign_id', '=', campaign.id)
          .where('village_id', 'in', villageIds)
          .$if(f.villageId !== undefined, (q) => q.where('village_id', '=', f.villageId as number))
          .execute()
      : [],
  ])
  const byId = new Map(villages.map((v, i) => [v.id, { ...v, order: i }]))
  const villageOf = (id: number) => {
    const v = byId.get(id)
    if (!v) throw new Error(`village ${id} is not the township's`)
    return v
  }
  const rows: FollowUpListRow[] = [
    ...problems.map((p): FollowUpListRow => {
      const v = villageOf(p.village_id)
      const overdue = isOverdue(p, today)
      return {
        kind: 'problem',
        id: p.id,
        villageId: v.id,
        villageName: v.name,
        path: `/villages/${v.id}/problems/${p.id}`,
        category: p.category,
        title: p.description,
        source: p.source,
        statusLabel: t.problems.statuses[p.status],
        done: p.status === PROBLEM_DONE,
        responsible: p.responsible_person,
        deadlineOn: p.deadline_on,
        daysOverdue: overdue && p.deadline_on ? daysBetween(p.deadline_on, today) : 0,
        foundOn: p.found_on,
      }
    }),
    ...orders.map((o): FollowUpListRow => {
      const v = villageOf(o.village_id)
      const overdue = o.status !== ORDER_DONE && o.deadline_on < today
      return {
        kind: 'order',
        id: o.id,
        villageId: v.id,
        villageName: v.name,
        path: `/villages/${v.id}/orders/${o.id}`,
        category: null,
        title: format(l.orderTitle, { reason: o.reason }),
        source: 'inspector',
        statusLabel: t.supervision.orders.statuses[o.status],
        done: o.status === ORDER_DONE,
        responsible: v.leaderName ? format(t.exports.rectification.orderResponsible, { name: v.leaderName }) : null,
        deadlineOn: o.deadline_on,
        daysOverdue: overdue ? daysBetween(o.deadline_on, today) : 0,
        // the day it was ordered, in Beijing time (created_at is UTC)
        foundOn: beijingTime(o.created_at).slice(0, 10),
      }
    }),
  ]
  const filtered = rows.filter((r) => (!f.overdue || r.daysOverdue > 0) && (f.state === undefined || (f.state === 'done') === r.done))
  filtered.sort(
    (a, b) =>
      Number(a.done) - Number(b.done) ||
      b.daysOverdue - a.daysOverdue ||
      (a.deadlineOn ?? '9999-12-31').localeCompare(b.deadlineOn ?? '9999-12-31') ||
      villageOf(a.villageId).order - villageOf(b.villageId).order ||
      a.kind.localeCompare(b.kind) ||
      a.id - b.id,
  )
  return { ...scope, rows: filtered }
}

export interface FollowUpListPage extends FollowUpListScope {
  rows: FollowUpListRow[]
  total: number
  page: number
  pages: number
  /** the first row's number (the list's numbering goes on from page to page) */
  first: number
}

/** The page asked for (past the last: the last). */
export async function getFollowUpListPage(db: DB, townshipId: number, today: string, q: { filters: FollowUpFilters; page: number }): Promise<FollowUpListPage> {
  const { rows, ...scope } = await listTownshipFollowUps(db, townshipId, today, q.filters)
  const pages = Math.max(1, Math.ceil(rows.length / FOLLOW_UP_PAGE_SIZE))
  const page = Math.min(Math.max(1, q.page), pages)
  const first = (page - 1) * FOLLOW_UP_PAGE_SIZE
  return { ...scope, rows: rows.slice(first, first + FOLLOW_UP_PAGE_SIZE), total: rows.length, page, pages, first: first + 1 }
}

const c = l.columns
const COLUMNS: SheetColumn[] = [
  { header: c.number, width: 6, kind: 'number' },
  { header: c.village, width: 10 },
  { header: c.kind, width: 10 },
  { header: c.category, width: 11 },
  { header: c.title, width: 40 },
  { header: c.source, width: 10 },
  { header: c.state, width: 12 },
  { header: c.responsible, width: 16 },
  { header: c.deadline, width: 12, kind: 'date' },
  { header: c.overdue, width: 10 },
  { header: c.found, width: 12, kind: 'date' },
]

/** The filters in words, for the sheet's subtitle. */
function filtersText(f: FollowUpFilters, villages: FollowUpListScope['villages']): string {
  const parts = [
    f.villageId !== undefined ? villages.find((v) => v.id === f.villageId)?.name : undefined,
    f.kind ? l.kinds[f.kind] : undefined,
    f.category ? t.problemCategories[f.category] : undefined,
    f.state ? l.states[f.state] : undefined,
    f.overdue ? l.overdue : undefined,
    f.source ? t.problems.sources[f.source] : undefined,
  ].filter((p): p is string => Boolean(p))
  return parts.length ? parts.join('、') : l.noFilter
}

/** The filtered list (every page) as .xlsx; recorded. */
export async function downloadFollowUpList(db: DB, ctx: ExportContext, townshipId: number, filters: FollowUpFilters): Promise<ExportFile> {
  const { rows, township, villages } = await listTownshipFollowUps(db, townshipId, ctx.today, filters)
  const title = format(l.fileName, { township: township.name, date: ctx.today })
  const wb = newWorkbook(title)
  const { ws } = addTableSheet(wb, {
    name: l.sheetName,
    title,
    lines: [format(l.subtitle, { township: township.name, filters: filtersText(filters, villages), date: ctx.today })],
    columns: COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  rows.forEach((r, i) =>
    addDataRow(ws, COLUMNS, [
      i + 1,
      r.villageName,
      l.kinds[r.kind],
      r.category ? t.problemCategories[r.category] : null,
      r.title,
      r.kind === 'order' ? l.sourceOrder : t.problems.sources[r.source],
      r.statusLabel,
      r.responsible,
      r.deadlineOn,
      r.daysOverdue > 0 ? format(l.overdueDays, { days: r.daysOverdue }) : null,
      r.foundOn,
    ]),
  )
  const file = await workbookFile(wb, title, `follow-ups-township-${township.id}-${ctx.today}`)
  await recordExport(db, ctx, {
    kind: 'followUpList',
    format: 'xlsx',
    townshipId: township.id,
    entity: { type: 'township', id: township.id },
    details: { rows: rows.length, file: file.filename },
  })
  return file
}
