// 问题台账, the writing: register a problem, the village's edit and steps (open → rectifying → rectified), the
// verification (核验, never by the village) and the deadline extension (批准延期). Every write is one transaction with
// exactly one audit row and a compare-and-set on problems.version (app/models/versioned.server.ts); the rules are
// listed at the top of problems.server.ts. The pieces the writes share (result types, text and deadline checks, the
// versioned step on one problem, the conflict's description) are in problemWriteParts.server.ts.
import { isUnresolved, isVillageOwnFinding, PROBLEM_LIMITS } from './problemRules'
import type { DB } from '../../db/connection.server'
import type { ProblemCategory, ProblemSource, ProblemStatus } from '../../db/schema'
import { recordAudit } from './audit.server'
import { inTransaction, type Actor, type DbOrTx } from './versioned.server'
import {
  problemStep,
  resolveDeadline,
  textError,
  trimOrNull,
  writeProblem,
  type DeadlineInput,
  type DeadlineNotes,
  type ProblemField,
  type ProblemFieldError,
  type ProblemWriteResult,
} from './problemWriteParts.server'

// the problem pages import this from here, with the writes it describes
export type { ProblemWriteResult }

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

/**
 * Register a problem (status 待整改, found today) with its audit row, in one transaction: the caller's when given one
 * (a report verified as substantiated registers its problem in the same transaction), else its own.
 */
export async function createProblem(db: DbOrTx, input: CreateProblemInput): Promise<ProblemWriteResult> {
  return inTransaction(db, async (tx): Promise<ProblemWriteResult> => {
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
    // a missing description is an error above: no errors means there is one
    if (Object.keys(errors).length || description === null) return { ok: false, kind: 'invalid', errors }

    const values = {
      campaign_id: input.campaignId,
      village_id: input.villageId,
      household_id: householdId,
      category: input.category,
      source: input.source,
      description,
      measure,
      responsible_person: responsiblePerson,
      deadline_on: deadlineOn,
      status: 'open' as const,
      found_on: input.today,
      created_by_user_id: input.actor.userId,
    }
    const at = input.actor.at.toISOString()
    const row = await tx
      .insertInto('problems')
      .values({ ...values, version: 0, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'problem.create',
      entityType: 'problem',
      entityId: row.id,
      villageId: input.villageId,
      after: values,
      ip: input.actor.ip,
      at: input.actor.at,
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
  return problemStep(db, input, async (tx, current): Promise<ProblemWriteResult> => {
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
    // a missing description is an error above: no errors means there is one
    if (Object.keys(errors).length || next.description === null) return { ok: false, kind: 'invalid', errors }

    const action = target === current.status ? 'problem.update' : target === 'rectifying' ? 'problem.startRectifying' : 'problem.markRectified'
    const changes = { ...next, description: next.description }
    const version = await writeProblem(tx, current, changes, action, input.actor)
    return { ok: true, id: current.id, version, status: target, deadlineOn: next.deadline_on, deadlineNotes }
  })
}

export interface VerifyProblemInput {
  campaignId: number
  villageId: number
  problemId: number
  expectedVersion: number
  /** accept: 验收销号 → verified; sendBack: 退回整改 → rectifying, with a note */
  decision: 'accept' | 'sendBack'
  note?: string | null
  actor: Actor
}

/**
 * Verification of a rectified problem (the 'supervise' right: inspectors and township leaders). Accepting records
 * who verified and when; sending back returns it to 整改中 and the note says why. One transaction, one audit row.
 */
export async function verifyProblem(db: DB, input: VerifyProblemInput): Promise<ProblemWriteResult> {
  return problemStep(db, input, async (tx, current): Promise<ProblemWriteResult> => {
    if (current.status !== 'rectified') return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }
    const note = trimOrNull(input.note)
    const noteError = textError(note, PROBLEM_LIMITS.note, input.decision === 'sendBack' ? 'noteRequired' : null)
    if (noteError) return { ok: false, kind: 'invalid', errors: { note: noteError } }

    const next =
      input.decision === 'accept'
        ? { status: 'verified' as const, verified_by_user_id: input.actor.userId, verified_at: input.actor.at.toISOString() }
        : { status: 'rectifying' as const, verified_by_user_id: null, verified_at: null }
    const version = await writeProblem(tx, current, next, input.decision === 'accept' ? 'problem.verify' : 'problem.sendBack', input.actor, { note })
    return { ok: true, id: current.id, version, status: next.status, deadlineOn: current.deadline_on, deadlineNotes: null }
  })
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
  return problemStep(db, input, async (tx, current): Promise<ProblemWriteResult> => {
    if (!isUnresolved(current.status)) return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }
    const errors: Partial<Record<ProblemField, ProblemFieldError>> = {}
    const reason = trimOrNull(input.reason)
    const reasonError = textError(reason, PROBLEM_LIMITS.reason, 'reasonRequired')
    if (reasonError) errors.reason = reasonError
    const resolved = await resolveDeadline(tx, input.deadline, input.today, current.village_id)
    if (!resolved.ok) errors.deadline = resolved.error
    else if (current.deadline_on !== null && resolved.on <= current.deadline_on) errors.deadline = 'extensionNotLater'
    if (Object.keys(errors).length || !resolved.ok || reason === null) return { ok: false, kind: 'invalid', errors, currentDeadline: current.deadline_on }

    const at = input.actor.at.toISOString()
    await tx
      .insertInto('problem_deadline_extensions')
      .values({
        problem_id: current.id,
        old_deadline_on: current.deadline_on,
        new_deadline_on: resolved.on,
        reason,
        granted_by_user_id: input.actor.userId,
        granted_at: at,
      })
      .execute()
    // the new deadline is later than the old one, so the audit row says deadline_on before → after, and the reason
    const version = await writeProblem(tx, current, { deadline_on: resolved.on }, 'problem.extendDeadline', input.actor, { note: reason })
    return { ok: true, id: current.id, version, status: current.status, deadlineOn: resolved.on, deadlineNotes: resolved.notes }
  })
}
