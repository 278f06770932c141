// 问题台账: the problem register of a village. A problem is found (自查, 群众举报, 媒体曝光, 督查发现, 核对比对),
// given a measure, a responsible person and a deadline (限时整改), rectified by the village, and verified by an
// inspector or a township leader — never by the village itself.
//
// Status flow: open 待整改 → rectifying 整改中 → rectified 已整改(待核验) → verified 已核验;
// the verifier may send a rectified problem back to rectifying with a note.
//
// Rules kept here:
// - every write is one transaction with exactly one audit row (so the newest N audit rows of a problem are its
//   newest N writes, which is how a conflict says who changed what);
// - optimistic concurrency on problems.version: a write that read an older version changes nothing;
// - a household linked to a problem belongs to the problem's village; a problem id is only ever touched through
//   its own village (the caller gets 'otherVillage' otherwise and answers 403);
// - (issue 11) the village never rewrites a finding it did not make (source other than 自查) and never moves a
//   deadline once set: a deadline moves only by extendDeadline (a leader or inspector, with a reason, one row in
//   problem_deadline_extensions), so a problem stays overdue until it is rectified or extended. Deadlines lie
//   between today and one year on (latestDeadline).
export { isUnresolved, PROBLEM_LIMITS, UNRESOLVED_STATUSES } from './problemRules'
import { isUnresolved, isVillageOwnFinding, latestDeadline, PROBLEM_LIMITS, UNRESOLVED_STATUSES } from './problemRules'
import { hasControlCharacters } from '../../workflows/rules/text'
import { sql, type ExpressionBuilder, type Selectable, type Transaction, type Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database, ProblemCategory, ProblemSource, ProblemStatus, ProblemTable } from '../../db/schema'
import { daysBetween, isDay } from '../../workflows/rules/dates'
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'
import { changedFields, recordAudit, auditHistoryOf, type AuditHistoryEntry } from './audit.server'
import { loadWorkingDayCalendar } from './holidays.server'

type Tx = Transaction<Database>
type ProblemRow = Selectable<ProblemTable>

/** Limits the forms and the model share. */

/** Overdue is derived, never stored: an unresolved problem whose deadline has passed. */
export function isOverdue(p: { status: ProblemStatus; deadline_on: string | null }, today: string): boolean {
  return isUnresolved(p.status) && p.deadline_on !== null && p.deadline_on < today
}

// ————————————————————————————————————————— reading —————————————————————————————————————————

export interface ProblemListItem {
  id: number
  category: ProblemCategory
  source: ProblemSource
  status: ProblemStatus
  description: string
  measure: string | null
  responsiblePerson: string | null
  deadlineOn: string | null
  foundOn: string
  householdId: number | null
  /** 户主 of the linked household */
  householdHead: string | null
  overdue: boolean
  /** days past the deadline when overdue, else 0 */
  daysOverdue: number
  version: number
  /** extended by a leader or inspector: the deadline before the first extension ('' when there was none); else null */
  extendedFrom: string | null
}

/** The deadline before a problem's first extension ('' when it had none); null when never extended. */
function firstExtensionFrom(eb: ExpressionBuilder<Database, 'problems'>) {
  return eb
    .selectFrom('problem_deadline_extensions as ext')
    .select((e) => e.fn.coalesce('ext.old_deadline_on', sql.lit('')).as('d'))
    .whereRef('ext.problem_id', '=', 'problems.id')
    .orderBy('ext.id')
    .limit(1)
}

const STATUS_ORDER: Record<ProblemStatus, number> = { open: 0, rectifying: 1, rectified: 2, verified: 3 }

