// Column types every table file of the schema shares (db/schema.ts has the conventions).
import type { ColumnType, Generated } from 'kysely'

export type Id = Generated<number>
export type CreatedAt = ColumnType<string, string | undefined, never>
/** a column with a database default: optional on insert */
export type Defaulted<T> = Generated<T>
