// 总结报告: the summary phase's report (篇一 第四阶段 总结整改), drafted from the data as a Word document (.docx)
// that officials then edit in Word or WPS. The figures are the dashboard's (listVillageProgress / totalsOf in
// campaign.server), so the report and the dashboard cannot disagree; what the dashboard does not count — problems
// by category and status (what was done), supervision visits, the remaining measures — is counted here.
//
// Structure follows 篇一: 工作开展情况 (phases), 全镇总体情况, 问题分类及处理, 各村(居)情况, 检查督导, 整改措施
// (限时整改: measure, responsible person, deadline), 下一步工作 (left for the officials to write).
//
// Here: the figures (getSummaryReportData) and the download; the document's layout, built from the figures in a
// worker thread, is in summaryReportDocument.server.ts.
import type { DB } from '../../db/connection.server'
import type { PhaseId, ProblemStatus } from '../../db/schema'
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { getCurrentCampaign, totalsOf, TOWNSHIP_VIEWER, type Totals, type VillageProgress } from './campaign.server'
import { listVillageProgress } from './villageProgress.server'
import { recordExport, safeFileName, type ExportContext, type ExportFile } from './exports.server'
import { listRectificationRows, type RectificationRow } from './registerExport.server'
import { logger } from '../utils/logger.server'
import { runInWorker } from '../utils/workers.server'

export type StatusCounts = Record<ProblemStatus, number>
const emptyStatusCounts = (): StatusCounts => ({ open: 0, rectifying: 0, rectified: 0, verified: 0 })

export interface SummaryVillage {
  progress: VillageProgress
  /** problems by category and status: what was done about each kind */
  byStatus: StatusCounts
  /** problems and orders not yet verified / accepted */
  unfinished: number
}

export interface SummaryReportData {
  township: { id: number; name: string; county: string }
  campaign: { name: string; windows: Array<{ phase: PhaseId; starts_on: string; ends_on: string }> }
  today: string
  totals: Totals
  villages: SummaryVillage[]
  /** the township's problems, category × status */
  categories: Record<ProblemCategory, StatusCounts>
  byStatus: StatusCounts
  supervision: { visits: number; keyInspections: number; superficial: number; orders: number; accepted: number }
  /** the problems and orders still to finish, each with measure, responsible person, deadline */
  measures: RectificationRow[]
}

/** Everything the report says, counted now; null before the township has a campaign. */
export async function getSummaryReportData(db: DB, townshipId: number, today: string): Promise<SummaryReportData | null> {
  const campaign = await getCurrentCampaign(db, townshipId)
  if (!campaign) return null
  const [township, progress, problems, visits, orders, villageRows] = await Promise.all([
    db.selectFrom('townships').select(['id', 'name', 'county_name']).where('id', '=', townshipId).executeTakeFirstOrThrow(),
    // counts only, no follow-up items: the township's own figures
    listVillageProgress(db, townshipId, campaign, today, TOWNSHIP_VIEWER),
    db
      .selectFrom('problems')
      .select(['village_id', 'category', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaign.id)
      .groupBy(['village_id', 'category', 'status'])
      .execute(),
    db
      .selectFrom('inspection_visits')
      .select((eb) => [
        eb.fn.countAll<number>().as('visits'),
        eb.fn.sum<number>(eb.case().when('is_key_inspection', '=', 1).then(1).else(0).end()).as('key'),
        eb.fn.sum<number>(eb.case().when('superficial', '=', 1).then(1).else(0).end()).as('superficial'),
      ])
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirst(),
    db
      .selectFrom('rectification_orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('orders'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'accepted').then(1).else(0).end()).as('accepted'),
      ])
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirst(),
    db
      .selectFrom('villages')
      .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
      .select(['villages.id', 'villages.name', 'villages.code', 'leader.display_name as leaderName'])
      .where('villages.township_id', '=', townshipId)
      .orderBy('villages.sort_order')
      .execute(),
  ])
  const measures = (await listRectificationRows(db, { campaignId: campaign.id, villages: villageRows, today })).filter((r) => r.unfinished)

  const categories = Object.fromEntries(PROBLEM_CATEGORIES.map((c) => [c, emptyStatusCounts()])) as Record<ProblemCategory, StatusCounts>
  const byStatus = emptyStatusCounts()
  const villageStatus = new Map<number, StatusCounts>()
  for (const p of problems) {
    const count = Number(p.n)
    const status = p.status as ProblemStatus
    if (p.category in categories) categories[p.category as ProblemCategory][status] += count
    byStatus[status] += count
    const v = villageStatus.get(p.village_id) ?? emptyStatusCounts()
    v[status] += count
    villageStatus.set(p.village_id, v)
  }
  return {
    township: { id: township.id, name: township.name, county: township.county_name },
    campaign: { name: campaign.name, windows: campaign.windows.map((w) => ({ phase: w.phase, starts_on: w.starts_on, ends_on: w.ends_on })) },
    today,
    totals: totalsOf(progress),
    villages: progress.map((p) => ({
      progress: p,
      byStatus: villageStatus.get(p.id) ?? emptyStatusCounts(),
      unfinished: measures.filter((m) => m.villageId === p.id).length,
    })),
    categories,
    byStatus,
    supervision: {
      visits: Number(visits?.visits ?? 0),
      keyInspections: Number(visits?.key ?? 0),
      superficial: Number(visits?.superficial ?? 0),
      orders: Number(orders?.orders ?? 0),
      accepted: Number(orders?.accepted ?? 0),
    },
    measures,
  }
}

export type SummaryResult = { ok: true; file: ExportFile } | { ok: false; reason: 'noCampaign' | 'timeout' | 'busy' }

/** SUMMARY_EXPORT_TIME_LIMIT_MS, default 60 s: a township of 100,000 households builds in a few seconds. */
function summaryExportTimeLimitMs(): number {
  const limit = Number(process.env.SUMMARY_EXPORT_TIME_LIMIT_MS)
  return Number.isFinite(limit) && limit > 0 ? limit : 60_000
}

/**
 * The township's summary report as .docx; recorded. The figures are counted here; the document is built in a worker
 * thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md), so the server keeps answering.
 */
export async function downloadSummaryReport(db: DB, ctx: ExportContext, township: { id: number }): Promise<SummaryResult> {
  const data = await getSummaryReportData(db, township.id, ctx.today)
  if (!data) return { ok: false, reason: 'noCampaign' }
  const built = await runInWorker<Uint8Array>({
    entry: 'app/workers/summaryDocx.worker.ts',
    input: data,
    timeLimitMs: summaryExportTimeLimitMs(),
    memoryMb: 1536,
  })
  if (!built.ok) {
    logger.error({ townshipId: data.township.id, reason: built.reason }, 'summary report not built')
    return { ok: false, reason: built.reason === 'busy' ? 'busy' : 'timeout' }
  }
  const file: ExportFile = {
    body: built.value,
    format: 'docx',
    filename: `${safeFileName(format(t.exports.files.summary, { township: data.township.name, date: ctx.today }))}.docx`,
    fallback: `summary-report-township-${data.township.id}-${ctx.today}.docx`,
  }
  await recordExport(db, ctx, {
    kind: 'summaryReport',
    format: 'docx',
    townshipId: data.township.id,
    entity: { type: 'township', id: data.township.id },
    details: { villages: data.villages.length, measures: data.measures.length, file: file.filename },
  })
  return { ok: true, file }
}
