// Sign-in, sign-out and the current user. Passwords are bcrypt hashes (bcryptjs: pure JS, nothing to compile).
import bcrypt from 'bcryptjs'
import { redirect } from '@remix-run/node'
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { getDb } from './db.server'
import { now } from './clock.server'
import { recordAudit } from '../models/audit.server'
import { getSessionStorage } from './session.server'

export interface CurrentUser {
  id: number
  username: string
  displayName: string
  role: Role
  townshipId: number | null
  villageId: number | null
  countyName: string | null
}

export const BCRYPT_COST = 10
// Rate limits for failed sign-ins within the window: per account, and per client address.
export const LOGIN_WINDOW_MINUTES = 15
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_ADDRESS = 20
// compared against when the account does not exist, so a wrong username takes as long as a wrong password
let dummyHash: string | undefined

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST)
}

export type SignInResult =
  | { ok: true; user: CurrentUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rateLimited'; retryAfterMinutes: number }

export async function signIn(db: DB, input: { username: string; password: string; ip: string }): Promise<SignInResult> {
  const username = input.username.trim()
  const at = now()
  const since = new Date(at.getTime() - LOGIN_WINDOW_MINUTES * 60_000).toISOString()
  const failures = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('username', '=', username).then(1).else(0).end()).as('account'),
      eb.fn.sum<number>(eb.case().when('ip', '=', input.ip).then(1).else(0).end()).as('address'),
    ])
    .where('succeeded', '=', 0)
    .where('attempted_at', '>=', since)
    .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', input.ip)]))
    .executeTakeFirst()
  if (Number(failures?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT || Number(failures?.address ?? 0) >= MAX_FAILURES_PER_ADDRESS) {
    return { ok: false, reason: 'rateLimited', retryAfterMinutes: LOGIN_WINDOW_MINUTES }
  }

  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  const matches = await bcrypt.compare(input.password, row?.password_hash ?? (dummyHash ??= bcrypt.hashSync('not-a-password', BCRYPT_COST)))
  const ok = Boolean(row && row.active === 1 && matches)
  await db
    .insertInto('login_attempts')
    .values({ username: username.slice(0, 100), ip: input.ip, succeeded: ok ? 1 : 0, attempted_at: at.toISOString() })
    .execute()
  // sign-ins are part of the audit trail; the username tried is kept, never the password
  await recordAudit(db, {
    actorUserId: ok && row ? row.id : null, action: ok ? 'signIn' : 'signIn.failed', entityType: 'user', entityId: row?.id ?? null,
    townshipId: row?.township_id ?? null, after: ok ? undefined : { username: username.slice(0, 100) }, ip: input.ip, at,
  })
  if (!ok || !row) return { ok: false, reason: 'invalid' }
  return { ok: true, user: toCurrentUser(row) }
}

function toCurrentUser(row: { id: number; username: string; display_name: string; role: Role; township_id: number | null; village_id: number | null; county_name: string | null }): CurrentUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    townshipId: row.township_id,
    villageId: row.village_id,
    countyName: row.county_name,
  }
}

export function clientAddress(request: Request): string {
  // Behind a reverse proxy, set TRUST_PROXY=1 so the first X-Forwarded-For address is the client's.
  if (process.env.TRUST_PROXY === '1') {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  return request.headers.get('x-client-address') ?? 'local'
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const session = await getSessionStorage().getSession(request.headers.get('Cookie'))
  const userId = session.get('userId')
  if (!userId) return null
  const row = await getDb().selectFrom('users').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst()
  return row ? toCurrentUser(row) : null
}

/** Start a fresh session (a new id: never reuse one that existed before sign-in) and go to `redirectTo`. */
export async function startSession(request: Request, user: CurrentUser, redirectTo: string) {
  const old = await getSessionStorage().getSession(request.headers.get('Cookie'))
  const headers = new Headers()
  if (old.id) headers.append('Set-Cookie', await getSessionStorage().destroySession(old))
  const session = await getSessionStorage().getSession()
  session.set('userId', user.id)
  session.set('ip', clientAddress(request))
  session.set('userAgent', request.headers.get('user-agent') ?? '')
  headers.append('Set-Cookie', await getSessionStorage().commitSession(session))
  return redirect(redirectTo, { headers })
}

export async function endSession(request: Request) {
  const session = await getSessionStorage().getSession(request.headers.get('Cookie'))
  return redirect('/login?signedOut=1', { headers: { 'Set-Cookie': await getSessionStorage().destroySession(session) } })
}

/** Where each role lands after signing in. */
export function landingPath(user: CurrentUser): string {
  switch (user.role) {
    case 'cadre':
      return user.villageId ? `/villages/${user.villageId}` : '/'
    case 'county':
      return '/county'
    case 'admin':
      return '/admin'
    default:
      return '/dashboard'
  }
}

/** Only same-site relative paths: never send a user to another host after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
