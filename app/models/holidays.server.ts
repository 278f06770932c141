// The township's corrections (holiday_overrides) to the official holiday calendar, and the working-day
// calendar they make together with it (workflows/rules/workingDays.ts). Plain Kysely, no dialect-specific SQL:
// the same code runs on SQLite and PostgreSQL.
import type { Transaction } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { isDay } from '../../workflows/rules/dates'
import { createWorkingDayCalendar, OFFICIAL_CALENDAR, yearRanges, type DayKind, type DayStatus, type WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { recordAudit } from './audit.server'

type Db = DB | Transaction<Database>

/** What a correction may hold. The form checks the same (its limits come from here, via the loader). */
export const HOLIDAY_OVERRIDE_LIMITS = {
  /** 说明, in characters */
  note: 100,
  /** a typo such as 0226 or 20266 is refused, not stored */
  firstYear: 2000,
  lastYear: 2099,
} as const

export const DAY_KINDS = ['holiday', 'workday'] as const satisfies readonly DayKind[]

export interface HolidayOverride {
  day: string
  kind: DayKind
  note: string | null
  updatedAt: string
}

export interface HolidayOverrideInput {
  day: string
  kind: DayKind
  note?: string | null
}

export type HolidayOverrideProblem = 'invalidDay' | 'yearOutOfRange' | 'invalidKind' | 'noteTooLong'

export type SaveHolidayOverrideResult = { ok: true; override: HolidayOverride; created: boolean } | { ok: false; problem: HolidayOverrideProblem }

/** Who makes a change, for the audit log. */
export interface HolidayActor {
  actorUserId: number | null
  /** the actor's township, for the log (corrections themselves apply to every township in this database) */
  townshipId?: number | null
  at: Date
  ip?: string | null
}

function toOverride(row: { day: string; kind: string; note: string | null; updated_at: string }): HolidayOverride {
  return { day: row.day, kind: row.kind as DayKind, note: row.note, updatedAt: row.updated_at }
}

/** Every correction, by day. */
export async function listHolidayOverrides(db: Db): Promise<HolidayOverride[]> {
  const rows = await db.selectFrom('holiday_overrides').select(['day', 'kind', 'note', 'updated_at']).orderBy('day').execute()
  return rows.map(toOverride)
}

/** The official calendar with this database's corrections applied. */
export async function loadWorkingDayCalendar(db: Db): Promise<WorkingDayCalendar> {
  const rows = await db.selectFrom('holiday_overrides').select(['day', 'kind']).execute()
  // a row that is not a real day or kind (hand-edited database) is left out rather than breaking every deadline
  const overrides = rows.filter((r) => isDay(r.day) && (r.kind === 'holiday' || r.kind === 'workday')).map((r) => ({ day: r.day, kind: r.kind as DayKind }))
  return createWorkingDayCalendar(overrides)
}

/** A correction beside what the official calendar alone says of that day. */
export interface HolidayOverrideView extends HolidayOverride {
  official: DayStatus
  /** the correction says what the official calendar already says */
  sameAsOfficial: boolean
}

export interface HolidaySettings {
  overrides: HolidayOverrideView[]
  /** the years the official calendar holds, as runs: [[2004, 2026]] */
  officialYears: Array<[number, number]>
  /** this year and next, those the official calendar does not hold yet: what the page must warn about */
  yearsAheadNotCovered: number[]
}

/** What the settings page shows: the corrections, and which years the official calendar holds. */
export async function getHolidaySettings(db: Db, today: string): Promise<HolidaySettings> {
  const officialOnly = createWorkingDayCalendar([])
  const overrides = (await listHolidayOverrides(db)).map((o) => {
    const official = officialOnly.describeDay(o.day)
    return { ...o, official, sameAsOfficial: official.working === (o.kind === 'workday') }
  })
  const year = Number(today.slice(0, 4))
  return {
    overrides,
    officialYears: yearRanges(OFFICIAL_CALENDAR.years),
    yearsAheadNotCovered: [year, year + 1].filter((y) => !OFFICIAL_CALENDAR.years.includes(y)),
  }
}

export function validateHolidayOverride(input: HolidayOverrideInput): HolidayOverrideProblem | null {
  if (typeof input.day !== 'string' || !isDay(input.day)) return 'invalidDay'
  const year = Number(input.day.slice(0, 4))
  if (year < HOLIDAY_OVERRIDE_LIMITS.firstYear || year > HOLIDAY_OVERRIDE_LIMITS.lastYear) return 'yearOutOfRange'
  if (!(DAY_KINDS as readonly string[]).includes(input.kind)) return 'invalidKind'
  if (input.note != null && [...input.note.trim()].length > HOLIDAY_OVERRIDE_LIMITS.note) return 'noteTooLong'
  return null
}

/** Add or replace the correction for a day (one per day). Invalid input changes nothing. */
export async function saveHolidayOverride(db: DB, input: HolidayOverrideInput, who: HolidayActor = { actorUserId: null, at: new Date() }): Promise<SaveHolidayOverrideResult> {
  const problem = validateHolidayOverride(input)
  if (problem) return { ok: false, problem }
  const note = input.note?.trim() || null
  const updatedAt = who.at.toISOString()
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('holiday_overrides').select(['kind', 'note']).where('day', '=', input.day).executeTakeFirst()
    await tx
      .insertInto('holiday_overrides')
      .values({ day: input.day, kind: input.kind, note, updated_at: updatedAt })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: input.kind, note, updated_at: updatedAt }))
      .execute()
    await recordAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'holidayOverride.save',
      entityType: 'holidayOverride',
      before: before ? { day: input.day, ...before } : undefined,
      after: { day: input.day, kind: input.kind, note },
      townshipId: who.townshipId,
      ip: who.ip,
      at: who.at,
    })
    return { ok: true as const, override: { day: input.day, kind: input.kind, note, updatedAt }, created: !before }
  })
}

/** Remove a day's correction; false when there was none. */
export async function deleteHolidayOverride(db: DB, day: string, who: HolidayActor = { actorUserId: null, at: new Date() }): Promise<boolean> {
  if (typeof day !== 'string' || !isDay(day)) return false
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('holiday_overrides').select(['kind', 'note']).where('day', '=', day).executeTakeFirst()
    if (!before) return false
    await tx.deleteFrom('holiday_overrides').where('day', '=', day).execute()
    await recordAudit(tx, { actorUserId: who.actorUserId, action: 'holidayOverride.delete', entityType: 'holidayOverride', before: { day, ...before }, townshipId: who.townshipId, ip: who.ip, at: who.at })
    return true
  })
}
