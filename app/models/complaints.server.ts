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
// Here: reading the register and one report; the writing is in complaintWrites.server.ts.
import type { Selectable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { ComplaintTable, ProblemCategory, ProblemStatus } from '../../db/schema'
import { daysBetween } from '../../workflows/rules/dates'
import { auditHistoryOf, type AuditHistoryEntry } from './audit.server'
import { getAccountability } from './supervision.server'
import { SUPERVISOR_ROLES, type ComplaintChannel, type ComplaintResult, type ComplaintStatus } from './supervisionRules'
import type { Tx } from './versioned.server'

export type ComplaintRow = Selectable<ComplaintTable>

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

/** What the register and a report's own page both show of it, from its row (the same columns in both queries). */
function listItemOf(
  r: Pick<
    ComplaintRow,
    | 'id'
    | 'channel'
    | 'received_on'
    | 'village_id'
    | 'content'
    | 'deadline_on'
    | 'is_major'
    | 'supervisor_deadline_on'
    | 'status'
    | 'verification_result'
    | 'problem_id'
  > & { villageName: string; householdHead: string | null; supervisorName: string | null },
  today: string,
): ComplaintListItem {
  const overdue = isVerificationOverdue(r, today)
  return {
    id: r.id,
    channel: r.channel,
    receivedOn: r.received_on,
    villageId: r.village_id,
    villageName: r.villageName,
    householdHead: r.householdHead,
    content: r.content,
    deadlineOn: r.deadline_on,
    overdue,
    daysOverdue: overdue ? daysBetween(r.deadline_on, today) : 0,
    isMajor: r.is_major === 1,
    supervisorName: r.supervisorName,
    supervisorDeadlineOn: r.supervisor_deadline_on,
    supervisorOverdue: isSupervisionOverdue(r, today),
    status: r.status,
    result: r.verification_result,
    problemId: r.problem_id,
  }
}

/** The register: open first by deadline, then verified, then closed; counts over the whole register. */
export async function listComplaints(db: DB, q: ComplaintScope & { status?: ComplaintStatus; majorOnly?: boolean; today: string }): Promise<ComplaintRegister> {
  const rows = await db
    .selectFrom('complaints')
    .innerJoin('villages', 'villages.id', 'complaints.village_id')
    .leftJoin('households', 'households.id', 'complaints.household_id')
    .leftJoin('users as supervisor', 'supervisor.id', 'complaints.supervisor_user_id')
    .select([
      'complaints.id',
      'complaints.channel',
      'complaints.received_on',
      'complaints.village_id',
      'villages.name as villageName',
      'households.head_name as householdHead',
      'complaints.content',
      'complaints.deadline_on',
      'complaints.is_major',
      'supervisor.display_name as supervisorName',
      'complaints.supervisor_deadline_on',
      'complaints.status',
      'complaints.verification_result',
      'complaints.problem_id',
    ])
    .where('complaints.campaign_id', '=', q.campaignId)
    .where('villages.township_id', '=', q.townshipId)
    .execute()
  const all = rows
    .map((r) => listItemOf(r, q.today))
    .sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] || Number(b.isMajor) - Number(a.isMajor) || a.deadlineOn.localeCompare(b.deadlineOn) || a.id - b.id,
    )
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
  const chosen = q.villageId ? (villages.find((v) => v.id === q.villageId) ?? null) : null
  const households = chosen
    ? await db
        .selectFrom('households')
        .select(['id', 'head_name', 'id_number'])
        .where('village_id', '=', chosen.id)
        .orderBy('head_name')
        .orderBy('id')
        .execute()
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
      'complaints.id',
      'complaints.campaign_id',
      'complaints.channel',
      'complaints.received_on',
      'complaints.village_id',
      'villages.name as villageName',
      'villages.township_id',
      'complaints.household_id',
      'households.head_name as householdHead',
      'households.responsible_cadre as householdCadre',
      'complaints.content',
      'complaints.deadline_on',
      'complaints.is_major',
      'supervisor.display_name as supervisorName',
      'complaints.supervisor_deadline_on',
      'complaints.status',
      'complaints.verification_result',
      'complaints.verification_note',
      'complaints.verified_on',
      'verifier.display_name as verifiedByName',
      'complaints.problem_id',
      'creator.display_name as createdByName',
      'complaints.created_at',
      'complaints.version',
    ])
    .where('complaints.id', '=', q.complaintId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId || row.township_id !== q.townshipId) return { ok: false, kind: 'notFound' }

  const [reporter, accountability, problems, supervisors, history] = await Promise.all([
    q.withReporter
      ? db.selectFrom('complaints').select(['reporter_name', 'reporter_contact']).where('id', '=', row.id).executeTakeFirstOrThrow()
      : Promise.resolve(null),
    getAccountability(db, { villageId: row.village_id }),
    db
      .selectFrom('problems')
      .select(['id', 'category', 'status', 'description'])
      .where('campaign_id', '=', q.campaignId)
      .where('village_id', '=', row.village_id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'display_name', 'role'])
      .where('township_id', '=', q.townshipId)
      .where('role', 'in', [...SUPERVISOR_ROLES])
      .where('active', '=', 1)
      .orderBy('role')
      .orderBy('id')
      .execute(),
    complaintHistory(db, row.id),
  ])
  const named = [
    ...new Set(history.flatMap((h) => [h.before?.supervisor_user_id, h.after?.supervisor_user_id]).filter((id): id is number => typeof id === 'number')),
  ]
  const userNames = named.length
    ? Object.fromEntries((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', named).execute()).map((u) => [u.id, u.display_name]))
    : {}
  const problem = problems.find((p) => p.id === row.problem_id) ?? null
  return {
    ok: true,
    detail: {
      complaint: {
        ...listItemOf(row, q.today),
        householdId: row.household_id,
        verificationNote: row.verification_note,
        verifiedOn: row.verified_on,
        verifiedByName: row.verifiedByName,
        createdByName: row.createdByName,
        createdAt: row.created_at,
        version: row.version,
      },
      reporter: reporter ? { name: reporter.reporter_name, contact: reporter.reporter_contact } : null,
      responsible: {
        villageLeader: accountability.villageLeader,
        villageCadres: accountability.villageCadres,
        householdCadre: row.householdCadre,
        supervisor: row.supervisorName,
        supervisorDeadlineOn: row.supervisor_deadline_on,
        verifier: row.verifiedByName,
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
