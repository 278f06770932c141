// Untrusted input is bounded before it is parsed (issue 11, findings 4, 5, 7, 13): body size, content type, field
// count, names, indices and depth; no echo of what was posted; no caching of signed-in pages; no redirect off-site.
import fs from 'node:fs'
import http from 'node:http'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, startTestServer, type TestServer } from '../support/server'
import { expectAnsweredWithin } from '../support/latency'
import { REDIRECT_TRICKS } from '../support/redirectTricks'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.stop())

const CHINESE = /[\u4e00-\u9fff]/
const form = { 'content-type': 'application/x-www-form-urlencoded' }

/** Peak resident memory (VmHWM) of the server process in MB, or null without /proc. */
function peakMemoryMB(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** bytes of the body written before the answer's headers arrived */
  sentBeforeAnswer: number
  ms: number
}

/**
 * POST a body streamed from a generator with node:http (so nothing is buffered here), stopping as soon as the
 * server answers. `declaredLength` sends a Content-Length; without it the body goes chunked. Gives up (rejects)
 * once `giveUpAfter` bytes went out unanswered: a server that reads the whole body has failed already.
 */
function rawPost(
  pathname: string,
  chunks: Iterable<Buffer>,
  options: { declaredLength?: number; contentType?: string; giveUpAfter?: number } = {},
): Promise<RawAnswer> {
  const url = new URL(pathname, server.url)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' }
    if (options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength)
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers })
    req.on('response', (res) => {
      answered = true
      const sentBeforeAnswer = sent
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        if (body.length < 1_000_000) body += d
      })
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, body, sentBeforeAnswer, ms: performance.now() - started })
      res.on('end', done)
      res.on('error', done)
      res.on('aborted', done)
    })
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    const iterator = chunks[Symbol.iterator]()
    const pump = () => {
      while (!answered) {
        if (options.giveUpAfter !== undefined && sent >= options.giveUpAfter) {
          req.destroy()
          reject(new Error(`no answer after ${sent} bytes were sent`))
          return
        }
        const next = iterator.next()
        if (next.done) {
          req.end()
          return
        }
        sent += next.value.length
        if (!req.write(next.value)) {
          req.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
}

function* repeat(chunk: Buffer, total: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) yield sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent)
}

async function timeHealthz(): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  const res = await fetch(`${server.url}/healthz`)
  await res.text()
  return { status: res.status, ms: performance.now() - started }
}

describe('finding 5: field names are bounded before anything parses them', () => {
  it('refuses a 41-byte sign-in post with an absurd array index at once, and /healthz still answers within 200 ms', async () => {
    const body = 'username=leader&password=x&a[999999999]=1'
    expect(body.length).toBe(41)
    const attack = fetch(`${server.url}/login`, { method: 'POST', body, headers: form, redirect: 'manual' }).then(async (res) => ({
      status: res.status,
      text: await res.text(),
    }))
    await new Promise((r) => setTimeout(r, 30))
    const healths = [await timeHealthz(), await timeHealthz(), await timeHealthz()]
    const health = healths[0]
    const started = performance.now()
    const answer = await attack
    const refusedWithin = performance.now() - started
    expect(healths.map((h) => h.status)).toEqual([200, 200, 200])
    expectAnsweredWithin(
      healths.map((h) => h.ms),
      200,
    )
    expect(answer.status).toBe(400)
    expect(answer.text).toMatch(CHINESE)
    expect(answer.text).not.toContain('999999999')
    expect(refusedWithin).toBeLessThan(500)
    console.log(`41-byte post: ${answer.status}; /healthz meanwhile ${health.ms.toFixed(0)} ms`)
  })

  it('gives a Chinese 400, not a 500, for deeply nested and for 50,000 nested field names', async () => {
    const deep = `username=x&password=y&${encodeURIComponent('a' + '[b]'.repeat(15_000))}=1`
    const many = `username=x&password=y&${Array.from({ length: 50_000 }, (_, i) => `${encodeURIComponent(`a[${i % 10}][b${i}]`)}=1`).join('&')}`
    for (const body of [deep, many]) {
      const res = await fetch(`${server.url}/login`, { method: 'POST', body, headers: form, redirect: 'manual' })
      const text = await res.text()
      expect([400, 413], `${body.length} bytes`).toContain(res.status)
      expect(text).toMatch(CHINESE)
      expect(text).not.toContain('[b]')
    }
    // the same names in a small body: refused by the form reader (400), not by the size cap
    const small = `username=x&password=y&${encodeURIComponent('a' + '[b]'.repeat(50))}=1&${encodeURIComponent('c[1][2][3][4][5][6]')}=1`
    const res = await fetch(`${server.url}/login`, { method: 'POST', body: small, headers: form, redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('提交的内容')
  })

  it('refuses too many fields and over-long names and values, on a signed-in page as on the sign-in page', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    const bodies = [
      Array.from({ length: 3000 }, (_, i) => `f${i}=1`).join('&'),
      `${'n'.repeat(500)}=1`,
      `intent=x&note=${'长'.repeat(3000)}`.replace(/长/g, '%E9%95%BF'),
    ]
    for (const body of bodies) {
      for (const target of ['/login', '/complaints']) {
        const res = await leader.request(target, { method: 'POST', body, headers: form })
        const text = await res.text()
        expect(res.status, `${target} ${body.slice(0, 20)}`).toBe(400)
        expect(text).toMatch(CHINESE)
        expect(text).not.toContain('nnnnnnnnnn')
      }
    }
  })

  it('still signs in with an ordinary form, and re-displays only the username after a wrong password', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: 'username=leader&password=wrong-password&unknownField=ECHO-ME-NOT&redirectTo=',
      headers: form,
      redirect: 'manual',
    })
    expect(res.status).toBe(401)
    const html = await res.text()
    expect(html).toContain('用户名或密码不正确')
    expect(html).toContain('leader')
    expect(html).not.toContain('ECHO-ME-NOT')
    expect(html).not.toContain('wrong-password')
    expect((await new Browser(server.url).signIn('leader')).status).toBe(302)
  })
})

