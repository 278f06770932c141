// Bulk inserts for the county generator: raw better-sqlite3 prepared statements, typed by the Kysely schema so a
// misspelt column or a wrong value type fails the type check rather than the run. One statement is prepared per
// table and column set, and every insert is counted, so the generator's summary is what it actually wrote.
import type SQLite from 'better-sqlite3'
import type { Insertable } from 'kysely'
import type { Database } from '../../db/schema'

type SqlValue = string | number | null

export class BulkWriter {
  private readonly statements = new Map<string, SQLite.Statement>()
  readonly counts = new Map<keyof Database, number>()

  constructor(private readonly sqlite: SQLite.Database) {}

  /** Insert one row and return its id (the rowid; for tables without one, the rowid SQLite assigned). */
  insert<T extends keyof Database>(table: T, row: Insertable<Database[T]>): number {
    const values = row as Record<string, SqlValue | undefined>
    const columns = Object.keys(values).filter((c) => values[c] !== undefined)
    const key = `${table}(${columns.join(',')})`
    let statement = this.statements.get(key)
    if (!statement) {
      statement = this.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      this.statements.set(key, statement)
    }
    const result = statement.run(columns.map((c) => values[c] as SqlValue))
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1)
    return Number(result.lastInsertRowid)
  }

  count(table: keyof Database): number {
    return this.counts.get(table) ?? 0
  }
}
