import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../../app/models/audit.server'
import { createTestDatabase, type TestDatabase } from '../support/database'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.destroy())

describe('the audit log', () => {
  it('keeps what was recorded and refuses to change or delete it, in the database itself', async () => {
    await recordAudit(t.db, { actorUserId: null, action: 'test.record', entityType: 'test', entityId: 1, before: { a: 1 }, after: { a: 2 }, at: new Date('2026-11-29T00:00:00Z') })
    const row = await t.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow()
    expect(JSON.parse(row.after!)).toEqual({ a: 2 })
    await expect(t.db.updateTable('audit_log').set({ action: 'rewritten' }).execute()).rejects.toThrow(/append-only/)
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    expect(await t.db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'test.record' }])
  })
})
