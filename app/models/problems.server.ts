// 问题台账: the problem register of a village. A problem is found (自查, 群众举报, 媒体曝光, 督查发现, 信息核对),
// given a measure, a responsible person and a deadline (限时整改), rectified by the village, and verified by an
// inspector or a township leader — never by the village itself.
//
// Status flow: open 待整改 → rectifying 整改中 → rectified 整改待验收 → verified 已销号;
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
// Here: reading (the register, one problem with its history); the writing is in problemWrites.server.ts.
import { isUnresolved } from './problemRules'
import { sql, type ExpressionBuilder, type Selectable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { Database, ProblemCategory, ProblemSource, ProblemStatus, ProblemTable } from '../../db/schema'
import { daysBetween } from '../../workflows/rules/dates'
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'
import { auditHistoryOf, type AuditHistoryEntry } from './audit.server'
import { type Tx } from './versioned.server'

export type ProblemRow = Selectable<ProblemTable>

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
  /** 专人督办 of a serious problem: its supervisor and deadline; null when not under supervision */
  supervision: ProblemSupervisionView | null
}

export interface ProblemSupervisionView {
  supervisorUserId: number | null
  /** null when the account is gone */
  supervisorName: string | null
  deadlineOn: string
  /** unresolved past the supervision deadline */
  overdue: boolean
}

function supervisionOf(
  r: { is_serious: number; supervisor_user_id: number | null; supervisor_deadline_on: string | null; supervisorName: string | null; status: ProblemStatus },
  today: string,
): ProblemSupervisionView | null {
  if (r.is_serious !== 1 || !r.supervisor_deadline_on) return null
  return {
    supervisorUserId: r.supervisor_user_id,
    supervisorName: r.supervisorName,
    deadlineOn: r.supervisor_deadline_on,
    overdue: isUnresolved(r.status) && r.supervisor_deadline_on < today,
  }
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
    .leftJoin('users as supervisor', 'supervisor.id', 'problems.supervisor_user_id')
    .select([
      'problems.id',
      'problems.category',
      'problems.source',
      'problems.status',
      'problems.description',
      'problems.measure',
      'problems.responsible_person',
      'problems.deadline_on',
      'problems.found_on',
      'problems.household_id',
      'problems.version',
      'households.head_name as householdHead',
      'problems.is_serious',
      'problems.supervisor_user_id',
      'problems.supervisor_deadline_on',
      'supervisor.display_name as supervisorName',
    ])
    .select((eb) => firstExtensionFrom(eb).as('extendedFrom'))
    .where('problems.campaign_id', '=', q.campaignId)
    .where('problems.village_id', '=', q.villageId)
    .$if(q.status !== undefined, (qb) => qb.where('problems.status', '=', q.status as ProblemStatus))
    .execute()
  const items = rows.map((r): ProblemListItem => {
    const overdue = isOverdue(r, q.today)
    return {
      id: r.id,
      category: r.category,
      source: r.source,
      status: r.status,
      description: r.description,
      measure: r.measure,
      responsiblePerson: r.responsible_person,
      deadlineOn: r.deadline_on,
      foundOn: r.found_on,
      householdId: r.household_id,
      householdHead: r.householdHead,
      overdue,
      daysOverdue: overdue && r.deadline_on !== null ? daysBetween(r.deadline_on, q.today) : 0,
      version: r.version,
      extendedFrom: r.extendedFrom ?? null,
      supervision: supervisionOf(r, q.today),
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
    .leftJoin('users as supervisor', 'supervisor.id', 'problems.supervisor_user_id')
    .selectAll('problems')
    .select([
      'households.head_name as householdHead',
      'creator.display_name as createdByName',
      'verifier.display_name as verifiedByName',
      'supervisor.display_name as supervisorName',
    ])
    .select((eb) => firstExtensionFrom(eb).as('extendedFrom'))
    .where('problems.id', '=', q.problemId)
    .executeTakeFirst()
  if (!row || row.campaign_id !== q.campaignId) return { ok: false, kind: 'notFound' }
  if (row.village_id !== q.villageId) return { ok: false, kind: 'otherVillage' }
  const [history, extensions] = await Promise.all([
    problemHistory(db, row.id),
    db
      .selectFrom('problem_deadline_extensions as ext')
      .leftJoin('users', 'users.id', 'ext.granted_by_user_id')
      .select(['ext.old_deadline_on', 'ext.new_deadline_on', 'ext.reason', 'ext.granted_at', 'users.display_name'])
      .where('ext.problem_id', '=', row.id)
      .orderBy('ext.id')
      .execute(),
  ])
  const overdue = isOverdue(row, q.today)
  const lastAudit = history.at(-1)
  return {
    ok: true,
    detail: {
      problem: {
        id: row.id,
        category: row.category,
        source: row.source,
        status: row.status,
        description: row.description,
        measure: row.measure,
        responsiblePerson: row.responsible_person,
        deadlineOn: row.deadline_on,
        foundOn: row.found_on,
        householdId: row.household_id,
        householdHead: row.householdHead,
        overdue,
        daysOverdue: overdue && row.deadline_on !== null ? daysBetween(row.deadline_on, q.today) : 0,
        version: row.version,
        villageId: row.village_id,
        createdByName: row.createdByName,
        verifiedByName: row.verifiedByName,
        verifiedAt: row.verified_at,
        updatedAt: row.updated_at,
        extendedFrom: row.extendedFrom ?? null,
        supervision: supervisionOf(row, q.today),
      },
      history,
      extensions: extensions.map((e) => ({
        oldDeadlineOn: e.old_deadline_on,
        newDeadlineOn: e.new_deadline_on,
        reason: e.reason,
        grantedByName: e.display_name,
        grantedAt: e.granted_at,
      })),
      lastSendBackNote: row.status === 'rectifying' && lastAudit?.action === 'problem.sendBack' ? String(lastAudit.after?.note ?? '') || null : null,
    },
  }
}

function problemHistory(db: DB | Tx, id: number): Promise<ProblemHistoryEntry[]> {
  return auditHistoryOf(db, 'problem', id)
}
