import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server } = useDemoServer()

async function villageIdOf(browser: Browser, name: string): Promise<number> {
  const html = await (await browser.get('/dashboard')).text()
  const match = new RegExp(`href="/villages/(\\d+)">${name}<`).exec(html)
  if (!match) throw new Error(`no link to ${name}`)
  return Number(match[1])
}

describe('signing in', () => {
  it('shows the sign-in page in Chinese with the username and password fields', async () => {
    const res = await new Browser(server.url).get('/login')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<html lang="zh-CN"')
    expect(html).toContain('登录整改通')
    expect(html).toMatch(/name="username"/)
    expect(html).toMatch(/name="password"/)
  })

  it('sends someone who is not signed in to the sign-in page', async () => {
    const res = await new Browser(server.url).get('/dashboard')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fdashboard')
  })

  it('refuses a wrong password with a Chinese message and no session', async () => {
    const browser = new Browser(server.url)
    const res = await browser.signIn('leader', 'wrong-password')
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('用户名或密码不正确')
    expect(browser.cookies.size).toBe(0)
  })

  it('lands the leader on the dashboard with a fresh httpOnly, SameSite=Lax session cookie', async () => {
    const browser = new Browser(server.url)
    const res = await browser.signIn('leader')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/dashboard')
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__zgt_session='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const page = await browser.get('/dashboard')
    expect(page.status).toBe(200)
    const html = await page.text()
    for (const name of ['东风村', '红星村', '柳树屯村', '王家庄村', '李家洼村', '河西村', '河东村', '北关社区', '南关社区', '新华村', '张庄村', '大孙庄村'])
      expect(html).toContain(name)
  })

  it('rotates the session at sign-in: the cookie held before signing in is not the one after', async () => {
    const browser = new Browser(server.url)
    await browser.signIn('inspector')
    const first = browser.cookies.get('__zgt_session')
    await browser.signIn('inspector')
    const second = browser.cookies.get('__zgt_session')
    expect(second).toBeTruthy()
    expect(second).not.toBe(first)
    // the earlier session is gone on the server, not just replaced in this browser
    const stale = new Browser(server.url)
    stale.cookies.set('__zgt_session', first!)
    expect((await stale.get('/dashboard')).status).toBe(302)
  })

  it('lands each role on its own page', async () => {
    const landings: Record<string, RegExp> = {
      leader: /^\/dashboard$/,
      inspector: /^\/work$/,
      county: /^\/county$/,
      admin: /^\/admin$/,
      hexi: /^\/villages\/\d+$/,
    }
    for (const [username, expected] of Object.entries(landings)) {
      const browser = new Browser(server.url)
      const res = await browser.signIn(username)
      expect(res.headers.get('location'), username).toMatch(expected)
      expect((await browser.get(res.headers.get('location')!)).status, username).toBe(200)
    }
  })

  it('signs out: the old session no longer opens any page', async () => {
    const browser = new Browser(server.url)
    await browser.signIn('leader')
    const held = browser.cookies.get('__zgt_session')!
    const res = await browser.post('/logout', {})
    expect(res.headers.get('location')).toBe('/login?signedOut=1')
    const replay = new Browser(server.url)
    replay.cookies.set('__zgt_session', held)
    expect((await replay.get('/dashboard')).status).toBe(302)
  })

  it('after five failed sign-ins from one address, stops that address signing in to the account for a while, even with the right password', async () => {
    const browser = new Browser(server.url)
    for (let i = 0; i < 5; i++) expect((await browser.signIn('xinhua', `wrong-${i}`)).status).toBe(401)
    const locked = await browser.signIn('xinhua')
    expect(locked.status).toBe(429)
    expect(await locked.text()).toContain('登录失败次数过多')
    // another account from the same address is not locked by it
    expect((await new Browser(server.url).signIn('hedong')).status).toBe(302)
  })
})

describe('who reaches what', () => {
  it('gives a cadre their own village and a Chinese 403 for another village', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    const dongfeng = await villageIdOf(leader, '东风村')
    const hongxing = await villageIdOf(leader, '红星村')

    const cadre = new Browser(server.url)
    const res = await cadre.signIn('dongfeng')
    expect(res.headers.get('location')).toBe(`/villages/${dongfeng}`)
    const own = await cadre.get(`/villages/${dongfeng}`)
    expect(own.status).toBe(200)
    expect(await own.text()).toContain('东风村')
    const other = await cadre.get(`/villages/${hongxing}`)
    expect(other.status).toBe(403)
    const html = await other.text()
    expect(html).toContain('无权访问')
    expect(html).not.toContain('红星村 · 专项整治')
  })

  it('answers 403 alike for a village id that does not exist, so a cadre cannot probe ids', async () => {
    const cadre = new Browser(server.url)
    await cadre.signIn('dongfeng')
    expect((await cadre.get('/villages/999999')).status).toBe(403)
  })

  it('keeps cadres off the township dashboard, the county view and administration', async () => {
    const cadre = new Browser(server.url)
    await cadre.signIn('hongxing')
    for (const path of ['/dashboard', '/county', '/admin']) expect((await cadre.get(path)).status, path).toBe(403)
  })

  it('lets the county bureau drill down to the township dashboard but not do township work', async () => {
    const county = new Browser(server.url)
    await county.signIn('county')
    const html = await (await county.get('/county')).text()
    const match = /href="\/townships\/(\d+)">清河镇</.exec(html)
    expect(match).not.toBeNull()
    expect((await county.get(`/townships/${match![1]}`)).status).toBe(200)
    expect((await county.get('/admin')).status).toBe(403)
  })

  it('reports health as JSON without signing in', async () => {
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'reachable' })
  })
})
