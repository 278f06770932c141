// What the user pages need at render time (not a .server module: route components import it).
import type { Role } from '../../db/schema'

/** Roles a township administrator may give: the county bureau's accounts belong to the county, not a township. */
export const TOWNSHIP_ROLES = ['leader', 'cadre', 'inspector', 'liaison', 'admin'] as const satisfies readonly Role[]
export type TownshipRole = (typeof TOWNSHIP_ROLES)[number]
export const MIN_PASSWORD_LENGTH = 10
/** A username: latin letters, digits, '.', '_' and '-', 2–40 of them (every form and command that makes accounts). */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{2,40}$/
/** A phone number as the user forms take it: digits only, 7–20 of them (optional). */
export const PHONE_PATTERN = /^\d{7,20}$/

/**
 * 镇民政所 (issue 15, ADR 010): a township account named to do 镇审核 beside the leaders. Any township account but a
 * village cadre's (users.civil_affairs; CurrentUser.civilAffairs).
 */
export function mayBeCivilAffairs(role: Role): boolean {
  return role !== 'cadre'
}
