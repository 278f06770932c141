// An administrator's user management for their township: create users, change role, village or status, reset a
// password. Any change of what a user may do ends every session they hold (they sign in again, with a new
// session id), so a demoted or moved cadre keeps no old rights in an open browser. A 包村干部 (role liaison) works
// the villages chosen for him (village_liaisons), replaced with the user's save and audited by village name.
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { credentialProblem, hashPassword, insertAccount } from './accounts.server'
import { changedFields, recordAudit } from './audit.server'
import { assertVersion, casUpdate, describeVersionConflict, VersionConflict, type FieldConflict } from './versioned.server'

import { mayBeCivilAffairs, MIN_PASSWORD_LENGTH, PHONE_PATTERN, type TownshipRole } from './userRules'

export interface Actor {
  actorUserId: number
  at: Date
  ip?: string
}

export async function listTownshipUsers(db: DB, townshipId: number) {
  const users = await db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
      'users.village_id',
      'users.version',
      'users.phone',
      'users.civil_affairs',
      'villages.name as villageName',
    ])
    .where((eb) => eb.or([eb('users.township_id', '=', townshipId), eb('villages.township_id', '=', townshipId)]))
    .orderBy('users.role')
    .orderBy('users.username')
    .execute()
  // 包村干部: the villages each works, in the township's order
  const assigned = await db
    .selectFrom('village_liaisons')
    .innerJoin('villages', 'villages.id', 'village_liaisons.village_id')
    .select(['village_liaisons.user_id', 'villages.id', 'villages.name'])
    .where('villages.township_id', '=', townshipId)
    .orderBy('villages.sort_order')
    .execute()
  return users.map((u) => ({ ...u, liaisonVillages: assigned.filter((a) => a.user_id === u.id).map((a) => ({ id: a.id, name: a.name })) }))
}

export async function getTownshipUser(db: DB, townshipId: number, userId: number) {
  const users = await listTownshipUsers(db, townshipId)
  return users.find((u) => u.id === userId) ?? null
}

export type UserProblem =
  | 'villageRequired'
  | 'villageNotInTownship'
  | 'liaisonVillagesRequired'
  | 'phoneInvalid'
  | 'usernameTaken'
  | 'usernameInvalid'
  | 'passwordTooShort'
  | 'notFound'
  | 'lastAdmin'
  | 'civilAffairsCadre'
export type UserResult = { ok: true; userId: number; sessionsEnded: number } | { ok: false; problem: UserProblem }
export type UserUpdateResult =
  | UserResult
  /** someone saved the user after this form was loaded: nothing written (fields: displayName, role, villageId, active, phone, liaisonVillages, civilAffairs) */
  | { ok: false; problem: 'conflict'; version: number; changes: FieldConflict[] }

async function checkVillage(db: DB, townshipId: number, role: TownshipRole, villageId: number | null): Promise<UserProblem | null> {
  if (role !== 'cadre') return null
  if (!villageId) return 'villageRequired'
  const village = await db.selectFrom('villages').select('id').where('id', '=', villageId).where('township_id', '=', townshipId).executeTakeFirst()
  return village ? null : 'villageNotInTownship'
}

/** '' or absent: no phone; else digits only, 7–20 of them. */
function phoneOf(phone: string | null | undefined): { ok: true; phone: string | null } | { ok: false } {
  const value = (phone ?? '').trim()
  if (value === '') return { ok: true, phone: null }
  return PHONE_PATTERN.test(value) ? { ok: true, phone: value } : { ok: false }
}

/** A 包村干部's villages: at least one, every one of the township; their names in the township's order. */
async function checkLiaisonVillages(
  db: DB,
  townshipId: number,
  villageIds: readonly number[],
): Promise<{ ok: true; villages: { id: number; name: string }[] } | { ok: false; problem: UserProblem }> {
  const ids = [...new Set(villageIds)]
  if (ids.length === 0) return { ok: false, problem: 'liaisonVillagesRequired' }
  const villages = await db
    .selectFrom('villages')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .where('township_id', '=', townshipId)
    .orderBy('sort_order')
    .execute()
  return villages.length === ids.length ? { ok: true, villages } : { ok: false, problem: 'villageNotInTownship' }
}

/** Replace a user's 包村 villages with these (none: the user is no 包村干部). */
async function replaceLiaisonVillages(tx: DB, userId: number, villageIds: readonly number[]): Promise<void> {
  await tx.deleteFrom('village_liaisons').where('user_id', '=', userId).execute()
  if (villageIds.length)
    await tx
      .insertInto('village_liaisons')
      .values(villageIds.map((villageId) => ({ village_id: villageId, user_id: userId })))
      .execute()
}

