// Working days (工作日) on China's official holiday calendar: 法定节假日 are days off, 调休上班 weekends are
// working days, every other Monday–Friday works. The official data comes from the npm package chinese-days
// (it follows the State Council's 国务院办公厅 announcements; one year at a time, as each is announced). The
// township's own corrections (holiday_overrides, edited on /admin/holidays) win over it.
//
// A year the package does not hold yet (e.g. 2027 before it is announced) falls back to plain Monday–Friday
// plus the corrections, and every deadline or count says which such years it touched, so no caller can
// silently miss it.
//
// Pure: no I/O. Days are 'YYYY-MM-DD' strings, Asia/Shanghai calendar days (./dates).
//
// Why the package's JSON and not its functions: chinese-days builds its tables and reads dates in the
// server's local time zone, so in a zone west of UTC (America/*) its isWorkday() is off by one day. Its
// published JSON (dist/chinese-days.json, the same tables written out at its build) has no such problem.
// The server bundle inlines it (remix.config.js, serverDependenciesToBundle).
import chineseDays from 'chinese-days/dist/chinese-days.json'
import { addDays, isDay } from './dates'

/** 法定节假日 (a day off) or 调休上班 (a working day). */
export type DayKind = 'holiday' | 'workday'

/** A township's correction to the official calendar for one day. */
export interface DayOverride {
  day: string
  kind: DayKind
}

/** The official calendar as data: which years it holds, and the days that differ from Monday–Friday. */
export interface OfficialCalendar {
  /** the years it holds announced data for, ascending */
  years: readonly number[]
  /** 法定节假日: each day off (weekends inside a holiday period too) → the holiday's Chinese name, e.g. 国庆节 */
  holidays: ReadonlyMap<string, string>
  /** 调休上班: each weekend day that is a working day → the holiday it makes up for */
  workdays: ReadonlyMap<string, string>
}

/** The shape of chinese-days' JSON: day → "English name,中文名,n". */
export interface ChineseDaysData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

function chineseName(value: string): string {
  const parts = value.split(',')
  return (parts[1] ?? parts[0] ?? '').trim()
}

export function officialCalendarFrom(data: ChineseDaysData): OfficialCalendar {
  const holidays = new Map<string, string>()
  const workdays = new Map<string, string>()
  const years = new Set<number>()
  for (const [day, value] of Object.entries(data.holidays)) {
    if (!isDay(day)) continue
    holidays.set(day, chineseName(value))
    years.add(Number(day.slice(0, 4)))
  }
  for (const [day, value] of Object.entries(data.workdays)) {
    if (!isDay(day)) continue
    workdays.set(day, chineseName(value))
    years.add(Number(day.slice(0, 4)))
  }
  return { years: [...years].sort((a, b) => a - b), holidays, workdays }
}

/** The official calendar from chinese-days, as installed (package.json pins the version). */
export const OFFICIAL_CALENDAR: OfficialCalendar = officialCalendarFrom(chineseDays as ChineseDaysData)

/** Whether the official calendar holds a day's year. */
export interface Coverage {
  year: number
  covered: boolean
}

/** Why a day works or not. */
export type DayReason = 'override' | 'officialHoliday' | 'officialWorkday' | 'weekend' | 'weekday'

export interface DayStatus {
  day: string
  working: boolean
  reason: DayReason
  /** the official holiday's name (e.g. 春节) for an official holiday or make-up working day */
  name: string | null
  /** false: the official calendar does not hold this year, so only weekends and overrides decide */
  covered: boolean
}

/** A deadline N working days on, and the years it crossed that the official calendar does not hold. */
export interface WorkingDayDeadline {
  day: string
  uncoveredYears: number[]
}

/** A count of working days, and the years it crossed that the official calendar does not hold. */
export interface WorkingDayCount {
  days: number
  uncoveredYears: number[]
}

export interface WorkingDayCalendar {
  /** the years the official calendar holds, ascending */
  readonly officialYears: readonly number[]
  isWorkingDay(day: string): boolean
  describeDay(day: string): DayStatus
  coverage(day: string): Coverage
  /** the years from start's to end's (inclusive, either order) that the official calendar does not hold */
  yearsNotCovered(start: string, end: string): number[]
  /** The day N working days after startDay (startDay itself not counted; n ≥ 1). */
  addWorkingDays(startDay: string, n: number): WorkingDayDeadline
  /** Working days after a up to and including b; negative when b is before a. */
  workingDaysBetween(a: string, b: string): WorkingDayCount
}