/** A village's problems in one campaign: unresolved first by deadline (none last), then awaiting verification, then verified. */
export async function listProblems(db: DB, q: { campaignId: number; villageId: number; status?: ProblemStatus; today: string }): Promise<ProblemListItem[]> {
  const rows = await db
    .selectFrom('problems')
    .leftJoin('households', 'households.id', 'problems.household_id')
    .select([
      'problems.id', 'problems.category', 'problems.source', 'problems.status', 'problems.description', 'problems.measure',
      'problems.responsible_person', 'problems.deadline_on', 'problems.found_on', 'problems.household_id', 'problems.version',
      'households.head_name as householdHead',
    ])
    .select((eb) => firstExtensionFrom(eb).as('extendedFrom'))
    .where('problems.campaign_id', '=', q.campaignId)
    .where('problems.village_id', '=', q.villageId)
    .$if(q.status !== undefined, (qb) => qb.where('problems.status', '=', q.status!))
    .execute()
  const items = rows.map((r): ProblemListItem => {
    const overdue = isOverdue(r, q.today)
    return {
      id: r.id, category: r.category, source: r.source, status: r.status, description: r.description, measure: r.measure,
      responsiblePerson: r.responsible_person, deadlineOn: r.deadline_on, foundOn: r.found_on, householdId: r.household_id,
      householdHead: r.householdHead, overdue, daysOverdue: overdue ? daysBetween(r.deadline_on!, q.today) : 0, version: r.version,
      extendedFrom: r.extendedFrom ?? null,
    }
  })
  const unresolvedRank = (p: ProblemListItem) => (isUnresolved(p.status) ? 0 : STATUS_ORDER[p.status])
  return items.sort(
    (a, b) =>
      unresolvedRank(a) - unresolvedRank(b) ||
      (a.deadlineOn ?? '9999-12-31').localeCompare(b.deadlineOn ?? '9999-12-31') ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      a.id - b.id,
  )
}

export interface HouseholdChoice {
  id: number
  headName: string
  /** last four characters of the ID number, to tell two heads of the same name apart */
  idTail: string
}

export interface ProblemRegister {
  problems: ProblemListItem[]
  total: number
  byCategory: Record<ProblemCategory, number>
  byStatus: Record<ProblemStatus, number>
  /** unresolved problems past their deadline, whatever the filter */
  overdue: number
  /** the village's households for the register form (empty unless asked for) */
  households: HouseholdChoice[]
}

/** What the register page shows: the (filtered) list, counts over the whole register, and the households to link. */
export async function getProblemRegister(
  db: DB,
  q: { campaignId: number; villageId: number; status?: ProblemStatus; today: string; withHouseholds: boolean },
): Promise<ProblemRegister> {
  const [all, households] = await Promise.all([
    listProblems(db, { campaignId: q.campaignId, villageId: q.villageId, today: q.today }),
    q.withHouseholds
      ? db.selectFrom('households').select(['id', 'head_name', 'id_number']).where('village_id', '=', q.villageId).orderBy('head_name').orderBy('id').execute()
      : Promise.resolve([]),
  ])
  const byCategory = Object.fromEntries(PROBLEM_CATEGORIES.map((c) => [c, 0])) as Record<ProblemCategory, number>
  const byStatus = Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, 0])) as Record<ProblemStatus, number>
  for (const p of all) {
    byCategory[p.category] = (byCategory[p.category] ?? 0) + 1
    byStatus[p.status] = (byStatus[p.status] ?? 0) + 1
  }
  return {
    problems: q.status ? all.filter((p) => p.status === q.status) : all,
    total: all.length,
    byCategory,
    byStatus,
    overdue: all.filter((p) => p.overdue).length,
    households: households.map((h) => ({ id: h.id, headName: h.head_name, idTail: h.id_number.slice(-4) })),
  }
}

export type ProblemHistoryEntry = AuditHistoryEntry

export interface ProblemDetail {
  problem: ProblemListItem & {
    villageId: number
    createdByName: string | null
    verifiedByName: string | null
    verifiedAt: string | null
    updatedAt: string
  }
  /** oldest first */
  history: ProblemHistoryEntry[]
  /** the verifier's note when the problem was last sent back, while it is being rectified again */
  lastSendBackNote: string | null
  /** deadline extensions, oldest first */
  extensions: ProblemExtension[]
}

export interface ProblemExtension {
  oldDeadlineOn: string | null
  newDeadlineOn: string
  reason: string
  grantedByName: string | null
  grantedAt: string
}

export type GetProblemResult = { ok: true; detail: ProblemDetail } | { ok: false; kind: 'notFound' | 'otherVillage' }

