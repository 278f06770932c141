import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server, villages, users, query } = useDemoServer()
/** a user's id by username or a village's by name */
const ids = { get: (name: string) => users.get(name) ?? villages.get(name) }

/** the version a page's form was loaded with (its hidden input) */
async function formVersion(browser: Browser, pathname: string): Promise<string> {
  const html = await (await browser.get(pathname)).text()
  const version = /name="version" value="(\d+)"/.exec(html)?.[1]
  expect(version).toBeDefined()
  return version!
}

function readUser(id: number) {
  return query<{ active: number; display_name: string; version: number }>('select active, display_name, version from users where id = ?', id)[0]
}

describe('changing a user’s rights', () => {
  it('signs a cadre out everywhere the moment the administrator moves them to another village', async () => {
    const cadre = new Browser(server.url)
    await cadre.signIn('zhangzhuang')
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(200)
    const admin = new Browser(server.url)
    await admin.signIn('admin')
    const version = await formVersion(admin, `/admin/users/${ids.get('zhangzhuang')}`)
    const res = await admin.post(`/admin/users/${ids.get('zhangzhuang')}`, {
      intent: 'update',
      displayName: '孙长山',
      role: 'cadre',
      villageId: String(ids.get('大孙庄村')),
      active: 'on',
      version,
    })
    expect(res.status).toBe(302)
    // the old session is gone: the cadre must sign in again, and then reaches only the new village
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(302)
    await cadre.signIn('zhangzhuang')
    expect((await cadre.get(`/villages/${ids.get('张庄村')}`)).status).toBe(403)
    expect((await cadre.get(`/villages/${ids.get('大孙庄村')}`)).status).toBe(200)
  })

  it('a stale user form cannot re-activate a deactivated account', async () => {
    const userId = ids.get('lijiawa')!
    const page = `/admin/users/${userId}`
    // two administrators (or two tabs) open the same user
    const first = new Browser(server.url)
    await first.signIn('admin')
    const second = new Browser(server.url)
    await second.signIn('admin')
    const staleVersion = await formVersion(first, page)
    const version = await formVersion(second, page)
    // the second deactivates the account (an unticked checkbox is absent from the form)
    expect(
      (await second.post(page, { intent: 'update', displayName: '李家洼村干部', role: 'cadre', villageId: String(ids.get('李家洼村')), version })).status,
    ).toBe(302)
    expect(readUser(userId).active).toBe(0)
    // the first, still showing the account as active, saves a new name: a conflict, nothing written
    const res = await first.post(page, {
      intent: 'update',
      displayName: '改名',
      role: 'cadre',
      villageId: String(ids.get('李家洼村')),
      active: 'on',
      version: staleVersion,
    })
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('已有其他人修改了该用户')
    expect(html).toContain('账号启用')
    expect(html).toContain('停用')
    expect(readUser(userId)).toMatchObject({ active: 0, display_name: '李家洼村干部' })
    // the account stays deactivated: it cannot sign in
    expect((await new Browser(server.url).signIn('lijiawa')).status).toBe(401)
    // the page after the conflict carries the new version: saving from it is accepted
    expect(await formVersion(first, page)).toBe(String(readUser(userId).version))
  })

  it('keeps user management to administrators', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    expect((await leader.get(`/admin/users/${ids.get('hexi')}`)).status).toBe(403)
    expect(
      (await leader.post(`/admin/users/${ids.get('hexi')}`, { intent: 'update', displayName: 'x', role: 'admin', villageId: '', active: 'on' })).status,
    ).toBe(403)
    expect(
      (await leader.post('/admin/users/new', { username: 'mine', displayName: 'x', role: 'admin', villageId: '', password: 'a-long-password' })).status,
    ).toBe(403)
  })
})
