import { describe, expect, it } from 'vitest'
import { getCurrentCampaign, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listLiaisonVillages } from '../../app/models/liaison.server'
import { createTownshipUser, listTownshipUsers, updateTownshipUser } from '../../app/models/users.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { signIn } from '../../app/utils/auth.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()
const actor = () => ({ actorUserId: t.userId('admin'), at: DEMO_AT })
const liaisonInput = (username: string, villages: string[], extra: Record<string, unknown> = {}) => ({
  username,
  displayName: '赵包村',
  role: 'liaison' as const,
  villageId: null,
  password: 'a-long-password',
  phone: '13800001234',
  liaisonVillageIds: villages.map((v) => t.village(v)),
  ...extra,
})

async function assignedNames(userId: number) {
  const rows = await t.db
    .selectFrom('village_liaisons')
    .innerJoin('villages', 'villages.id', 'village_liaisons.village_id')
    .select('villages.name')
    .where('user_id', '=', userId)
    .orderBy('villages.sort_order')
    .execute()
  return rows.map((r) => r.name)
}

async function lastAudit(userId: number) {
  const row = await t.db
    .selectFrom('audit_log')
    .select(['action', 'before', 'after'])
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', userId)
    .where('action', 'like', 'user.%')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  return { action: row.action, before: row.before ? JSON.parse(row.before) : null, after: row.after ? JSON.parse(row.after) : null }
}

