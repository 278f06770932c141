// Roster import (issue 7): who imported which file when, and the uploaded file kept between preview and confirm.
// - roster_imports: one row per confirmed import that changed something (counts, the file's name and SHA-256, the
//   column mapping used, and the rejected rows with their reasons, so they can be downloaded again later);
// - roster_import_uploads: the uploaded file itself, keyed by a random token and tied to the user who uploaded it,
//   deleted when the import is confirmed and otherwise once it expires. Staging only: nothing here is domain data.
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .createTable('roster_imports')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    // set when the import was limited to one village (a village cadre's import)
    .addColumn('village_id', 'integer', (c) => c.references('villages.id'))
    .addColumn('imported_by_user_id', 'integer', (c) => c.references('users.id'))
    // the user's display name, or who ran the command line
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('web','cli')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('sheet_name', 'text')
    .addColumn('header_row', 'integer', (c) => c.notNull())
    // JSON: { field: column index }
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('rows_added', 'integer', (c) => c.notNull())
    .addColumn('rows_updated', 'integer', (c) => c.notNull())
    .addColumn('rows_unchanged', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('rows_skipped', 'integer', (c) => c.notNull())
    // JSON: { headers: string[], rows: [{ sheetRow, cells, reasons }] }
    .addColumn('rejected_rows', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('roster_imports_township_idx').on('roster_imports').columns(['township_id', 'imported_at']).execute()

  await db.schema
    .createTable('roster_import_uploads')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('content', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('roster_import_uploads_user_idx').on('roster_import_uploads').columns(['user_id', 'created_at']).execute()
  await db.schema.createIndex('roster_import_uploads_expiry_idx').on('roster_import_uploads').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roster_import_uploads').ifExists().execute()
  await db.schema.dropTable('roster_imports').ifExists().execute()
}
