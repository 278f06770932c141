// Limits, vocabularies and who-may-do-what of supervision (检查督导) and public reports (举报/信访) that route
// schemas and pages need at module level, so they live outside the .server modules (the browser bundle gets an
// empty .server module).
import type { Role } from '../../db/schema'
// the vocabularies themselves are declared once, in workflows/rules/vocabulary.ts
export {
  COMPLAINT_CHANNELS,
  COMPLAINT_RESULTS,
  COMPLAINT_STATUSES,
  type ComplaintChannel,
  type ComplaintResult,
  type ComplaintStatus,
  type OrderStatus,
} from '../../workflows/rules/vocabulary'

/** Lengths in characters, and the longest working-day deadline a form accepts. */
export const SUPERVISION_LIMITS = {
  inspectors: 100,
  checked: 1000,
  findings: 2000,
  reason: 1000,
  response: 2000,
  note: 1000,
  workingDays: 365,
  content: 2000,
  reporterName: 50,
  reporterContact: 100,
  problemDescription: 1000,
} as const

/** What a substantiated (or partly substantiated) report does to the problem register. */
export const PROBLEM_LINKS = ['new', 'existing', 'none'] as const

/**
 * Who may do what with the township's register of reports. Cadres appear nowhere: the register, and above all
 * the reporter's identity, is never theirs to see (保护举报人).
 */
export const COMPLAINT_ROLES = {
  /** the register and a report's page */
  view: ['leader', 'inspector', 'admin'],
  /** the reporter's name and contact (an administrator keeps the system, not the cases) */
  reporter: ['leader', 'inspector'],
  register: ['leader', 'inspector'],
  verify: ['leader', 'inspector'],
  /** 派专人督办 */
  assignSupervisor: ['leader'],
  /** 办结 */
  close: ['leader'],
} as const satisfies Record<string, readonly Role[]>

export type ComplaintRight = keyof typeof COMPLAINT_ROLES

export function complaintRight(role: Role, right: ComplaintRight): boolean {
  return (COMPLAINT_ROLES[right] as readonly Role[]).includes(role)
}

/** Who may be named dedicated supervisor (专人督办): the township's leaders and inspectors. */
export const SUPERVISOR_ROLES = ['leader', 'inspector'] as const satisfies readonly Role[]
