// Issue 11, findings 10 and 11.
// - version (optimistic lock) on users, campaign_phases (the campaign's windows) and checklist_items: a form posts
//   the version it was loaded with, and a save of an older version is a conflict instead of a lost update.
// - audit_log becomes a hash chain (docs/decisions/008-audit-chain.md): recorded_at is the database's own time,
//   prev_hash / hash link every row to the one before; audit_chain_head holds the tail and serialises appends.
//   A BEFORE INSERT trigger refuses a row that would replace an existing one (SQLite's INSERT OR REPLACE / REPLACE
//   INTO delete the old row without firing the delete trigger while recursive_triggers is off), a row without a
//   hash, and a row whose recorded_at is not the database's clock (back-dating). Rows already there are chained here.
// Migrations take Kysely<any> and import nothing from the app (db/auditChain.ts is part of db/).
import { PostgresAdapter, sql, type Kysely } from 'kysely'
import { chainExistingAuditRows } from '../auditChain'

/** how far recorded_at may be from the database clock when the row arrives (the app reads the clock just before) */
const CLOCK_TOLERANCE_SECONDS = 60

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter

  for (const table of ['users', 'campaign_phases', 'checklist_items']) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  }

  await db.schema.alterTable('audit_log').addColumn('recorded_at', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute()
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('last_id', postgres ? 'bigint' : 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute()

  // chain the rows already there: the update trigger is lifted inside this migration's transaction only
  if (postgres) {
    await sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(db)
    await chainExistingAuditRows(db)
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db)
    await sql`ALTER TABLE audit_log ALTER COLUMN recorded_at SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`.execute(db)
    await sql
      .raw(
        `CREATE FUNCTION audit_log_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) THEN RAISE EXCEPTION 'audit_log is append-only: row % exists', NEW.id; END IF;
        IF NEW.hash IS NULL OR NEW.prev_hash IS NULL THEN RAISE EXCEPTION 'audit_log: a row outside the hash chain'; END IF;
        IF NEW.recorded_at IS NULL OR abs(extract(epoch FROM (NEW.recorded_at::timestamptz - clock_timestamp()))) > ${CLOCK_TOLERANCE_SECONDS} THEN
          RAISE EXCEPTION 'audit_log: recorded_at must be the database time';
        END IF;
        RETURN NEW;
      END $$`,
      )
      .execute(db)
    await sql`CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_insert_guard()`.execute(db)
  } else {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(db)
    await chainExistingAuditRows(db)
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
    await sql
      .raw(
        `CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: the row exists') WHERE EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id);
        SELECT RAISE(ABORT, 'audit_log: a row outside the hash chain') WHERE NEW.hash IS NULL OR NEW.prev_hash IS NULL;
        SELECT RAISE(ABORT, 'audit_log: recorded_at must be the database time')
          WHERE NEW.recorded_at IS NULL OR julianday(NEW.recorded_at) IS NULL
             OR abs(julianday(NEW.recorded_at) - julianday('now')) * 86400 > ${CLOCK_TOLERANCE_SECONDS};
      END`,
      )
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  await sql`DROP TRIGGER IF EXISTS audit_log_insert_guard${sql.raw(postgres ? ' ON audit_log' : '')}`.execute(db)
  if (postgres) await sql`DROP FUNCTION IF EXISTS audit_log_insert_guard()`.execute(db)
  await db.schema.dropTable('audit_chain_head').ifExists().execute()
  // the columns stay (SQLite cannot drop a column used by nothing cheaply across versions); they are harmless
}
