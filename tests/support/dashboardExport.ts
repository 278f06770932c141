// What the dashboard's exports answer, as the HTTP tests read them: /dashboard.json's shape and /dashboard.csv's rows.
import type { VillageEntry } from '../../app/models/county.server'

/** a village of /dashboard.json: the model's entry (app/models/county.server.ts), the figures these tests read */
export type VillageJson = Pick<
  VillageEntry,
  | 'id'
  | 'name'
  | 'path'
  | 'phase'
  | 'subState'
  | 'stateLabel'
  | 'scheduleLabel'
  | 'households'
  | 'activeHouseholds'
  | 'reviewed'
  | 'selfInspectionCoverage'
  | 'homeVisited'
  | 'homeVisitCoverage'
  | 'problems'
  | 'problemsByCategory'
  | 'unresolvedProblems'
  | 'openOrders'
  | 'exits'
  | 'newEnrolments'
  | 'fraudCases'
  | 'fraudRecoveredFen'
  | 'openFollowUps'
  | 'overdueFollowUps'
  | 'zeroReport'
  | 'approvals'
  | 'seriousSupervised'
>
export interface ExportJson {
  today: string
  scope: { kind: string }
  townships: Array<{
    id: number
    name: string
    villages: VillageJson[]
    attention: {
      zeroReport: Array<{ name: string; keyInspectionDone: boolean }>
      behind: Array<{ name: string; daysLate: number }>
      overdue: Array<{ daysOverdue: number; villageName: string; kind: string; path: string | null }>
      dueSoon: unknown[]
      dueSoonUntil: string
    }
  }>
}

/** dashboard.csv's rows (UTF-8 with BOM, CRLF) as objects keyed by the Chinese headers */
export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
  const header = lines[0].split(',')
  return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell])))
}
