// Issue 14: a real county and township from zero.
// - counties: the county (县) a bureau administers, by name (townships and county users keep county_name, the key);
// - users.county_admin: a county user (role county) who may also manage the county's townships and accounts;
// - role 'liaison' (包村干部): a township official working the villages in village_liaisons;
// - campaigns get a lifecycle (open → closed, one open campaign per township), the summary report's submission to the
//   county and its deadline, and a version; campaign_checklist_items hold each campaign's own checklist wording;
// - township_tasks: the township's own duties (乡镇工作清单) with owner, due date and evidence note.
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely'

const ROLES_BEFORE = `'leader','cadre','inspector','county','admin'`
const ROLES_AFTER = `'leader','cadre','inspector','county','admin','liaison'`

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db) ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

/** The role check gains 'liaison'. SQLite cannot alter a CHECK: the table is rebuilt the documented way (lang_altertable). */
async function widenRoleCheck(db: Kysely<any>, roles: string): Promise<void> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ conname: string }>`
      SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%role%'`.execute(db)
    for (const row of rows) await sql`ALTER TABLE users DROP CONSTRAINT ${sql.id(row.conname)}`.execute(db)
    await sql`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role in (${sql.raw(roles)}))`.execute(db)
    return
  }
  const { rows } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'`.execute(db)
  const create = rows[0].sql.replace(/role in \([^)]*\)/, `role in (${roles})`).replace(/^CREATE TABLE "?users"?/i, 'CREATE TABLE "users_rebuilt"')
  const { rows: indexes } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL`.execute(
    db,
  )
  // foreign keys off while the table is swapped (outside a transaction: the pragma is a no-op inside one)
  await sql`PRAGMA foreign_keys = OFF`.execute(db)
  try {
    await sql`BEGIN`.execute(db)
    await sql.raw(create).execute(db)
    await sql`INSERT INTO users_rebuilt SELECT * FROM users`.execute(db)
    await sql`DROP TABLE users`.execute(db)
    await sql`ALTER TABLE users_rebuilt RENAME TO users`.execute(db)
    for (const index of indexes) await sql.raw(index.sql).execute(db)
    const { rows: broken } = await sql`PRAGMA foreign_key_check`.execute(db)
    if (broken.length) throw new Error(`users rebuild: ${broken.length} broken references`)
    await sql`COMMIT`.execute(db)
  } catch (error) {
    await sql`ROLLBACK`.execute(db)
    throw error
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`
  await widenRoleCheck(db, ROLES_AFTER)

  await withId(db, db.schema.createTable('counties'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await sql`INSERT INTO counties (name) SELECT DISTINCT county_name FROM townships WHERE county_name <> ''`.execute(db)
  await sql`INSERT INTO counties (name) SELECT DISTINCT county_name FROM users WHERE county_name IS NOT NULL AND county_name <> ''
    AND county_name NOT IN (SELECT name FROM counties)`.execute(db)

  await db.schema
    .alterTable('users')
    .addColumn('county_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('village_liaisons')
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('village_liaisons_pk', ['village_id', 'user_id'])
    .execute()
  await db.schema.createIndex('village_liaisons_user_idx').on('village_liaisons').column('user_id').execute()

  for (const [column, type] of [
    ['status', 'text'],
    ['started_on', 'text'],
    ['closed_on', 'text'],
    ['closed_by_user_id', 'integer'],
    ['summary_due_on', 'text'],
    ['summary_submitted_on', 'text'],
    ['summary_submitted_by_user_id', 'integer'],
  ] as const) {
    await db.schema
      .alterTable('campaigns')
      .addColumn(column, type, (c) =>
        column === 'status'
          ? c
              .notNull()
              .defaultTo('open')
              .check(sql`status in ('open','closed')`)
          : c,
      )
      .execute()
  }
  await db.schema
    .alterTable('campaigns')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // campaigns already there: started on their first window, the summary due when the last one ends
  await sql`UPDATE campaigns SET
      started_on = (SELECT min(starts_on) FROM campaign_phases WHERE campaign_phases.campaign_id = campaigns.id),
      summary_due_on = (SELECT max(ends_on) FROM campaign_phases WHERE campaign_phases.campaign_id = campaigns.id)`.execute(db)
  // one open campaign per township: older ones of the same township are closed
  await sql`UPDATE campaigns SET status = 'closed' WHERE id < (SELECT max(c2.id) FROM campaigns c2 WHERE c2.township_id = campaigns.township_id)`.execute(db)
  await sql`CREATE UNIQUE INDEX campaigns_one_open_idx ON campaigns (township_id) WHERE status = 'open'`.execute(db)

  await withId(db, db.schema.createTable('campaign_checklist_items'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('campaign_checklist_items_unique', ['campaign_id', 'phase', 'item_key'])
    .execute()

  await withId(db, db.schema.createTable('township_tasks'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    .addColumn('task_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('owner_name', 'text')
    .addColumn('due_on', 'text')
    .addColumn('done_on', 'text')
    .addColumn('done_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('evidence_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('township_tasks_unique', ['campaign_id', 'task_key'])
    .execute()
  await db.schema.createIndex('township_tasks_township_idx').on('township_tasks').column('township_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('township_tasks').ifExists().execute()
  await db.schema.dropTable('campaign_checklist_items').ifExists().execute()
  await sql`DROP INDEX IF EXISTS campaigns_one_open_idx`.execute(db)
  await db.schema.dropTable('village_liaisons').ifExists().execute()
  await db.schema.dropTable('counties').ifExists().execute()
  await sql`DELETE FROM users WHERE role = 'liaison'`.execute(db)
  await widenRoleCheck(db, ROLES_BEFORE)
  // the added columns stay (as in 0006): harmless to the code before this migration
}
