// Limits and status rules of the problem register that route schemas need at module level, so they live
// outside the .server module (the browser bundle gets an empty .server module).
import type { ProblemStatus } from '../../db/schema'

export const PROBLEM_LIMITS = { description: 1000, measure: 1000, responsiblePerson: 50, note: 500, workingDays: 365 } as const

/** Statuses that still need work: they feed the overdue / due-soon lists. */
export const UNRESOLVED_STATUSES = ['open', 'rectifying'] as const satisfies readonly ProblemStatus[]

export function isUnresolved(status: ProblemStatus): boolean {
  return (UNRESOLVED_STATUSES as readonly ProblemStatus[]).includes(status)
}
