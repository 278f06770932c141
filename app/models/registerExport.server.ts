// 问题台账 and 整改清单 as .xlsx, for one village or a whole township.
// - the problem register: every problem of the campaign as the register page lists it (listProblems), village by village;
// - the rectification list: the problems and the inspectors' orders to rectify (责令整改) in one list, each with its
//   measure, responsible person, deadline and status, the unfinished ones first (未办结: a problem not yet verified,
//   an order not yet accepted). An order's measure is the village's answer; its responsible person is the village's
//   包村领导, as on the dashboard's follow-up lists.
import type { DB } from '../../db/connection.server'
import type { ProblemStatus } from '../../db/schema'
import { daysBetween } from '../../workflows/rules/dates'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { getCurrentCampaign } from './campaign.server'
import { addDataRow, addTableSheet, newWorkbook, recordExport, workbookFile, type ExportContext, type ExportFile, type SheetColumn } from './exports.server'
import { listProblems, type ProblemListItem } from './problems.server'

const x = t.exports

export type RegisterScope = { kind: 'village'; village: { id: number; townshipId: number } } | { kind: 'township'; township: { id: number } }

interface ScopeVillage {
  id: number
  name: string
  code: string
  leaderName: string | null
}

interface ResolvedScope {
  townshipId: number
  /** the village's or the township's name, for titles and file names */
  place: string
  /** latin, for the ASCII file name */
  code: string
  villageId: number | null
  villages: ScopeVillage[]
}

async function resolveScope(db: DB, scope: RegisterScope): Promise<ResolvedScope> {
  const townshipId = scope.kind === 'village' ? scope.village.townshipId : scope.township.id
  const [township, villages] = await Promise.all([
    db.selectFrom('townships').select(['id', 'name']).where('id', '=', townshipId).executeTakeFirstOrThrow(),
    db
      .selectFrom('villages')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select(['villages.id', 'villages.name', 'villages.code', 'leader.display_name as leaderName'])
      .where('villages.township_id', '=', townshipId)
      .$if(scope.kind === 'village', (q) => q.where('villages.id', '=', (scope as { village: { id: number } }).village.id))
      .orderBy('villages.sort_order')
      .execute(),
  ])
  if (scope.kind === 'village') {
    const v = villages[0]
    return { townshipId, place: v.name, code: v.code, villageId: v.id, villages }
  }
  return { townshipId, place: township.name, code: `township-${township.id}`, villageId: null, villages }
}

export interface ProblemRegisterRow extends ProblemListItem {
  village: string
  villageId: number
}

/** Every problem of these villages in this campaign, village by village in the township's order, each as the register lists them. */
export async function listProblemRegisterRows(
  db: DB,
  q: { campaignId: number; villages: Array<{ id: number; name: string }>; today: string },
): Promise<ProblemRegisterRow[]> {
  const rows: ProblemRegisterRow[] = []
  for (const v of q.villages) {
    for (const p of await listProblems(db, { campaignId: q.campaignId, villageId: v.id, today: q.today })) rows.push({ ...p, village: v.name, villageId: v.id })
  }
  return rows
}

export interface RectificationRow {
  village: string
  villageId: number
  kind: 'problem' | 'order'
  id: number
  issue: string
  measure: string | null
  responsible: string | null
  deadlineOn: string | null
  status: string
  /** not yet verified (a problem) or accepted (an order) */
  unfinished: boolean
  daysOverdue: number
}

const PROBLEM_DONE: ProblemStatus = 'verified'

