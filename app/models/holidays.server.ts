// The township's corrections (holiday_overrides) to the official holiday calendar, and the working-day
// calendar they make together with it (workflows/rules/workingDays.ts). Plain Kysely, no dialect-specific SQL:
// the same code runs on SQLite and PostgreSQL.
//
// Scope (issue 11, finding 15): a correction belongs to one township (made by that township's administrator) or to
// every township of a county (made by the county bureau). A township's calendar is the official one, then its
// county's corrections, then its own (the township's own wins on the same day). Nobody edits another township's
// or county's corrections: the scope comes from the signed-in user, never from the form.
import type { Transaction } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { isDay } from '../../workflows/rules/dates'
import {
  createWorkingDayCalendar,
  OFFICIAL_CALENDAR,
  yearRanges,
  type DayKind,
  type DayStatus,
  type WorkingDayCalendar,
} from '../../workflows/rules/workingDays'
import { hasControlCharacters } from '../../workflows/rules/text'
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

export type HolidayOverrideProblem = 'invalidDay' | 'yearOutOfRange' | 'invalidKind' | 'noteTooLong' | 'noteControlCharacters'

export type SaveHolidayOverrideResult = { ok: true; override: HolidayOverride; created: boolean } | { ok: false; problem: HolidayOverrideProblem }

/** Whose corrections: one township's, or a county's (for all its townships). */
export type HolidayScope = { townshipId: number; countyName?: undefined } | { countyName: string; townshipId?: undefined }

/** Who makes a change, for the audit log; their township (or, for the county bureau, county) is the scope. */
export interface HolidayActor {
  actorUserId: number | null
  /** the actor's township: the corrections they make apply to it alone */
  townshipId?: number | null
  /** the county bureau's county: set instead of townshipId, the corrections apply to every township of the county */
  countyName?: string | null
  at: Date
  ip?: string | null
}

