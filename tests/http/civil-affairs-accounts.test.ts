// 镇民政所 accounts through the township administrator's forms (issue 15), against the built server: the checkbox
// "镇民政所（负责镇审核）" on a new and an edited account, the account list's mark, and a cadre refused in Chinese.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { query, signedIn, villages, users } = useDemoServer()

const flagOf = (username: string) => query<{ civil_affairs: number }>('select civil_affairs from users where username = ?', username)[0]?.civil_affairs

describe('the 镇民政所 checkbox on township accounts', () => {
  it('creates a 民政所 account, marks it in the account list and shows the box ticked on its page', async () => {
    const admin = await signedIn('admin')
    const form = await (await admin.get('/admin/users/new')).text()
    expect(form).toMatch(/<label for="civilAffairs">镇民政所（负责镇审核）<\/label>/)
    const res = await admin.post('/admin/users/new', {
      username: 'mz-sun',
      displayName: '孙民政',
      role: 'inspector',
      villageId: '',
      password: 'a-long-password',
      civilAffairs: 'on',
    })
    expect(res.status).toBe(302)
    expect(flagOf('mz-sun')).toBe(1)
    const list = await (await admin.get('/admin')).text()
    expect(list).toMatch(/mz-sun[\s\S]*?督查人员[\s\S]*?镇民政所/)
    const page = await (await admin.get(res.headers.get('location')!)).text()
    expect(page).toMatch(/<input id="civilAffairs" name="civilAffairs" type="checkbox"[^>]*checked/)
  })

  it('unticks it with the account’s form, and refuses it on a village cadre’s account', async () => {
    const admin = await signedIn('admin')
    const id = users.get('hexi') ?? query<{ id: number }>("select id from users where username = 'hexi'")[0].id
    const html = await (await admin.get(`/admin/users/${id}`)).text()
    const version = /name="version" value="(\d+)"/.exec(html)![1]
    const res = await admin.post(`/admin/users/${id}`, {
      intent: 'update',
      displayName: '河西村干部',
      role: 'cadre',
      villageId: String(villages.get('河西村')),
      active: 'on',
      civilAffairs: 'on',
      version,
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('村(居)干部账号不能标为镇民政所')
    expect(flagOf('hexi')).toBe(0)

    const mz = query<{ id: number; version: number }>("select id, version from users where username = 'mz-sun'")[0]
    const untick = await admin.post(`/admin/users/${mz.id}`, {
      intent: 'update',
      displayName: '孙民政',
      role: 'inspector',
      villageId: '',
      active: 'on',
      version: String(mz.version),
    })
    expect(untick.status).toBe(302)
    expect(flagOf('mz-sun')).toBe(0)
  })
})
