import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

// 韩立平 (baocun) is the 包村干部 of 柳树屯村 and 王家庄村 in the demo township
const { villages, users, query, count, signedIn, server } = useDemoServer()

const visitForm = (extra: Record<string, string> = {}) => ({
  intent: 'recordVisit',
  visitedOn: '2026-11-29',
  inspectors: '韩立平',
  checked: '抽查复核登记表3份',
  findings: '未发现问题',
  ...extra,
})

/** A form post with repeated fields (the ticked checkboxes): Browser.post takes one value per name. */
function postPairs(browser: Browser, pathname: string, pairs: [string, string][]) {
  return browser.request(pathname, {
    method: 'POST',
    body: new URLSearchParams(pairs),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
}

describe('a 包村干部 at work', () => {
  it('lands on 我的待办, which links to 我的包村, and sees both his villages there, each linking to its page', async () => {
    const browser = new Browser(server.url)
    const signIn = await browser.signIn('baocun')
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get('location')).toBe('/work')
    const work = await browser.get('/work')
    expect(work.status).toBe(200)
    expect(await work.text()).toContain('href="/my-villages"')
    const page = await browser.get('/my-villages')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('我的包村')
    for (const name of ['柳树屯村', '王家庄村']) expect(html).toContain(`href="/villages/${villages.get(name)}"`)
    expect(html).not.toContain('东风村')
    expect(html).toContain('自查面')
    expect(html).toContain('所处阶段')
    const village = await browser.get(`/villages/${villages.get('柳树屯村')}`)
    expect(village.status).toBe(200)
    expect(await village.text()).toContain('柳树屯村')
  })

  it('records an inspection visit on his village, and is refused on another village and on the township dashboard', async () => {
    const liaison = await signedIn('baocun')
    const before = count('inspection_visits')
    const saved = await liaison.post(`/villages/${villages.get('柳树屯村')}/visits?index`, visitForm())
    expect(saved.status).toBe(302)
    expect(count('inspection_visits')).toBe(before + 1)
    const visit = query<{ village_id: number }>('select village_id from inspection_visits order by id desc limit 1')[0]
    expect(visit).toMatchObject({ village_id: villages.get('柳树屯村') })

    expect((await liaison.post(`/villages/${villages.get('东风村')}/visits?index`, visitForm())).status).toBe(403)
    expect(count('inspection_visits')).toBe(before + 1)
    expect((await liaison.get(`/villages/${villages.get('东风村')}`)).status).toBe(403)
    expect((await liaison.get('/dashboard')).status).toBe(403)
    // and 我的包村 is his alone
    expect((await (await signedIn('inspector')).get('/my-villages')).status).toBe(403)
  })
})

describe('the administrator makes a 包村干部 with the form', () => {
  it('asks for at least one village, then creates him for the ticked ones; the user list shows them', async () => {
    const admin = await signedIn('admin')
    const form = await (await admin.get('/admin/users/new')).text()
    expect(form).toContain('<legend')
    expect(form).toContain('包村范围')
    expect(form).toContain('包村干部')
    const fields: [string, string][] = [
      ['username', 'liubc'],
      ['displayName', '刘包村'],
      ['role', 'liaison'],
      ['villageId', ''],
      ['phone', '13700001111'],
      ['password', 'a-long-password'],
    ]
    const refused = await postPairs(admin, '/admin/users/new', fields)
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('包村干部至少要选择一个包村的村(居)。')
    const created = await postPairs(admin, '/admin/users/new', [
      ...fields,
      ['liaisonVillageIds', String(villages.get('东风村'))],
      ['liaisonVillageIds', String(villages.get('红星村'))],
    ])
    expect(created.status).toBe(302)
    const userId = query<{ id: number; phone: string }>('select id, phone from users where username = ?', 'liubc')[0]
    expect(userId.phone).toBe('13700001111')
    expect(
      query<{ name: string }>(
        'select villages.name from village_liaisons join villages on villages.id = village_id where user_id = ? order by villages.sort_order',
        userId.id,
      ).map((r) => r.name),
    ).toEqual(['东风村', '红星村'])
    expect(await (await admin.get('/admin')).text()).toContain('包村：东风村、红星村')
    // his edit page has the two boxes ticked
    const edit = await (await admin.get(`/admin/users/${userId.id}`)).text()
    const ticked = [...edit.matchAll(/<input[^>]*name="liaisonVillageIds"[^>]*>/g)]
      .filter((m) => m[0].includes('checked'))
      .map((m) => /value="(\d+)"/.exec(m[0])?.[1])
    expect(ticked).toEqual([String(villages.get('东风村')), String(villages.get('红星村'))])
    // he signs in to 我的包村
    const liaison = await signedIn('liubc', 'a-long-password')
    expect(await (await liaison.get('/my-villages')).text()).toContain('红星村')
  })

  it('changes his villages from the edit form and signs him out', async () => {
    const admin = await signedIn('admin')
    const liaison = await signedIn('baocun')
    const userId = users.get('baocun')!
    const html = await (await admin.get(`/admin/users/${userId}`)).text()
    const version = /name="version" value="(\d+)"/.exec(html)?.[1] ?? '0'
    const res = await postPairs(admin, `/admin/users/${userId}`, [
      ['intent', 'update'],
      ['displayName', '韩立平'],
      ['role', 'liaison'],
      ['villageId', ''],
      ['active', 'on'],
      ['phone', ''],
      ['version', version],
      ['liaisonVillageIds', String(villages.get('王家庄村'))],
    ])
    expect(res.status).toBe(302)
    expect((await liaison.get('/my-villages')).status).toBe(302)
    const again = await signedIn('baocun')
    expect((await again.get(`/villages/${villages.get('柳树屯村')}`)).status).toBe(403)
    expect((await again.get(`/villages/${villages.get('王家庄村')}`)).status).toBe(200)
  })
})

describe('the administrator pastes the villages as a list', () => {
  it('adds the new ones, skips the ones there already and says so', async () => {
    const admin = await signedIn('admin')
    expect(await (await admin.get('/admin/villages')).text()).toContain('批量添加村(居)')
    const res = await admin.post('/admin/villages', { intent: 'list', names: '东岗村\n西岗村、东风村' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('已添加 2 个，跳过 1 个（已存在：东风村）')
    expect(html).toContain('东岗村')
    expect(query('select id from villages where name in (?, ?)', '东岗村', '西岗村')).toHaveLength(2)
    const empty = await admin.post('/admin/villages', { intent: 'list', names: ' 、 ' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('请至少填写一个村(居)名称。')
  })
})
