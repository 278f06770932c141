// Sign-in, sign-out and the current user. Passwords are bcrypt hashes (bcryptjs: pure JS, nothing to compile).
import bcrypt from 'bcryptjs'
import { redirect } from '@remix-run/node'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
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
  /** a county user who also manages the county's townships and accounts (县民政局管理员) */
  countyAdmin: boolean
  /** a township account of the 镇民政所 (users.civil_affairs): examines proposals (镇审核) as a leader does (ADR 010) */
  civilAffairs: boolean
  /** 包村干部 (role liaison): the villages assigned to them; empty for every other role */
  liaisonVillageIds: number[]
}

export const BCRYPT_COST = 10
// Sign-in limits (docs/decisions/004-sessions-and-passwords.md). Each attempt takes its points BEFORE the password is
// compared — an atomic consume, so thirty parallel guesses cannot all slip past a count read beforehand:
// - per (account, address): 5 failures in 15 minutes stop that address guessing that account; the real user at
//   another address is not locked out;
// - per address: 20 failures in 15 minutes, whichever accounts they name;
// - per account from everywhere: a slower back-off, 10 attempts a minute, so guesses spread over many addresses
//   are throttled without ever locking the account for long.
// The counters are in this process's memory: one app server (see the ADR for several on PostgreSQL).
export const LOGIN_WINDOW_MINUTES = 15
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
export const MAX_FAILURES_PER_ADDRESS = 20
export const ACCOUNT_BACKOFF = { attempts: 10, seconds: 60 }

function createSignInLimiters() {
  return {
    pair: new RateLimiterMemory({ keyPrefix: 'signIn:accountAddress', points: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, duration: LOGIN_WINDOW_MINUTES * 60 }),
    address: new RateLimiterMemory({ keyPrefix: 'signIn:address', points: MAX_FAILURES_PER_ADDRESS, duration: LOGIN_WINDOW_MINUTES * 60 }),
    account: new RateLimiterMemory({ keyPrefix: 'signIn:account', points: ACCOUNT_BACKOFF.attempts, duration: ACCOUNT_BACKOFF.seconds }),
  }
}
let limiters = createSignInLimiters()
/** Forget every sign-in counter (tests that need a clean slate). */
export function resetSignInLimits() {
  limiters = createSignInLimiters()
}

/** Take one point from `limiter` for `key`; the wait in ms if there is none left. */
async function take(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key)
    return null
  } catch (error) {
    if (error instanceof RateLimiterRes) return error.msBeforeNext
    throw error
  }
}
// compared against when the account does not exist, so a wrong username takes as long as a wrong password
let dummyHash: string | undefined

export type SignInResult = { ok: true; user: CurrentUser } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rateLimited'; retryAfterMinutes: number }

export async function signIn(db: DB, input: { username: string; password: string; ip: string }): Promise<SignInResult> {
  const username = input.username.trim()
  const at = now()
  const account = username.slice(0, 100)
  const pairKey = JSON.stringify([account, input.ip])
  // points are taken before the (slow) password check, atomically: a refused attempt is never checked; a limit that
  // refuses gives back what the others took, so only checked attempts count
  const refused = (ms: number) => ({ ok: false, reason: 'rateLimited', retryAfterMinutes: Math.max(1, Math.ceil(ms / 60_000)) }) as const
  const { pair, address, account: perAccount } = limiters
  const pairWait = await take(pair, pairKey)
  if (pairWait !== null) return refused(pairWait)
  const addressWait = await take(address, input.ip)
  if (addressWait !== null) {
    await pair.reward(pairKey)
    return refused(addressWait)
  }
  const accountWait = await take(perAccount, account)
  if (accountWait !== null) {
    await pair.reward(pairKey)
    await address.reward(input.ip)
    return refused(accountWait)
  }

  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  const matches = await bcrypt.compare(input.password, row?.password_hash ?? (dummyHash ??= bcrypt.hashSync('not-a-password', BCRYPT_COST)))
  const ok = Boolean(row && row.active === 1 && matches)
  if (ok) {
    // only failures count against a pair or an address
    await pair.delete(pairKey)
    await address.reward(input.ip)
    await perAccount.reward(account)
  }
  await db
    .insertInto('login_attempts')
    .values({ username: username.slice(0, 100), ip: input.ip, succeeded: ok ? 1 : 0, attempted_at: at.toISOString() })
    .execute()
  // sign-ins are part of the audit trail; the username tried is kept, never the password
  await recordAudit(db, {
    actorUserId: ok && row ? row.id : null,
    action: ok ? 'signIn' : 'signIn.failed',
    entityType: 'user',
    entityId: row?.id ?? null,
    townshipId: row?.township_id ?? null,
    after: ok ? undefined : { username: username.slice(0, 100) },
    ip: input.ip,
    at,
  })
  if (!ok || !row) return { ok: false, reason: 'invalid' }
  return { ok: true, user: await toCurrentUser(db, row) }
}

async function toCurrentUser(
  db: DB,
  row: {
    id: number
    username: string
    display_name: string
    role: Role
    township_id: number | null
    village_id: number | null
    county_name: string | null
    county_admin: number
    civil_affairs: number
  },
): Promise<CurrentUser> {
  // only a 包村干部 has assignments: one small indexed read for that role, none for the others
  const liaisonVillageIds =
    row.role === 'liaison'
      ? (await db.selectFrom('village_liaisons').select('village_id').where('user_id', '=', row.id).orderBy('village_id').execute()).map((r) => r.village_id)
      : []
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    townshipId: row.township_id,
    villageId: row.village_id,
    countyName: row.county_name,
    countyAdmin: row.role === 'county' && row.county_admin === 1,
    civilAffairs: row.township_id !== null && row.role !== 'cadre' && row.civil_affairs === 1,
    liaisonVillageIds,
  }
}

/**
 * The client's address, for the sign-in limits and the audit log. Only ever the header server.ts sets from
 * Express's req.ip, overwriting whatever the client sent: X-Forwarded-For counts only when TRUST_PROXY names the
 * proxies in front (then Express takes the address the nearest trusted proxy saw, never the client's own claim).
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-client-address') ?? 'local'
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const session = await getSessionStorage().getSession(request.headers.get('Cookie'))
  const userId = session.get('userId')
  if (!userId) return null
  const row = await getDb().selectFrom('users').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst()
  return row ? toCurrentUser(getDb(), row) : null
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
    // 我的待办 (issue 17): what is theirs to do, one tap from each item to where it is done
    case 'liaison':
    case 'inspector':
      return '/work'
    default:
      return '/dashboard'
  }
}

/** Only same-site paths after sign-in, never another host (app/utils/safeRedirect.ts). */
export { safeRedirect } from './safeRedirect'
