// Cookie carries only a random session id; the session lives in the sessions table, so sign-out, role changes
// and an administrator can end it on the server.
import crypto from 'node:crypto'
import { createCookie, createSessionStorage } from '@remix-run/node'
import { getDb } from './db.server'
import { now } from './clock.server'
import { present } from '../../workflows/present'

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 12

// Read at run time: the compiler inlines `process.env.NODE_ENV` as the build's mode, but whether this is a
// production deployment is the operator's setting when the server starts.
function runtimeEnv(name: string): string | undefined {
  return process.env[name]
}

export const isProduction = runtimeEnv('NODE_ENV') === 'production'

function sessionSecrets(): string[] {
  // server.ts puts a generated, persisted secret here outside production; production must set its own.
  const secret = runtimeEnv('SESSION_SECRET')
  if (!secret) throw new Error('SESSION_SECRET is not set (see README, "Running in production")')
  return secret.split(',')
}

// Built on first use, not at import: the secret is only needed once a request arrives.
function createSessionCookie() {
  return createCookie('__zgt_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isProduction && runtimeEnv('INSECURE_COOKIES') !== '1',
    secrets: sessionSecrets(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  })
}

export interface SessionData {
  userId: number
  ip?: string
  userAgent?: string
}

let storage: ReturnType<typeof createStorage> | undefined

export function getSessionStorage() {
  return (storage ??= createStorage())
}

const createStorage = () =>
  createSessionStorage<SessionData>({
    cookie: createSessionCookie(),
    async createData(data, expires) {
      const id = crypto.randomBytes(24).toString('base64url')
      await getDb()
        .insertInto('sessions')
        .values({
          id,
          user_id: present(data.userId, 'the signed-in user'),
          created_at: now().toISOString(),
          expires_at: (expires ?? new Date(now().getTime() + SESSION_MAX_AGE_SECONDS * 1000)).toISOString(),
          ip: data.ip ?? null,
          user_agent: data.userAgent?.slice(0, 200) ?? null,
        })
        .execute()
      return id
    },
    async readData(id) {
      const row = await getDb().selectFrom('sessions').select(['user_id', 'expires_at']).where('id', '=', id).executeTakeFirst()
      if (!row || row.expires_at < now().toISOString()) return null
      return { userId: row.user_id }
    },
    async updateData(id, _data, expires) {
      if (expires) await getDb().updateTable('sessions').set({ expires_at: expires.toISOString() }).where('id', '=', id).execute()
    },
    async deleteData(id) {
      await getDb().deleteFrom('sessions').where('id', '=', id).execute()
    },
  })
