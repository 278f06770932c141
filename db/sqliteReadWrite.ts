// SQLite with two connections on one file (WAL): a writer, and a reader that never waits for it.
//
// Kysely's SqliteDriver has one connection and a mutex around it, so a dashboard read waits for a whole write
// transaction to finish (an 800 ms transaction held a `select 1` for 802 ms; a 100,000-row import held every read for
// about 5 s). Here each statement outside a transaction that better-sqlite3 reports as a read-only query
// (`stmt.reader && stmt.readonly`) runs at once on the reader connection and sees the last committed data — WAL gives
// it its own snapshot. Transactions, writes and everything after a write in the same Kysely connection take the
// writer under a FIFO mutex, exactly as before. The reader is `query_only`: nothing can write through it.
// docs/decisions/002-sqlite-settings.md.
import type SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type Dialect,
} from 'kysely'

class Mutex {
  #locked = false
  #queue: Array<() => void> = []

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true
      return
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve))
  }

  unlock() {
    const next = this.#queue.shift()
    if (next) next()
    else this.#locked = false
  }
}

/** Two connections: Kysely's runtime must not serialise acquiring them (the driver does, for the writer only). */
class ReadWriteSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true
  }
}

/** Whether a statement may run on the reader: a query that returns rows and writes nothing (pragmas stay on the writer). */
const readableCache = new Map<string, boolean>()

function isPlainRead(reader: SQLite.Database, sql: string): SQLite.Statement | null {
  const known = readableCache.get(sql)
  if (known === false) return null
  let stmt: SQLite.Statement
  try {
    stmt = reader.prepare(sql)
  } catch {
    return null // let the writer give the error, or run what only it can
  }
  const readable = stmt.reader && stmt.readonly && !/^\s*pragma\b/i.test(sql)
  if (readableCache.size > 5000) readableCache.clear()
  readableCache.set(sql, readable)
  return readable ? stmt : null
}

function run(stmt: SQLite.Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) }
  const { changes, lastInsertRowid } = stmt.run(parameters)
  return {
    insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
    numAffectedRows: changes != null ? BigInt(changes) : undefined,
    rows: [],
  }
}

/** One Kysely connection: reads go to the reader until it needs the writer, then it holds the writer until released. */
class Lease implements DatabaseConnection {
  #holdsWriter = false
  constructor(
    readonly writer: SQLite.Database,
    readonly reader: SQLite.Database | null,
    readonly mutex: Mutex,
  ) {}

  async takeWriter(): Promise<void> {
    if (this.#holdsWriter) return
    await this.mutex.lock()
    this.#holdsWriter = true
  }

  release() {
    if (!this.#holdsWriter) return
    this.#holdsWriter = false
    this.mutex.unlock()
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery
    if (!this.#holdsWriter && this.reader) {
      const stmt = isPlainRead(this.reader, sql)
      if (stmt) return { rows: stmt.all(parameters) as R[] }
    }
    await this.takeWriter()
    return run(this.writer.prepare(sql), parameters) as QueryResult<R>
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // an open iterator keeps its connection busy: streams hold the writer, as Kysely's own driver does
    await this.takeWriter()
    for (const row of this.writer.prepare(compiledQuery.sql).iterate(compiledQuery.parameters)) yield { rows: [row as R] }
  }
}

class ReadWriteSqliteDriver implements Driver {
  readonly #mutex = new Mutex()
  constructor(
    readonly writer: SQLite.Database,
    readonly reader: SQLite.Database | null,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this.writer, this.reader, this.#mutex)
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).takeWriter()
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as Lease).takeWriter()
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`))
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as Lease).release()
  }

  async destroy(): Promise<void> {
    this.reader?.close()
    this.writer.close()
  }
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Kysely's SQLite dialect with ReadWriteSqliteDriver; `reader` null (an in-memory database) → one connection. */
export class ReadWriteSqliteDialect implements Dialect {
  constructor(
    readonly writer: SQLite.Database,
    readonly reader: SQLite.Database | null,
  ) {}

  createDriver(): Driver {
    return new ReadWriteSqliteDriver(this.writer, this.reader)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  createAdapter(): DialectAdapter {
    return new ReadWriteSqliteAdapter()
  }

  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db)
  }
}
