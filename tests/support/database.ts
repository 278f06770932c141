// A fresh, migrated database for one test file: a temp SQLite file by default, or a new PostgreSQL database
// when TEST_DIALECT=postgres (npm run test:pg). Each is dropped when the file's tests end.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { migrateToLatest, openDatabase, type DB, type Dialect } from '../../db/connection.server'

export const TEST_DIALECT: Dialect = process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite'
/** the server to create test databases on; its own database is only used to CREATE/DROP */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  db: DB
  url: string
  dialect: Dialect
  destroy(): Promise<void>
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `zgt_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`
  let url: string
  let drop: () => Promise<void>
  if (TEST_DIALECT === 'postgres') {
    const admin = new pg.Client({ connectionString: TEST_PG_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const target = new URL(TEST_PG_URL)
    target.pathname = `/${name}`
    url = target.toString()
    drop = async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-test-'))
    url = path.join(dir, 'app.db')
    drop = async () => fs.rmSync(dir, { recursive: true, force: true })
  }
  const { db, dialect } = openDatabase({ url })
  if (options.migrate !== false) await migrateToLatest(db)
  return {
    db,
    url,
    dialect,
    async destroy() {
      await db.destroy()
      await drop()
    },
  }
}
