// Issue 15: 近亲属备案 — a household that is a near relative of a village cadre or a staff member (村(居)干部/经办人员)
// is filed with the township: the day it was filed (备案日期) and who the related official is, as a user of the system
// (near_relative_official_user_id) or by name when they have no account (near_relative_official_name). The existing
// near_relative_filing (是否近亲属) and near_relative_note stay. Nothing is backfilled: no one knows those days or names.
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('households').addColumn('near_relative_filed_on', 'text').execute()
  await db.schema
    .alterTable('households')
    .addColumn('near_relative_official_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.alterTable('households').addColumn('near_relative_official_name', 'text').execute()
  await db.schema.createIndex('households_near_relative_idx').on('households').columns(['near_relative_filing', 'village_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('households_near_relative_idx').ifExists().execute()
  await db.schema.alterTable('households').dropColumn('near_relative_official_name').execute()
  // SQLite cannot drop a column that carries a foreign key: there it stays, unused and harmless (as in 0006)
  if (db.getExecutor().adapter instanceof PostgresAdapter) await db.schema.alterTable('households').dropColumn('near_relative_official_user_id').execute()
  await db.schema.alterTable('households').dropColumn('near_relative_filed_on').execute()
}
