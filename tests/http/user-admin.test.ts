import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, startTestServer, type TestServer } from '../support/server'

let server: TestServer
const ids = new Map<string, number>()
beforeAll(async () => {
  server = await startTestServer()
  const db = new Database(server.databaseFile, { readonly: true })
  for (const r of db.prepare('select id, username as name from users union all select id, name from villages').all() as Array<{ id: number; name: string }>) ids.set(r.name, r.id)
  db.close()
})
afterAll(async () => server?.stop())

describe('changing a user’s rights', () => {
  it('signs a cadre out everywhere the moment the administrator moves them to another village', async () => {
    const cadre = new Browser(server.url)
    await cadre.signIn('zhangzhuang')
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(200)
    const admin = new Browser(server.url)
    await admin.signIn('admin')
    const res = await admin.post(`/admin/users/${ids.get('zhangzhuang')}`, { intent: 'update', displayName: '孙长山', role: 'cadre', villageId: String(ids.get('大孙庄村')), active: 'on' })
    expect(res.status).toBe(302)
    // the old session is gone: the cadre must sign in again, and then reaches only the new village
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(302)
    await cadre.signIn('zhangzhuang')
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(403)
    expect((await cadre.get(`/villages/${ids.get('大孙庄村')}`)).status).toBe(200)
  })

  it('keeps user management to administrators', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    expect((await leader.get(`/admin/users/${ids.get('hexi')}`)).status).toBe(403)
    expect((await leader.post(`/admin/users/${ids.get('hexi')}`, { intent: 'update', displayName: 'x', role: 'admin', villageId: '', active: 'on' })).status).toBe(403)
    expect((await leader.post('/admin/users/new', { username: 'mine', displayName: 'x', role: 'admin', villageId: '', password: 'a-long-password' })).status).toBe(403)
  })
})
