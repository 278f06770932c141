// 新建专项整治 and 结束专项整治 through the built server: the leader closes the demo township's campaign and creates the
// next one by posting the page's own form fields back; others are refused.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVillage } from '../../app/models/villages.server'
import { openDatabase } from '../../db/connection.server'
import { initTownship } from '../../seed/init-township'
import { useDemoServer } from '../support/factories'
import { Browser, startTestServer, type TestServer } from '../support/server'

const demo = useDemoServer()

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** The fields a browser would post from the create form (the post form with a template): values as shown, ticked boxes only. */
function postedFields(html: string): URLSearchParams {
  const form = [...html.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/g)].find((f) => f[1].includes('name="templateKey"'))
  expect(form, 'the create form on the page').toBeDefined()
  const fields = new URLSearchParams()
  for (const m of form![1].matchAll(/<input\b([^>]*)>/g)) {
    const attrs = m[1]
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1]
    if (!name) continue
    const value = decode(/\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? '')
    const type = /\btype="([^"]*)"/.exec(attrs)?.[1] ?? 'text'
    if (type === 'checkbox' && !/\bchecked\b/.test(attrs)) continue
    fields.append(decode(name), type === 'checkbox' && !/\bvalue="/.test(attrs) ? 'on' : value)
  }
  return fields
}

const postForm = (browser: Browser, to: string, body: URLSearchParams) =>
  browser.request(to, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })

/** Every village of the demo campaign has finished its work (as if each had been closed through its workflow). */
function finishEveryVillage(campaignId: number) {
  const db = new Database(demo.server.databaseFile)
  try {
    db.prepare("update village_workflows set phase = 'closed', state = 'closed' where campaign_id = ?").run(campaignId)
  } finally {
    db.close()
  }
}

describe('creating and closing a campaign on the web', () => {
  it('refuses cadres, inspectors and the county, on the page and its form', async () => {
    for (const username of ['liushutun', 'inspector', 'county', 'baocun']) {
      const browser = await demo.signedIn(username)
      expect((await browser.get('/campaigns/new')).status, username).toBe(403)
      expect((await browser.post('/campaigns/new', { templateKey: 'pian-yi', name: 'x' })).status, username).toBe(403)
    }
    const cadre = await demo.signedIn('liushutun')
    expect((await cadre.post('/campaign/windows', { intent: 'close', version: '0' })).status).toBe(403)
    expect(demo.count('campaigns')).toBe(1)
  })

  it('says an open campaign exists and offers no create button', async () => {
    const leader = await demo.signedIn('leader')
    const res = await leader.get('/campaigns/new')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('本镇已有进行中的专项整治')
    expect(html).toContain('href="/dashboard"')
    expect(html).not.toContain('创建专项整治</button>')
  })

  it('answers a stale close form with 409 and a refused close with the reason, then closes', async () => {
    const leader = await demo.signedIn('leader')
    const [campaign] = demo.query<{ id: number; version: number }>("select id, version from campaigns where status = 'open'")
    const page = await (await leader.get('/campaign/windows')).text()
    expect(page).toContain('结束本次专项整治')
    expect(page).toContain(`name="intent" value="close"`)
    const stale = await leader.post('/campaign/windows', { intent: 'close', version: String(campaign.version + 1) })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('专项整治刚被其他人修改')
    const early = await leader.post('/campaign/windows', { intent: 'close', version: String(campaign.version) })
    expect(early.status).toBe(422)
    expect(await early.text()).toMatch(/还有\d+个村\(居\)的工作没有结束/)
    expect(demo.query<{ status: string }>('select status from campaigns')).toEqual([{ status: 'open' }])

    finishEveryVillage(campaign.id)
    const closed = await leader.post('/campaign/windows', { intent: 'close', version: String(campaign.version) })
    expect(closed.status).toBe(302)
    expect(closed.headers.get('location')).toBe('/campaign/windows?closed=1')
    expect(demo.query<{ status: string; version: number }>('select status, version from campaigns')).toEqual([
      { status: 'closed', version: campaign.version + 1 },
    ])
    const after = await (await leader.get('/campaign/windows?closed=1')).text()
    expect(after).toContain('专项整治已结束')
    expect(after).toContain('href="/campaigns/new"')
  })

  it('keeps the leader’s entries and says why when the form is refused', async () => {
    const leader = await demo.signedIn('leader')
    const fields = postedFields(await (await leader.get('/campaigns/new?template=pian1&start=2027-01-04')).text())
    fields.set('name', '清河镇第二轮专项整治')
    fields.delete('villageIds')
    const res = await postForm(leader, '/campaigns/new', fields)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('请至少选择一个参加的村(居)')
    expect(html).toContain('value="清河镇第二轮专项整治"')
    expect(demo.count('campaigns')).toBe(1)
  })

  it('creates the next campaign from the page’s own form, every village in mobilisation', async () => {
    const leader = await demo.signedIn('leader')
    const page = await leader.get('/campaigns/new?template=pian1&start=2027-01-04')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('创建专项整治')
    expect(html).toContain('默认10个工作日')
    expect(html).toContain('删除此项')
    const fields = postedFields(html)
    expect(fields.get('mobilisation.starts_on')).toBe('2027-01-04')
    // reword one item, remove another, add one
    fields.set('checklist.mobilisation.0.label', '召开全镇动员部署会议')
    fields.set('checklist.mobilisation.3.remove', 'on')
    fields.set('checklist.mobilisation.4.label', '张贴政策宣传海报')
    const res = await postForm(leader, '/campaigns/new', fields)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/dashboard?campaignCreated=1')
    const [created] = demo.query<{ id: number; name: string; started_on: string }>("select id, name, started_on from campaigns where status = 'open'")
    expect(created).toMatchObject({ name: '清河镇“人情保”“错保”专项整治', started_on: '2027-01-04' })
    const workflows = demo.query<{ phase: string; n: number }>(
      'select phase, count(*) as n from village_workflows where campaign_id = ? group by phase',
      created.id,
    )
    expect(workflows).toEqual([{ phase: 'mobilisation', n: demo.villages.size }])
    const own = demo.query<{ item_key: string; label: string }>(
      "select item_key, label from campaign_checklist_items where campaign_id = ? and phase = 'mobilisation' order by sort_order",
      created.id,
    )
    expect(own.map((i) => i.label)).toEqual(['召开全镇动员部署会议', '组织核查力量', '启动低保核查宣传、公开核查政策', '张贴政策宣传海报'])
    // a second post of the same form: the township now has an open campaign
    const again = await postForm(leader, '/campaigns/new', fields)
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('本镇已有进行中的专项整治')
  })
})