export async function createTownshipUser(
  db: DB,
  townshipId: number,
  input: {
    username: string
    displayName: string
    role: TownshipRole
    villageId: number | null
    password: string
    phone?: string | null
    /** a 包村干部's villages (required for that role, ignored for the others) */
    liaisonVillageIds?: readonly number[]
    /** 镇民政所（负责镇审核）: not for a village cadre */
    civilAffairs?: boolean
  },
  actor: Actor,
): Promise<UserResult> {
  const username = input.username.trim()
  const credentials = credentialProblem(username, input.password)
  if (credentials) return { ok: false, problem: credentials }
  const phone = phoneOf(input.phone)
  if (!phone.ok) return { ok: false, problem: 'phoneInvalid' }
  const villageProblem = await checkVillage(db, townshipId, input.role, input.villageId)
  if (villageProblem) return { ok: false, problem: villageProblem }
  if (input.civilAffairs && !mayBeCivilAffairs(input.role)) return { ok: false, problem: 'civilAffairsCadre' }
  const liaison = input.role === 'liaison' ? await checkLiaisonVillages(db, townshipId, input.liaisonVillageIds ?? []) : null
  if (liaison && !liaison.ok) return { ok: false, problem: liaison.problem }
  const liaisonVillages = liaison?.ok ? liaison.villages : []
  const hash = await hashPassword(input.password)
  return db.transaction().execute(async (tx) => {
    const values = {
      username,
      display_name: input.displayName.trim() || username,
      role: input.role,
      township_id: townshipId,
      village_id: input.role === 'cadre' ? input.villageId : null,
      county_name: null,
      phone: phone.phone,
      civil_affairs: input.civilAffairs ? 1 : 0,
    }
    const id = await insertAccount(tx, values, hash, {
      action: 'user.create',
      actorUserId: actor.actorUserId,
      townshipId,
      at: actor.at,
      ip: actor.ip,
      extra: input.role === 'liaison' ? { liaison_villages: liaisonVillages.map((v) => v.name) } : undefined,
    })
    if (id === null) return { ok: false, problem: 'usernameTaken' } as const
    await replaceLiaisonVillages(
      tx,
      id,
      liaisonVillages.map((v) => v.id),
    )
    return { ok: true, userId: id, sessionsEnded: 0 } as const
  })
}