/** addWorkingDays' upper bound on n: about forty years, far past any deadline, short of a runaway loop. */
export const MAX_WORKING_DAYS = 10_000

function requireDay(day: string, what = 'day'): void {
  if (typeof day !== 'string' || !isDay(day)) throw new RangeError(`${what} is not a calendar day (YYYY-MM-DD): ${String(day)}`)
}

/** 0 = Sunday … 6 = Saturday, of a calendar day (no time zone involved). */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

export function createWorkingDayCalendar(overrides: readonly DayOverride[] = [], official: OfficialCalendar = OFFICIAL_CALENDAR): WorkingDayCalendar {
  const corrections = new Map<string, DayKind>()
  for (const o of overrides) {
    requireDay(o.day, 'override day')
    if (o.kind !== 'holiday' && o.kind !== 'workday') throw new RangeError(`override kind must be holiday or workday: ${String(o.kind)}`)
    corrections.set(o.day, o.kind)
  }
  const coveredYears = new Set(official.years)
  const yearOf = (day: string) => Number(day.slice(0, 4))

  function describe(day: string): DayStatus {
    const covered = coveredYears.has(yearOf(day))
    const name = official.holidays.get(day) ?? official.workdays.get(day) ?? null
    const kind = corrections.get(day)
    if (kind) return { day, working: kind === 'workday', reason: 'override', name, covered }
    if (official.workdays.has(day)) return { day, working: true, reason: 'officialWorkday', name, covered }
    if (official.holidays.has(day)) return { day, working: false, reason: 'officialHoliday', name, covered }
    const wd = weekday(day)
    const weekend = wd === 0 || wd === 6
    return { day, working: !weekend, reason: weekend ? 'weekend' : 'weekday', name: null, covered }
  }

  function yearsNotCovered(start: string, end: string): number[] {
    requireDay(start, 'start')
    requireDay(end, 'end')
    const [from, to] = start <= end ? [yearOf(start), yearOf(end)] : [yearOf(end), yearOf(start)]
    const missing: number[] = []
    for (let y = from; y <= to; y++) if (!coveredYears.has(y)) missing.push(y)
    return missing
  }

  return {
    officialYears: official.years,
    isWorkingDay(day) {
      requireDay(day)
      return describe(day).working
    },
    describeDay(day) {
      requireDay(day)
      return describe(day)
    },
    coverage(day) {
      requireDay(day)
      const year = yearOf(day)
      return { year, covered: coveredYears.has(year) }
    },
    yearsNotCovered,
    addWorkingDays(startDay, n) {
      requireDay(startDay, 'startDay')
      if (!Number.isSafeInteger(n) || n < 1 || n > MAX_WORKING_DAYS)
        throw new RangeError(`n must be a whole number of working days from 1 to ${MAX_WORKING_DAYS}: ${n}`)
      let day = startDay
      let left = n
      // ends: weekdays that are neither official holidays nor corrections never run out
      while (left > 0) {
        day = addDays(day, 1)
        if (describe(day).working) left--
      }
      return { day, uncoveredYears: yearsNotCovered(addDays(startDay, 1), day) }
    },
    workingDaysBetween(a, b) {
      requireDay(a, 'a')
      requireDay(b, 'b')
      if (a === b) return { days: 0, uncoveredYears: [] }
      const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1]
      let days = 0
      for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (describe(day).working) days++
      return { days: sign * days, uncoveredYears: yearsNotCovered(addDays(from, 1), to) }
    },
  }
}

/** Years as runs, for saying which the official calendar holds: [2004, …, 2026] → [[2004, 2026]]. */
export function yearRanges(years: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(years)].sort((a, b) => a - b)
  const ranges: Array<[number, number]> = []
  for (const y of sorted) {
    const last = ranges[ranges.length - 1]
    if (last && y === last[1] + 1) last[1] = y
    else ranges.push([y, y])
  }
  return ranges
}
