// The whole domain of DESIGN.md in one first migration, so later work adds to it instead of rewriting it.
// Migrations take Kysely<any> and import nothing from the app: they must keep working after the app moves on.
import { PostgresAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely'

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  // SQLite's rowid alias vs PostgreSQL's serial: the only dialect difference the schema needs.
  return isPostgres(db) ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`

  await withId(db, db.schema.createTable('townships'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('county_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()

  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('leader','cadre','inspector','county','admin')`))
    .addColumn('township_id', 'integer', (c) => c.references('townships.id'))
    // Villages refer to users (包村领导) and users to villages. SQLite accepts a reference to a table that
    // does not exist yet; PostgreSQL gets the constraint once villages exists (below).
    .addColumn('village_id', 'integer', (c) => (isPostgres(db) ? c : c.references('villages.id')))
    .addColumn('county_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await withId(db, db.schema.createTable('villages'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('village','community')`))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('leader_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('villages_township_name_unique', ['township_id', 'name'])
    .addUniqueConstraint('villages_township_code_unique', ['township_id', 'code'])
    .execute()
  if (isPostgres(db)) {
    await db.schema.alterTable('users').addForeignKeyConstraint('users_village_fk', ['village_id'], 'villages', ['id']).execute()
  }
  await db.schema.createIndex('users_village_idx').on('users').column('village_id').execute()
  await db.schema.createIndex('users_township_idx').on('users').column('township_id').execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  await withId(db, db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_attempts_user_idx').on('login_attempts').columns(['username', 'attempted_at']).execute()
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'attempted_at']).execute()

  await withId(db, db.schema.createTable('campaigns'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('template_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('campaigns_township_idx').on('campaigns').column('township_id').execute()

  await withId(db, db.schema.createTable('campaign_phases'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_phases_unique', ['campaign_id', 'phase'])
    .execute()

  await withId(db, db.schema.createTable('village_workflows'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('machine_version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('zero_report', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('key_supervision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('phase_entered_on', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('village_workflows_unique', ['campaign_id', 'village_id'])
    .execute()
  await db.schema.createIndex('village_workflows_village_idx').on('village_workflows').column('village_id').execute()

  await withId(db, db.schema.createTable('workflow_events'))
    .addColumn('workflow_id', 'integer', (c) => c.notNull().references('village_workflows.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    // one event per version: a second writer racing on the same version fails here too
    .addUniqueConstraint('workflow_events_version_unique', ['workflow_id', 'version'])
    .execute()

  await withId(db, db.schema.createTable('checklist_items'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('done_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checklist_items_unique', ['campaign_id', 'village_id', 'item_key'])
    .execute()

  await withId(db, db.schema.createTable('households'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull().unique())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('covered_count', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('monthly_amount_fen', 'integer', (c) => c.notNull())
    .addColumn('responsible_cadre', 'text')
    .addColumn('phone', 'text')
    .addColumn('key_check_situations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('near_relative_filing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('near_relative_note', 'text')
    .addColumn('enrolment', 'text', (c) => c.notNull().defaultTo('roster'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('households_village_idx').on('households').columns(['village_id', 'status']).execute()
  await db.schema.createIndex('households_head_name_idx').on('households').column('head_name').execute()

  await withId(db, db.schema.createTable('household_reviews'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('income_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('property_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('home_visit_on', 'text')
    .addColumn('home_visit_by', 'text')
    .addColumn('key_check_situations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('risk_signals', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('outcome', 'text')
    .addColumn('adjusted_amount_fen', 'integer')
    .addColumn('exit_reason', 'text')
    .addColumn('exit_on', 'text')
    .addColumn('fraud_recovered_fen', 'integer')
    .addColumn('fraud_fine_fen', 'integer')
    .addColumn('notes', 'text')
    .addColumn('reviewed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('household_reviews_unique', ['campaign_id', 'household_id'])
    .execute()
  // the dashboard counts reviewed / home-visited households per village
  await db.schema.createIndex('household_reviews_village_idx').on('household_reviews').columns(['campaign_id', 'village_id']).execute()

  await withId(db, db.schema.createTable('problems'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('household_id', 'integer', (c) => c.references('households.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('measure', 'text')
    .addColumn('responsible_person', 'text')
    .addColumn('deadline_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('verified_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('verified_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('problems_village_idx').on('problems').columns(['campaign_id', 'village_id', 'status']).execute()
  await db.schema.createIndex('problems_deadline_idx').on('problems').columns(['status', 'deadline_on']).execute()

  await withId(db, db.schema.createTable('inspection_visits'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('inspectors', 'text', (c) => c.notNull())
    .addColumn('checked', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('is_key_inspection', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('superficial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('inspection_visits_village_idx').on('inspection_visits').columns(['campaign_id', 'village_id']).execute()

  await db.schema
    .createTable('inspection_visit_households')
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('inspection_visits.id').onDelete('cascade'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addPrimaryKeyConstraint('inspection_visit_households_pk', ['visit_id', 'household_id'])
    .execute()

  await withId(db, db.schema.createTable('rectification_orders'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('visit_id', 'integer', (c) => c.references('inspection_visits.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deadline_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('response', 'text')
    .addColumn('responded_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('responded_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rectification_orders_village_idx').on('rectification_orders').columns(['campaign_id', 'village_id', 'status']).execute()
  await db.schema.createIndex('rectification_orders_deadline_idx').on('rectification_orders').columns(['status', 'deadline_on']).execute()

  await withId(db, db.schema.createTable('complaints'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('household_id', 'integer', (c) => c.references('households.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_contact', 'text')
    .addColumn('deadline_on', 'text', (c) => c.notNull())
    .addColumn('is_major', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('supervisor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('supervisor_deadline_on', 'text')
    .addColumn('verification_result', 'text')
    .addColumn('verification_note', 'text')
    .addColumn('verified_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('verified_on', 'text')
    .addColumn('problem_id', 'integer', (c) => c.references('problems.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('complaints_village_idx').on('complaints').columns(['campaign_id', 'village_id', 'status']).execute()

  await db.schema
    .createTable('holiday_overrides')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','workday')`))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'holiday_overrides',
    'complaints',
    'rectification_orders',
    'inspection_visit_households',
    'inspection_visits',
    'problems',
    'household_reviews',
    'households',
    'checklist_items',
    'workflow_events',
    'village_workflows',
    'campaign_phases',
    'campaigns',
    'login_attempts',
    'sessions',
    'villages',
    'users',
    'townships',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