/** One problem as its page shows it, with its history; only through its own village. */
export async function getProblem(db: DB, q: { campaignId: number; villageId: number; problemId: number; today: string }): Promise<GetProblemResult> {
  const row = await db
    .selectFrom('problems')
    .leftJoin('households', 'households.id', 'problems.household_id')
    .leftJoin('users as creator', 'creator.id', 'problems.created_by_user_id')
    .leftJoin('users as verifier', 'verifier.id', 'problems.verified_by_user_id')
    .selectAll('problems')
    .select(['households.head_name as householdHead', 'creator.display_name as createdByName', 'verifier.display_name as verifiedByName'])
    .select((eb) => firstExtensionFrom(eb).as('extendedFrom'))
    .where('problems.id', '=', q.problemId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  const [history, extensions] = await Promise.all([
    problemHistory(db, row.id),
    db.selectFrom('problem_deadline_extensions as ext').leftJoin('users', 'users.id', 'ext.granted_by_user_id')
      .select(['ext.old_deadline_on', 'ext.new_deadline_on', 'ext.reason', 'ext.granted_at', 'users.display_name'])
      .where('ext.problem_id', '=', row.id).orderBy('ext.id').execute(),
  ])
  const overdue = isOverdue(row, q.today)
  const lastAudit = history.at(-1)
  return {
    ok: true,
    detail: {
      problem: {
        id: row.id, category: row.category, source: row.source, status: row.status, description: row.description, measure: row.measure,
        responsiblePerson: row.responsible_person, deadlineOn: row.deadline_on, foundOn: row.found_on, householdId: row.household_id,
        householdHead: row.householdHead, overdue, daysOverdue: overdue ? daysBetween(row.deadline_on!, q.today) : 0, version: row.version,
        villageId: row.village_id, createdByName: row.createdByName, verifiedByName: row.verifiedByName, verifiedAt: row.verified_at, updatedAt: row.updated_at,
        extendedFrom: row.extendedFrom ?? null,
      },
      history,
      extensions: extensions.map((e) => ({ oldDeadlineOn: e.old_deadline_on, newDeadlineOn: e.new_deadline_on, reason: e.reason, grantedByName: e.display_name, grantedAt: e.granted_at })),
      lastSendBackNote: row.status === 'rectifying' && lastAudit?.action === 'problem.sendBack' ? String(lastAudit.after?.note ?? '') || null : null,
    },
  }
}

function problemHistory(db: DB | Tx, id: number): Promise<ProblemHistoryEntry[]> {
  return auditHistoryOf(db, 'problem', id)
}

// ————————————————————————————————————————— writing —————————————————————————————————————————

/** A deadline as the form gives it: a calendar day, or N working days (工作日) counted from today. */
export type DeadlineInput = { kind: 'date'; on: string } | { kind: 'workingDays'; days: number }

/** The fields a person edits; the error codes of each are in the dictionary (t.problems.errors). */
export type ProblemField = 'householdId' | 'description' | 'measure' | 'responsiblePerson' | 'deadline' | 'note' | 'reason'
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

/** Why a status change is refused (the problem's current status goes with it). */
export type ProblemRefusal = 'verifyNotAllowed' | 'notNow' | 'locked'

/** A field someone else changed since the form was opened: the audit row's before → after. */
export interface ProblemChange {
  field: string
  before: unknown
  after: unknown
}

export interface ProblemConflict {
  ok: false
  kind: 'conflict'
  currentVersion: number
  /** who saved in between and what they changed, oldest first */
  saves: Array<{ actorName: string | null; occurredAt: string; action: string; changes: ProblemChange[] }>
}

export type ProblemWriteResult =
  | { ok: true; id: number; version: number; status: ProblemStatus; deadlineOn: string | null; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<ProblemField, ProblemFieldError>>; currentDeadline?: string | null }
  | { ok: false; kind: 'refused'; refusal: ProblemRefusal; status: ProblemStatus }
  | { ok: false; kind: 'notFound' }
  | { ok: false; kind: 'otherVillage' }
  | ProblemConflict

export interface Actor {
  userId: number
  at: Date
  ip?: string | null
}

/** What a working-day deadline has to tell the person: years on the way the official calendar does not hold yet. */
export interface DeadlineNotes {
  uncoveredYears: number[]
}

class ConflictSignal extends Error {}

function trimOrNull(value: string | null | undefined): string | null {
  const v = value?.trim()
  return v ? v : null
}

/** Long text keeps newlines and tabs; the one-line responsible person none (workflows/rules/text.ts). */
function textError(value: string | null, max: number, required: ProblemFieldError | null, multiline = true): ProblemFieldError | null {
  if (!value) return required
  if (hasControlCharacters(value, { multiline })) return 'controlCharacters'
  return [...value].length > max ? 'tooLong' : null
}

/**
 * Resolve a deadline input to a calendar day. A date must be a real day not before today and not after
 * latestDeadline(today); N working days are counted on the official calendar (with the township's corrections)
 * from today, and must land there too.
 */
async function resolveDeadline(
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

export interface CreateProblemInput {
  campaignId: number
  villageId: number
  category: ProblemCategory
  source: ProblemSource
  householdId?: number | null
  description: string
  measure?: string | null
  responsiblePerson?: string | null
  deadline?: DeadlineInput | null
  /** found_on; also the day working days count from */
  today: string
  actor: Actor
}

/** Register a problem (status 待整改, found today) with its audit row, in one transaction. */
export async function createProblem(db: DB, input: CreateProblemInput): Promise<ProblemWriteResult> {
  return db.transaction().execute(async (tx): Promise<ProblemWriteResult> => {
    const errors: Partial<Record<ProblemField, ProblemFieldError>> = {}
    const description = trimOrNull(input.description)
    const measure = trimOrNull(input.measure)
    const responsiblePerson = trimOrNull(input.responsiblePerson)
    const put = (field: ProblemField, error: ProblemFieldError | null) => {
      if (error) errors[field] ??= error
    }
    put('description', textError(description, PROBLEM_LIMITS.description, 'descriptionRequired'))
    put('measure', textError(measure, PROBLEM_LIMITS.measure, null))
    put('responsiblePerson', textError(responsiblePerson, PROBLEM_LIMITS.responsiblePerson, null, false))

    let deadlineOn: string | null = null
    let deadlineNotes: DeadlineNotes | null = null
    if (input.deadline) {
      const resolved = await resolveDeadline(tx, input.deadline, input.today, input.villageId)
      if (resolved.ok) ({ on: deadlineOn, notes: deadlineNotes } = resolved)
      else put('deadline', resolved.error)
    }

    const householdId = input.householdId ?? null
    if (householdId !== null) {
      const household = await tx.selectFrom('households').select(['id', 'village_id']).where('id', '=', householdId).executeTakeFirst()
      // a household of another village (or none at all): the caller answers 403, nothing is written
      if (!household || household.village_id !== input.villageId) return { ok: false, kind: 'otherVillage' }
    }
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

    const values = {
      campaign_id: input.campaignId,
      village_id: input.villageId,
      household_id: householdId,
      category: input.category,
      source: input.source,
      description: description!,
      measure,
      responsible_person: responsiblePerson,
      deadline_on: deadlineOn,
      status: 'open' as const,
      found_on: input.today,
      created_by_user_id: input.actor.userId,
    }
    const at = input.actor.at.toISOString()
    const row = await tx.insertInto('problems').values({ ...values, version: 0, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: input.actor.userId, action: 'problem.create', entityType: 'problem', entityId: row.id, villageId: input.villageId,
      after: values, ip: input.actor.ip, at: input.actor.at,
    })
    return { ok: true, id: row.id, version: 0, status: 'open', deadlineOn, deadlineNotes }
  })
}

export interface UpdateProblemInput {
  campaignId: number
  villageId: number
  problemId: number
  /** the version the person saw when the form was opened */
  expectedVersion: number
  /** undefined: leave as it is; null or '' clears an optional field */
  description?: string
  measure?: string | null
  responsiblePerson?: string | null
  /** undefined: keep; null: no deadline */
  deadline?: DeadlineInput | null
  /** the status to move to (the village's own steps only: open → rectifying → rectified) */
  status?: ProblemStatus
  today: string
  actor: Actor
}

/** The village's steps. 'verified' is never among them: verification belongs to verifyProblem. */
const VILLAGE_STEPS: Partial<Record<ProblemStatus, ProblemStatus>> = { open: 'rectifying', rectifying: 'rectified' }

/**
 * The village's edit of a problem (the 'work' right): the measure, the responsible person, the description of its
 * own findings (自查) only, a deadline only while there is none, and the next step of the status. A problem awaiting verification or verified is no longer the
 * village's to edit. One transaction, one audit row; a stale version changes nothing.
 */
export async function updateProblem(db: DB, input: UpdateProblemInput): Promise<ProblemWriteResult> {
  try {
    return await db.transaction().execute(async (tx): Promise<ProblemWriteResult> => {
      const found = await loadForWrite(tx, input)
      if (!found.ok) return found
      const current = found.row
      if (current.version !== input.expectedVersion) throw new ConflictSignal()

      const target = input.status ?? current.status
      if (target === 'verified') return { ok: false, kind: 'refused', refusal: 'verifyNotAllowed', status: current.status }
      if (!isUnresolved(current.status)) return { ok: false, kind: 'refused', refusal: 'locked', status: current.status }
      if (target !== current.status && VILLAGE_STEPS[current.status] !== target) return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }

      const errors: Partial<Record<ProblemField, ProblemFieldError>> = {}
      const put = (field: ProblemField, error: ProblemFieldError | null) => {
        if (error) errors[field] ??= error
      }
      const next = {
        description: input.description === undefined ? current.description : trimOrNull(input.description),
        measure: input.measure === undefined ? current.measure : trimOrNull(input.measure),
        responsible_person: input.responsiblePerson === undefined ? current.responsible_person : trimOrNull(input.responsiblePerson),
        deadline_on: current.deadline_on,
        status: target,
      }
      // a finding the village did not make (督查发现, 群众举报, …) is someone else's record: its description stays
      if (!isVillageOwnFinding(current.source) && next.description !== current.description) put('description', 'findingReadOnly')
      put('description', textError(next.description, PROBLEM_LIMITS.description, 'descriptionRequired'))
      put('measure', textError(next.measure, PROBLEM_LIMITS.measure, null))
      put('responsiblePerson', textError(next.responsible_person, PROBLEM_LIMITS.responsiblePerson, null, false))

      let deadlineNotes: DeadlineNotes | null = null
      const unchanged = input.deadline === undefined || (input.deadline !== null && input.deadline.kind === 'date' && input.deadline.on === current.deadline_on)
      if (!unchanged) {
        // a deadline once set moves only by an extension (extendDeadline); clearing it would take an overdue
        // problem off the overdue list. A problem without one yet may be given one, inside the allowed window.
        if (current.deadline_on !== null || input.deadline === null) put('deadline', current.deadline_on !== null ? 'deadlineLocked' : null)
        else if (input.deadline) {
          const resolved = await resolveDeadline(tx, input.deadline, input.today, current.village_id)
          if (resolved.ok) ({ on: next.deadline_on, notes: deadlineNotes } = resolved)
          else put('deadline', resolved.error)
        }
      }

      // 限时整改: rectification starts with a measure, a responsible person and a deadline; it ends with a measure
      if (target !== current.status) {
        if (!next.measure) put('measure', 'measureRequired')
        if (target === 'rectifying' && !next.responsible_person) put('responsiblePerson', 'responsibleRequired')
        if (target === 'rectifying' && !next.deadline_on) put('deadline', 'deadlineRequired')
      }
      if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

      const action = target === current.status ? 'problem.update' : target === 'rectifying' ? 'problem.startRectifying' : 'problem.markRectified'
      const changes = { ...next, description: next.description! }
      const version = await writeProblem(tx, current, changes, input.actor)
      const diff = changedFields(current as unknown as Record<string, unknown>, changes)
      await recordAudit(tx, {
        actorUserId: input.actor.userId, action, entityType: 'problem', entityId: current.id, villageId: current.village_id,
        before: diff.before, after: diff.after, ip: input.actor.ip, at: input.actor.at,
      })
      return { ok: true, id: current.id, version, status: target, deadlineOn: next.deadline_on, deadlineNotes }
    })
  } catch (error) {
    if (error instanceof ConflictSignal) return describeConflict(db, input.problemId, input.expectedVersion)
    throw error
  }
}

export interface VerifyProblemInput {
  campaignId: number
  villageId: number
  problemId: number
  expectedVersion: number
  /** accept: 核验通过 → verified; sendBack: 退回整改 → rectifying, with a note */
  decision: 'accept' | 'sendBack'
  note?: string | null
  actor: Actor
}

/**
 * Verification of a rectified problem (the 'supervise' right: inspectors and township leaders). Accepting records
 * who verified and when; sending back returns it to 整改中 and the note says why. One transaction, one audit row.
 */
export async function verifyProblem(db: DB, input: VerifyProblemInput): Promise<ProblemWriteResult> {
  try {
    return await db.transaction().execute(async (tx): Promise<ProblemWriteResult> => {
      const found = await loadForWrite(tx, input)
      if (!found.ok) return found
      const current = found.row
      if (current.version !== input.expectedVersion) throw new ConflictSignal()
      if (current.status !== 'rectified') return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }
      const note = trimOrNull(input.note)
      const noteError = textError(note, PROBLEM_LIMITS.note, input.decision === 'sendBack' ? 'noteRequired' : null)
      if (noteError) return { ok: false, kind: 'invalid', errors: { note: noteError } }

      const next =
        input.decision === 'accept'
          ? { status: 'verified' as const, verified_by_user_id: input.actor.userId, verified_at: input.actor.at.toISOString() }
          : { status: 'rectifying' as const, verified_by_user_id: null, verified_at: null }
      const version = await writeProblem(tx, current, next, input.actor)
      const diff = changedFields(current as unknown as Record<string, unknown>, next)
      await recordAudit(tx, {
        actorUserId: input.actor.userId, action: input.decision === 'accept' ? 'problem.verify' : 'problem.sendBack', entityType: 'problem',
        entityId: current.id, villageId: current.village_id, before: diff.before, after: { ...diff.after, note }, ip: input.actor.ip, at: input.actor.at,
      })
      return { ok: true, id: current.id, version, status: next.status, deadlineOn: current.deadline_on, deadlineNotes: null }
    })
  } catch (error) {
    if (error instanceof ConflictSignal) return describeConflict(db, input.problemId, input.expectedVersion)
    throw error
  }
}

