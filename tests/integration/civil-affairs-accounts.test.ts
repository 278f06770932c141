// 镇民政所 accounts (issue 15, ADR 010), on the demo township and on both databases: the township administrator ticks
// "镇民政所（负责镇审核）" on a township account that is not a village cadre's; it is saved, listed, audited, and ends
// the account's sessions like any change of rights; a stale form changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTownshipUser, getTownshipUser, listTownshipUsers, updateTownshipUser } from '../../app/models/users.server'
import { signIn } from '../../app/utils/auth.server'
import { seedDemoTownship } from '../../seed/demo'
import { createTestDatabase, type TestDatabase } from '../support/database'

let t: TestDatabase
let townshipId: number
const ids = new Map<string, number>()
const actor = () => ({ actorUserId: ids.get('admin')!, at: new Date('2026-11-29T03:00:00Z') })

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: '2026-11-29', bcryptCost: 4 })
  for (const u of await t.db.selectFrom('users').select(['id', 'username']).execute()) ids.set(u.username, u.id)
  for (const v of await t.db.selectFrom('villages').select(['id', 'name']).execute()) ids.set(v.name, v.id)
})
afterAll(async () => t?.destroy())

const flagOf = async (userId: number) =>
  (await t.db.selectFrom('users').select('civil_affairs').where('id', '=', userId).executeTakeFirstOrThrow()).civil_affairs

describe('镇民政所 accounts', () => {
  it('creates an inspector account of the 民政所, who signs in as such, audited and listed', async () => {
    const result = await createTownshipUser(
      t.db,
      townshipId,
      { username: 'minzheng1', displayName: '孙民政', role: 'inspector', villageId: null, password: 'a-long-password', civilAffairs: true },
      actor(),
    )
    if (!result.ok) throw new Error(result.problem)
    expect(await flagOf(result.userId)).toBe(1)
    expect(await signIn(t.db, { username: 'minzheng1', password: 'a-long-password', ip: '10.2.0.9' })).toMatchObject({
      ok: true,
      user: { role: 'inspector', civilAffairs: true },
    })
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'user.create')
      .where('entity_id', '=', result.userId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ civil_affairs: 1 })
    expect((await listTownshipUsers(t.db, townshipId)).find((u) => u.id === result.userId)).toMatchObject({ civil_affairs: 1 })
  })

  it('refuses the flag on a village cadre’s account, new or edited', async () => {
    expect(
      await createTownshipUser(
        t.db,
        townshipId,
        { username: 'minzheng2', displayName: 'x', role: 'cadre', villageId: ids.get('东风村')!, password: 'a-long-password', civilAffairs: true },
        actor(),
      ),
    ).toEqual({ ok: false, problem: 'civilAffairsCadre' })
    const cadre = (await getTownshipUser(t.db, townshipId, ids.get('hexi')!))!
    expect(
      await updateTownshipUser(
        t.db,
        townshipId,
        cadre.id,
        { displayName: cadre.display_name, role: 'cadre', villageId: cadre.village_id, active: true, civilAffairs: true, expectedVersion: cadre.version },
        actor(),
      ),
    ).toEqual({ ok: false, problem: 'civilAffairsCadre' })
    expect(await flagOf(cadre.id)).toBe(0)
  })

  it('ticks and unticks the flag on an inspector, versioned and audited, ending the sessions it held', async () => {
    const userId = ids.get('inspector')!
    await t.db.insertInto('sessions').values({ id: 'ca-session', user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' }).execute()
    const user = (await getTownshipUser(t.db, townshipId, userId))!
    const save = (civilAffairs: boolean | undefined, expectedVersion: number) =>
      updateTownshipUser(
        t.db,
        townshipId,
        userId,
        { displayName: user.display_name, role: 'inspector', villageId: null, active: true, civilAffairs, expectedVersion },
        actor(),
      )
    expect(await save(true, user.version)).toEqual({ ok: true, userId, sessionsEnded: 1 })
    expect(await flagOf(userId)).toBe(1)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'user.update')
      .where('entity_id', '=', userId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect([JSON.parse(audit.before ?? '{}'), JSON.parse(audit.after ?? '{}')]).toEqual([{ civil_affairs: 0 }, { civil_affairs: 1 }])
    // absent: unchanged
    expect(await save(undefined, user.version + 1)).toMatchObject({ ok: true, sessionsEnded: 0 })
    expect(await flagOf(userId)).toBe(1)
    // a stale form is a conflict naming the field, and writes nothing
    const stale = await save(false, user.version)
    expect(stale).toMatchObject({ ok: false, problem: 'conflict' })
    expect(stale.ok === false && stale.problem === 'conflict' && stale.changes.map((c) => c.field)).toContain('civilAffairs')
    expect(await flagOf(userId)).toBe(1)
    expect(await save(false, user.version + 2)).toMatchObject({ ok: true })
    expect(await flagOf(userId)).toBe(0)
  })

  it('drops the flag when the account becomes a village cadre’s', async () => {
    const created = await createTownshipUser(
      t.db,
      townshipId,
      { username: 'minzheng3', displayName: '钱民政', role: 'leader', villageId: null, password: 'a-long-password', civilAffairs: true },
      actor(),
    )
    if (!created.ok) throw new Error(created.problem)
    const user = (await getTownshipUser(t.db, townshipId, created.userId))!
    const result = await updateTownshipUser(
      t.db,
      townshipId,
      user.id,
      { displayName: user.display_name, role: 'cadre', villageId: ids.get('东风村')!, active: true, expectedVersion: user.version },
      actor(),
    )
    expect(result).toMatchObject({ ok: true })
    expect(await flagOf(user.id)).toBe(0)
  })
})
