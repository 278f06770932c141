// What every page that makes one account shares (a township's administrator, the county administrator): the
// username and password rules, the hash, and the insert that refuses a username in use and audits the new account
// without its password hash.
import bcrypt from 'bcryptjs'
import type { Insertable } from 'kysely'
import type { UserTable } from '../../db/schema'
import { BCRYPT_COST } from '../utils/auth.server'
import { recordAudit } from './audit.server'
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './userRules'
import type { Tx } from './versioned.server'

export type CredentialProblem = 'usernameInvalid' | 'passwordTooShort'

/** Which rule a new account's (trimmed) username or password breaks, or null: checked before anything is hashed. */
export function credentialProblem(username: string, password: string): CredentialProblem | null {
  if (!USERNAME_PATTERN.test(username)) return 'usernameInvalid'
  if (password.length < MIN_PASSWORD_LENGTH) return 'passwordTooShort'
  return null
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST)
}

export type NewAccountValues = Omit<Insertable<UserTable>, 'password_hash' | 'updated_at'>

/** Insert the account (null: its username is in use), audited under `audit.action` with `values` and `audit.extra`. */
export async function insertAccount(
  tx: Tx,
  values: NewAccountValues,
  hash: string,
  audit: { action: string; actorUserId: number | null; townshipId: number | null; at: Date; ip?: string; extra?: Record<string, unknown> },
): Promise<number | null> {
  if (await tx.selectFrom('users').select('id').where('username', '=', values.username).executeTakeFirst()) return null
  const { id } = await tx
    .insertInto('users')
    .values({ ...values, password_hash: hash, updated_at: audit.at.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(tx, {
    actorUserId: audit.actorUserId,
    action: audit.action,
    entityType: 'user',
    entityId: id,
    townshipId: audit.townshipId,
    after: { ...values, ...audit.extra },
    ip: audit.ip,
    at: audit.at,
  })
  return id
}
