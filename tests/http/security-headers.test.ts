import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server } = useDemoServer()

describe('security headers and same-origin mutations', () => {
  it('sends a Content-Security-Policy whose nonce is on every inline script of the page', async () => {
    const res = await fetch(`${server.url}/login`)
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    const html = await res.text()
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)]
    expect(inlineScripts.length).toBeGreaterThan(0)
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('sends Chinese pages as clean UTF-8, without stray NUL bytes at buffer edges', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    for (const path of ['/dashboard', '/complaints', '/campaign/windows']) {
      const bytes = new Uint8Array(await (await leader.get(path)).arrayBuffer())
      expect(bytes.length, path).toBeGreaterThan(4000)
      expect(bytes.indexOf(0), path).toBe(-1)
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow()
    }
  })

  it('gives every page its own nonce', async () => {
    const a = (await fetch(`${server.url}/login`)).headers.get('content-security-policy')
    const b = (await fetch(`${server.url}/login`)).headers.get('content-security-policy')
    expect(a).not.toBe(b)
  })

  it('refuses a sign-in posted from another site’s page, and accepts one from its own', async () => {
    const form = new URLSearchParams({ username: 'leader', password: 'qinghe-demo' })
    const headers = { 'content-type': 'application/x-www-form-urlencoded' }
    const foreign = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form,
      headers: { ...headers, origin: 'http://evil.example' },
      redirect: 'manual',
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.getSetCookie()).toEqual([])
    const crossSite = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form,
      headers: { ...headers, 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    })
    expect(crossSite.status).toBe(403)
    const opaque = await fetch(`${server.url}/login`, { method: 'POST', body: form, headers: { ...headers, origin: 'null' }, redirect: 'manual' })
    expect(opaque.status).toBe(403)
    const own = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form,
      headers: { ...headers, origin: server.url, 'sec-fetch-site': 'same-origin' },
      redirect: 'manual',
    })
    expect(own.status).toBe(302)
  })

  it('refuses a signed-in leader’s action forged from another site, changing nothing', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    const res = await leader.request('/logout', { method: 'POST', headers: { origin: 'https://attacker.example' } })
    expect(res.status).toBe(403)
    expect((await leader.get('/dashboard')).status).toBe(200)
  })
})
