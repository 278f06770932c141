// Limits and status rules of the problem register that route schemas need at module level, so they live
// outside the .server module (the browser bundle gets an empty .server module).
import type { ProblemSource, ProblemStatus, Role } from '../../db/schema'

export const PROBLEM_LIMITS = { description: 1000, measure: 1000, responsiblePerson: 50, note: 500, reason: 500, workingDays: 365, deadlineDays: 366 } as const

/** The latest deadline a problem may be given on `today`: one year on (a 9999-12-31 deadline is never overdue). */
export function latestDeadline(today: string): string {
  const [y, m, d] = today.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d + PROBLEM_LIMITS.deadlineDays))
  return date.toISOString().slice(0, 10)
}

/**
 * Where a problem came from decides who may rewrite it: the village's own finding (自查) is the village's to
 * describe; an inspector's finding, a public report, media exposure or a cross-check is a record someone else made,
 * read-only to the village. The server sets the source from the role (a cadre registers 自查 only).
 */
export function isVillageOwnFinding(source: ProblemSource): boolean {
  return source === 'selfInspection'
}

/** Statuses that still need work: they feed the overdue / due-soon lists. */
export const UNRESOLVED_STATUSES = ['open', 'rectifying'] as const satisfies readonly ProblemStatus[]

export function isUnresolved(status: ProblemStatus): boolean {
  return (UNRESOLVED_STATUSES as readonly ProblemStatus[]).includes(status)
}

/** 专人督办 (issue 15): a serious problem found by the village's own self-inspection or by an inspection may be put under a named supervisor. */
export const SERIOUS_PROBLEM_SOURCES = ['selfInspection', 'inspector'] as const satisfies readonly ProblemSource[]

export function mayBeSerious(source: ProblemSource): boolean {
  return (SERIOUS_PROBLEM_SOURCES as readonly ProblemSource[]).includes(source)
}

/** Who marks a problem serious and names its supervisor (a leader or inspector of the township, supervisionRules SUPERVISOR_ROLES). */
export const PROBLEM_SUPERVISION_ROLES = ['leader', 'inspector'] as const satisfies readonly Role[]

export function mayAssignProblemSupervisor(role: Role): boolean {
  return (PROBLEM_SUPERVISION_ROLES as readonly Role[]).includes(role)
}
