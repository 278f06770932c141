// 登录页提示 (issue 17): the login page says whom to contact for a forgotten password — a default sentence until the
// county administrator writes one, the saved text after; only the county administrator edits it, a stale save is
// a conflict that names who saved in between, and every save is in the audit log.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { query, count, signedIn, server } = useDemoServer()
const PAGE = '/county/admin/login-help'

describe('the login page’s contact for a forgotten password', () => {
  it('shows a default sentence before anyone has written one', async () => {
    const html = await (await new Browser(server.url).get('/login')).text()
    expect(html).toContain('忘记密码？')
    expect(html).toContain('请联系本镇(街道)的系统管理员重置密码')
  })

  it('lets only the county administrator open and save the text', async () => {
    for (const username of ['leader', 'admin', 'inspector', 'county', 'dongfeng', 'baocun']) {
      const browser = await signedIn(username)
      expect((await browser.get(PAGE)).status, username).toBe(403)
      expect((await browser.post(PAGE, { version: '0', loginHelp: '越权修改' })).status, username).toBe(403)
    }
    expect(count('site_settings')).toBe(0)
    expect((await new Browser(server.url).post(PAGE, { version: '0', loginHelp: '匿名修改' })).status).toBe(302)
    expect(count('site_settings')).toBe(0)
  })

  it('saves the county administrator’s text, shows it on the login page and audits the change', async () => {
    const admin = await signedIn('county-admin')
    expect((await admin.get(PAGE)).status).toBe(200)
    const saved = await admin.post(PAGE, { version: '0', loginHelp: '忘记密码请拨打县民政局 0312-5551234' })
    expect(saved.status).toBe(302)
    expect(query<{ value: string; version: number }>("select value, version from site_settings where key = 'loginHelp'")).toEqual([
      { value: '忘记密码请拨打县民政局 0312-5551234', version: 1 },
    ])
    const html = await (await new Browser(server.url).get('/login')).text()
    expect(html).toContain('忘记密码请拨打县民政局 0312-5551234')
    expect(html).not.toContain('请联系本镇(街道)的系统管理员重置密码')
    expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'siteSetting.update'")[0].n).toBe(1)
  })

  it('answers a stale save with 409 and the text saved in between, and keeps that text', async () => {
    const first = await signedIn('county-admin')
    const second = await signedIn('county-admin')
    const [{ version }] = query<{ version: number }>("select version from site_settings where key = 'loginHelp'")
    expect((await first.post(PAGE, { version: String(version), loginHelp: '第一次修改：联系镇管理员' })).status).toBe(302)
    const stale = await second.post(PAGE, { version: String(version), loginHelp: '第二次修改：不该覆盖' })
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('登录页提示已被他人修改')
    expect(html).toContain('第一次修改：联系镇管理员')
    expect(query<{ value: string }>("select value from site_settings where key = 'loginHelp'")[0].value).toBe('第一次修改：联系镇管理员')
  })

  it('refuses a text too long with a Chinese message that does not repeat it', async () => {
    const admin = await signedIn('county-admin')
    const [{ version }] = query<{ version: number }>("select version from site_settings where key = 'loginHelp'")
    const res = await admin.post(PAGE, { version: String(version), loginHelp: '长'.repeat(301) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('最多300个字。')
    expect(html).not.toContain('长'.repeat(301))
  })

  it('goes back to the default sentence when the text is emptied', async () => {
    const admin = await signedIn('county-admin')
    const [{ version }] = query<{ version: number }>("select version from site_settings where key = 'loginHelp'")
    expect((await admin.post(PAGE, { version: String(version), loginHelp: '' })).status).toBe(302)
    expect(await (await new Browser(server.url).get('/login')).text()).toContain('请联系本镇(街道)的系统管理员重置密码')
  })
})
