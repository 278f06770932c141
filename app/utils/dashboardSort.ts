// Sorting the dashboard's village table: the column headers are plain GET links (?sort=…&dir=…), so sorting
// works without JavaScript; the loader sorts with this, and the headers say which column is sorted.
// No .server imports here: the route's module-level zod schema and the component both read it.
import { PHASES } from '../../workflows/phases'
import type { ScheduleStatus } from '../../workflows/rules/schedule'

export const VILLAGE_SORT_KEYS = [
  'order',
  'name',
  'state',
  'schedule',
  'selfInspection',
  'homeVisits',
  'problems',
  'exits',
  'newEnrolments',
  'fraudRecovered',
  'openFollowUps',
  'overdueFollowUps',
  'keySupervision',
] as const
export type VillageSortKey = (typeof VILLAGE_SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'

/** The direction a column sorts in when first clicked: the villages needing attention first. */
export const FIRST_DIR: Record<VillageSortKey, SortDir> = {
  order: 'asc',
  name: 'asc',
  state: 'asc', // least advanced first
  schedule: 'desc', // most days late first
  selfInspection: 'asc', // lowest coverage first
  homeVisits: 'asc',
  problems: 'desc',
  exits: 'desc',
  newEnrolments: 'desc',
  fraudRecovered: 'desc',
  openFollowUps: 'desc',
  overdueFollowUps: 'desc',
  keySupervision: 'desc',
}

export interface SortableVillage {
  name: string
  state: string
  phase: string
  schedule: ScheduleStatus
  households: number
  reviewed: number
  homeVisited: number
  problems: number
  exits: number
  newEnrolments: number
  fraudRecoveredFen: number
  openFollowUps: number
  overdueFollowUps: number
  keySupervision: boolean
  zeroReport: boolean
}

const ratio = (done: number, total: number) => (total > 0 ? done / total : 0)
const phaseRank = (phase: string) => {
  const i = (PHASES as readonly string[]).indexOf(phase)
  return i >= 0 ? i : PHASES.length
}

const VALUE: Record<Exclude<VillageSortKey, 'order' | 'name'>, (v: SortableVillage) => number | string> = {
  state: (v) => `${phaseRank(v.phase)}:${v.state}`,
  schedule: (v) => (v.schedule.kind === 'behind' ? v.schedule.days : v.schedule.kind === 'onSchedule' ? 0 : -1),
  selfInspection: (v) => ratio(v.reviewed, v.households),
  homeVisits: (v) => ratio(v.homeVisited, v.households),
  problems: (v) => v.problems,
  exits: (v) => v.exits,
  newEnrolments: (v) => v.newEnrolments,
  fraudRecovered: (v) => v.fraudRecoveredFen,
  openFollowUps: (v) => v.openFollowUps,
  overdueFollowUps: (v) => v.overdueFollowUps,
  keySupervision: (v) => (v.keySupervision ? 2 : 0) + (v.zeroReport ? 1 : 0),
}

/** A sorted copy; ties keep the township's own order. */
export function sortVillages<T extends SortableVillage>(villages: readonly T[], key: VillageSortKey, dir: SortDir): T[] {
  const indexed = villages.map((v, i) => ({ v, i }))
  if (key === 'order') return dir === 'asc' ? [...villages] : indexed.reverse().map((x) => x.v)
  const sign = dir === 'asc' ? 1 : -1
  const compare = (a: T, b: T): number => {
    if (key === 'name') return a.name.localeCompare(b.name, 'zh-CN')
    const x = VALUE[key](a)
    const y = VALUE[key](b)
    return x < y ? -1 : x > y ? 1 : 0
  }
  return indexed.sort((a, b) => sign * compare(a.v, b.v) || a.i - b.i).map((x) => x.v)
}

/** The link a column header carries: the other direction when it is the sorted column, else its first direction. */
export function sortHref(key: VillageSortKey, current: { sort: VillageSortKey; dir: SortDir }): string {
  const dir: SortDir = current.sort === key ? (current.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key]
  return `?sort=${key}&dir=${dir}`
}