export interface ExtendDeadlineInput {
  campaignId: number
  villageId: number
  problemId: number
  expectedVersion: number
  deadline: DeadlineInput
  reason: string
  today: string
  actor: Actor
}

/**
 * 批准延期: a township leader or an inspector (the 'supervise' right, checked by the caller) moves an unresolved
 * problem's deadline later, with a reason. One row in problem_deadline_extensions, the problem's new deadline and
 * one audit row, in one transaction; a stale version changes nothing.
 */
export async function extendDeadline(db: DB, input: ExtendDeadlineInput): Promise<ProblemWriteResult> {
  try {
    return await db.transaction().execute(async (tx): Promise<ProblemWriteResult> => {
      const found = await loadForWrite(tx, input)
      if (!found.ok) return found
      const current = found.row
      if (current.version !== input.expectedVersion) throw new ConflictSignal()
      if (!isUnresolved(current.status)) return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }
      const errors: Partial<Record<ProblemField, ProblemFieldError>> = {}
      const reason = trimOrNull(input.reason)
      const reasonError = textError(reason, PROBLEM_LIMITS.reason, 'reasonRequired')
      if (reasonError) errors.reason = reasonError
      const resolved = await resolveDeadline(tx, input.deadline, input.today, current.village_id)
      if (!resolved.ok) errors.deadline = resolved.error
      else if (current.deadline_on !== null && resolved.on <= current.deadline_on) errors.deadline = 'extensionNotLater'
      if (Object.keys(errors).length || !resolved.ok) return { ok: false, kind: 'invalid', errors, currentDeadline: current.deadline_on }

      const at = input.actor.at.toISOString()
      await tx.insertInto('problem_deadline_extensions').values({
        problem_id: current.id, old_deadline_on: current.deadline_on, new_deadline_on: resolved.on, reason: reason!, granted_by_user_id: input.actor.userId, granted_at: at,
      }).execute()
      const version = await writeProblem(tx, current, { deadline_on: resolved.on }, input.actor)
      await recordAudit(tx, {
        actorUserId: input.actor.userId, action: 'problem.extendDeadline', entityType: 'problem', entityId: current.id, villageId: current.village_id,
        before: { deadline_on: current.deadline_on }, after: { deadline_on: resolved.on, note: reason }, ip: input.actor.ip, at: input.actor.at,
      })
      return { ok: true, id: current.id, version, status: current.status, deadlineOn: resolved.on, deadlineNotes: resolved.notes }
    })
  } catch (error) {
    if (error instanceof ConflictSignal) return describeConflict(db, input.problemId, input.expectedVersion)
    throw error
  }
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

/** Compare-and-set on the version read: a concurrent write of the same version leaves no row to update. */
async function writeProblem(tx: Tx, current: ProblemRow, changes: Updateable<ProblemTable>, actor: Actor): Promise<number> {
  const version = current.version + 1
  const result = await tx
    .updateTable('problems')
    .set({ ...changes, version, updated_at: actor.at.toISOString() })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictSignal()
  return version
}

/** Who saved since `expectedVersion` and what they changed: every write left exactly one audit row. */
async function describeConflict(db: DB, problemId: number, expectedVersion: number): Promise<ProblemConflict> {
  const row = await db.selectFrom('problems').select('version').where('id', '=', problemId).executeTakeFirst()
  const currentVersion = row?.version ?? 0
  const missed = Math.max(0, currentVersion - expectedVersion)
  const history = missed > 0 ? (await problemHistory(db, problemId)).slice(-missed) : []
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