export async function updateTownshipUser(
  db: DB,
  townshipId: number,
  userId: number,
  input: {
    displayName: string
    role: TownshipRole
    villageId: number | null
    active: boolean
    /** absent: unchanged */
    phone?: string | null
    /** a 包村干部's villages, replacing the ones he had (absent: unchanged) */
    liaisonVillageIds?: readonly number[]
    /** 镇民政所（负责镇审核） (absent: unchanged; a cadre never) */
    civilAffairs?: boolean
    expectedVersion?: number
  },
  actor: Actor,
): Promise<UserUpdateResult> {
  const phone = input.phone === undefined ? null : phoneOf(input.phone)
  if (phone && !phone.ok) return { ok: false, problem: 'phoneInvalid' }
  const villageProblem = await checkVillage(db, townshipId, input.role, input.villageId)
  if (villageProblem) return { ok: false, problem: villageProblem }
  if (input.civilAffairs && !mayBeCivilAffairs(input.role)) return { ok: false, problem: 'civilAffairsCadre' }
  const liaison = input.role === 'liaison' && input.liaisonVillageIds !== undefined ? await checkLiaisonVillages(db, townshipId, input.liaisonVillageIds) : null
  if (liaison && !liaison.ok) return { ok: false, problem: liaison.problem }
  try {
    return await db.transaction().execute(async (tx): Promise<UserUpdateResult> => {
      const current = await getTownshipUser(tx, townshipId, userId)
      if (!current) return { ok: false, problem: 'notFound' }
      // a form loaded before someone else's save (a deactivation!) must not write its stale values back
      assertVersion(current.version, input.expectedVersion)
      // a 包村干部 keeps the villages he has unless the save names others; any other role has none
      const liaisonVillages = input.role !== 'liaison' ? [] : liaison?.ok ? liaison.villages : current.liaisonVillages
      if (input.role === 'liaison' && liaisonVillages.length === 0) return { ok: false, problem: 'liaisonVillagesRequired' }
      const after = {
        display_name: input.displayName.trim() || current.display_name,
        role: input.role as Role,
        village_id: input.role === 'cadre' ? input.villageId : null,
        active: input.active ? 1 : 0,
        phone: phone?.ok ? phone.phone : current.phone,
        // a cadre is never 镇民政所: a role changed to cadre drops the flag
        civil_affairs: !mayBeCivilAffairs(input.role) ? 0 : input.civilAffairs === undefined ? current.civil_affairs : input.civilAffairs ? 1 : 0,
      }
      // a township must keep one active administrator, or nobody can manage it any more
      if (current.role === 'admin' && (after.role !== 'admin' || after.active === 0)) {
        const admins = await tx
          .selectFrom('users')
          .select('id')
          .where('township_id', '=', townshipId)
          .where('role', '=', 'admin')
          .where('active', '=', 1)
          .execute()
        if (admins.length <= 1) return { ok: false, problem: 'lastAdmin' } as const
      }
      await casUpdate(tx, 'users', userId, input.expectedVersion, { ...after, updated_at: actor.at.toISOString() })
      const diff = changedFields(
        {
          display_name: current.display_name,
          role: current.role as Role,
          village_id: current.village_id,
          active: current.active,
          phone: current.phone,
          civil_affairs: current.civil_affairs,
        },
        after,
      )
      const namesBefore = current.liaisonVillages.map((v) => v.name)
      const namesAfter = liaisonVillages.map((v) => v.name)
      const villagesChanged = JSON.stringify(namesBefore) !== JSON.stringify(namesAfter)
      if (villagesChanged)
        await replaceLiaisonVillages(
          tx,
          userId,
          liaisonVillages.map((v) => v.id),
        )
      // 镇民政所 is a right too (镇审核): a change ends the sessions as a role change does
      const rightsChanged = 'role' in diff.after || 'village_id' in diff.after || 'active' in diff.after || 'civil_affairs' in diff.after || villagesChanged
      const ended = rightsChanged ? await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst() : null
      await recordAudit(tx, {
        actorUserId: actor.actorUserId,
        action: 'user.update',
        entityType: 'user',
        entityId: userId,
        townshipId,
        before: villagesChanged ? { ...diff.before, liaison_villages: namesBefore } : diff.before,
        after: villagesChanged ? { ...diff.after, liaison_villages: namesAfter } : diff.after,
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true, userId, sessionsEnded: Number(ended?.numDeletedRows ?? 0) } as const
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const current = await getTownshipUser(db, townshipId, userId)
    if (!current) return { ok: false, problem: 'notFound' }
    const villageNames = (villages: readonly { name: string }[]) => villages.map((v) => v.name).join('、')
    const theirs = {
      displayName: current.display_name,
      role: current.role,
      villageId: current.village_id,
      active: current.active === 1,
      phone: current.phone ?? '',
      liaisonVillages: villageNames(current.liaisonVillages),
      civilAffairs: current.civil_affairs === 1,
    }
    const mine = {
      displayName: input.displayName.trim() || current.display_name,
      role: input.role,
      villageId: input.role === 'cadre' ? input.villageId : null,
      active: input.active,
      phone: phone?.ok ? (phone.phone ?? '') : theirs.phone,
      liaisonVillages: input.role !== 'liaison' ? '' : liaison?.ok ? villageNames(liaison.villages) : theirs.liaisonVillages,
      civilAffairs: mayBeCivilAffairs(input.role) && (input.civilAffairs ?? theirs.civilAffairs),
    }
    const fromColumns: Record<string, keyof typeof theirs> = {
      display_name: 'displayName',
      role: 'role',
      village_id: 'villageId',
      active: 'active',
      phone: 'phone',
      liaison_villages: 'liaisonVillages',
      civil_affairs: 'civilAffairs',
    }
    const changes = await describeVersionConflict(db, {
      entityType: 'user',
      entityId: userId,
      actions: ['user.update'],
      missed: current.version - (input.expectedVersion ?? current.version),
      theirs,
      mine,
      changedFields: (after) =>
        Object.fromEntries(Object.entries((after ?? {}) as Record<string, unknown>).flatMap(([k, v]) => (k in fromColumns ? [[fromColumns[k], v]] : []))),
    })
    return { ok: false, problem: 'conflict', version: current.version, changes }
  }
}

export async function resetTownshipUserPassword(db: DB, townshipId: number, userId: number, password: string, actor: Actor): Promise<UserResult> {
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, problem: 'passwordTooShort' }
  if (!(await getTownshipUser(db, townshipId, userId))) return { ok: false, problem: 'notFound' }
  const hash = await hashPassword(password)
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, updated_at: actor.at.toISOString() }).where('id', '=', userId).execute()
    const ended = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
    await recordAudit(tx, {
      actorUserId: actor.actorUserId,
      action: 'user.resetPassword',
      entityType: 'user',
      entityId: userId,
      townshipId,
      ip: actor.ip,
      at: actor.at,
    })
    return { ok: true, userId, sessionsEnded: Number(ended.numDeletedRows) } as const
  })
}
