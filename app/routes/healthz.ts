import { json } from '@remix-run/node'
import { sql } from 'kysely'
import { getDb } from '~/utils/db.server'

// For load balancers and monitoring: 200 when the database answers, 503 when it does not. No sign-in needed,
// and nothing in it identifies a person.
export async function loader() {
  const started = Date.now()
  try {
    await sql`select 1`.execute(getDb())
    return json({ status: 'ok', database: 'reachable', latencyMs: Date.now() - started }, { headers: { 'Cache-Control': 'no-store' } })
  } catch {
    return json({ status: 'error', database: 'unreachable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
