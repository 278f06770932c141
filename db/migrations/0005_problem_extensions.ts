// Issue 11, findings 9 and 15.
// - problem_deadline_extensions: a problem's deadline moves only by an extension a township leader or an inspector
//   grants, with a reason; one row per extension (old date, new date, reason, who, when). The village's own edit
//   never touches problems.deadline_on once it is set, so the overdue list keeps a problem until it is rectified
//   or extended here.
// - holiday_overrides gets a scope: a correction belongs to one township (township_id) or, set by the county
//   bureau, to every township of a county (county_name); exactly one of the two. The table is rebuilt (its primary
//   key was the day alone); the old, global rows are copied to every township, so no township's working days
//   change on upgrade.
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  const id = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement())

  await db.schema
    .createTable('problem_deadline_extensions')
    .addColumn('id', postgres ? 'serial' : 'integer', id)
    .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id'))
    // null: the problem had no deadline yet
    .addColumn('old_deadline_on', 'text')
    .addColumn('new_deadline_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('problem_deadline_extensions_problem_idx').on('problem_deadline_extensions').columns(['problem_id', 'id']).execute()

  await db.schema.alterTable('holiday_overrides').renameTo('holiday_overrides_unscoped').execute()
  await db.schema
    .createTable('holiday_overrides')
    .addColumn('id', postgres ? 'serial' : 'integer', id)
    .addColumn('township_id', 'integer', (c) => c.references('townships.id'))
    .addColumn('county_name', 'text')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','workday')`))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('holiday_overrides_one_scope', sql`(township_id is null) <> (county_name is null)`)
    .execute()
  // one correction per day and scope (NULLs are distinct, so each index only binds rows of its own scope)
  await db.schema.createIndex('holiday_overrides_township_day').on('holiday_overrides').columns(['township_id', 'day']).unique().execute()
  await db.schema.createIndex('holiday_overrides_county_day').on('holiday_overrides').columns(['county_name', 'day']).unique().execute()
  await sql`insert into holiday_overrides (township_id, county_name, day, kind, note, updated_at)
            select townships.id, null, o.day, o.kind, o.note, o.updated_at from holiday_overrides_unscoped o cross join townships`.execute(db)
  await db.schema.dropTable('holiday_overrides_unscoped').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('problem_deadline_extensions').ifExists().execute()
  await db.schema.alterTable('holiday_overrides').renameTo('holiday_overrides_scoped').execute()
  await db.schema
    .createTable('holiday_overrides')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','workday')`))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await sql`insert into holiday_overrides (day, kind, note, updated_at)
            select day, min(kind), min(note), max(updated_at) from holiday_overrides_scoped group by day`.execute(db)
  await db.schema.dropTable('holiday_overrides_scoped').execute()
}
