// Issue 14: accounts imported from an .xlsx list (姓名, 角色, 所属村, 手机号) with the roster's preview-then-confirm flow.
// - account_import_uploads: the uploaded list itself, keyed by a random token and tied to the administrator who
//   uploaded it, deleted when the import is confirmed and otherwise once it expires. Staging only, as
//   roster_import_uploads is (0004); a table of its own, so that neither page ever finds the other's file.
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .createTable('account_import_uploads')
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
  await db.schema.createIndex('account_import_uploads_user_idx').on('account_import_uploads').columns(['user_id', 'created_at']).execute()
  await db.schema.createIndex('account_import_uploads_expiry_idx').on('account_import_uploads').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_import_uploads').ifExists().execute()
}
