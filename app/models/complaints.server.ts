// 举报/信访: the township's register of public reports and petitions, and their verification (件件有核实).
//
// A report is registered with its channel, the day it was received, the village (and household) it concerns, its
// content, the reporter's name and contact, and the day its verification is due. The reporter's identity is read
// only by the functions that are asked for it (withReporter) and never written to the audit log: cadres never
// reach any of this, and nothing here hands the identity to a page that does not ask for it.
//
// Verification records who checked, when, and the result: 属实 (a problem is registered in the village's register,
// or an existing one linked), 部分属实 (likewise optional, with the reason) or 不属实 (with the reason). A major
// petition (重大信访) or an egregious violation gets a dedicated supervisor (专人督办) with a deadline, assigned by
// a township leader; it stays on the leader's attention list until the report is closed (办结).
//
// Every write is one transaction with one audit row and a compare-and-set on complaints.version.
import type { Selectable, Transaction, Updateable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { ComplaintTable, Database, ProblemCategory, ProblemSource, ProblemStatus } from '../../db/schema'
import { daysBetween, isDay } from '../../workflows/rules/dates'
import { changedFields, recordAudit, auditHistoryOf, type AuditHistoryEntry } from './audit.server'
import { createProblem } from './problems.server'
import { getAccountability, resolveDeadline, textError, trimOrNull, type Actor, type DeadlineInput, type DeadlineNotes, type SupervisionFieldError } from './supervision.server'
import { SUPERVISION_LIMITS, SUPERVISOR_ROLES, type ComplaintChannel, type ComplaintResult, type ComplaintStatus } from './supervisionRules'

export type { DeadlineInput, DeadlineNotes }

type Tx = Transaction<Database>
type ComplaintRow = Selectable<ComplaintTable>

/** Which township's register, in which campaign: every function stays inside it. */
export interface ComplaintScope {
  townshipId: number
  campaignId: number
}

function isVerificationOverdue(c: { status: ComplaintStatus; deadline_on: string }, today: string): boolean {
  return c.status === 'open' && c.deadline_on < today
}

function isSupervisionOverdue(c: { status: ComplaintStatus; supervisor_deadline_on: string | null }, today: string): boolean {
  return c.status !== 'closed' && c.supervisor_deadline_on !== null && c.supervisor_deadline_on < today
}

// ————————————————————————————————————————— reading —————————————————————————————————————————

export interface ComplaintListItem {
  id: number
  channel: ComplaintChannel
  receivedOn: string
  villageId: number
  villageName: string
  householdHead: string | null
  content: string
  deadlineOn: string
  /** unverified past its deadline */
  overdue: boolean
  daysOverdue: number
  isMajor: boolean
  supervisorName: string | null
  supervisorDeadlineOn: string | null
  supervisorOverdue: boolean
  status: ComplaintStatus
  result: ComplaintResult | null
  problemId: number | null
}

export interface ComplaintRegister {
  complaints: ComplaintListItem[]
  total: number
  byStatus: Record<ComplaintStatus, number>
  overdue: number
  major: number
}

const STATUS_RANK: Record<ComplaintStatus, number> = { open: 0, verified: 1, closed: 2 }

/** The register: open first by deadline, then verified, then closed; counts over the whole register. */
export async function listComplaints(db: DB, q: ComplaintScope & { status?: ComplaintStatus; majorOnly?: boolean; today: string }): Promise<ComplaintRegister> {
  const rows = await db
    .selectFrom('complaints')
    .innerJoin('villages', 'villages.id', 'complaints.village_id')
    .leftJoin('households', 'households.id', 'complaints.household_id')
    .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
    .select([
      'complaints.id', 'complaints.channel', 'complaints.received_on', 'complaints.village_id', 'villages.name as villageName', 'households.head_name as householdHead',
      'complaints.content', 'complaints.deadline_on', 'complaints.is_major', 'supervisor.display_name as supervisorName', 'complaints.supervisor_deadline_on',
      'complaints.status', 'complaints.verification_result', 'complaints.problem_id',
    ])
    .where('complaints.campaign_id', '=', q.campaignId)
    .where('villages.township_id', '=', q.townshipId)
    .execute()
  const all = rows
    .map((r): ComplaintListItem => {
      const overdue = isVerificationOverdue(r, q.today)
      return {
        id: r.id, channel: r.channel, receivedOn: r.received_on, villageId: r.village_id, villageName: r.villageName, householdHead: r.householdHead, content: r.content,
        deadlineOn: r.deadline_on, overdue, daysOverdue: overdue ? daysBetween(r.deadline_on, q.today) : 0, isMajor: r.is_major === 1, supervisorName: r.supervisorName,
        supervisorDeadlineOn: r.supervisor_deadline_on, supervisorOverdue: isSupervisionOverdue(r, q.today), status: r.status, result: r.verification_result, problemId: r.problem_id,
      }
    })
    .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || Number(b.isMajor) - Number(a.isMajor) || a.deadlineOn.localeCompare(b.deadlineOn) || a.id - b.id)
  const byStatus: Record<ComplaintStatus, number> = { open: 0, verified: 0, closed: 0 }
  for (const c of all) byStatus[c.status] += 1
  return {
    complaints: all.filter((c) => (!q.status || c.status === q.status) && (!q.majorOnly || c.isMajor)),
    total: all.length,
    byStatus,
    overdue: all.filter((c) => c.overdue).length,
    major: all.filter((c) => c.isMajor && c.status !== 'closed').length,
  }
}