/** The scope an actor edits: their county (county bureau) or their township; none is a programming error. */
export function holidayScopeOf(who: { townshipId?: number | null; countyName?: string | null }): HolidayScope {
  if (who.countyName) return { countyName: who.countyName }
  if (typeof who.townshipId === 'number') return { townshipId: who.townshipId }
  throw new Error('a holiday correction needs a township or a county')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query builder of holiday_overrides: select, update or delete
function inScope<QB extends { where: (...args: any[]) => QB }>(qb: QB, scope: HolidayScope): QB {
  return scope.countyName !== undefined
    ? qb.where('county_name', '=', scope.countyName).where('township_id', 'is', null)
    : qb.where('township_id', '=', scope.townshipId)
}

function toOverride(row: { day: string; kind: string; note: string | null; updated_at: string }): HolidayOverride {
  return { day: row.day, kind: row.kind as DayKind, note: row.note, updatedAt: row.updated_at }
}

/** Every correction of one scope, by day. */
export async function listHolidayOverrides(db: Db, scope: HolidayScope): Promise<HolidayOverride[]> {
  const rows = await inScope(db.selectFrom('holiday_overrides').select(['day', 'kind', 'note', 'updated_at']), scope)
    .orderBy('day')
    .execute()
  return rows.map(toOverride)
}

/**
 * The official calendar with one township's corrections applied: its county's, then its own (which win).
 * The township is given, or found from a village. Without either, the official calendar alone.
 */
export async function loadWorkingDayCalendar(db: Db, scope: { townshipId?: number; villageId?: number } = {}): Promise<WorkingDayCalendar> {
  let townshipId = scope.townshipId
  if (townshipId === undefined && scope.villageId !== undefined) {
    townshipId = (await db.selectFrom('villages').select('township_id').where('id', '=', scope.villageId).executeTakeFirst())?.township_id
  }
  if (townshipId === undefined) return createWorkingDayCalendar([])
  return (await loadWorkingDayCalendars(db, [townshipId])).get(townshipId) ?? createWorkingDayCalendar([])
}

/** Each township's calendar (see loadWorkingDayCalendar), read in one query whatever their number. */
export async function loadWorkingDayCalendars(db: Db, townshipIds: readonly number[]): Promise<Map<number, WorkingDayCalendar>> {
  const calendars = new Map<number, WorkingDayCalendar>()
  if (townshipIds.length === 0) return calendars
  const townships = await db.selectFrom('townships').select(['id', 'county_name']).where('id', 'in', townshipIds).execute()
  const counties = [...new Set(townships.map((t) => t.county_name))]
  const rows = await db
    .selectFrom('holiday_overrides')
    .select(['township_id', 'county_name', 'day', 'kind'])
    .where((eb) =>
      eb.or([eb('township_id', 'in', townshipIds), ...(counties.length ? [eb.and([eb('township_id', 'is', null), eb('county_name', 'in', counties)])] : [])]),
    )
    .execute()
  // a row that is not a real day or kind (hand-edited database) is left out rather than breaking every deadline
  const valid = rows.filter((r) => isDay(r.day) && (r.kind === 'holiday' || r.kind === 'workday'))
  for (const township of townships) {
    const byDay = new Map<string, DayKind>()
    for (const r of valid) if (r.township_id === null && r.county_name === township.county_name) byDay.set(r.day, r.kind as DayKind)
    for (const r of valid) if (r.township_id === township.id) byDay.set(r.day, r.kind as DayKind)
    calendars.set(township.id, createWorkingDayCalendar([...byDay].map(([day, kind]) => ({ day, kind }))))
  }
  return calendars
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

/** What the settings page shows: the scope's corrections, and which years the official calendar holds. */
export async function getHolidaySettings(db: Db, today: string, scope: HolidayScope): Promise<HolidaySettings> {
  const officialOnly = createWorkingDayCalendar([])
  const overrides = (await listHolidayOverrides(db, scope)).map((o) => {
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
  if (input.note != null && hasControlCharacters(input.note)) return 'noteControlCharacters'
  if (typeof input.day !== 'string' || !isDay(input.day)) return 'invalidDay'
  const year = Number(input.day.slice(0, 4))
  if (year < HOLIDAY_OVERRIDE_LIMITS.firstYear || year > HOLIDAY_OVERRIDE_LIMITS.lastYear) return 'yearOutOfRange'
  if (!(DAY_KINDS as readonly string[]).includes(input.kind)) return 'invalidKind'
  if (input.note != null && [...input.note.trim()].length > HOLIDAY_OVERRIDE_LIMITS.note) return 'noteTooLong'
  return null
}

/** Add or replace the correction for a day (one per day and scope) in the actor's scope. Invalid input changes nothing. */
export async function saveHolidayOverride(db: DB, input: HolidayOverrideInput, who: HolidayActor): Promise<SaveHolidayOverrideResult> {
  const problem = validateHolidayOverride(input)
  if (problem) return { ok: false, problem }
  const scope = holidayScopeOf(who)
  const note = input.note?.trim() || null
  const updatedAt = who.at.toISOString()
  return db.transaction().execute(async (tx) => {
    const existing = await inScope(tx.selectFrom('holiday_overrides').select(['id', 'kind', 'note']), scope)
      .where('day', '=', input.day)
      .executeTakeFirst()
    const before = existing ? { kind: existing.kind, note: existing.note } : undefined
    if (existing) await tx.updateTable('holiday_overrides').set({ kind: input.kind, note, updated_at: updatedAt }).where('id', '=', existing.id).execute()
    else
      await tx
        .insertInto('holiday_overrides')
        .values({ township_id: scope.townshipId ?? null, county_name: scope.countyName ?? null, day: input.day, kind: input.kind, note, updated_at: updatedAt })
        .execute()
    await recordAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'holidayOverride.save',
      entityType: 'holidayOverride',
      before: before ? { day: input.day, ...scope, ...before } : undefined,
      after: { day: input.day, ...scope, kind: input.kind, note },
      townshipId: who.townshipId,
      ip: who.ip,
      at: who.at,
    })
    return { ok: true as const, override: { day: input.day, kind: input.kind, note, updatedAt }, created: !before }
  })
}

/** Remove a day's correction of the actor's scope; false when there was none (another scope's is never touched). */
export async function deleteHolidayOverride(db: DB, day: string, who: HolidayActor): Promise<boolean> {
  if (typeof day !== 'string' || !isDay(day)) return false
  const scope = holidayScopeOf(who)
  return db.transaction().execute(async (tx) => {
    const existing = await inScope(tx.selectFrom('holiday_overrides').select(['id', 'kind', 'note']), scope)
      .where('day', '=', day)
      .executeTakeFirst()
    if (!existing) return false
    await tx.deleteFrom('holiday_overrides').where('id', '=', existing.id).execute()
    await recordAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'holidayOverride.delete',
      entityType: 'holidayOverride',
      before: { day, ...scope, kind: existing.kind, note: existing.note },
      townshipId: who.townshipId,
      ip: who.ip,
      at: who.at,
    })
    return true
  })
}
