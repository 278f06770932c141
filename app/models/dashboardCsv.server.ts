// /dashboard.csv's text and the exports' file names, from the figures the dashboard's exports share
// (county.server.ts getDashboardExport): one row per village, every figure of /dashboard.json's village entry.
import { t } from '../i18n/dictionary'
import { yuanCsv } from '../utils/format'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'
import type { ApprovalCounts } from './approvalBuckets'
import type { DashboardExport } from './county.server'

// CSV for Excel and WPS: UTF-8 with a byte-order mark (so neither guesses GBK), CRLF line ends, a header row in
// Chinese, one row per village. Numbers stay numbers (percentages with one decimal, money in yuan with two).
const BOM = '\uFEFF'

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? t.dashboard.yes : t.dashboard.no
  // a text cell that a spreadsheet would run as a formula is kept as text
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** 审批进度's columns, in the order the CSV gives them */
const APPROVAL_CSV_COLUMNS = [
  'proposed',
  'townshipReviewed',
  'inNotice',
  'objections',
  'countyApproved',
  'returned',
  'overdue',
] as const satisfies ReadonlyArray<keyof ApprovalCounts>

export function dashboardCsv(data: DashboardExport): string {
  const h = t.dashboardPanels.csv
  const header = [
    h.township,
    h.villageId,
    h.village,
    h.path,
    h.phase,
    h.state,
    h.schedule,
    h.daysLate,
    h.households,
    h.activeHouseholds,
    h.reviewed,
    h.selfInspectionCoverage,
    h.homeVisited,
    h.homeVisitCoverage,
    h.problems,
    ...PROBLEM_CATEGORIES.map((c) => t.problemCategories[c]),
    h.openProblems,
    h.unresolvedProblems,
    h.exits,
    h.newEnrolments,
    h.fraudCases,
    h.fraudRecovered,
    h.fraudFine,
    h.openFollowUps,
    h.overdueFollowUps,
    h.zeroReport,
    h.keySupervision,
    h.keyInspections,
    ...APPROVAL_CSV_COLUMNS.map((k) => t.approvalProgress.csv[k]),
    t.approvalProgress.csv.seriousSupervised,
    h.leader,
    h.summarySubmittedOn,
  ]
  const rows: Array<Array<string | number | boolean | null>> = []
  for (const tw of data.townships) {
    for (const v of tw.villages) {
      rows.push([
        tw.name,
        v.id,
        v.name,
        v.path,
        v.phaseLabel,
        v.stateLabel,
        v.scheduleLabel,
        v.daysLate,
        v.households,
        v.activeHouseholds,
        v.reviewed,
        v.selfInspectionCoverage,
        v.homeVisited,
        v.homeVisitCoverage,
        v.problems,
        ...PROBLEM_CATEGORIES.map((c) => v.problemsByCategory[c] ?? 0),
        v.openProblems,
        v.unresolvedProblems,
        v.exits,
        v.newEnrolments,
        v.fraudCases,
        yuanCsv(v.fraudRecoveredFen),
        yuanCsv(v.fraudFineFen),
        v.openFollowUps,
        v.overdueFollowUps,
        v.zeroReport,
        v.keySupervision,
        v.keyInspections,
        ...APPROVAL_CSV_COLUMNS.map((k) => v.approvals[k]),
        v.seriousSupervised,
        v.leaderName,
        tw.campaign?.summarySubmittedOn ?? null,
      ])
    }
  }
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** The download's file name: 清河镇工作总览-2026-11-29.csv, 青山县工作总览-…, 东风村工作总览-… */
export function exportFileName(data: DashboardExport, extension: 'csv' | 'json'): string {
  const first = data.townships[0]
  const name = data.scope.kind === 'county' ? data.scope.countyName : data.scope.kind === 'village' ? (first?.villages[0]?.name ?? '') : (first?.name ?? '')
  return `${name}${t.nav.dashboard}-${data.today}.${extension}`
}
