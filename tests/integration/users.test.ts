import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTownshipUser, resetTownshipUserPassword, updateTownshipUser } from '../../app/models/users.server'
import { signIn } from '../../app/utils/auth.server'
import { seedDemoTownship } from '../../seed/demo'
import { createTestDatabase, type TestDatabase } from '../support/database'

let t: TestDatabase
let townshipId: number
const actor = () => ({ actorUserId: adminId, at: new Date('2026-11-29T03:00:00Z') })
let adminId: number
const ids = new Map<string, number>()

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: '2026-11-29', bcryptCost: 4 })
  for (const u of await t.db.selectFrom('users').select(['id', 'username']).execute()) ids.set(u.username, u.id)
  for (const v of await t.db.selectFrom('villages').select(['id', 'name']).execute()) ids.set(v.name, v.id)
  adminId = ids.get('admin')!
})
afterAll(async () => t?.destroy())

describe('an administrator manages the township’s users', () => {
  it('creates a cadre for a village of the township, who can then sign in', async () => {
    const result = await createTownshipUser(
      t.db,
      townshipId,
      { username: 'dongfeng2', displayName: '刘新', role: 'cadre', villageId: ids.get('东风村')!, password: 'a-long-password' },
      actor(),
    )
    expect(result).toMatchObject({ ok: true })
    expect(await signIn(t.db, { username: 'dongfeng2', password: 'a-long-password', ip: '10.2.0.1' })).toMatchObject({
      ok: true,
      user: { role: 'cadre', villageId: ids.get('东风村') },
    })
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'user.create').executeTakeFirstOrThrow()
    expect(audit.after).not.toContain('password')
  })

  it('refuses a cadre without a village, a taken username and a short password', async () => {
    expect(
      await createTownshipUser(t.db, townshipId, { username: 'x1', displayName: 'x', role: 'cadre', villageId: null, password: 'a-long-password' }, actor()),
    ).toEqual({ ok: false, problem: 'villageRequired' })
    expect(
      await createTownshipUser(
        t.db,
        townshipId,
        { username: 'leader', displayName: 'x', role: 'leader', villageId: null, password: 'a-long-password' },
        actor(),
      ),
    ).toEqual({ ok: false, problem: 'usernameTaken' })
    expect(
      await createTownshipUser(t.db, townshipId, { username: 'x2', displayName: 'x', role: 'leader', villageId: null, password: 'short' }, actor()),
    ).toEqual({ ok: false, problem: 'passwordTooShort' })
  })

  it('ends every session of a user whose role or village changes, but not for a new display name', async () => {
    const userId = ids.get('hexi')!
    const session = (id: string) => ({ id, user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' })
    await t.db
      .insertInto('sessions')
      .values([session('s-hexi-1'), session('s-hexi-2')])
      .execute()
    const rename = await updateTownshipUser(
      t.db,
      townshipId,
      userId,
      { displayName: '张玉兰（河西村）', role: 'cadre', villageId: ids.get('河西村')!, active: true },
      actor(),
    )
    expect(rename).toEqual({ ok: true, userId, sessionsEnded: 0 })
    const move = await updateTownshipUser(
      t.db,
      townshipId,
      userId,
      { displayName: '张玉兰', role: 'cadre', villageId: ids.get('河东村')!, active: true },
      actor(),
    )
    expect(move).toEqual({ ok: true, userId, sessionsEnded: 2 })
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).toEqual([])
  })

  it('lets exactly one of several saves from the same version win; the others are a conflict naming who changed what', async () => {
    const userId = ids.get('wangjiazhuang')!
    const { version } = await t.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        updateTownshipUser(
          t.db,
          townshipId,
          userId,
          { displayName: `王${i}`, role: 'cadre', villageId: ids.get('王家庄村')!, active: i !== 0, expectedVersion: version },
          actor(),
        ),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const conflicts = results.filter((r) => !r.ok && r.problem === 'conflict')
    expect(conflicts).toHaveLength(7)
    const stored = await t.db.selectFrom('users').select(['display_name', 'version']).where('id', '=', userId).executeTakeFirstOrThrow()
    expect(stored.version).toBe(version + 1)
    const conflict = conflicts[0]
    if (conflict && !conflict.ok && conflict.problem === 'conflict') {
      expect(conflict.version).toBe(version + 1)
      expect(conflict.changes.find((c) => c.field === 'displayName')).toMatchObject({ theirs: stored.display_name, by: '系统管理员' })
    }
  })

  it('keeps the last active administrator', async () => {
    expect(await updateTownshipUser(t.db, townshipId, adminId, { displayName: '系统管理员', role: 'leader', villageId: null, active: true }, actor())).toEqual({
      ok: false,
      problem: 'lastAdmin',
    })
  })

  it('resets a password and ends the user’s sessions', async () => {
    const userId = ids.get('nanguan')!
    await t.db.insertInto('sessions').values({ id: 's-nanguan', user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' }).execute()
    expect(await resetTownshipUserPassword(t.db, townshipId, userId, 'another-long-password', actor())).toEqual({ ok: true, userId, sessionsEnded: 1 })
    expect(await signIn(t.db, { username: 'nanguan', password: 'another-long-password', ip: '10.2.0.2' })).toMatchObject({ ok: true })
  })
})
