// The county administrator's work (县民政局管理员, /county/admin): the county's townships with their villages and
// administrators, and the county bureau's accounts; creating a township, a county bureau account (role county) and a
// township's administrator. Every write is audited in its transaction; a township outside the county is refused
// before anything is read about it or written.
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { credentialProblem, hashPassword, insertAccount } from './accounts.server'
import { recordAudit } from './audit.server'
import { isUniqueViolation } from './householdReview.server'
import type { DbOrTx } from './versioned.server'

/** the same rule as a township administrator's new users (users.server.ts) */

export interface CountyActor {
  actorUserId: number
  at: Date
  ip?: string
}

export interface CountyTownship {
  id: number
  name: string
  villages: string[]
  admins: Array<{ username: string; displayName: string; active: boolean }>
}

export interface CountyBureauUser {
  id: number
  username: string
  displayName: string
  countyAdmin: boolean
  active: boolean
}

/** What /county/admin shows: the county's townships (villages, administrators) and its bureau's accounts. */
export async function getCountyAdminOverview(db: DB, countyName: string): Promise<{ townships: CountyTownship[]; bureauUsers: CountyBureauUser[] }> {
  const townships = await db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', countyName).orderBy('name').execute()
  const ids = townships.map((row) => row.id)
  const [villages, admins, bureau] = await Promise.all([
    ids.length
      ? db.selectFrom('villages').select(['township_id', 'name']).where('township_id', 'in', ids).orderBy('sort_order').orderBy('id').execute()
      : Promise.resolve([]),
    ids.length
      ? db
          .selectFrom('users')
          .select(['township_id', 'username', 'display_name', 'active'])
          .where('township_id', 'in', ids)
          .where('role', '=', 'admin')
          .orderBy('username')
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'county_admin', 'active'])
      .where('role', '=', 'county')
      .where('county_name', '=', countyName)
      .orderBy('username')
      .execute(),
  ])
  return {
    townships: townships.map((row) => ({
      id: row.id,
      name: row.name,
      villages: villages.filter((v) => v.township_id === row.id).map((v) => v.name),
      admins: admins.filter((a) => a.township_id === row.id).map((a) => ({ username: a.username, displayName: a.display_name, active: a.active === 1 })),
    })),
    bureauUsers: bureau.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      countyAdmin: u.county_admin === 1,
      active: u.active === 1,
    })),
  }
}

export type CountyAdminProblem = 'townshipNameTaken' | 'usernameInvalid' | 'usernameTaken' | 'passwordTooShort' | 'townshipNotInCounty'
export type CountyAdminResult = { ok: true; id: number } | { ok: false; problem: CountyAdminProblem }

/** 新增乡镇: a township of this county. Township names are unique across the installation. */
export async function createCountyTownship(db: DB, countyName: string, input: { name: string }, actor: CountyActor): Promise<CountyAdminResult> {
  const name = input.name.trim()
  try {
    return await db.transaction().execute(async (tx) => {
      if (await tx.selectFrom('townships').select('id').where('name', '=', name).executeTakeFirst()) return { ok: false, problem: 'townshipNameTaken' } as const
      const values = { name, county_name: countyName }
      const { id } = await tx.insertInto('townships').values(values).returning('id').executeTakeFirstOrThrow()
      await recordAudit(tx, {
        actorUserId: actor.actorUserId,
        action: 'county.township.create',
        entityType: 'township',
        entityId: id,
        townshipId: id,
        after: values,
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true, id } as const
    })
  } catch (error) {
    // two creations of one name at once: the unique index lets one through
    if (isUniqueViolation(error)) return { ok: false, problem: 'townshipNameTaken' }
    throw error
  }
}

interface NewAccount {
  username: string
  displayName: string
  password: string
}

/** A new account, audited as county.user.create; the username's rule and uniqueness checked here. */
async function createAccount(
  db: DB,
  input: NewAccount,
  scope: { role: Role; townshipId: number | null; countyName: string | null; countyAdmin: boolean },
  actor: CountyActor,
  /** inside the transaction, before anything is written: a refusal, or null to go on */
  check: (tx: DbOrTx) => Promise<CountyAdminProblem | null> = async () => null,
): Promise<CountyAdminResult> {
  const username = input.username.trim()
  const credentials = credentialProblem(username, input.password)
  if (credentials) return { ok: false, problem: credentials }
  const hash = await hashPassword(input.password)
  try {
    return await db.transaction().execute(async (tx) => {
      const problem = await check(tx)
      if (problem) return { ok: false, problem } as const
      const values = {
        username,
        display_name: input.displayName.trim() || username,
        role: scope.role,
        township_id: scope.townshipId,
        village_id: null,
        county_name: scope.countyName,
        county_admin: scope.countyAdmin ? 1 : 0,
      }
      const id = await insertAccount(tx, values, hash, {
        action: 'county.user.create',
        actorUserId: actor.actorUserId,
        townshipId: scope.townshipId,
        at: actor.at,
        ip: actor.ip,
      })
      return id === null ? ({ ok: false, problem: 'usernameTaken' } as const) : ({ ok: true, id } as const)
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: 'usernameTaken' }
    throw error
  }
}

/** 新增县民政局账号: a county bureau user of this county (role county), a county administrator when ticked. */
export async function createCountyBureauUser(
  db: DB,
  countyName: string,
  input: NewAccount & { countyAdmin: boolean },
  actor: CountyActor,
): Promise<CountyAdminResult> {
  return createAccount(db, input, { role: 'county', townshipId: null, countyName, countyAdmin: input.countyAdmin }, actor)
}

/** 新增乡镇管理员: an administrator (role admin) of one of this county's townships — never another county's. */
export async function createCountyTownshipAdmin(
  db: DB,
  countyName: string,
  input: NewAccount & { townshipId: number },
  actor: CountyActor,
): Promise<CountyAdminResult> {
  const inCounty = async (tx: DbOrTx): Promise<CountyAdminProblem | null> => {
    const township = await tx.selectFrom('townships').select('id').where('id', '=', input.townshipId).where('county_name', '=', countyName).executeTakeFirst()
    return township ? null : 'townshipNotInCounty'
  }
  // refused before the password is hashed, and again inside the transaction that writes
  if (await inCounty(db)) return { ok: false, problem: 'townshipNotInCounty' }
  return createAccount(db, input, { role: 'admin', townshipId: input.townshipId, countyName: null, countyAdmin: false }, actor, inCounty)
}