describe('finding 7: request bodies are capped before they are read', () => {
  it('refuses a 200 MB sign-in post with 413 in Chinese before reading it, without echo, and memory stays low', async () => {
    const before = peakMemoryMB()
    const chunk = Buffer.from('username=x&password=y&a='.padEnd(64 * 1024, 'A'))
    const answer = await rawPost('/login', repeat(chunk, 200 * 1024 * 1024), { declaredLength: 200 * 1024 * 1024, giveUpAfter: 8 * 1024 * 1024 })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatch(CHINESE)
    expect(answer.body.length).toBeLessThan(2000)
    expect(answer.body).not.toContain('AAAA')
    expect(answer.ms).toBeLessThan(1000)
    const after = peakMemoryMB()
    if (before !== null && after !== null) expect(after - before).toBeLessThan(50)
    console.log(
      `200 MB post: ${answer.status} in ${answer.ms.toFixed(0)} ms after ${(answer.sentBeforeAnswer / 1024).toFixed(0)} KB; peak RSS ${before?.toFixed(0)} → ${after?.toFixed(0)} MB`,
    )
    expect((await timeHealthz()).status).toBe(200)
  })

  it('refuses four 200 MB posts at once the same way, and /healthz answers meanwhile', async () => {
    const before = peakMemoryMB()
    const chunk = Buffer.alloc(64 * 1024, 0x41)
    const attacks = Array.from({ length: 4 }, () =>
      rawPost('/login', repeat(chunk, 200 * 1024 * 1024), { declaredLength: 200 * 1024 * 1024, giveUpAfter: 8 * 1024 * 1024 }),
    )
    const health = await timeHealthz()
    const answers = await Promise.all(attacks)
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413])
    expect(health.status).toBe(200)
    expect(health.ms).toBeLessThan(500)
    const after = peakMemoryMB()
    if (before !== null && after !== null) expect(after - before).toBeLessThan(50)
    console.log(
      `four 200 MB posts: ${answers.map((a) => a.ms.toFixed(0)).join(', ')} ms; /healthz ${health.ms.toFixed(0)} ms; peak RSS ${before?.toFixed(0)} → ${after?.toFixed(0)} MB`,
    )
  })

  it('cuts off a chunked body (no Content-Length) at the same cap', async () => {
    const before = peakMemoryMB()
    const chunk = Buffer.from('username=x&password=y&a='.padEnd(16 * 1024, 'A'))
    const answer = await rawPost('/login', repeat(chunk, 200 * 1024 * 1024), { giveUpAfter: 16 * 1024 * 1024 })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatch(CHINESE)
    expect(answer.body).not.toContain('AAAA')
    const after = peakMemoryMB()
    if (before !== null && after !== null) expect(after - before).toBeLessThan(50)
    console.log(
      `chunked post: ${answer.status} in ${answer.ms.toFixed(0)} ms after ${(answer.sentBeforeAnswer / 1024).toFixed(0)} KB sent; peak RSS ${before?.toFixed(0)} → ${after?.toFixed(0)} MB`,
    )
    expect((await timeHealthz()).status).toBe(200)
  })

  it('refuses a roster upload larger than the upload cap with 413 before reading it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41)
    const answer = await rawPost('/import', repeat(chunk, 100 * 1024 * 1024), {
      declaredLength: 100 * 1024 * 1024,
      contentType: 'multipart/form-data; boundary=x',
      giveUpAfter: 8 * 1024 * 1024,
    })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatch(CHINESE)
  })

  it('gives text/plain and JSON posts a 415 in Chinese', async () => {
    const leader = new Browser(server.url)
    await leader.signIn('leader')
    for (const [type, body] of [
      ['text/plain', 'username=leader&password=qinghe-demo'],
      ['application/json', JSON.stringify({ username: 'leader', password: 'qinghe-demo' })],
      ['application/xml', '<a/>'],
    ]) {
      for (const target of ['/login', '/complaints', '/logout']) {
        const res = await leader.request(target, { method: 'POST', body, headers: { 'content-type': type } })
        const text = await res.text()
        expect(res.status, `${type} → ${target}`).toBe(415)
        expect(text).toMatch(CHINESE)
      }
    }
    // sign-out without a body still works
    expect((await leader.request('/logout', { method: 'POST' })).status).toBe(302)
  })
})

