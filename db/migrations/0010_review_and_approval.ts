// Issue 15: the 低保 review as the law runs it (ADR 010, ADR 011).
// - household_members (家庭成员) and households.area (城市/农村, the standard that applies);
// - allowance_standards (低保标准) per county, area and effective day, with 分类施保 supplements per member;
// - household_reviews gain the economic check (家庭经济状况核查, JSON), a note per flagged situation and `complete`
//   (what coverage counts); reviews already saved keep counting (complete = 1 where reviewed) until saved again;
// - proposals (拟) through 镇审核 → 公示 → 县审批, their events, objections (异议), notices (审核结果公示) and the
//   allowance history an approval writes (household_allowance_changes);
// - users.civil_affairs (镇民政所), townships.report_phone (举报电话) and version, campaigns.approval_limits;
// - problems gain 专人督办 for serious problems (as complaints have).
// Migrations take Kysely<any> and import nothing from the app.
import { PostgresAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely'

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db) ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`

  // ——— people and places ———
  await db.schema
    .alterTable('users')
    .addColumn('civil_affairs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('townships').addColumn('report_phone', 'text').execute()
  await db.schema
    .alterTable('townships')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('campaigns').addColumn('approval_limits', 'text').execute()

  // ——— the household ———
  await db.schema
    .alterTable('households')
    .addColumn('area', 'text', (c) =>
      c
        .notNull()
        .defaultTo('rural')
        .check(sql`area in ('urban','rural')`),
    )
    .execute()
  // a community's (社区) households are urban (城市低保), a village's rural
  await sql`UPDATE households SET area = 'urban' WHERE village_id IN (SELECT id FROM villages WHERE kind = 'community')`.execute(db)

  await withId(db, db.schema.createTable('household_members'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('covered', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('health', 'text', (c) => c.notNull().defaultTo('healthy'))
    .addColumn('disability', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('work_status', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('household_members_position_unique', ['household_id', 'position'])
    .execute()
  // 信息核对: the same person in two households is found by ID number
  await db.schema.createIndex('household_members_id_number_idx').on('household_members').column('id_number').execute()

  await withId(db, db.schema.createTable('allowance_standards'))
    .addColumn('county_id', 'integer', (c) => c.notNull().references('counties.id').onDelete('cascade'))
    .addColumn('area', 'text', (c) => c.notNull().check(sql`area in ('urban','rural')`))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('monthly_fen', 'integer', (c) => c.notNull())
    .addColumn('supplements', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('allowance_standards_unique', ['county_id', 'area', 'effective_from'])
    .execute()

  await db.schema.alterTable('household_reviews').addColumn('economic_check', 'text').execute()
  await db.schema
    .alterTable('household_reviews')
    .addColumn('situation_notes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema
    .alterTable('household_reviews')
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`UPDATE household_reviews SET complete = 1 WHERE reviewed_at IS NOT NULL`.execute(db)

  // ——— 专人督办 for serious problems ———
  await db.schema
    .alterTable('problems')
    .addColumn('is_serious', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('problems')
    .addColumn('supervisor_user_id', 'integer', (c) => c.references('users.id'))
    .execute()
  await db.schema.alterTable('problems').addColumn('supervisor_deadline_on', 'text').execute()

  // ——— proposals through the chain ———
  await withId(db, db.schema.createTable('proposals'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('review_id', 'integer', (c) => c.references('household_reviews.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('adjust','stop','stopAndRecover','enrol')`))
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('current_amount_fen', 'integer', (c) => c.notNull())
    .addColumn('proposed_amount_fen', 'integer')
    .addColumn('proposed_exit_date', 'text')
    .addColumn('recovered_fen', 'integer')
    .addColumn('fine_fen', 'integer')
    .addColumn('proposed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('proposed_on', 'text', (c) => c.notNull())
    .addColumn('machine_version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('step_entered_on', 'text', (c) => c.notNull())
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notice_from', 'text')
    .addColumn('notice_to', 'text')
    .addColumn('decision_effective_month', 'text')
    .addColumn('decision_amount_fen', 'integer')
    .addColumn('decision_exit_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('proposals_village_idx').on('proposals').columns(['campaign_id', 'village_id', 'step']).execute()
  await db.schema.createIndex('proposals_household_idx').on('proposals').column('household_id').execute()
  // one proposal in the chain per household at a time
  await sql`CREATE UNIQUE INDEX proposals_one_open_idx ON proposals (household_id) WHERE final = 0`.execute(db)

  await withId(db, db.schema.createTable('proposal_events'))
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('proposal_events_version_unique', ['proposal_id', 'version'])
    .execute()

  await withId(db, db.schema.createTable('proposal_objections'))
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('objector', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('registered_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('result', 'text')
    .addColumn('verified_on', 'text')
    .addColumn('verified_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('verification_note', 'text')
    .addColumn('problem_id', 'integer', (c) => c.references('problems.id'))
    .addUniqueConstraint('proposal_objections_no_unique', ['proposal_id', 'no'])
    .execute()

  await withId(db, db.schema.createTable('notices'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id'))
    .addColumn('notice_from', 'text', (c) => c.notNull())
    .addColumn('notice_to', 'text', (c) => c.notNull())
    .addColumn('report_phone', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema
    .createTable('notice_proposals')
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id').onDelete('cascade'))
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addPrimaryKeyConstraint('notice_proposals_pk', ['notice_id', 'proposal_id'])
    .execute()

  await withId(db, db.schema.createTable('household_allowance_changes'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('proposal_id', 'integer', (c) => c.references('proposals.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('adjust','stop','stopAndRecover','enrol')`))
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('previous_amount_fen', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('exit_date', 'text')
    .addColumn('approved_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('household_allowance_changes_household_idx').on('household_allowance_changes').columns(['household_id', 'from_month']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['household_allowance_changes', 'notice_proposals', 'notices', 'proposal_objections', 'proposal_events', 'proposals']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
  await db.schema.dropTable('allowance_standards').ifExists().execute()
  await db.schema.dropTable('household_members').ifExists().execute()
  for (const column of ['complete', 'situation_notes', 'economic_check']) await db.schema.alterTable('household_reviews').dropColumn(column).execute()
  await db.schema.alterTable('problems').dropColumn('supervisor_deadline_on').execute()
  await db.schema.alterTable('problems').dropColumn('is_serious').execute()
  // SQLite cannot drop a column that carries a foreign key or a CHECK: there they stay, unused and harmless (as in 0006)
  if (isPostgres(db)) {
    await db.schema.alterTable('problems').dropColumn('supervisor_user_id').execute()
    await db.schema.alterTable('households').dropColumn('area').execute()
  }
  await db.schema.alterTable('campaigns').dropColumn('approval_limits').execute()
  await db.schema.alterTable('townships').dropColumn('version').execute()
  await db.schema.alterTable('townships').dropColumn('report_phone').execute()
  await db.schema.alterTable('users').dropColumn('civil_affairs').execute()
}
