// What the user pages need at render time (not a .server module: route components import it).
import type { Role } from '../../db/schema'

/** Roles a township administrator may give: the county bureau's accounts belong to the county, not a township. */
export const TOWNSHIP_ROLES = ['leader', 'cadre', 'inspector', 'admin'] as const satisfies readonly Role[]
export type TownshipRole = (typeof TOWNSHIP_ROLES)[number]
export const MIN_PASSWORD_LENGTH = 10