describe('finding 4: nothing a signed-in user saw stays in the browser’s cache', () => {
  it('marks every signed-in page, data and export response no-store, and the reporter’s page is gone after sign-out', async () => {
    const inspector = new Browser(server.url)
    await inspector.signIn('inspector')
    const db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
    const { id: complaint, reporter } = db
      .prepare("select id, reporter_name as reporter from complaints where reporter_name is not null and reporter_name <> '' limit 1")
      .get() as { id: number; reporter: string }
    const { id: household, village } = db.prepare('select id, village_id as village from households limit 1').get() as { id: number; village: number }
    db.close()
    const pages = [
      '/dashboard',
      '/complaints',
      `/complaints/${complaint}`,
      `/complaints/${complaint}?_data=routes%2Fcomplaints.%24complaintId`,
      `/villages/${village}`,
      `/villages/${village}/households`,
      `/villages/${village}/households/${household}`,
      `/villages/${village}/problems`,
      `/villages/${village}/visits`,
      `/villages/${village}/history`,
      '/exports',
      '/dashboard.csv',
      '/dashboard.json',
    ]
    for (const path of pages) {
      const res = await inspector.get(path)
      await res.arrayBuffer()
      expect(res.status, path).toBe(200)
      // exactly one directive list: the app's default, or the route's own
      expect(res.headers.get('cache-control'), path).toMatch(/^(private, )?no-store$/)
    }
    const html = await (await inspector.get(`/complaints/${complaint}`)).text()
    expect(html).toContain(reporter)
    await inspector.request('/logout', { method: 'POST' })
    const after = await inspector.get(`/complaints/${complaint}`)
    expect(after.status).toBe(302)
  })

  it('keeps the long caching of the build’s fingerprinted files', async () => {
    const html = await (await fetch(`${server.url}/login`)).text()
    const asset = /\/build\/[^"']+\.js/.exec(html)![0]
    const res = await fetch(server.url + asset)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/)
  })
})

describe('finding 13: a sign-in’s redirectTo never leaves the site', () => {
  const tricks = REDIRECT_TRICKS
  it.each(tricks)('lands on the user’s own page, never off-site, for redirectTo %j', async (trick) => {
    const browser = new Browser(server.url)
    const res = await browser.post('/login', { username: 'leader', password: 'qinghe-demo', redirectTo: trick })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toBe('/dashboard')
    // the same with JavaScript on (Remix's data request), where the client router follows X-Remix-Redirect
    const js = new Browser(server.url)
    const data = await js.request('/login?_data=routes%2Flogin', {
      method: 'POST',
      body: new URLSearchParams({ username: 'leader', password: 'qinghe-demo', redirectTo: trick }),
      headers: form,
    })
    expect(data.status).toBe(204)
    expect(data.headers.get('x-remix-redirect')).toBe('/dashboard')
  })

  it('keeps an ordinary same-site redirectTo, query included', async () => {
    const res = await new Browser(server.url).post('/login', { username: 'leader', password: 'qinghe-demo', redirectTo: '/complaints?status=open#top' })
    expect(res.headers.get('location')).toBe('/complaints?status=open#top')
  })

  it('shows the sign-in page, not a 500, for CR/LF in redirectTo on the page itself', async () => {
    const res = await fetch(`${server.url}/login?redirectTo=%0D%0A%2F%2Fevil.example`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('登录整改通')
  })
})
