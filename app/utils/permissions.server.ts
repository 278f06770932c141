// The one permission module. Every loader and action calls one of these once; a parent route's check does not
// protect its children. How roles map to rights: docs/decisions/003-roles-and-rights.md.
import { json, redirect } from '@remix-run/node'
import type { Role } from '../../db/schema'
import type { ApprovalRole } from '../../workflows/approvalSteps'
import { getCurrentUser, type CurrentUser } from './auth.server'
import { getDb } from './db.server'

/** What a user may do with a village. */
export type VillageRight = 'view' | 'work' | 'supervise' | 'lead'

export const VILLAGE_RIGHTS: Record<VillageRight, readonly Role[]> = {
  // read the village's pages
  view: ['leader', 'inspector', 'county', 'admin', 'cadre', 'liaison'],
  // the cadre's own work: checklists, household reviews, problem register, self-inspection report
  work: ['cadre'],
  // inspectors' work: visits, superficial-work flags, rectification orders, verification (a 包村干部 on his villages)
  supervise: ['inspector', 'leader', 'liaison'],
  // leadership: phase windows, sending a village back, dedicated supervisors
  lead: ['leader', 'admin'],
}

export function forbidden(): never {
  throw json({ message: 'forbidden' }, { status: 403 })
}

export function notFound(): never {
  throw json({ message: 'not found' }, { status: 404 })
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request)
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login${back && back !== '/' ? `?redirectTo=${encodeURIComponent(back)}` : ''}`)
  }
  return user
}

export async function requireRole(request: Request, roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser(request)
  if (!roles.includes(user.role)) forbidden()
  return user
}

export interface VillageInScope {
  id: number
  name: string
  townshipId: number
}

/** Can this user reach this village at all, whatever the right? Pure, so it is unit-tested on its own. */
export function isVillageInScope(user: CurrentUser, village: { id: number; township_id: number }, countyName: string | null): boolean {
  switch (user.role) {
    case 'cadre':
      return user.villageId === village.id
    case 'liaison':
      return user.townshipId === village.township_id && user.liaisonVillageIds.includes(village.id)
    case 'county':
      return user.countyName !== null && user.countyName === countyName
    default:
      return user.townshipId === village.township_id
  }
}

/**
 * `requireVillageAccess(request, villageId, 'work')`: the signed-in user with that right on that village,
 * or a 403 — whatever id the URL or a form field carries.
 */
export async function requireVillageAccess(request: Request, villageId: number | string | undefined, right: VillageRight) {
  const user = await requireUser(request)
  const id = Number(villageId)
  if (!Number.isInteger(id) || id <= 0) notFound()
  const village = await getDb()
    .selectFrom('villages')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select(['villages.id', 'villages.name', 'villages.township_id', 'townships.county_name'])
    .where('villages.id', '=', id)
    .executeTakeFirst()
  // an unknown village and someone else's village look the same to a cadre: no probing for ids
  if (!village) return user.role === 'cadre' ? forbidden() : notFound()
  if (!isVillageInScope(user, village, village.county_name) || !VILLAGE_RIGHTS[right].includes(user.role)) forbidden()
  return { user, village: { id: village.id, name: village.name, townshipId: village.township_id } satisfies VillageInScope }
}

/** The county administrator's pages (县民政局管理员): a county user with the admin flag, and their county's name. */
export async function requireCountyAdmin(request: Request): Promise<CurrentUser & { countyName: string }> {
  const user = await requireRole(request, ['county'])
  if (!user.countyAdmin || !user.countyName) forbidden()
  return { ...user, countyName: user.countyName }
}

/** A township's pages: its own leaders, inspectors and admins; the county that holds it. */
export async function requireTownshipAccess(
  request: Request,
  townshipId: number | string | undefined,
  roles: readonly Role[] = ['leader', 'inspector', 'admin', 'county'],
) {
  const user = await requireRole(request, roles)
  const id = Number(townshipId)
  if (!Number.isInteger(id) || id <= 0) notFound()
  const township = await getDb().selectFrom('townships').select(['id', 'name', 'county_name']).where('id', '=', id).executeTakeFirst()
  if (!township) notFound()
  const allowed = user.role === 'county' ? user.countyName === township.county_name : user.townshipId === township.id
  if (!allowed) forbidden()
  return { user, township: township }
}

/**
 * Who a user is in the approval chain (ADR 010): a village's cadre, a township leader, a township account of the
 * 镇民政所 (users.civil_affairs), the county bureau; anyone else (an inspector, a 包村干部, an administrator) is no
 * one there and may only read.
 */
export function approvalRoleOf(user: CurrentUser): ApprovalRole | null {
  if (user.role === 'cadre') return 'cadre'
  if (user.role === 'county') return 'county'
  if (user.civilAffairs && user.townshipId !== null) return 'civilAffairs'
  if (user.role === 'leader') return 'leader'
  return null
}

export interface ProposalInScope {
  id: number
  villageId: number
  householdId: number
  townshipId: number
}

/**
 * `requireProposalAccess(request, proposalId)`: the signed-in user who may read this proposal (the village's 'view'
 * scope) and their role in the chain — within scope: a cadre of the proposal's village, the township's leaders and
 * 镇民政所, the county of the township. The action then asks mayActorSend(role, event) once.
 */
export async function requireProposalAccess(request: Request, proposalId: number | string | undefined) {
  const user = await requireUser(request)
  const id = Number(proposalId)
  if (!Number.isInteger(id) || id <= 0) notFound()
  const row = await getDb()
    .selectFrom('proposals')
    .innerJoin('villages', 'villages.id', 'proposals.village_id')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select(['proposals.id', 'proposals.household_id', 'villages.id as village_id', 'villages.township_id', 'townships.county_name'])
    .where('proposals.id', '=', id)
    .executeTakeFirst()
  if (!row) return user.role === 'cadre' ? forbidden() : notFound()
  if (!isVillageInScope(user, { id: row.village_id, township_id: row.township_id }, row.county_name) || !VILLAGE_RIGHTS.view.includes(user.role)) forbidden()
  const proposal: ProposalInScope = { id: row.id, villageId: row.village_id, householdId: row.household_id, townshipId: row.township_id }
  return { user, proposal, approvalRole: approvalRoleOf(user) }
}
