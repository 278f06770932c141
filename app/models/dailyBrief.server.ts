// 每日简报 (issue 17): the text a township leader pastes into the township's WeChat or DingTalk group each morning.
// Built from the dashboard's own overview (getTownshipOverview: the same totals, attention lists and figures the
// page shows), formatted with the one format module, so the brief cannot say another figure than the dashboard.
// The dashboard shows it; /brief.txt answers the same text (getDailyBrief in townshipOverview.server.ts).
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { countText, percentFloorText } from '../utils/format'
import { PHASE_ORDER, type FollowUpKind, type OverdueFollowUp } from './campaign.server'
import { SERIOUS_FOLLOW_UP_KINDS } from './attentionGroups.server'
import type { TownshipOverview } from './townshipOverview.server'

const b = t.dailyBrief

/** '2026-11-30' → '11月30日': the brief's date, as the group reads it. */
export function briefDate(day: string): string {
  const [, month, date] = day.split('-')
  return `${Number(month)}月${Number(date)}日`
}

const percent = (done: number, total: number) => `${percentFloorText(done, total)}%`
const list = (items: string[]) => items.join(b.separator)

/**
 * 保护举报人: the brief goes to a chat group that village cadres read, so a public report (举报) and its 专人督办 are
 * counted for the township only, never under a village's name — no more than a cadre's own page says of them.
 */
const REPORT_KINDS: ReadonlyArray<FollowUpKind> = ['complaint', 'supervisor']
const isReport = (f: { kind: FollowUpKind }) => REPORT_KINDS.includes(f.kind)

/** The villages with overdue items (reports apart), most items first (then the township's order), each with its count. */
function overdueByVillage(overdue: readonly OverdueFollowUp[]): string[] {
  const counts = new Map<string, number>()
  for (const f of overdue) if (!isReport(f)) counts.set(f.villageName, (counts.get(f.villageName) ?? 0) + 1)
  return [...counts]
    .map(([village, count], i) => ({ village, count, i }))
    .sort((x, y) => y.count - x.count || x.i - y.i)
    .map(({ village, count }) => format(b.overdueVillage, { village, count }))
}

/** The brief's text from the dashboard's overview of `today` (a Shanghai day). One line a figure. */
export function buildDailyBrief(overview: TownshipOverview, today: string): string {
  const { township, campaign, totals, attention, phaseCounts } = overview
  if (!campaign) return format(b.noCampaign, { township: township.name })
  const lines = [format(b.heading, { township: township.name })]
  lines.push(
    format(b.asOf, {
      date: briefDate(today),
      coverage: percent(totals.reviewed, totals.households),
      reviewed: countText(totals.reviewed),
      households: countText(totals.households),
      visitRate: percent(totals.homeVisited, totals.households),
      visited: countText(totals.homeVisited),
    }),
  )
  const phases = PHASE_ORDER.map((phase) => ({ phase, count: phaseCounts.find((p) => p.phase === phase)?.villages ?? 0 })).filter((p) => p.count > 0)
  if (phases.length > 0) lines.push(format(b.phases, { list: list(phases.map((p) => format(b.phaseItem, { phase: t.phases[p.phase], count: p.count }))) }))
  lines.push(
    attention.zeroReport.length > 0
      ? format(b.zeroReports, {
          count: totals.zeroReports,
          villages: list(attention.zeroReport.map((v) => v.name)),
          uninspected: totals.zeroReportsUninspected,
        })
      : b.noZeroReports,
  )
  lines.push(
    attention.behind.length > 0
      ? format(b.behind, {
          count: totals.behind,
          villages: list(attention.behind.map((v) => format(b.behindItem, { village: v.name, days: v.schedule.kind === 'behind' ? v.schedule.days : 0 }))),
        })
      : b.noBehind,
  )
  lines.push(format(b.problems, { problems: countText(totals.problems), unresolved: countText(totals.unresolvedProblems) }))
  const reports = attention.overdue.filter(isReport).length
  const byVillage = [...overdueByVillage(attention.overdue), ...(reports > 0 ? [format(b.overdueReports, { count: reports })] : [])]
  lines.push(attention.overdue.length > 0 ? format(b.overdue, { count: totals.overdueFollowUps, villages: list(byVillage) }) : b.noOverdue)
  // the serious kinds by name, as the dashboard lists them (reports apart: counted above)
  for (const kind of SERIOUS_FOLLOW_UP_KINDS.filter((k) => !REPORT_KINDS.includes(k))) {
    const items = attention.overdue.filter((f) => f.kind === kind)
    if (items.length > 0)
      lines.push(
        format(b.overdueSerious, {
          kind: t.followUps[kind],
          items: list(items.map((f) => format(b.seriousItem, { village: f.villageName, days: f.daysOverdue }))),
        }),
      )
  }
  if (attention.dueSoon.length > 0) lines.push(format(b.dueSoon, { until: briefDate(attention.dueSoonUntil), count: attention.dueSoon.length }))
  return lines.join('\n')
}