/** Problems and orders to rectify of these villages, the unfinished first by deadline, then the finished. */
export async function listRectificationRows(db: DB, q: { campaignId: number; villages: ScopeVillage[]; today: string }): Promise<RectificationRow[]> {
  const problems = await listProblemRegisterRows(db, q)
  const ids = q.villages.map((v) => v.id)
  const orders = ids.length
    ? await db
        .selectFrom('rectification_orders')
        .select(['id', 'village_id', 'reason', 'response', 'deadline_on', 'status'])
        .where('campaign_id', '=', q.campaignId)
        .where('village_id', 'in', ids)
        .orderBy('id')
        .execute()
    : []
  const byId = new Map(q.villages.map((v) => [v.id, v]))
  const order = new Map(q.villages.map((v, i) => [v.id, i]))
  const rows: RectificationRow[] = [
    ...problems.map((p): RectificationRow => ({
      village: p.village,
      villageId: p.villageId,
      kind: 'problem',
      id: p.id,
      issue: `${t.problemCategories[p.category]}：${p.description}`,
      measure: p.measure,
      responsible: p.responsiblePerson,
      deadlineOn: p.deadlineOn,
      status: t.problems.statuses[p.status],
      unfinished: p.status !== PROBLEM_DONE,
      daysOverdue: p.daysOverdue,
    })),
    ...orders.map((o): RectificationRow => {
      // an order of a village not in the list: the list is the township's villages, so this is a bug
      const v = byId.get(o.village_id)
      if (!v) throw new Error(`order ${o.id}: village ${o.village_id} is not in the register`)
      const overdue = o.status !== 'accepted' && o.deadline_on < q.today
      return {
        village: v.name,
        villageId: v.id,
        kind: 'order',
        id: o.id,
        issue: o.reason,
        measure: o.response,
        responsible: v.leaderName ? format(x.rectification.orderResponsible, { name: v.leaderName }) : null,
        deadlineOn: o.deadline_on,
        status: t.supervision.orders.statuses[o.status],
        unfinished: o.status !== 'accepted',
        daysOverdue: overdue ? daysBetween(o.deadline_on, q.today) : 0,
      }
    }),
  ]
  return rows.sort(
    (a, b) =>
      Number(b.unfinished) - Number(a.unfinished) ||
      (a.deadlineOn ?? '9999-12-31').localeCompare(b.deadlineOn ?? '9999-12-31') ||
      (order.get(a.villageId) ?? 0) - (order.get(b.villageId) ?? 0) ||
      a.kind.localeCompare(b.kind) ||
      a.id - b.id,
  )
}

const pc = x.problems.columns
const PROBLEM_COLUMNS: SheetColumn[] = [
  { header: pc.number, width: 6, kind: 'number' },
  { header: pc.village, width: 10 },
  { header: pc.id, width: 8, kind: 'number' },
  { header: pc.foundOn, width: 12, kind: 'date' },
  { header: pc.category, width: 11 },
  { header: pc.source, width: 10 },
  { header: pc.household, width: 10 },
  { header: pc.description, width: 36 },
  { header: pc.measure, width: 32 },
  { header: pc.responsiblePerson, width: 10 },
  { header: pc.deadline, width: 12, kind: 'date' },
  { header: pc.status, width: 14 },
  { header: pc.overdue, width: 10 },
]

const rc = x.rectification.columns
const RECTIFICATION_COLUMNS: SheetColumn[] = [
  { header: rc.number, width: 6, kind: 'number' },
  { header: rc.village, width: 10 },
  { header: rc.kind, width: 10 },
  { header: rc.ref, width: 16 },
  { header: rc.issue, width: 40 },
  { header: rc.measure, width: 36 },
  { header: rc.responsible, width: 16 },
  { header: rc.deadline, width: 12, kind: 'date' },
  { header: rc.status, width: 14 },
  { header: rc.overdue, width: 10 },
]

const overdueText = (days: number) => (days > 0 ? format(t.problems.overdue, { days }) : '')

