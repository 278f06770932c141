// Limits, vocabularies and who-may-do-what of supervision (检查督导) and public reports (举报/信访) that route
// schemas and pages need at module level, so they live outside the .server modules (the browser bundle gets an
// empty .server module).
import type { Role } from '../../db/schema'
import { COMPLAINT_CHANNELS } from '../../workflows/rules/vocabulary'

export { COMPLAINT_CHANNELS }
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number]

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

/** 责令整改 status: open 待答复 → answered 待核验 → accepted 已通过; a rejection sends it back to open. */
export const ORDER_STATUSES = ['open', 'answered', 'accepted'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** 核实结果: 属实 (a problem is registered or linked), 部分属实, 不属实 (with the reason). */
export const COMPLAINT_RESULTS = ['substantiated', 'partly', 'unsubstantiated'] as const
export type ComplaintResult = (typeof COMPLAINT_RESULTS)[number]

/** 举报 status: open 待核实 → verified 已核实 → closed 已办结. */
export const COMPLAINT_STATUSES = ['open', 'verified', 'closed'] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]

/** What a substantiated (or partly substantiated) report does to the problem register. */
export const PROBLEM_LINKS = ['new', 'existing', 'none'] as const
export type ProblemLink = (typeof PROBLEM_LINKS)[number]

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

/** A result that needs a problem in the register, and one that needs a written reason. */
export function resultNeedsProblem(result: ComplaintResult): boolean {
  return result === 'substantiated'
}
export function resultNeedsNote(result: ComplaintResult): boolean {
  return result !== 'substantiated'
}