/** The township's villages, and the households of one of them, for the register form. */
export async function registerChoices(db: DB, q: { townshipId: number; villageId?: number | null }) {
  const villages = await db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', q.townshipId).orderBy('sort_order').execute()
  const chosen = q.villageId ? villages.find((v) => v.id === q.villageId) ?? null : null
  const households = chosen
    ? await db.selectFrom('households').select(['id', 'head_name', 'id_number']).where('village_id', '=', chosen.id).orderBy('head_name').orderBy('id').execute()
    : []
  return { villages, village: chosen, households: households.map((h) => ({ id: h.id, headName: h.head_name, idTail: h.id_number.slice(-4) })) }
}

export type ComplaintHistoryEntry = AuditHistoryEntry

export interface ComplaintDetail {
  complaint: ComplaintListItem & {
    householdId: number | null
    verificationNote: string | null
    verifiedOn: string | null
    verifiedByName: string | null
    createdByName: string | null
    createdAt: string
    version: number
  }
  /** only when asked for (leaders and inspectors); null otherwise */
  reporter: { name: string | null; contact: string | null } | null
  responsible: {
    villageLeader: string | null
    villageCadres: string[]
    /** the household's 包户干部 */
    householdCadre: string | null
    supervisor: string | null
    supervisorDeadlineOn: string | null
    verifier: string | null
  }
  problem: { id: number; category: ProblemCategory; status: ProblemStatus; description: string } | null
  /** the village's problems a verification may link to */
  problems: Array<{ id: number; category: ProblemCategory; status: ProblemStatus; description: string }>
  /** who may be named dedicated supervisor */
  supervisors: Array<{ id: number; name: string; role: string }>
  /** oldest first */
  history: ComplaintHistoryEntry[]
  /** display names of the people the history names by id (supervisors) */
  userNames: Record<number, string>
}

export type GetComplaintResult = { ok: true; detail: ComplaintDetail } | { ok: false; kind: 'notFound' }

