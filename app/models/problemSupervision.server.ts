// 专人督办 for serious problems (issue 15), as public reports have it (complaintWrites.server.ts assignSupervisor): a
// township leader or inspector marks a problem found by self-inspection or inspection as serious and names a
// supervisor — a leader or inspector of the township — with a deadline. Versioned (problems.version), one audit row.
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { isUnresolved, mayBeSerious } from './problemRules'
import {
  problemStep,
  resolveDeadline,
  writeProblem,
  type DeadlineInput,
  type ProblemField,
  type ProblemFieldError,
  type ProblemWriteResult,
} from './problemWriteParts.server'
import { SUPERVISOR_ROLES } from './supervisionRules'
import type { Actor } from './versioned.server'

export interface AssignProblemSupervisorInput {
  campaignId: number
  villageId: number
  /** the village's township: the supervisor must be one of its leaders or inspectors */
  townshipId: number
  problemId: number
  expectedVersion: number
  supervisorUserId: number
  deadline: DeadlineInput
  today: string
  actor: Actor
}

/**
 * Mark an unresolved problem serious and name (or change) its supervisor and deadline. The caller has checked that
 * the actor may (problemRules mayAssignProblemSupervisor); refused for a problem not found by 自查 or 督查, or no
 * longer being rectified; the supervisor must be an active leader or inspector of the township.
 */
export async function assignProblemSupervisor(db: DB, input: AssignProblemSupervisorInput): Promise<ProblemWriteResult> {
  return problemStep(db, input, async (tx, current): Promise<ProblemWriteResult> => {
    if (!isUnresolved(current.status)) return { ok: false, kind: 'refused', refusal: 'notNow', status: current.status }
    if (!mayBeSerious(current.source)) return { ok: false, kind: 'refused', refusal: 'notSeriousSource', status: current.status }
    const errors: Partial<Record<ProblemField, ProblemFieldError>> = {}
    const supervisor = await tx
      .selectFrom('users')
      .select(['id', 'role', 'township_id', 'active', 'display_name'])
      .where('id', '=', input.supervisorUserId)
      .executeTakeFirst()
    const eligible =
      supervisor && supervisor.active === 1 && supervisor.township_id === input.townshipId && (SUPERVISOR_ROLES as readonly Role[]).includes(supervisor.role)
    if (!eligible) errors.supervisorUserId = 'supervisorInvalid'
    const resolved = await resolveDeadline(tx, input.deadline, input.today, current.village_id)
    if (!resolved.ok) errors.deadline = resolved.error
    if (Object.keys(errors).length || !resolved.ok || !supervisor) return { ok: false, kind: 'invalid', errors }
    const version = await writeProblem(
      tx,
      current,
      { is_serious: 1, supervisor_user_id: supervisor.id, supervisor_deadline_on: resolved.on },
      'problem.assignSupervisor',
      input.actor,
      // the history names the supervisor, not an account number
      { supervisor: supervisor.display_name },
    )
    return { ok: true, id: current.id, version, status: current.status, deadlineOn: current.deadline_on, deadlineNotes: resolved.notes }
  })
}

export interface SupervisorChoice {
  id: number
  name: string
  role: Role
}

/** Whom the form offers as supervisor: the township's active leaders and inspectors, by name. */
export async function listProblemSupervisors(db: DB, townshipId: number): Promise<SupervisorChoice[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('township_id', '=', townshipId)
    .where('active', '=', 1)
    .where('role', 'in', SUPERVISOR_ROLES)
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role }))
}
