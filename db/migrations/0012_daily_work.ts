// Issue 17: each role's day.
// - evidence_files: photos and scans (佐证材料) attached to an order's answer, a checklist item, a home visit or a
//   problem's rectification; one row per attachment, the bytes kept once per sha256 — as a file under the data
//   directory on SQLite, in evidence_blobs on PostgreSQL (never in the web root);
// - self_inspection_narratives: the written sections of a village's 自查报告 (工作开展情况, 发现的问题, 整改措施,
//   下一步打算); a null section is not yet written and the page pre-fills it from the data;
// - site_settings: text an administrator sets for everyone (the login page's 忘记密码 contact).
// Each area keeps to its own section below. Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely'

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db) ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`

  // ——— evidence (佐证材料) ———
  await withId(db, db.schema.createTable('evidence_files'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('cascade'))
    /** EVIDENCE_RECORD_TYPES: orderAnswer, checklistItem, homeVisit, problemRectification */
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    /** image | pdf */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    /** the name on the uploader's device, cleaned; shown, never used as a path */
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('uploaded_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    /** withdrawn by its uploader or an administrator: kept (audit), no longer shown */
    .addColumn('removed_at', 'text')
    .addColumn('removed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('evidence_files_record_idx').on('evidence_files').columns(['record_type', 'record_id']).execute()
  await db.schema.createIndex('evidence_files_sha256_idx').on('evidence_files').column('sha256').execute()

  await db.schema
    .createTable('evidence_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content', isPostgres(db) ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()

  // ——— self-inspection report's narrative (自查报告) ———
  await withId(db, db.schema.createTable('self_inspection_narratives'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('cascade'))
    .addColumn('work_done', 'text')
    .addColumn('problems_found', 'text')
    .addColumn('measures', 'text')
    .addColumn('next_steps', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('self_inspection_narratives_unique', ['campaign_id', 'village_id'])
    .execute()

  // ——— site settings ———
  await withId(db, db.schema.createTable('site_settings'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['site_settings', 'self_inspection_narratives', 'evidence_blobs', 'evidence_files']) await db.schema.dropTable(table).ifExists().execute()
}
