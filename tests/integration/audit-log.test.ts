import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../../app/models/audit.server'
import { GENESIS_HASH, verifyAuditChain } from '../../db/auditChain'
import { backupDatabase } from '../../db/backup'
import { migrateToLatest } from '../../db/connection.server'
import { migrations } from '../../db/migrations/index'
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../support/database'

const postgres = TEST_DIALECT === 'postgres'
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.destroy())

const entry = (n: number) => ({
  actorUserId: null,
  action: `test.record${n}`,
  entityType: 'test',
  entityId: n,
  before: { a: n },
  after: { a: n + 1 },
  at: new Date('2026-11-29T00:00:00Z'),
})

/** a fresh database with `n` audited changes, for a test that tampers with it */
async function withRows(n: number): Promise<TestDatabase> {
  const d = await createTestDatabase()
  for (let i = 1; i <= n; i++) await recordAudit(d.db, entry(i))
  return d
}

/** what someone with direct database access does first: lift the append-only triggers */
async function dropUpdateAndDeleteTriggers(d: TestDatabase) {
  if (postgres) await sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(d.db)
  else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(d.db)
    await sql`DROP TRIGGER audit_log_no_delete`.execute(d.db)
  }
}

function runCli(script: string, databaseUrl: string) {
  return spawnSync('npm', ['run', '-s', script], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' })
}

describe('the audit log', () => {
  it('keeps what was recorded and refuses to change or delete it, in the database itself', async () => {
    await recordAudit(t.db, {
      actorUserId: null,
      action: 'test.record',
      entityType: 'test',
      entityId: 1,
      before: { a: 1 },
      after: { a: 2 },
      at: new Date('2026-11-29T00:00:00Z'),
    })
    const row = await t.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow()
    expect(JSON.parse(row.after!)).toEqual({ a: 2 })
    await expect(t.db.updateTable('audit_log').set({ action: 'rewritten' }).execute()).rejects.toThrow(/append-only/)
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    expect(await t.db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'test.record' }])
  })

  it('refuses to replace a row: INSERT OR REPLACE and REPLACE INTO on SQLite, INSERT … ON CONFLICT DO UPDATE on PostgreSQL', async () => {
    const row = await t.db.selectFrom('audit_log').selectAll().orderBy('id').executeTakeFirstOrThrow()
    const columns = Object.keys(row)
    const values = columns.map((c) => (c === 'action' ? 'rewritten' : (row as Record<string, unknown>)[c]))
    const list = sql.join(columns.map((c) => sql.ref(c)))
    const vals = sql.join(values.map((v) => sql`${v}`))
    if (postgres) {
      await expect(sql`INSERT INTO audit_log (${list}) VALUES (${vals}) ON CONFLICT (id) DO UPDATE SET action = 'rewritten'`.execute(t.db)).rejects.toThrow(
        /append-only/,
      )
    } else {
      await expect(sql`INSERT OR REPLACE INTO audit_log (${list}) VALUES (${vals})`.execute(t.db)).rejects.toThrow(/append-only/)
      await expect(sql`REPLACE INTO audit_log (${list}) VALUES (${vals})`.execute(t.db)).rejects.toThrow(/append-only/)
    }
    expect(await t.db.selectFrom('audit_log').select('action').where('id', '=', row.id).executeTakeFirst()).toEqual({ action: 'test.record' })
  })

  it('stamps each row with the database’s own time and refuses a back-dated row', async () => {
    await recordAudit(t.db, { ...entry(7), at: new Date('2020-01-01T00:00:00Z') })
    const row = await t.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
    // occurred_at is what the app claimed; recorded_at is the database clock, whatever the app said
    expect(row.occurred_at).toBe('2020-01-01T00:00:00.000Z')
    expect(Math.abs(Date.parse(row.recorded_at) - Date.now())).toBeLessThan(5 * 60_000)
    const forged = { ...row, id: Number(row.id) + 1, recorded_at: '2020-01-01T00:00:00.000Z', prev_hash: row.hash, hash: 'f'.repeat(64) }
    await expect(t.db.insertInto('audit_log').values(forged).execute()).rejects.toThrow(/database time/)
    const unchained = { ...row, id: Number(row.id) + 1, recorded_at: row.recorded_at, prev_hash: null as unknown as string, hash: null as unknown as string }
    await expect(t.db.insertInto('audit_log').values(unchained).execute()).rejects.toThrow(/hash chain/)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })

  it('chains every row to the one before it, also when many writers append at once', async () => {
    const d = await createTestDatabase()
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => recordAudit(d.db, entry(i))))
      const rows = await d.db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).orderBy('id').execute()
      expect(rows).toHaveLength(30)
      expect(rows[0]!.prev_hash).toBe(GENESIS_HASH)
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash)
      expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, count: 30, broken: null, missingTriggers: [] })
    } finally {
      await d.destroy()
    }
  })

  it('finds a row rewritten with the triggers dropped, and reports the dropped trigger', async () => {
    const d = await withRows(5)
    try {
      await dropUpdateAndDeleteTriggers(d)
      const third = await d.db.selectFrom('audit_log').select('id').orderBy('id').offset(2).limit(1).executeTakeFirstOrThrow()
      await d.db
        .updateTable('audit_log')
        .set({ after: JSON.stringify({ a: 999 }) })
        .where('id', '=', third.id)
        .execute()
      const report = await verifyAuditChain(d.db)
      expect(report.ok).toBe(false)
      expect(report.broken?.id).toBe(Number(third.id))
      expect(report.broken?.reason).toMatch(/被改动/)
      expect(report.missingTriggers).toContain('audit_log_no_update')
    } finally {
      await d.destroy()
    }
  })

  it('finds the gap where a row was deleted, and a deleted newest row', async () => {
    const d = await withRows(5)
    try {
      await dropUpdateAndDeleteTriggers(d)
      const ids = (await d.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id))
      await d.db.deleteFrom('audit_log').where('id', '=', ids[1]!).execute()
      const gap = await verifyAuditChain(d.db)
      expect(gap.broken?.id).toBe(ids[2])
      expect(gap.broken?.reason).toMatch(/删除/)

      const e = await withRows(3)
      try {
        await dropUpdateAndDeleteTriggers(e)
        const last = await e.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
        await e.db.deleteFrom('audit_log').where('id', '=', last.id).execute()
        const tail = await verifyAuditChain(e.db)
        expect(tail.ok).toBe(false)
        expect(tail.broken?.id).toBe(Number(last.id))
        // and the next append does not hide it
        await recordAudit(e.db, entry(9))
        expect((await verifyAuditChain(e.db)).ok).toBe(false)
      } finally {
        await e.destroy()
      }
    } finally {
      await d.destroy()
    }
  })

  it('chains the rows already in the log when the migration runs on a populated database', async () => {
    const d = await createTestDatabase({ migrate: false })
    try {
      const migrator = new Migrator({ db: d.db, provider: { getMigrations: async () => migrations } })
      const before = Object.keys(migrations).filter((name) => name < '0006')
      const { error } = await migrator.migrateTo(before[before.length - 1]!)
      expect(error).toBeUndefined()
      const old = (n: number) => ({
        occurred_at: `2026-11-0${n}T00:00:00.000Z`,
        actor_user_id: null,
        action: `old.${n}`,
        entity_type: 'test',
        entity_id: n,
        village_id: null,
        township_id: null,
        before: null,
        after: `{"n":${n}}`,
        ip: null,
      })
      // rows as migration 0005 left them: without the hash columns the Database type now requires
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (d.db as any)
        .insertInto('audit_log')
        .values([old(1), old(2), old(3)])
        .execute()
      await migrateToLatest(d.db)
      const rows = await d.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
      expect(rows.map((r) => r.action)).toEqual(['old.1', 'old.2', 'old.3'])
      expect(rows.every((r) => r.hash && r.prev_hash && r.recorded_at === r.occurred_at)).toBe(true)
      expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, count: 3 })
      await recordAudit(d.db, entry(4))
      expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, count: 4 })
      // the update trigger is back after the migration
      await expect(d.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/)
    } finally {
      await d.destroy()
    }
  })

  it('npm run audit:verify exits 0 on an intact log and 1, naming the row, on a tampered one', async () => {
    const d = await withRows(4)
    try {
      const clean = runCli('audit:verify', d.url)
      expect(clean.status).toBe(0)
      expect(clean.stdout).toContain('审计链完整（4 条）')
      await dropUpdateAndDeleteTriggers(d)
      const second = await d.db.selectFrom('audit_log').select('id').orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow()
      await d.db.updateTable('audit_log').set({ action: 'rewritten' }).where('id', '=', second.id).execute()
      const tampered = runCli('audit:verify', d.url)
      expect(tampered.status).toBe(1)
      expect(tampered.stderr).toContain(`第 ${Number(second.id)} 条`)
    } finally {
      await d.destroy()
    }
  })

  // `npm run backup` is SQLite's online backup; on PostgreSQL it refuses and names pg_dump (README), so each dialect
  // checks what it really does — nothing is skipped.
  if (postgres) {
    it('npm run backup refuses PostgreSQL and points to pg_dump', async () => {
      const d = await withRows(1)
      try {
        const result = spawnSync('npm', ['run', '-s', 'backup', '--', '--out', path.join(os.tmpdir(), 'zgt-never-written.db')], {
          env: { ...process.env, DATABASE_URL: d.url },
          encoding: 'utf8',
        })
        expect(result.status).toBe(2) // a usage refusal, as for a missing --out
        expect(result.stderr).toContain('pg_dump')
      } finally {
        await d.destroy()
      }
    })
    return
  }

  it('npm run backup reports a broken chain in the copy and fails', async () => {
    const d = await withRows(3)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-audit-backup-'))
    try {
      // an intact log backs up
      expect(await backupDatabase(d.url, path.join(dir, 'ok.db'))).toMatchObject({ auditRows: 3 })
      await dropUpdateAndDeleteTriggers(d)
      await d.db.updateTable('audit_log').set({ action: 'rewritten' }).where('id', '=', 1).execute()
      const result = spawnSync('npm', ['run', '-s', 'backup', '--', '--out', path.join(dir, 'tampered.db')], {
        env: { ...process.env, DATABASE_URL: d.url },
        encoding: 'utf8',
      })
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('第 1 条')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
      await d.destroy()
    }
  })
})
