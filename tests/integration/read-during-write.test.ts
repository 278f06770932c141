// Issue 11, finding 8: reads never wait behind a write transaction. On SQLite the app's one Kysely handle has a
// separate read connection (db/sqliteReadWrite.ts); PostgreSQL is a pool. Real database files, no mocks.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false })
  await sql`create table probe (n integer not null)`.execute(t.db)
  await sql`insert into probe (n) values (1)`.execute(t.db)
})
afterAll(async () => t.destroy())

async function count(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from probe`.execute(t.db)
  return Number(rows[0].n)
}

describe('a read during a write transaction', () => {
  it('answers at once, with the committed data, while an 800 ms transaction is open on the same handle', async () => {
    let inside!: () => void
    const begun = new Promise<void>((resolve) => (inside = resolve))
    const transaction = t.db.transaction().execute(async (tx) => {
      await sql`insert into probe (n) values (2)`.execute(tx)
      inside()
      await sleep(800) // the transaction stays open
    })
    await begun
    const started = performance.now()
    const during = await count()
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.db) // what /healthz asks
    const elapsed = performance.now() - started
    expect(during).toBe(1) // the uncommitted row is not seen
    expect(rows[0].one).toBe(1)
    expect(elapsed).toBeLessThan(100)
    await transaction
    expect(await count()).toBe(2)
  })

  it('still runs a write outside the transaction after it, never inside it', async () => {
    let inside!: () => void
    const begun = new Promise<void>((resolve) => (inside = resolve))
    const transaction = t.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into probe (n) values (3)`.execute(tx)
        inside()
        await sleep(300)
        throw new Error('roll back')
      })
      .catch((error: Error) => error.message)
    await begun
    // a plain write waits for the writer: it must neither land in the transaction nor be rolled back with it
    const write = sql`insert into probe (n) values (4)`.execute(t.db)
    expect(await transaction).toBe('roll back')
    await write
    const { rows } = await sql<{ n: number }>`select n from probe order by n`.execute(t.db)
    expect(rows.map((r) => Number(r.n))).toEqual([1, 2, 4])
  })
})
