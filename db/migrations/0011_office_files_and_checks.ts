// Issue 16: the checks that catch 错保, on the files a township office really has.
// - payment_ledgers (发放花名册 / 社会救助资金发放明细, one per township and month; a re-import replaces the month's
//   earlier one), their entries and the discrepancies found against the roster and the standing notice (公示 vs 发放);
// - department_lists (信息核对: 车管, 市场监管, 不动产, 财政/人社, 公安/殡葬, 公积金) per county and source: only the
//   matches against households are kept (department_matches), never the department's raw rows;
// - county_samples (县级入户抽查 ≥30%, stated seed) and the households on them, with the county's check record;
// - roster_imports.sheets: every sheet of the workbook with its row count and state, as the preview showed it.
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

  // ——— roster files ———
  await db.schema
    .alterTable('roster_imports')
    .addColumn('sheets', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()

  // ——— payment ledger (公示 vs 发放) ———
  await withId(db, db.schema.createTable('payment_ledgers'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id').onDelete('cascade'))
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('set null'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('sheet_name', 'text')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    /** the standing notice of the month as the comparison read it: households and amount */
    .addColumn('notice_households', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notice_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text')
    .execute()
  await db.schema.createIndex('payment_ledgers_township_month_idx').on('payment_ledgers').columns(['township_id', 'month']).execute()

  await withId(db, db.schema.createTable('payment_ledger_entries'))
    .addColumn('ledger_id', 'integer', (c) => c.notNull().references('payment_ledgers.id').onDelete('cascade'))
    .addColumn('sheet_row', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    /** idMatchKey (workflows/rules/idNumber.ts): meets a 15-digit number */
    .addColumn('id_key', 'text')
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('paid_month', 'text')
    .addColumn('account_tail', 'text')
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('set null'))
    .addColumn('household_id', 'integer', (c) => c.references('households.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('payment_ledger_entries_ledger_idx').on('payment_ledger_entries').column('ledger_id').execute()

  await withId(db, db.schema.createTable('ledger_discrepancies'))
    .addColumn('ledger_id', 'integer', (c) => c.notNull().references('payment_ledgers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('set null'))
    .addColumn('household_id', 'integer', (c) => c.references('households.id').onDelete('set null'))
    .addColumn('entry_id', 'integer', (c) => c.references('payment_ledger_entries.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('expected_fen', 'integer')
    .addColumn('paid_fen', 'integer')
    .addColumn('detail', 'text')
    .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('ledger_discrepancies_ledger_idx').on('ledger_discrepancies').column('ledger_id').execute()

  // ——— other departments' lists (信息核对) ———
  await withId(db, db.schema.createTable('department_lists'))
    .addColumn('county_id', 'integer', (c) => c.notNull().references('counties.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    /** the day or month the department's data is as of (YYYY-MM-DD or YYYY-MM) */
    .addColumn('data_date', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('match_count', 'integer', (c) => c.notNull())
    .addColumn('imported_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text')
    .execute()

  await withId(db, db.schema.createTable('department_matches'))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('department_lists.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('cascade'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.references('household_members.id').onDelete('set null'))
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    /** the fact in words, e.g. 名下有小型汽车1辆 */
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('data_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('department_matches_household_idx').on('department_matches').column('household_id').execute()
  await db.schema.createIndex('department_matches_village_idx').on('department_matches').column('village_id').execute()

  // ——— the county's sampling (县级入户抽查) ———
  await withId(db, db.schema.createTable('county_samples'))
    .addColumn('county_id', 'integer', (c) => c.notNull().references('counties.id').onDelete('cascade'))
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('drawn_on', 'text', (c) => c.notNull())
    .addColumn('drawn_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()

  await withId(db, db.schema.createTable('county_sample_households'))
    .addColumn('sample_id', 'integer', (c) => c.notNull().references('county_samples.id').onDelete('cascade'))
    .addColumn('township_id', 'integer', (c) => c.notNull().references('townships.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('cascade'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    /** JSON list of why the household is on the list: random, nearRelative, reported */
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('assigned_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('visited_on', 'text')
    .addColumn('finding', 'text')
    .addColumn('finding_reasons', 'text')
    .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('set null'))
    .addColumn('checked_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('county_sample_households_unique', ['sample_id', 'household_id'])
    .execute()
  await db.schema.createIndex('county_sample_households_township_idx').on('county_sample_households').columns(['sample_id', 'township_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'county_sample_households',
    'county_samples',
    'department_matches',
    'department_lists',
    'ledger_discrepancies',
    'payment_ledger_entries',
    'payment_ledgers',
  ])
    await db.schema.dropTable(table).execute()
  await db.schema.alterTable('roster_imports').dropColumn('sheets').execute()
}
