// Issue 12, observability: every answer carries Server-Timing (db, total; render for a page) and X-Request-Id, and the
// server writes one structured log line per request — its id, method, route pattern, status and duration — with no
// personal data: no query string, no body, no username.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server, signedIn, villages } = useDemoServer()

interface LogLine {
  level: number
  msg: string
  reqId?: string
  method?: string
  route?: string
  status?: number
  ms?: number
}

function logLines(): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
}

/** The request's log line: written when its answer is finished, so wait a moment for it. */
async function requestLine(reqId: string): Promise<LogLine> {
  for (let i = 0; i < 50; i++) {
    const found = logLines().filter((l) => l.reqId === reqId && l.msg === 'request')
    if (found.length) {
      expect(found).toHaveLength(1)
      return found[0]
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`no log line for request ${reqId}`)
}

function timings(res: Response): Map<string, number> {
  const header = res.headers.get('server-timing') ?? ''
  return new Map(
    header
      .split(',')
      .map((part) => /^\s*(\w+);dur=([\d.]+)\s*$/.exec(part))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], Number(m[2])]),
  )
}

describe('Server-Timing and request ids', () => {
  it('are on every answer: pages, JSON, CSV, files, redirects, refusals and misses', async () => {
    const leader = await signedIn('leader')
    const village = villages.get('河西村')!
    const answers: Array<[string, Response, { page: boolean }]> = [
      ['/login', await fetch(`${server.url}/login`), { page: true }],
      ['/dashboard', await leader.get('/dashboard'), { page: true }],
      [`/villages/${village}`, await leader.get(`/villages/${village}`), { page: true }],
      ['/dashboard.json', await leader.get('/dashboard.json'), { page: false }],
      ['/dashboard.csv', await leader.get('/dashboard.csv'), { page: false }],
      [`/villages/${village}/exports/problems.xlsx`, await leader.get(`/villages/${village}/exports/problems.xlsx`), { page: false }],
      ['/dashboard (signed out)', await new Browser(server.url).get('/dashboard'), { page: false }],
      ['/no-such-page', await fetch(`${server.url}/no-such-page`), { page: true }],
      [
        '/login (cross-site post)',
        await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ username: 'x' }), headers: { origin: 'http://evil.example' } }),
        { page: false },
      ],
      ['/healthz', await fetch(`${server.url}/healthz`), { page: false }],
    ]
    const ids = new Set<string>()
    for (const [what, res, { page }] of answers) {
      await res.arrayBuffer()
      const t = timings(res)
      expect(t.has('db'), `${what}: ${res.headers.get('server-timing')}`).toBe(true)
      expect(t.has('total'), what).toBe(true)
      expect(t.get('db')!, what).toBeLessThanOrEqual(t.get('total')! + 0.1)
      if (page) expect(t.has('render'), what).toBe(true)
      const id = res.headers.get('x-request-id')
      expect(id, what).toMatch(/^[0-9a-f-]{36}$/)
      ids.add(id!)
    }
    expect(ids.size).toBe(answers.length)
    // a page that reads the database says how long it took
    const dashboard = await leader.get('/dashboard')
    expect(timings(dashboard).get('db')).toBeGreaterThan(0)
  })

  it('does not take a request id from a client when no proxy is trusted', async () => {
    const res = await fetch(`${server.url}/login`, { headers: { 'x-request-id': 'chosen-by-the-client' } })
    expect(res.headers.get('x-request-id')).not.toBe('chosen-by-the-client')
  })
})

describe('request logs', () => {
  it('write one line per request with its id, method, route, status and duration', async () => {
    const leader = await signedIn('leader')
    const village = villages.get('河西村')!
    const res = await leader.get(`/villages/${village}/households`)
    await res.text()
    const line = await requestLine(res.headers.get('x-request-id')!)
    expect(line).toMatchObject({ method: 'GET', route: '/villages/:villageId/households', status: 200 })
    expect(line.ms).toBeGreaterThanOrEqual(0)
  })

  it('hold no query string, no posted password and no username', async () => {
    const leader = await signedIn('leader')
    const village = villages.get('河西村')!
    const search = await leader.get(`/villages/${village}/households?q=${encodeURIComponent('张三')}&id=110101199003077777`)
    await search.text()
    const password = 'never-in-a-log-9f2c'
    const signIn = await new Browser(server.url).post('/login', { username: 'leader', password })
    await signIn.text()
    const searchLine = await requestLine(search.headers.get('x-request-id')!)
    const signInLine = await requestLine(signIn.headers.get('x-request-id')!)
    expect(searchLine.route).toBe('/villages/:villageId/households')
    expect(signInLine).toMatchObject({ method: 'POST', route: '/login' })
    for (const line of [searchLine, signInLine]) expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'reqId', 'route', 'status', 'time'])
    const log = server.output()
    for (const secret of ['张三', encodeURIComponent('张三'), 'q=', '110101199003077777', password, '"leader"', 'username']) {
      expect(log, secret).not.toContain(secret)
    }
  })
})
