// Issue 11, finding 12: sign-in limits that count atomically, lock an (account, address) pair rather than the
// account, and key on an address the client cannot choose. No timing in the asserts: only which attempts were
// checked (401) and which were refused as too many (429).
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/server'

let proxied: TestServer
let direct: TestServer
beforeAll(async () => {
  // one server behind a (simulated) reverse proxy: the test is the proxy and appends the client's address
  ;[proxied, direct] = await Promise.all([startTestServer({ TRUST_PROXY: '1' }), startTestServer()])
})
afterAll(async () => {
  await Promise.all([proxied?.stop(), direct?.stop()])
})

function signIn(server: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
  })
}

function count(server: TestServer, sql: string, ...params: unknown[]): number {
  const db = new Database(server.databaseFile, { readonly: true })
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n
  } finally {
    db.close()
  }
}

describe('sign-in limits', () => {
  it('thirty wrong passwords sent at once: only five are checked, the rest are refused as too many attempts', async () => {
    const from = { 'x-forwarded-for': '198.51.100.7' }
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(proxied, 'hongxing', `wrong-${i}`, from)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(25)
    const refused = responses.find((r) => r.status === 429)!
    expect(await refused.text()).toContain('登录失败次数过多')
    // only the checked attempts reached the password check and the audit log
    expect(count(proxied, "select count(*) as n from audit_log where action = 'signIn.failed' and after like '%hongxing%'")).toBe(5)
  })

  it('a wrong-password storm from one address does not lock the real user out at another address', async () => {
    const storm = { 'x-forwarded-for': '198.51.100.20' }
    for (let i = 0; i < 12; i++) await signIn(proxied, 'dongfeng', `guess-${i}`, storm)
    // the storming address is refused, even with the right password
    expect((await signIn(proxied, 'dongfeng', 'qinghe-demo', storm)).status).toBe(429)
    // the real user, at the office, signs in
    expect((await signIn(proxied, 'dongfeng', 'qinghe-demo', { 'x-forwarded-for': '203.0.113.8' })).status).toBe(302)
  })

  it('behind a trusted proxy, an X-Forwarded-For entry the client wrote itself does not change whose attempts are counted', async () => {
    // the client writes its own X-Forwarded-For; the proxy appends the address it really saw
    for (let i = 0; i < 20; i++) {
      expect((await signIn(proxied, `guess${i}`, 'x', { 'x-forwarded-for': `10.66.0.${i}, 198.51.100.30` })).status).toBe(401)
    }
    const next = await signIn(proxied, 'nanguan', 'qinghe-demo', { 'x-forwarded-for': '10.66.1.1, 198.51.100.30' })
    expect(next.status).toBe(429)
  })

  it('without TRUST_PROXY an X-Forwarded-For / x-client-address header does not change whose attempts are counted', async () => {
    for (let i = 0; i < 20; i++) {
      const spoofed = { 'x-forwarded-for': `10.77.0.${i}`, 'x-client-address': `10.88.0.${i}` }
      expect((await signIn(direct, `guess${i}`, 'x', spoofed)).status).toBe(401)
    }
    // all twenty came from this one connection's address: the twenty-first is refused, whatever it claims
    const next = await signIn(direct, 'nanguan', 'qinghe-demo', { 'x-forwarded-for': '10.77.1.1', 'x-client-address': '10.88.1.1' })
    expect(next.status).toBe(429)
    // and the audit log has the real address, not the claimed ones
    expect(count(direct, "select count(*) as n from audit_log where action = 'signIn.failed' and (ip like '10.77.%' or ip like '10.88.%')")).toBe(0)
  })
})
