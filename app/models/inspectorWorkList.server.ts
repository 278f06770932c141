// 我的待办 of an inspector (督查人员) or a 包村干部: what is theirs to do now in the township's current campaign, each
// with its deadline and the page where it is done. An inspector sees the whole township; a 包村干部 only the villages
// assigned to him (village_liaisons, read now), and no reports — the register of reports is not his to open.
//
// Five kinds, each counted from the rows at request time:
// - answerToVerify: a rectification order the village has answered (整改待验收), waiting for 核验;
// - notVisited: a village in 检查督导 without an inspection visit since it entered the phase;
// - keyInspection: a zero-report village on key supervision (重点督查) without a key inspection;
// - ownFinding: a problem this person found (source 督查发现) that is not yet 销号;
// - reportToVerify: a public report (举报) of the township not yet verified (件件有核实).
import type { DB } from '../../db/connection.server'
import type { ProblemStatus, Role } from '../../db/schema'
import { getCurrentCampaign } from './campaign.server'
import { complaintRight } from './supervisionRules'

export const WORK_KINDS = ['answerToVerify', 'notVisited', 'keyInspection', 'ownFinding', 'reportToVerify'] as const
export type WorkKind = (typeof WORK_KINDS)[number]

export interface WorkItem {
  kind: WorkKind
  /** unique in the list: kind and record */
  key: string
  villageId: number
  villageName: string
  /** the order's, problem's or report's id; null for a village's visit */
  recordId: number | null
  /** the order's reason, the problem's description, the report's content; null for a village's visit */
  summary: string | null
  /** a problem's status (ownFinding only) */
  problemStatus: ProblemStatus | null
  /** null: no deadline set (a problem without one) */
  deadlineOn: string | null
  overdue: boolean
  /** the page where it is done: one tap */
  path: string
}

export interface WorkViewer {
  id: number
  role: Role
  townshipId: number | null
}

/** The viewer's open work, the most urgent first (overdue, then by deadline; without a deadline last). */
export async function listInspectorWork(db: DB, viewer: WorkViewer, today: string): Promise<WorkItem[]> {
  if (!viewer.townshipId || (viewer.role !== 'inspector' && viewer.role !== 'liaison')) return []
  const campaign = await getCurrentCampaign(db, viewer.townshipId)
  if (!campaign || campaign.status !== 'open') return []

  const villages = await db
    .selectFrom('villages')
    .select(['villages.id', 'villages.name'])
    .where('villages.township_id', '=', viewer.townshipId)
    .$if(viewer.role === 'liaison', (q) =>
      q.where('villages.id', 'in', (eb) =>
        eb.selectFrom('village_liaisons').select('village_liaisons.village_id').where('village_liaisons.user_id', '=', viewer.id),
      ),
    )
    .orderBy('villages.sort_order')
    .execute()
  if (villages.length === 0) return []
  const ids = villages.map((v) => v.id)
  const nameOf = new Map(villages.map((v) => [v.id, v.name]))
  const supervisionEnds = campaign.windows.find((w) => w.phase === 'supervision')?.ends_on ?? null
  const cid = campaign.id

  const [orders, workflows, visits, problems, reports] = await Promise.all([
    db
      .selectFrom('rectification_orders')
      .select(['id', 'village_id', 'reason', 'deadline_on'])
      .where('campaign_id', '=', cid)
      .where('village_id', 'in', ids)
      .where('status', '=', 'answered')
      .execute(),
    db
      .selectFrom('village_workflows')
      .select(['village_id', 'phase', 'phase_entered_on', 'key_supervision'])
      .where('campaign_id', '=', cid)
      .where('village_id', 'in', ids)
      .execute(),
    db
      .selectFrom('inspection_visits')
      .select(['village_id', 'visited_on', 'is_key_inspection'])
      .where('campaign_id', '=', cid)
      .where('village_id', 'in', ids)
      .execute(),
    db
      .selectFrom('problems')
      .select(['id', 'village_id', 'description', 'deadline_on', 'status'])
      .where('campaign_id', '=', cid)
      .where('village_id', 'in', ids)
      .where('source', '=', 'inspector')
      .where('created_by_user_id', '=', viewer.id)
      .where('status', '!=', 'verified')
      .execute(),
    complaintRight(viewer.role, 'verify')
      ? db
          .selectFrom('complaints')
          .select(['id', 'village_id', 'content', 'deadline_on'])
          .where('campaign_id', '=', cid)
          .where('village_id', 'in', ids)
          .where('status', '=', 'open')
          .execute()
      : Promise.resolve([]),
  ])

  const items: WorkItem[] = []
  const push = (item: Omit<WorkItem, 'villageName' | 'overdue'>) =>
    items.push({ ...item, villageName: nameOf.get(item.villageId) ?? '', overdue: item.deadlineOn !== null && item.deadlineOn < today })

  for (const o of orders)
    push({
      kind: 'answerToVerify',
      key: `order-${o.id}`,
      villageId: o.village_id,
      recordId: o.id,
      summary: o.reason,
      problemStatus: null,
      deadlineOn: o.deadline_on,
      path: `/villages/${o.village_id}/orders/${o.id}`,
    })
  for (const w of workflows) {
    if (w.phase !== 'supervision') continue
    const own = visits.filter((v) => v.village_id === w.village_id)
    if (!own.some((v) => v.visited_on >= w.phase_entered_on))
      push({
        kind: 'notVisited',
        key: `visit-${w.village_id}`,
        villageId: w.village_id,
        recordId: null,
        summary: null,
        problemStatus: null,
        deadlineOn: supervisionEnds,
        path: `/villages/${w.village_id}/visits`,
      })
  }
  for (const w of workflows) {
    // a village on key supervision stays on the list until its key inspection, whatever its phase until it closes
    if (w.key_supervision !== 1 || w.phase === 'closed') continue
    if (!visits.some((v) => v.village_id === w.village_id && v.is_key_inspection === 1))
      push({
        kind: 'keyInspection',
        key: `key-${w.village_id}`,
        villageId: w.village_id,
        recordId: null,
        summary: null,
        problemStatus: null,
        deadlineOn: supervisionEnds,
        path: `/villages/${w.village_id}/visits`,
      })
  }
  for (const p of problems)
    push({
      kind: 'ownFinding',
      key: `problem-${p.id}`,
      villageId: p.village_id,
      recordId: p.id,
      summary: p.description,
      problemStatus: p.status,
      deadlineOn: p.deadline_on,
      path: `/villages/${p.village_id}/problems/${p.id}`,
    })
  for (const c of reports)
    push({
      kind: 'reportToVerify',
      key: `report-${c.id}`,
      villageId: c.village_id,
      recordId: c.id,
      summary: c.content,
      problemStatus: null,
      deadlineOn: c.deadline_on,
      path: `/complaints/${c.id}`,
    })

  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.deadlineOn ?? '9999-12-31').localeCompare(b.deadlineOn ?? '9999-12-31') ||
      WORK_KINDS.indexOf(a.kind) - WORK_KINDS.indexOf(b.kind) ||
      a.key.localeCompare(b.key),
  )
}
