// 问题台账, the pieces the writes in problemWrites.server.ts share: the result and error types the forms and pages
// read, the text checks, a deadline as a form gives it (a day or N working days), and one versioned step on one problem
// (read through its own village, compare-and-set on its version, one audit row, or who saved in between).
import { type Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { ProblemStatus, ProblemTable } from '../../db/schema'
import { isDay } from '../../workflows/rules/dates'
import { hasControlCharacters } from '../../workflows/rules/text'
import { loadWorkingDayCalendar } from './holidays.server'
import { latestDeadline, PROBLEM_LIMITS } from './problemRules'
import { type ProblemRow } from './problems.server'
import { assertVersion, auditedUpdate, missedSaves, versionedStep, type Actor, type Conflict, type SavedBy, type Tx } from './versioned.server'

/** A deadline as the form gives it: a calendar day, or N working days (工作日) counted from today. */
export type DeadlineInput = { kind: 'date'; on: string } | { kind: 'workingDays'; days: number }

/** The fields a person edits; the error codes of each are in the dictionary (t.problems.errors). */
export type ProblemField = 'householdId' | 'description' | 'measure' | 'responsiblePerson' | 'deadline' | 'note' | 'reason' | 'supervisorUserId'
export type ProblemFieldError =
  | 'householdNotInVillage'
  | 'descriptionRequired'
  | 'tooLong'
  | 'invalidDate'
  | 'deadlinePast'
  | 'workingDaysRange'
  | 'measureRequired'
  | 'responsibleRequired'
  | 'deadlineRequired'
  | 'noteRequired'
  | 'deadlineTooFar'
  | 'deadlineLocked'
  | 'findingReadOnly'
  | 'controlCharacters'
  | 'extensionNotLater'
  | 'reasonRequired'
  | 'supervisorInvalid'

/** Why a status change is refused (the problem's current status goes with it). */
export type ProblemRefusal = 'verifyNotAllowed' | 'notNow' | 'locked' | 'notSeriousSource'

/** A field someone else changed since the form was opened: the audit row's before → after. */
export interface ProblemChange {
  field: string
  before: unknown
  after: unknown
}

/** who saved in between and what they changed, oldest first */
export type ProblemConflict = Conflict<SavedBy & { changes: ProblemChange[] }>

export type ProblemWriteResult =
  | { ok: true; id: number; version: number; status: ProblemStatus; deadlineOn: string | null; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<ProblemField, ProblemFieldError>>; currentDeadline?: string | null }
  | { ok: false; kind: 'refused'; refusal: ProblemRefusal; status: ProblemStatus }
  | { ok: false; kind: 'notFound' }
  | { ok: false; kind: 'otherVillage' }
  | ProblemConflict

/** What a working-day deadline has to tell the person: years on the way the official calendar does not hold yet. */
export interface DeadlineNotes {
  uncoveredYears: number[]
}

export function trimOrNull(value: string | null | undefined): string | null {
  const v = value?.trim()
  return v ? v : null
}

/** Long text keeps newlines and tabs; the one-line responsible person none (workflows/rules/text.ts). */
export function textError(value: string | null, max: number, required: ProblemFieldError | null, multiline = true): ProblemFieldError | null {
  if (!value) return required
  if (hasControlCharacters(value, { multiline })) return 'controlCharacters'
  return [...value].length > max ? 'tooLong' : null
}

/**
 * Resolve a deadline input to a calendar day. A date must be a real day not before today and not after
 * latestDeadline(today); N working days are counted on the official calendar (with the township's corrections)
 * from today, and must land there too.
 */
export async function resolveDeadline(
  db: DB | Tx,
  input: DeadlineInput,
  today: string,
  villageId: number,
): Promise<{ ok: true; on: string; notes: DeadlineNotes | null } | { ok: false; error: ProblemFieldError }> {
  if (input.kind === 'date') {
    if (!isDay(input.on)) return { ok: false, error: 'invalidDate' }
    if (input.on < today) return { ok: false, error: 'deadlinePast' }
    if (input.on > latestDeadline(today)) return { ok: false, error: 'deadlineTooFar' }
    return { ok: true, on: input.on, notes: null }
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > PROBLEM_LIMITS.workingDays) return { ok: false, error: 'workingDaysRange' }
  const resolved = await workingDayDeadline(db, today, input.days, villageId)
  if (resolved.on > latestDeadline(today)) return { ok: false, error: 'deadlineTooFar' }
  return resolved
}

/** N working days after today (today not counted), on the official calendar with the township's corrections. */
async function workingDayDeadline(db: DB | Tx, today: string, days: number, villageId: number): Promise<{ ok: true; on: string; notes: DeadlineNotes | null }> {
  const calendar = await loadWorkingDayCalendar(db, { villageId })
  const { day, uncoveredYears } = calendar.addWorkingDays(today, days)
  // a year the official calendar does not hold yet counts weekends only: the person is told so
  return { ok: true, on: day, notes: uncoveredYears.length ? { uncoveredYears } : null }
}

/**
 * One write to one problem in one transaction: the problem read through its own village, at the version the form
 * was loaded with (else nothing is written and the answer says who saved in between and what they changed).
 */
export function problemStep(
  db: DB,
  input: { campaignId: number; villageId: number; problemId: number; expectedVersion: number },
  step: (tx: Tx, current: ProblemRow) => Promise<ProblemWriteResult>,
): Promise<ProblemWriteResult> {
  return versionedStep(
    db,
    async (tx): Promise<ProblemWriteResult> => {
      const found = await loadForWrite(tx, input)
      if (!found.ok) return found
      assertVersion(found.row.version, input.expectedVersion)
      return step(tx, found.row)
    },
    () => describeConflict(db, input.problemId, input.expectedVersion),
  )
}

async function loadForWrite(
  tx: Tx,
  q: { campaignId: number; villageId: number; problemId: number },
): Promise<{ ok: true; row: ProblemRow } | { ok: false; kind: 'notFound' | 'otherVillage' }> {
  const row = await tx.selectFrom('problems').selectAll().where('id', '=', q.problemId).executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  return { ok: true, row }
}

/** Compare-and-set on the version read (a concurrent write of the same version leaves no row to update), then the one audit row. */
export function writeProblem(
  tx: Tx,
  current: ProblemRow,
  changes: Updateable<ProblemTable>,
  action: string,
  actor: Actor,
  extra?: Record<string, unknown>,
): Promise<number> {
  return auditedUpdate(tx, { table: 'problems', entityType: 'problem', current, changes, action, actor, extra })
}

/** Who saved since `expectedVersion` and what they changed: every write left exactly one audit row. */
async function describeConflict(db: DB, problemId: number, expectedVersion: number): Promise<ProblemConflict> {
  const { currentVersion, saves: history } = await missedSaves(db, { table: 'problems', entityType: 'problem', id: problemId, expectedVersion })
  return {
    ok: false,
    kind: 'conflict',
    currentVersion,
    saves: history.map((h) => ({
      actorName: h.actorName,
      occurredAt: h.occurredAt,
      action: h.action,
      changes: Object.keys(h.after ?? {})
        .filter((field) => field !== 'note')
        .map((field) => ({ field, before: h.before?.[field] ?? null, after: h.after?.[field] ?? null })),
    })),
  }
}