/** One report as its page shows it. The reporter's identity is read only when `withReporter` says so. */
export async function getComplaint(db: DB, q: ComplaintScope & { complaintId: number; today: string; withReporter: boolean }): Promise<GetComplaintResult> {
  const row = await db
    .selectFrom('complaints')
    .innerJoin('villages', 'villages.id', 'complaints.village_id')
    .leftJoin('households', 'households.id', 'complaints.household_id')
    .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
    .leftJoin('users as verifier', 'verifier.id', 'complaints.verified_by_user_id')
    .leftJoin('users as creator', 'creator.id', 'complaints.created_by_user_id')
    .select([
      'complaints.id', 'complaints.campaign_id', 'complaints.channel', 'complaints.received_on', 'complaints.village_id', 'villages.name as villageName', 'villages.township_id',
      'complaints.household_id', 'households.head_name as householdHead', 'households.responsible_cadre as householdCadre', 'complaints.content', 'complaints.deadline_on',
      'complaints.is_major', 'supervisor.display_name as supervisorName', 'complaints.supervisor_deadline_on', 'complaints.status', 'complaints.verification_result',
      'complaints.verification_note', 'complaints.verified_on', 'verifier.display_name as verifiedByName', 'complaints.problem_id', 'creator.display_name as createdByName',
      'complaints.created_at', 'complaints.version',
    ])
    .where('complaints.id', '=', q.complaintId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId || row.township_id !== q.townshipId) return { ok: false, kind: 'notFound' }

  const [reporter, accountability, problems, supervisors, history] = await Promise.all([
    q.withReporter ? db.selectFrom('complaints').select(['reporter_name', 'reporter_contact']).where('id', '=', row.id).executeTakeFirstOrThrow() : Promise.resolve(null),
    getAccountability(db, { villageId: row.village_id }),
    db.selectFrom('problems').select(['id', 'category', 'status', 'description']).where('campaign_id', '=', q.campaignId).where('village_id', '=', row.village_id).orderBy('id').execute(),
    db.selectFrom('users').select(['id', 'display_name', 'role']).where('township_id', '=', q.townshipId).where('role', 'in', [...SUPERVISOR_ROLES]).where('active', '=', 1)
      .orderBy('role').orderBy('id').execute(),
    complaintHistory(db, row.id),
  ])
  const named = [...new Set(history.flatMap((h) => [h.before?.supervisor_user_id, h.after?.supervisor_user_id]).filter((id): id is number => typeof id === 'number'))]
  const userNames = named.length
    ? Object.fromEntries((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', named).execute()).map((u) => [u.id, u.display_name]))
    : {}
  const overdue = isVerificationOverdue(row, q.today)
  const problem = problems.find((p) => p.id === row.problem_id) ?? null
  return {
    ok: true,
    detail: {
      complaint: {
        id: row.id, channel: row.channel, receivedOn: row.received_on, villageId: row.village_id, villageName: row.villageName, householdHead: row.householdHead,
        householdId: row.household_id, content: row.content, deadlineOn: row.deadline_on, overdue, daysOverdue: overdue ? daysBetween(row.deadline_on, q.today) : 0,
        isMajor: row.is_major === 1, supervisorName: row.supervisorName, supervisorDeadlineOn: row.supervisor_deadline_on, supervisorOverdue: isSupervisionOverdue(row, q.today),
        status: row.status, result: row.verification_result, problemId: row.problem_id, verificationNote: row.verification_note, verifiedOn: row.verified_on,
        verifiedByName: row.verifiedByName, createdByName: row.createdByName, createdAt: row.created_at, version: row.version,
      },
      reporter: reporter ? { name: reporter.reporter_name, contact: reporter.reporter_contact } : null,
      responsible: {
        villageLeader: accountability.villageLeader, villageCadres: accountability.villageCadres, householdCadre: row.householdCadre,
        supervisor: row.supervisorName, supervisorDeadlineOn: row.supervisor_deadline_on, verifier: row.verifiedByName,
      },
      problem,
      problems,
      supervisors: supervisors.map((s) => ({ id: s.id, name: s.display_name, role: s.role })),
      history,
      userNames,
    },
  }
}

function complaintHistory(db: DB | Tx, id: number): Promise<ComplaintHistoryEntry[]> {
  return auditHistoryOf(db, 'complaint', id)
}

// ————————————————————————————————————————— writing —————————————————————————————————————————

export type ComplaintField =
  | 'channel' | 'receivedOn' | 'villageId' | 'householdId' | 'content' | 'reporterName' | 'reporterContact' | 'deadline'
  | 'verifiedOn' | 'result' | 'note' | 'problem' | 'problemDescription' | 'supervisorUserId'

export interface ComplaintConflict {
  ok: false
  kind: 'conflict'
  currentVersion: number
  saves: Array<{ actorName: string | null; occurredAt: string; action: string }>
}

export type ComplaintWriteResult =
  | { ok: true; id: number; version: number; status: ComplaintStatus; problemId: number | null; deadlineNotes: DeadlineNotes | null }
  | { ok: false; kind: 'invalid'; errors: Partial<Record<ComplaintField, SupervisionFieldError>> }
  | { ok: false; kind: 'notFound' }
  /** a village of another township, or a household of another village: the caller answers 403 */
  | { ok: false; kind: 'outOfScope' }
  | { ok: false; kind: 'notNow'; status: ComplaintStatus }
  | ComplaintConflict

class ConflictSignal extends Error {}
class Rollback extends Error {
  constructor(readonly answer: ComplaintWriteResult) {
    super('rolled back')
  }
}

async function complaintStep(db: DB, scope: { complaintId: number; expectedVersion: number }, step: (tx: Tx) => Promise<ComplaintWriteResult>): Promise<ComplaintWriteResult> {
  try {
    return await db.transaction().execute(step)
  } catch (error) {
    if (error instanceof Rollback) return error.answer
    if (!(error instanceof ConflictSignal)) throw error
    const row = await db.selectFrom('complaints').select('version').where('id', '=', scope.complaintId).executeTakeFirst()
    const currentVersion = row?.version ?? 0
    const missed = Math.max(0, currentVersion - scope.expectedVersion)
    const history = missed > 0 ? (await complaintHistory(db, scope.complaintId)).slice(-missed) : []
    return { ok: false, kind: 'conflict', currentVersion, saves: history.map((h) => ({ actorName: h.actorName, occurredAt: h.occurredAt, action: h.action })) }
  }
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
  if (row.version !== q.expectedVersion) throw new ConflictSignal()
  const { township_id: _township, ...complaint } = row
  return complaint
}

/** Compare-and-set on the version read, then the one audit row of this write (the reporter's identity never in it). */
async function writeComplaint(tx: Tx, current: ComplaintRow, townshipId: number, changes: Updateable<ComplaintTable>, action: string, actor: Actor, extra: Record<string, unknown> = {}): Promise<number> {
  const version = current.version + 1
  const result = await tx
    .updateTable('complaints')
    .set({ ...changes, version, updated_at: actor.at.toISOString() })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictSignal()
  const diff = changedFields(current as unknown as Record<string, unknown>, changes as Record<string, unknown>)
  await recordAudit(tx, {
    actorUserId: actor.userId, action, entityType: 'complaint', entityId: current.id, villageId: current.village_id, townshipId,
    before: diff.before, after: { ...diff.after, ...extra }, ip: actor.ip, at: actor.at,
  })
  return version
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
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors }

    const values = {
      campaign_id: input.campaignId, village_id: village.id, household_id: householdId, channel: input.channel, received_on: input.receivedOn, content: content!,
      deadline_on: deadline!.on, status: 'open' as const, created_by_user_id: input.actor.userId,
    }
    const at = input.actor.at.toISOString()
    const row = await tx
      .insertInto('complaints')
      .values({ ...values, reporter_name: reporterName, reporter_contact: reporterContact, is_major: 0, version: 0, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    // the audit log says a reporter was recorded, never who: the log is read more widely than the register
    await recordAudit(tx, {
      actorUserId: input.actor.userId, action: 'complaint.create', entityType: 'complaint', entityId: row.id, villageId: village.id, townshipId: input.townshipId,
      after: { ...values, reporter_recorded: reporterName !== null || reporterContact !== null }, ip: input.actor.ip, at: input.actor.at,
    })
    return { ok: true, id: row.id, version: 0, status: 'open', problemId: null, deadlineNotes: deadline!.notes }
  })
}

/** What the verification does to the problem register. */
export type ProblemChoice =
  | { kind: 'new'; category: ProblemCategory; description: string }
  | { kind: 'existing'; problemId: number }
  | { kind: 'none' }

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

/**
 * createProblem opens its own transaction; this hands it the caller's instead (every other property is the
 * transaction's own), so a problem registered from a report and the report's verification commit or roll back
 * together. Remove once createProblem accepts a transaction, as applyVillageEvent does.
 */
function insideTransaction(tx: Tx): DB {
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Tx) => Promise<T>) => fn(target) })
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  }) as unknown as DB
}

