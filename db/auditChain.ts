// The audit log's hash chain (docs/decisions/008-audit-chain.md). Every row holds the hash of the row before it
// (prev_hash) and its own hash = sha256(prev_hash + "\n" + canonical content incl. id and the database's time), so
// rewriting or deleting a row — even with the append-only triggers dropped — breaks the chain at that row.
// Appends are serialised on the one-row table audit_chain_head (which also holds the tail, so deleting the
// newest rows shows too); the time is the database's own (recorded_at; a trigger refuses any other).
// db/ imports nothing from app/: the app's recordAudit, the demo seed, migration 0006 and the verifier share this.
import crypto from 'node:crypto'
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely'

/** prev_hash of the first row */
export const GENESIS_HASH = '0'.repeat(64)

/** The triggers that keep the log append-only, per dialect; the verifier reports any that is missing. */
export const AUDIT_TRIGGERS = {
  sqlite: ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_insert_guard'],
  postgres: ['audit_log_no_update', 'audit_log_no_truncate', 'audit_log_insert_guard'],
} as const

export interface AuditRowContent {
  id: number
  recorded_at: string
  occurred_at: string
  actor_user_id: number | null
  action: string
  entity_type: string
  entity_id: number | null
  village_id: number | null
  township_id: number | null
  before: string | null
  after: string | null
  ip: string | null
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** The row's content in one fixed order and form, the same whichever database returned it. */
export function canonicalAuditContent(row: AuditRowContent): string {
  return JSON.stringify([
    num(row.id),
    str(row.recorded_at),
    str(row.occurred_at),
    num(row.actor_user_id),
    str(row.action),
    str(row.entity_type),
    num(row.entity_id),
    num(row.village_id),
    num(row.township_id),
    str(row.before),
    str(row.after),
    str(row.ip),
  ])
}

export function auditRowHash(prevHash: string, row: AuditRowContent): string {
  return crypto
    .createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditContent(row)}`, 'utf8')
    .digest('hex')
}

// deliberately Kysely<any>: migrations and the seed use it too
type Executor = Kysely<any> | Transaction<any>

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** The database's clock as UTC ISO text with milliseconds (the format of every instant here). */
export function databaseNowSql(postgres: boolean) {
  return postgres
    ? sql<string>`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`
}

export type AuditRowInput = Omit<AuditRowContent, 'id' | 'recorded_at'>

/**
 * Append one row to the chain. Must run inside the transaction that makes the change (a bare Kysely gets its own).
 * Locking the head row first serialises appends across connections and processes (a row lock on PostgreSQL, the
 * write lock on SQLite), so two writers can never link to the same predecessor.
 */
export async function appendAuditRow(db: Executor, values: AuditRowInput): Promise<{ id: number; hash: string }> {
  const [first] = await appendAuditRows(db, [values])
  return first
}

/** Append several rows in order (a roster import's thousands), with one lock and one insert per 500 rows. */
export async function appendAuditRows(db: Executor, values: AuditRowInput[]): Promise<Array<{ id: number; hash: string }>> {
  if (values.length === 0) return []
  if (!db.isTransaction) return (db as Kysely<any>).transaction().execute((tx) => appendAuditRows(tx, values))
  const postgres = isPostgres(db)
  const head = await sql<{
    last_id: number | string
    last_hash: string
  }>`update audit_chain_head set last_id = last_id where id = 1 returning last_id, last_hash`.execute(db)
  const tail = head.rows[0]
  if (!tail) throw new Error('audit_chain_head is missing: run the migrations')
  const now = (await sql<{ now: string }>`select ${databaseNowSql(postgres)} as now`.execute(db)).rows[0].now
  let ids: number[]
  if (postgres) {
    const { rows } = await sql<{
      id: number | string
    }>`select nextval(pg_get_serial_sequence('audit_log', 'id')) as id from generate_series(1, ${values.length})`.execute(db)
    ids = rows.map((r) => Number(r.id)).sort((x, y) => x - y)
  } else {
    const { rows } = await sql<{ id: number }>`select max(${Number(tail.last_id)}, coalesce((select max(id) from audit_log), 0)) as id`.execute(db)
    ids = values.map((_, i) => Number(rows[0].id) + 1 + i)
  }
  let prevHash = tail.last_hash
  const out: Array<{ id: number; hash: string }> = []
  const rows = values.map((v, i) => {
    const row: AuditRowContent = { ...v, id: ids[i], recorded_at: now }
    const hash = auditRowHash(prevHash, row)
    const full = { ...row, prev_hash: prevHash, hash }
    prevHash = hash
    out.push({ id: row.id, hash })
    return full
  })
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute()
  const last = out[out.length - 1]
  await sql`update audit_chain_head set last_id = ${last.id}, last_hash = ${last.hash} where id = 1`.execute(db)
  return out
}

export interface AuditChainReport {
  ok: boolean
  /** rows checked (all of them when ok) */
  count: number
  /** the first row where the chain breaks, and why (zh-CN) */
  broken: { id: number; reason: string } | null
  /** append-only triggers that are not there */
  missingTriggers: string[]
  head: { id: number; hash: string } | null
}

/** Walk the whole chain in id order and report the first broken link, and any missing trigger. */
export async function verifyAuditChain(db: Executor, options: { batch?: number } = {}): Promise<AuditChainReport> {
  const postgres = isPostgres(db)
  const batch = options.batch ?? 2000
  let prevHash = GENESIS_HASH
  let prevId: number | null = null
  let count = 0
  let broken: AuditChainReport['broken'] = null
  let afterId = -1
  outer: for (;;) {
    const rows = (await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute()) as Array<
      AuditRowContent & { prev_hash: string | null; hash: string | null }
    >
    if (rows.length === 0) break
    for (const r of rows) {
      const id = Number(r.id)
      afterId = id
      if (!r.hash || !r.prev_hash) {
        broken = { id, reason: `第 ${id} 条记录没有哈希，不在审计链中（绕过应用直接写入）。` }
        break outer
      }
      if (r.prev_hash !== prevHash) {
        broken = {
          id,
          reason:
            prevId === null
              ? `第 ${id} 条记录是现存的第一条，但它记载的前一条哈希不是链首：之前的记录被删除。`
              : `第 ${id} 条记录记载的前一条哈希与第 ${prevId} 条不符：两者之间的记录被删除，或第 ${prevId} 条之前的记录被改动。`,
        }
        break outer
      }
      if (auditRowHash(r.prev_hash, r) !== r.hash) {
        broken = { id, reason: `第 ${id} 条记录的内容与其哈希不符：该记录被改动。` }
        break outer
      }
      prevHash = r.hash
      prevId = id
      count++
    }
  }
  const headRow = (await sql<{ last_id: number | string; last_hash: string }>`select last_id, last_hash from audit_chain_head where id = 1`.execute(db)).rows[0]
  if (!broken) {
    if (!headRow) broken = { id: prevId ?? 0, reason: '审计链的链尾记录（audit_chain_head）缺失。' }
    else if (headRow.last_hash !== prevHash) {
      broken =
        prevId !== null && Number(headRow.last_id) > prevId
          ? { id: Number(headRow.last_id), reason: `最新的记录应为第 ${Number(headRow.last_id)} 条，但现存最后一条是第 ${prevId} 条：末尾的记录被删除。` }
          : {
              id: prevId ?? Number(headRow.last_id),
              reason: `现存最后一条（第 ${prevId ?? '—'} 条）与链尾登记（第 ${Number(headRow.last_id)} 条）不符：末尾的记录被删除或改动。`,
            }
    }
  }
  const expected: readonly string[] = postgres ? AUDIT_TRIGGERS.postgres : AUDIT_TRIGGERS.sqlite
  const present = postgres
    ? (await sql<{ name: string }>`select tgname as name from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`.execute(db)).rows
  const names = new Set(present.map((p) => p.name))
  const missingTriggers = expected.filter((name) => !names.has(name))
  return {
    ok: !broken && missingTriggers.length === 0,
    count,
    broken,
    missingTriggers,
    head: prevId === null ? null : { id: prevId, hash: prevHash },
  }
}

/** One line per finding, in Chinese, for the CLI and the backup command. */
export function describeAuditChainReport(report: AuditChainReport): string {
  if (report.ok) return `审计链完整（${report.count} 条）`
  const lines: string[] = []
  if (report.broken) lines.push(`审计链断裂：第 ${report.broken.id} 条。${report.broken.reason}`)
  if (report.missingTriggers.length) lines.push(`审计日志的保护触发器缺失：${report.missingTriggers.join('、')}（可能已被删除，期间的改动只能由审计链发现）。`)
  return lines.join('\n')
}

/**
 * Chain rows written before migration 0006 (in id order), and set the head. Their recorded_at is their occurred_at,
 * the best time known for them. Runs with the update trigger dropped, inside the migration's transaction.
 */
export async function chainExistingAuditRows(db: Executor): Promise<number> {
  let prevHash = GENESIS_HASH
  let lastId = 0
  let afterId = -1
  for (;;) {
    const rows = (await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(2000).execute()) as Array<AuditRowContent>
    if (rows.length === 0) break
    for (const r of rows) {
      const id = Number(r.id)
      afterId = id
      const row = { ...r, id, recorded_at: r.occurred_at }
      const hash = auditRowHash(prevHash, row)
      await db.updateTable('audit_log').set({ recorded_at: row.recorded_at, prev_hash: prevHash, hash }).where('id', '=', id).execute()
      prevHash = hash
      lastId = id
    }
  }
  await db.insertInto('audit_chain_head').values({ id: 1, last_id: lastId, last_hash: prevHash }).execute()
  return lastId
}