describe('an administrator makes a 包村干部', () => {
  it('creates one for two villages, with a phone, who signs in to exactly those villages', async () => {
    const result = await createTownshipUser(t.db, t.townshipId, liaisonInput('zhaobc', ['东风村', '红星村']), actor())
    expect(result).toMatchObject({ ok: true })
    if (!result.ok) return
    expect(await assignedNames(result.userId)).toEqual(['东风村', '红星村'])
    const stored = await t.db.selectFrom('users').select(['role', 'phone', 'village_id']).where('id', '=', result.userId).executeTakeFirstOrThrow()
    expect(stored).toEqual({ role: 'liaison', phone: '13800001234', village_id: null })
    const signedIn = await signIn(t.db, { username: 'zhaobc', password: 'a-long-password', ip: '10.3.0.1' })
    expect(signedIn).toMatchObject({ ok: true, user: { role: 'liaison' } })
    if (signedIn.ok) expect([...signedIn.user.liaisonVillageIds].sort()).toEqual([t.village('东风村'), t.village('红星村')].sort())
    const audit = await lastAudit(result.userId)
    expect(audit).toMatchObject({ action: 'user.create', after: { role: 'liaison', phone: '13800001234', liaison_villages: ['东风村', '红星村'] } })
    // the administrator's list shows his villages
    const listed = (await listTownshipUsers(t.db, t.townshipId)).find((u) => u.id === result.userId)
    expect(listed?.liaisonVillages.map((v) => v.name)).toEqual(['东风村', '红星村'])
  })

  it('refuses a 包村干部 without villages, with a village of another township, or with a phone that is not 7–20 digits', async () => {
    expect(await createTownshipUser(t.db, t.townshipId, liaisonInput('nobc1', []), actor())).toEqual({ ok: false, problem: 'liaisonVillagesRequired' })
    const other = await t.db.insertInto('townships').values({ name: '白杨镇', county_name: '青山县' }).returning('id').executeTakeFirstOrThrow()
    const far = await t.db
      .insertInto('villages')
      .values({ township_id: other.id, name: '东岗村', code: 'donggang', kind: 'village', sort_order: 0, leader_user_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(
      await createTownshipUser(t.db, t.townshipId, { ...liaisonInput('nobc2', ['东风村']), liaisonVillageIds: [t.village('东风村'), far.id] }, actor()),
    ).toEqual({ ok: false, problem: 'villageNotInTownship' })
    expect(await createTownshipUser(t.db, t.townshipId, liaisonInput('nobc3', ['东风村'], { phone: '138-0000' }), actor())).toEqual({
      ok: false,
      problem: 'phoneInvalid',
    })
    expect(await createTownshipUser(t.db, t.townshipId, liaisonInput('nobc4', ['东风村'], { phone: '123456' }), actor())).toEqual({
      ok: false,
      problem: 'phoneInvalid',
    })
    const made = await t.db.selectFrom('users').select('id').where('username', 'like', 'nobc%').execute()
    expect(made).toEqual([])
    // an edit cannot take them all away either
    const userId = t.userId('baocun')
    expect(
      await updateTownshipUser(
        t.db,
        t.townshipId,
        userId,
        { displayName: '韩立平', role: 'liaison', villageId: null, active: true, liaisonVillageIds: [] },
        actor(),
      ),
    ).toEqual({ ok: false, problem: 'liaisonVillagesRequired' })
    expect(
      await updateTownshipUser(
        t.db,
        t.townshipId,
        userId,
        { displayName: '韩立平', role: 'liaison', villageId: null, active: true, liaisonVillageIds: [far.id] },
        actor(),
      ),
    ).toEqual({ ok: false, problem: 'villageNotInTownship' })
    expect(await assignedNames(userId)).toEqual(['柳树屯村', '王家庄村'])
  })

  it('saves a phone for any role', async () => {
    const result = await createTownshipUser(
      t.db,
      t.townshipId,
      { username: 'leader-phone', displayName: '钱镇长', role: 'leader', villageId: null, password: 'a-long-password', phone: '05301234567' },
      actor(),
    )
    if (!result.ok) throw new Error(result.problem)
    expect((await t.db.selectFrom('users').select('phone').where('id', '=', result.userId).executeTakeFirstOrThrow()).phone).toBe('05301234567')
  })
})

describe('an administrator changes a 包村干部’s villages', () => {
  it('replaces them, audits the village names and ends his sessions', async () => {
    const created = await createTownshipUser(t.db, t.townshipId, liaisonInput('sunbc', ['东风村', '红星村']), actor())
    if (!created.ok) throw new Error(created.problem)
    const userId = created.userId
    await t.db
      .insertInto('sessions')
      .values([
        { id: 's-sunbc-1', user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' },
        { id: 's-sunbc-2', user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' },
      ])
      .execute()
    const { version } = await t.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow()
    const result = await updateTownshipUser(
      t.db,
      t.townshipId,
      userId,
      {
        displayName: '赵包村',
        role: 'liaison',
        villageId: null,
        active: true,
        liaisonVillageIds: [t.village('红星村'), t.village('河西村')],
        expectedVersion: version,
      },
      actor(),
    )
    expect(result).toEqual({ ok: true, userId, sessionsEnded: 2 })
    expect(await assignedNames(userId)).toEqual(['红星村', '河西村'])
    expect(await lastAudit(userId)).toMatchObject({
      action: 'user.update',
      before: { liaison_villages: ['东风村', '红星村'] },
      after: { liaison_villages: ['红星村', '河西村'] },
    })
    // the same villages again, a new phone: no rights change, no session ended
    await t.db.insertInto('sessions').values({ id: 's-sunbc-3', user_id: userId, expires_at: '2099-01-01T00:00:00.000Z' }).execute()
    const same = await updateTownshipUser(
      t.db,
      t.townshipId,
      userId,
      {
        displayName: '赵包村',
        role: 'liaison',
        villageId: null,
        active: true,
        phone: '13900002222',
        liaisonVillageIds: [t.village('河西村'), t.village('红星村')],
        expectedVersion: version + 1,
      },
      actor(),
    )
    expect(same).toEqual({ ok: true, userId, sessionsEnded: 0 })
    expect(await lastAudit(userId)).toMatchObject({ before: { phone: '13800001234' }, after: { phone: '13900002222' } })
    expect((await lastAudit(userId)).after).not.toHaveProperty('liaison_villages')
    // made a leader: no 包村 villages any more, and signed out
    const leader = await updateTownshipUser(
      t.db,
      t.townshipId,
      userId,
      { displayName: '赵包村', role: 'leader', villageId: null, active: true, liaisonVillageIds: [], expectedVersion: version + 2 },
      actor(),
    )
    expect(leader).toEqual({ ok: true, userId, sessionsEnded: 1 })
    expect(await assignedNames(userId)).toEqual([])
  })

  it('refuses a stale form: the villages someone else chose are kept and named in the conflict', async () => {
    const userId = t.userId('baocun')
    const { version } = await t.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow()
    const edit = (villages: string[]) => ({
      displayName: '韩立平',
      role: 'liaison' as const,
      villageId: null,
      active: true,
      liaisonVillageIds: villages.map((v) => t.village(v)),
      expectedVersion: version,
    })
    expect(await updateTownshipUser(t.db, t.townshipId, userId, edit(['柳树屯村', '王家庄村', '东风村']), actor())).toMatchObject({ ok: true })
    const stale = await updateTownshipUser(t.db, t.townshipId, userId, edit(['河东村']), actor())
    expect(stale).toMatchObject({ ok: false, problem: 'conflict', version: version + 1 })
    if (!stale.ok && stale.problem === 'conflict')
      expect(stale.changes.find((c) => c.field === 'liaisonVillages')).toMatchObject({
        theirs: expect.stringContaining('东风村'),
        mine: '河东村',
        by: '系统管理员',
      })
    expect(await assignedNames(userId)).toContain('东风村')
    expect(await assignedNames(userId)).not.toContain('河东村')
  })
})

describe('the 包村干部’s own list', () => {
  it('shows his villages with the dashboard’s own figures', async () => {
    const userId = t.userId('baocun')
    const campaign = (await getCurrentCampaign(t.db, t.townshipId))!
    const dashboard = await listVillageProgress(t.db, t.townshipId, campaign, DEMO_TODAY, TOWNSHIP_VIEWER)
    const mine = await listLiaisonVillages(t.db, { id: userId, townshipId: t.townshipId }, DEMO_TODAY)
    expect(mine.campaign?.id).toBe(campaign.id)
    const names = await assignedNames(userId)
    expect(mine.villages.map((v) => v.name)).toEqual(names)
    for (const v of mine.villages) {
      const row = dashboard.find((d) => d.id === v.id)!
      expect(v).toMatchObject({
        phase: row.phase,
        households: row.households,
        reviewed: row.reviewed,
        overdueFollowUps: expect.any(Number),
        path: `/villages/${v.id}`,
      })
      expect(v.households).toBeGreaterThan(0)
    }
  })
})