export function problemRegisterWorkbook(place: string, rows: ProblemRegisterRow[], today: string) {
  const title = format(x.problems.heading, { place })
  const wb = newWorkbook(title)
  const { ws } = addTableSheet(wb, {
    name: x.problems.sheetName,
    title,
    lines: [format(x.problems.subtitle, { date: today, count: rows.length })],
    columns: PROBLEM_COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  rows.forEach((p, i) =>
    addDataRow(ws, PROBLEM_COLUMNS, [
      i + 1,
      p.village,
      p.id,
      p.foundOn,
      t.problemCategories[p.category],
      t.problems.sources[p.source],
      p.householdHead,
      p.description,
      p.measure,
      p.responsiblePerson,
      p.deadlineOn,
      t.problems.statuses[p.status],
      overdueText(p.daysOverdue),
    ]),
  )
  return wb
}

export function rectificationListWorkbook(place: string, rows: RectificationRow[], today: string) {
  const title = format(x.rectification.heading, { place })
  const wb = newWorkbook(title)
  const { ws } = addTableSheet(wb, {
    name: x.rectification.sheetName,
    title,
    lines: [format(x.rectification.subtitle, { date: today, count: rows.length, open: rows.filter((r) => r.unfinished).length })],
    columns: RECTIFICATION_COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  rows.forEach((r, i) =>
    addDataRow(ws, RECTIFICATION_COLUMNS, [
      i + 1,
      r.village,
      x.rectification.kinds[r.kind],
      format(r.kind === 'problem' ? x.rectification.problemRef : x.rectification.orderRef, { id: r.id }),
      r.issue,
      r.measure,
      r.responsible,
      r.deadlineOn,
      r.status,
      overdueText(r.daysOverdue),
    ]),
  )
  return wb
}

export type RegisterResult = { ok: true; file: ExportFile } | { ok: false; reason: 'noCampaign' }

function auditTarget(scope: ResolvedScope) {
  return scope.villageId !== null
    ? { villageId: scope.villageId, entity: { type: 'village' as const, id: scope.villageId } }
    : { villageId: null, entity: { type: 'township' as const, id: scope.townshipId } }
}

/** The problem register (问题台账) of a village or a township as .xlsx; recorded. */
export async function downloadProblemRegister(db: DB, ctx: ExportContext, scope: RegisterScope): Promise<RegisterResult> {
  const s = await resolveScope(db, scope)
  const campaign = await getCurrentCampaign(db, s.townshipId)
  if (!campaign) return { ok: false, reason: 'noCampaign' }
  const rows = await listProblemRegisterRows(db, { campaignId: campaign.id, villages: s.villages, today: ctx.today })
  const file = await workbookFile(
    problemRegisterWorkbook(s.place, rows, ctx.today),
    format(x.files.problems, { place: s.place, date: ctx.today }),
    `problems-${s.code}-${ctx.today}`,
  )
  await recordExport(db, ctx, {
    kind: 'problemRegister',
    format: 'xlsx',
    townshipId: s.townshipId,
    ...auditTarget(s),
    details: { problems: rows.length, file: file.filename },
  })
  return { ok: true, file }
}

/** The rectification list (整改清单) of a village or a township as .xlsx; recorded. */
export async function downloadRectificationList(db: DB, ctx: ExportContext, scope: RegisterScope): Promise<RegisterResult> {
  const s = await resolveScope(db, scope)
  const campaign = await getCurrentCampaign(db, s.townshipId)
  if (!campaign) return { ok: false, reason: 'noCampaign' }
  const rows = await listRectificationRows(db, { campaignId: campaign.id, villages: s.villages, today: ctx.today })
  const file = await workbookFile(
    rectificationListWorkbook(s.place, rows, ctx.today),
    format(x.files.rectification, { place: s.place, date: ctx.today }),
    `rectification-${s.code}-${ctx.today}`,
  )
  await recordExport(db, ctx, {
    kind: 'rectificationList',
    format: 'xlsx',
    townshipId: s.townshipId,
    ...auditTarget(s),
    details: { items: rows.length, unfinished: rows.filter((r) => r.unfinished).length, file: file.filename },
  })
  return { ok: true, file }
}
