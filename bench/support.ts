// What the benchmarks share: the production server started on a database file (on a free port), signing in, and
// percentiles. Loopback only; every server started here is stopped by the bench that started it.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { freePort } from '../tests/support/server'
import { shanghaiDay } from '../workflows/rules/dates'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const PASSWORD = 'qinghe-demo'
export const COUNTY_USER = 'county'

export /** The day a county file was generated for: its users were written at 08:00 Shanghai time that day. */
function todayOf(file: string): string {
  const db = new SQLite(file, { readonly: true })
  try {
    const row = db.prepare('select updated_at from users where username = ?').get(COUNTY_USER) as { updated_at: string } | undefined
    if (!row) throw new Error(`${file} has no user "${COUNTY_USER}": not a county database from npm run seed:county`)
    return shanghaiDay(new Date(row.updated_at))
  } finally {
    db.close()
  }
}

export async function startServer(file: string, today: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: crypto.randomBytes(24).toString('hex'),
      INSECURE_COOKIES: '1', // the session cookie is Secure in production; the bench talks plain http on loopback
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: file,
      SEED_DEMO: '0',
      // the county's campaign windows sit around the day it was generated for: serve that day
      APP_NOW: `${today}T02:00:00Z`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('is serving')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code}:\n${output}`))
    })
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

export async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/login`, { method: 'POST', body: new URLSearchParams({ username, password: PASSWORD }), redirect: 'manual' })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__zgt_session='))
  if (res.status !== 302 || !cookie) throw new Error(`signing in as ${username} failed (${res.status})`)
  return cookie.split(';')[0]
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