/** The problem source a report's channel means: the press is 媒体曝光, every other channel 群众举报. */
export function problemSourceOf(channel: ComplaintChannel): ProblemSource {
  return channel === 'media' ? 'media' : 'publicReport'
}

/** Record the verification (件件有核实): who, when, the result and its reason; a substantiated report puts a problem in the register. */
export async function verifyComplaint(db: DB, input: VerifyComplaintInput): Promise<ComplaintWriteResult> {
  return complaintStep(db, input, async (tx) => {
    const current = await loadForWrite(tx, input)
    if (!current) return { ok: false, kind: 'notFound' }
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
      const created = await createProblem(insideTransaction(tx), {
        campaignId: current.campaign_id, villageId: current.village_id, category: choice.category, source: problemSourceOf(current.channel),
        householdId: current.household_id, description: choice.description, today: input.today, actor: input.actor,
      })
      if (!created.ok) throw new Rollback(created.kind === 'invalid' ? { ok: false, kind: 'invalid', errors: { problemDescription: 'tooLong' } } : { ok: false, kind: 'outOfScope' })
      problemId = created.id
    }
    const version = await writeComplaint(tx, current, input.townshipId, {
      status: 'verified', verification_result: input.result, verification_note: note, verified_by_user_id: input.actor.userId, verified_on: input.verifiedOn, problem_id: problemId,
    }, 'complaint.verify', input.actor, choice.kind === 'new' ? { problem_created: true } : {})
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
  return complaintStep(db, input, async (tx) => {
    const current = await loadForWrite(tx, input)
    if (!current) return { ok: false, kind: 'notFound' }
    if (current.status === 'closed') return { ok: false, kind: 'notNow', status: current.status }
    const errors: Partial<Record<ComplaintField, SupervisionFieldError>> = {}
    const supervisor = await tx.selectFrom('users').select(['id', 'role', 'township_id', 'active']).where('id', '=', input.supervisorUserId).executeTakeFirst()
    const eligible = supervisor && supervisor.active === 1 && supervisor.township_id === input.townshipId && (SUPERVISOR_ROLES as readonly string[]).includes(supervisor.role)
    if (!eligible) errors.supervisorUserId = 'supervisorInvalid'
    const resolved = await resolveDeadline(tx, input.deadline, input.today, input.today, { townshipId: input.townshipId })
    if (!resolved.ok) errors.deadline = resolved.error
    if (Object.keys(errors).length || !resolved.ok) return { ok: false, kind: 'invalid', errors }
    const version = await writeComplaint(tx, current, input.townshipId, { is_major: 1, supervisor_user_id: input.supervisorUserId, supervisor_deadline_on: resolved.on }, 'complaint.assignSupervisor', input.actor)
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
  return complaintStep(db, input, async (tx) => {
    const current = await loadForWrite(tx, input)
    if (!current) return { ok: false, kind: 'notFound' }
    if (current.status !== 'verified') return { ok: false, kind: 'notNow', status: current.status }
    const note = trimOrNull(input.note)
    const noteError = textError(note, SUPERVISION_LIMITS.note, false)
    if (noteError) return { ok: false, kind: 'invalid', errors: { note: noteError } }
    const version = await writeComplaint(tx, current, input.townshipId, { status: 'closed' }, 'complaint.close', input.actor, { note })
    return { ok: true, id: current.id, version, status: 'closed', problemId: current.problem_id, deadlineNotes: null }
  })
}
