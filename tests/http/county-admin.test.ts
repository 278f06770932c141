// The county administrator's page (/county/admin) against the built server: the demo's 县民政局管理员 (county-admin,
// 青山县) creates a township, its administrator and county bureau accounts; nobody else may, and never for a township
// of another county.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server, users, query, count, signedIn } = useDemoServer()

const PASSWORD = 'a-long-password'

function userRow(username: string) {
  return query<{ id: number; role: string; township_id: number | null; county_name: string | null; county_admin: number; display_name: string }>(
    'select id, role, township_id, county_name, county_admin, display_name from users where username = ?',
    username,
  )[0]
}

function auditOf(action: string) {
  return query<{ actor_user_id: number | null; entity_id: number; after: string }>(
    'select actor_user_id, entity_id, after from audit_log where action = ? order by id',
    action,
  )
}

describe('the county administrator’s page', () => {
  it('creates a township and its administrator, who then signs in and lands on the township’s administration', async () => {
    const countyAdmin = await signedIn('county-admin')
    const page = await countyAdmin.get('/county/admin')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>县级管理')
    expect(html).toContain('清河镇')
    expect(html).toContain('href="/county/admin"')

    const created = await countyAdmin.post('/county/admin', { intent: 'township', name: '白杨镇' })
    expect(created.status).toBe(302)
    expect(created.headers.get('location')).toBe('/county/admin?done=township')
    const township = query<{ id: number; county_name: string }>("select id, county_name from townships where name = '白杨镇'")[0]
    expect(township.county_name).toBe('青山县')
    expect(auditOf('county.township.create')).toEqual([
      { actor_user_id: users.get('county-admin'), entity_id: township.id, after: JSON.stringify({ name: '白杨镇', county_name: '青山县' }) },
    ])
    expect(await (await countyAdmin.get('/county/admin?done=township')).text()).toContain('已新增乡镇。')

    const admin = await countyAdmin.post('/county/admin', {
      intent: 'townshipAdmin',
      townshipId: String(township.id),
      username: 'baiyang-admin',
      displayName: '白杨镇管理员',
      password: PASSWORD,
    })
    expect(admin.status).toBe(302)
    expect(userRow('baiyang-admin')).toMatchObject({
      role: 'admin',
      township_id: township.id,
      county_name: null,
      county_admin: 0,
      display_name: '白杨镇管理员',
    })
    expect(auditOf('county.user.create').map((a) => a.entity_id)).toContain(userRow('baiyang-admin').id)

    const newcomer = new Browser(server.url)
    const signIn = await newcomer.signIn('baiyang-admin', PASSWORD)
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get('location')).toBe('/admin')
    const adminPage = await newcomer.get('/admin')
    expect(adminPage.status).toBe(200)
    expect(await adminPage.text()).toContain('白杨镇')
  })

  it('creates county bureau accounts: a county administrator when ticked, otherwise one who only views', async () => {
    const countyAdmin = await signedIn('county-admin')
    const form = { intent: 'bureauUser', displayName: '赵科长', password: PASSWORD }
    expect((await countyAdmin.post('/county/admin', { ...form, username: 'zhao-admin', countyAdmin: 'on' })).status).toBe(302)
    expect((await countyAdmin.post('/county/admin', { ...form, username: 'zhao-viewer' })).status).toBe(302)
    expect(userRow('zhao-admin')).toMatchObject({ role: 'county', county_name: '青山县', county_admin: 1, township_id: null })
    expect(userRow('zhao-viewer')).toMatchObject({ role: 'county', county_name: '青山县', county_admin: 0, township_id: null })
    const list = await (await countyAdmin.get('/county/admin')).text()
    expect(list).toContain('zhao-admin')
    expect(list).toContain('zhao-viewer')

    const viewer = await signedIn('zhao-viewer', PASSWORD)
    expect((await viewer.get('/county')).status).toBe(200)
    expect((await viewer.get('/county/admin')).status).toBe(403)
    const second = await signedIn('zhao-admin', PASSWORD)
    expect((await second.get('/county/admin')).status).toBe(200)
  })

  it('refuses a township name in use, a taken username and a short password in Chinese, repeating nothing sent', async () => {
    const countyAdmin = await signedIn('county-admin')
    const before = { townships: count('townships'), users: count('users') }
    const sameName = await countyAdmin.post('/county/admin', { intent: 'township', name: '清河镇' })
    expect(sameName.status).toBe(422)
    expect(await sameName.text()).toContain('已有同名的乡镇')
    const takenName = await countyAdmin.post('/county/admin', { intent: 'bureauUser', username: 'leader', displayName: '某某', password: PASSWORD })
    expect(takenName.status).toBe(422)
    expect(await takenName.text()).toContain('该用户名已被使用')
    const short = await countyAdmin.post('/county/admin', {
      intent: 'bureauUser',
      username: 'never-echoed-name',
      displayName: '不回显的姓名',
      password: 'short',
    })
    expect(short.status).toBe(422)
    const shortText = await short.text()
    expect(shortText).toContain('初始密码至少10个字符。')
    expect(shortText).not.toContain('never-echoed-name')
    expect(shortText).not.toContain('不回显的姓名')
    const empty = await countyAdmin.post('/county/admin', { intent: 'township', name: '' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('请填写乡镇名称。')
    expect({ townships: count('townships'), users: count('users') }).toEqual(before)
  })

  it('a plain county user, a township administrator and a 包村干部 may not open or post it', async () => {
    const before = count('townships')
    for (const username of ['county', 'admin', 'baocun']) {
      const browser = await signedIn(username)
      expect((await browser.get('/county/admin')).status, username).toBe(403)
      expect((await browser.post('/county/admin', { intent: 'township', name: `${username}镇` })).status, username).toBe(403)
    }
    expect(count('townships')).toBe(before)
  })

  it('never creates an administrator for a township of another county, whatever id the form carries', async () => {
    const db = new Database(server.databaseFile)
    let otherId: number
    try {
      db.pragma('busy_timeout = 5000')
      otherId = Number(db.prepare("insert into townships (name, county_name) values ('外县镇', '外县')").run().lastInsertRowid)
    } finally {
      db.close()
    }
    const countyAdmin = await signedIn('county-admin')
    const users = count('users')
    for (const townshipId of [String(otherId), '999999']) {
      const res = await countyAdmin.post('/county/admin', {
        intent: 'townshipAdmin',
        townshipId,
        username: `forged-${townshipId}`,
        displayName: '冒名',
        password: PASSWORD,
      })
      expect(res.status, townshipId).toBe(403)
      expect(await res.text()).toContain('只能为本县的乡镇添加管理员。')
    }
    expect(count('users')).toBe(users)
    expect(query("select id from users where username like 'forged-%'")).toEqual([])
    // and the other county's township is not listed
    expect(await (await countyAdmin.get('/county/admin')).text()).not.toContain('外县镇')
  })
})