describe('a township set up from nothing, before its first campaign', () => {
  let server: TestServer
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-campaign-'))
    const databaseFile = path.join(dir, 'app.db')
    const { db } = openDatabase({ url: databaseFile })
    try {
      const { townshipId, adminId } = await initTownship(db, {
        township: '白杨镇',
        county: '青山县',
        adminUsername: 'baiyang-admin',
        password: 'a-long-password',
        bcryptCost: 4,
      })
      for (const [name, code] of [
        ['东岗村', 'donggang'],
        ['西岗村', 'xigang'],
      ])
        await createVillage(db, townshipId, { name, code, kind: 'village', leaderUserId: null }, { actorUserId: adminId, at: new Date() })
    } finally {
      await db.destroy()
    }
    server = await startTestServer({}, { databaseFile })
  })
  afterAll(async () => {
    await server?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('shows the windows page with a link to create the campaign instead of “not found”, and the administrator creates it', async () => {
    const admin = new Browser(server.url)
    expect((await admin.signIn('baiyang-admin', 'a-long-password')).status).toBe(302)
    const windows = await admin.get('/campaign/windows')
    expect(windows.status).toBe(200)
    const page = await windows.text()
    expect(page).toContain('本镇还没有专项整治')
    expect(page).toContain('href="/campaigns/new"')
    const html = await (await admin.get('/campaigns/new?template=pian1&start=2026-12-07')).text()
    expect(html).toContain('白杨镇“人情保”“错保”专项整治')
    const res = await postForm(admin, '/campaigns/new', postedFields(html))
    expect(res.status).toBe(302)
    const rows = readRows(server.databaseFile, 'select v.name, w.phase from village_workflows w join villages v on v.id = w.village_id order by v.name')
    expect(rows).toEqual([
      { name: '东岗村', phase: 'mobilisation' },
      { name: '西岗村', phase: 'mobilisation' },
    ])
    expect((await admin.get('/campaign/windows')).status).toBe(200)
  })
})

function readRows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).all()
  } finally {
    db.close()
  }
}
