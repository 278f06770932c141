// 举报/信访, the writing: register a report, verify it (件件有核实; a substantiated one registers its problem in the
// same transaction), assign a dedicated supervisor (专人督办), close it (办结). Every write is one transaction with one
// audit row (the reporter's identity never in it) and a compare-and-set on complaints.version
// (app/models/versioned.server.ts). The rules are at the top of complaints.server.ts.
import type { Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { ComplaintTable, ProblemCategory, ProblemSource } from '../../db/schema'
import { isDay } from '../../workflows/rules/dates'
import { recordAudit } from './audit.server'
import { createProblem } from './problemWrites.server'
import { resolveDeadline, textError, trimOrNull, type DeadlineInput, type DeadlineNotes, type SupervisionFieldError } from './supervision.server'
import { SUPERVISION_LIMITS, SUPERVISOR_ROLES, type ComplaintChannel, type ComplaintResult, type ComplaintStatus } from './supervisionRules'
import { assertVersion, auditedUpdate, conflictSince, Rollback, versionedStep, type Actor, type Conflict, type Tx } from './versioned.server'
import { type ComplaintScope, type ComplaintRow } from './complaints.server'

// ————————————————————————————————————————— writing —————————————————————————————————————————

export type ComplaintField =
  | 'channel'
  | 'receivedOn'
  | 'villageId'
  | 'householdId'
  | 'content'
  | 'reporterName'
  | 'reporterContact'
  | 'deadline'
  | 'verifiedOn'
  | 'result'
  | 'note'
  | 'problem'
  | 'problemDescription'
  | 'supervisorUserId'

export type ComplaintConflict = Conflict

export type ComplaintWriteResult =
  | { ok: true; id: number; version: number; status: ComplaintStatus; problemId: number | null; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<ComplaintField, SupervisionFieldError>> }
  | { ok: false; kind: 'notFound' }
  /** a village of another township, or a household of another village: the caller answers 403 */
  | { ok: false; kind: 'outOfScope' }
  | { ok: false; kind: 'notNow'; status: ComplaintStatus }
  | ComplaintConflict

/** One write to one report in one transaction: the report of this register, at the version the page was loaded with. */
function complaintStep(
  db: DB,
  scope: ComplaintScope & { complaintId: number; expectedVersion: number },
  step: (tx: Tx, current: ComplaintRow) => Promise<ComplaintWriteResult>,
): Promise<ComplaintWriteResult> {
  return versionedStep(
    db,
    async (tx): Promise<ComplaintWriteResult> => {
      const current = await loadForWrite(tx, scope)
      return current ? step(tx, current) : { ok: false, kind: 'notFound' }
    },
    () => conflictSince(db, { table: 'complaints', entityType: 'complaint', id: scope.complaintId, expectedVersion: scope.expectedVersion }),
  )
}

async function loadForWrite(tx: Tx, q: ComplaintScope & { complaintId: number; expectedVersion: number }): Promise<ComplaintRow | null> {
  const row = await tx
    .selectFrom('complaints')
    .innerJoin('villages', 'villages.id', 'complaints.village_id')
    .selectAll('complaints')
    .select('villages.township_id')
    .where('complaints.id', '=', q.complaintId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId || row.township_id !== q.townshipId) return null
  assertVersion(row.version, q.expectedVersion)
  const { township_id: _township, ...complaint } = row
  return complaint
}

/** Compare-and-set on the version read, then the one audit row of this write (the reporter's identity never in it). */
function writeComplaint(
  tx: Tx,
  current: ComplaintRow,
  townshipId: number,
  changes: Updateable<ComplaintTable>,
  action: string,
  actor: Actor,
  extra?: Record<string, unknown>,
): Promise<number> {
  return auditedUpdate(tx, { table: 'complaints', entityType: 'complaint', current, changes, action, actor, townshipId, extra })
}

export interface RegisterComplaintInput extends ComplaintScope {
  channel: ComplaintChannel
  receivedOn: string
  villageId: number
  householdId?: number | null
  content: string
  reporterName?: string | null
  reporterContact?: string | null
  /** verification due: a date not before the day received, or N working days after it */
  deadline: DeadlineInput
  today: string
  actor: Actor
}

/** Register a report (status 待核实) with its audit row, in one transaction. */
export async function registerComplaint(db: DB, input: RegisterComplaintInput): Promise<ComplaintWriteResult> {
  return db.transaction().execute(async (tx): Promise<ComplaintWriteResult> => {
    const village = await tx.selectFrom('villages').select(['id', 'township_id']).where('id', '=', input.villageId).executeTakeFirst()
    if (!village || village.township_id !== input.townshipId) return { ok: false, kind: 'outOfScope' }
    const householdId = input.householdId ?? null
    if (householdId !== null) {
      const household = await tx.selectFrom('households').select('village_id').where('id', '=', householdId).executeTakeFirst()
      if (!household || household.village_id !== village.id) return { ok: false, kind: 'outOfScope' }
    }
    const errors: Partial<Record<ComplaintField, SupervisionFieldError>> = {}
    const put = (field: ComplaintField, error: SupervisionFieldError | null) => {
      if (error) errors[field] ??= error
    }
    const content = trimOrNull(input.content)
    const reporterName = trimOrNull(input.reporterName)
    const reporterContact = trimOrNull(input.reporterContact)
    put('content', textError(content, SUPERVISION_LIMITS.content, true))
    put('reporterName', textError(reporterName, SUPERVISION_LIMITS.reporterName, false))
    put('reporterContact', textError(reporterContact, SUPERVISION_LIMITS.reporterContact, false))
    const received = isDay(input.receivedOn) && input.receivedOn <= input.today
    if (!isDay(input.receivedOn)) put('receivedOn', 'invalidDate')
    else if (input.receivedOn > input.today) put('receivedOn', 'dateInFuture')
    let deadline: { on: string; notes: DeadlineNotes | null } | null = null
    if (received) {
      const resolved = await resolveDeadline(tx, input.deadline, input.receivedOn, input.receivedOn, { townshipId: input.townshipId })
      if (resolved.ok) deadline = resolved
      else put('deadline', resolved.error === 'deadlinePast' ? 'deadlineBeforeReceived' : resolved.error)
    }
    // no errors means content and deadline are there; the test says so to the type checker too
    if (Object.keys(errors).length || content === null || deadline === null) return { ok: false, kind: 'invalid', errors }

    const values = {
      campaign_id: input.campaignId,
      village_id: village.id,
      household_id: householdId,
      channel: input.channel,
      received_on: input.receivedOn,
      content,
      deadline_on: deadline.on,
      status: 'open' as const,
      created_by_user_id: input.actor.userId,
    }
    const at = input.actor.at.toISOString()
    const row = await tx
      .insertInto('complaints')
      .values({ ...values, reporter_name: reporterName, reporter_contact: reporterContact, is_major: 0, version: 0, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    // the audit log says a reporter was recorded, never who: the log is read more widely than the register
    await recordAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'complaint.create',
      entityType: 'complaint',
      entityId: row.id,
      villageId: village.id,
      townshipId: input.townshipId,
      after: { ...values, reporter_recorded: reporterName !== null || reporterContact !== null },
      ip: input.actor.ip,
      at: input.actor.at,
    })
    return { ok: true, id: row.id, version: 0, status: 'open', problemId: null, deadlineNotes: deadline.notes }
  })
}

/** What the verification does to the problem register. */
export type ProblemChoice = { kind: 'new'; category: ProblemCategory; description: string } | { kind: 'existing'; problemId: number } | { kind: 'none' }

export interface VerifyComplaintInput extends ComplaintScope {
  complaintId: number
  expectedVersion: number
  verifiedOn: string
  result: ComplaintResult
  /** the reason: required for 部分属实 and 不属实 */
  note?: string | null
  /** 属实 needs a problem (new or existing); 部分属实 may have one; 不属实 has none */
  problem: ProblemChoice
  today: string
  actor: Actor
}

/** The problem source a report's channel means: the press is 媒体曝光, every other channel 群众举报. */
export function problemSourceOf(channel: ComplaintChannel): ProblemSource {
  return channel === 'media' ? 'media' : 'publicReport'
}

/** Record the verification (件件有核实): who, when, the result and its reason; a substantiated report puts a problem in the register. */
export async function verifyComplaint(db: DB, input: VerifyComplaintInput): Promise<ComplaintWriteResult> {
  return complaintStep(db, input, async (tx, current) => {
    if (current.status !== 'open') return { ok: false, kind: 'notNow', status: current.status }
    const errors: Partial<Record<ComplaintField, SupervisionFieldError>> = {}
    const put = (field: ComplaintField, error: SupervisionFieldError | null) => {
      if (error) errors[field] ??= error
    }
    if (!isDay(input.verifiedOn)) put('verifiedOn', 'invalidDate')
    else if (input.verifiedOn > input.today) put('verifiedOn', 'dateInFuture')
    else if (input.verifiedOn < current.received_on) put('verifiedOn', 'beforeReceived')
    const note = trimOrNull(input.note)
    put('note', textError(note, SUPERVISION_LIMITS.note, input.result !== 'substantiated'))
    const choice: ProblemChoice = input.result === 'unsubstantiated' ? { kind: 'none' } : input.problem
    if (input.result === 'substantiated' && choice.kind === 'none') put('problem', 'problemRequired')
    if (choice.kind === 'existing') {
      const problem = await tx.selectFrom('problems').select(['village_id', 'campaign_id']).where('id', '=', choice.problemId).executeTakeFirst()
      if (!problem || problem.village_id !== current.village_id || problem.campaign_id !== current.campaign_id) put('problem', 'problemNotInVillage')
    }
    if (choice.kind === 'new') put('problemDescription', textError(trimOrNull(choice.description), SUPERVISION_LIMITS.problemDescription, true))
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

    let problemId: number | null = choice.kind === 'existing' ? choice.problemId : null
    if (choice.kind === 'new') {
      // in this transaction: the problem and the report's verification commit or roll back together
      const created = await createProblem(tx, {
        campaignId: current.campaign_id,
        villageId: current.village_id,
        category: choice.category,
        source: problemSourceOf(current.channel),
        householdId: current.household_id,
        description: choice.description,
        today: input.today,
        actor: input.actor,
      })
      if (!created.ok)
        throw new Rollback<ComplaintWriteResult>(
          created.kind === 'invalid' ? { ok: false, kind: 'invalid', errors: { problemDescription: 'tooLong' } } : { ok: false, kind: 'outOfScope' },
        )
      problemId = created.id
    }
    const version = await writeComplaint(
      tx,
      current,
      input.townshipId,
      {
        status: 'verified',
        verification_result: input.result,
        verification_note: note,
        verified_by_user_id: input.actor.userId,
        verified_on: input.verifiedOn,
        problem_id: problemId,
      },
      'complaint.verify',
      input.actor,
      choice.kind === 'new' ? { problem_created: true } : {},
    )
    return { ok: true, id: current.id, version, status: 'verified', problemId, deadlineNotes: null }
  })
}

export interface AssignSupervisorInput extends ComplaintScope {
  complaintId: number
  expectedVersion: number
  supervisorUserId: number
  /** by when the supervisor sees it through: a date from today on, or N working days */
  deadline: DeadlineInput
  today: string
  actor: Actor
}

/** 派专人督办: mark the report major and name a township leader or inspector, with a deadline. A new name replaces the old. */
export async function assignSupervisor(db: DB, input: AssignSupervisorInput): Promise<ComplaintWriteResult> {
  return complaintStep(db, input, async (tx, current) => {
    if (current.status === 'closed') return { ok: false, kind: 'notNow', status: current.status }
    const errors: Partial<Record<ComplaintField, SupervisionFieldError>> = {}
    const supervisor = await tx.selectFrom('users').select(['id', 'role', 'township_id', 'active']).where('id', '=', input.supervisorUserId).executeTakeFirst()
    const eligible =
      supervisor && supervisor.active === 1 && supervisor.township_id === input.townshipId && (SUPERVISOR_ROLES as readonly string[]).includes(supervisor.role)
    if (!eligible) errors.supervisorUserId = 'supervisorInvalid'
    const resolved = await resolveDeadline(tx, input.deadline, input.today, input.today, { townshipId: input.townshipId })
    if (!resolved.ok) errors.deadline = resolved.error
    if (Object.keys(errors).length || !resolved.ok) return { ok: false, kind: 'invalid', errors }
    const version = await writeComplaint(
      tx,
      current,
      input.townshipId,
      { is_major: 1, supervisor_user_id: input.supervisorUserId, supervisor_deadline_on: resolved.on },
      'complaint.assignSupervisor',
      input.actor,
    )
    return { ok: true, id: current.id, version, status: current.status, problemId: current.problem_id, deadlineNotes: resolved.notes }
  })
}

export interface CloseComplaintInput extends ComplaintScope {
  complaintId: number
  expectedVersion: number
  note?: string | null
  actor: Actor
}

/** 办结: a verified report is closed; it leaves the leader's attention list. */
export async function closeComplaint(db: DB, input: CloseComplaintInput): Promise<ComplaintWriteResult> {
  return complaintStep(db, input, async (tx, current) => {
    if (current.status !== 'verified') return { ok: false, kind: 'notNow', status: current.status }
    const note = trimOrNull(input.note)
    const noteError = textError(note, SUPERVISION_LIMITS.note, false)
    if (noteError) return { ok: false, kind: 'invalid', errors: { note: noteError } }
    const version = await writeComplaint(tx, current, input.townshipId, { status: 'closed' }, 'complaint.close', input.actor, { note })
    return { ok: true, id: current.id, version, status: 'closed', problemId: current.problem_id, deadlineNotes: null }
  })
}
