// One way to open the database, for the server, the scripts and the tests alike.
// DATABASE_URL: unset → data/app.db; a file path (or file:…) → that SQLite file; postgres://… → PostgreSQL.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import type { Database } from './schema'
import { migrations } from './migrations/index'
import { ReadWriteSqliteDialect } from './sqliteReadWrite'

export type Dialect = 'sqlite' | 'postgres'
export type DB = Kysely<Database>

export const DEFAULT_SQLITE_PATH = 'data/app.db'

// PostgreSQL returns COUNT/SUM (int8) as strings by default; every figure here fits a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10))
pg.types.setTypeParser(1700, (value) => Number(value))

export function describeDatabaseUrl(url = process.env.DATABASE_URL): { dialect: Dialect; location: string } {
  if (url && /^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', location: url }
  const file = url ? url.replace(/^file:/, '') : DEFAULT_SQLITE_PATH
  return { dialect: 'sqlite', location: file }
}

export interface OpenOptions {
  url?: string
  /** bulk loading (the county generator): trade durability for speed */
  bulk?: boolean
}

export function openDatabase(options: OpenOptions = {}): { db: DB; dialect: Dialect; location: string } {
  const { dialect, location } = describeDatabaseUrl(options.url ?? process.env.DATABASE_URL)
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: location, max: Number(process.env.PG_POOL_SIZE ?? 10) })
    // An idle client whose server went away (a restart, a failover) emits 'error' on the pool; unhandled, that
    // would end the whole process. The pool drops the client and the next query opens a new one.
    pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`))
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect, location }
  }
  fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true })
  const sqlite = new SQLite(location)
  applySqliteSettings(sqlite, options.bulk ?? false)
  // a second connection for reads, so a write transaction never holds them up (db/sqliteReadWrite.ts); an in-memory
  // database cannot be opened twice and keeps one connection
  const reader = isInMemory(location) ? null : openReadConnection(location)
  return { db: new Kysely<Database>({ dialect: new ReadWriteSqliteDialect(sqlite, reader) }), dialect, location }
}

function isInMemory(location: string): boolean {
  return location === '' || location === ':memory:' || /mode=memory/.test(location)
}

/** The read connection: WAL (set by the writer) gives it the last committed data; query_only keeps it from writing. */
function openReadConnection(location: string): SQLite.Database {
  const reader = new SQLite(location, { fileMustExist: true })
  reader.pragma('busy_timeout = 5000')
  reader.pragma('query_only = ON')
  return reader
}

/**
 * Why these settings (docs/decisions/002-sqlite-settings.md): WAL lets the dashboard read while a cadre writes;
 * synchronous=FULL makes every acknowledged commit survive a crash or power cut; busy_timeout makes a second
 * process (a CLI import, a backup) wait instead of failing; foreign keys are off in SQLite unless asked for.
 */
export function applySqliteSettings(sqlite: SQLite.Database, bulk: boolean) {
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(bulk ? 'synchronous = OFF' : 'synchronous = FULL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
