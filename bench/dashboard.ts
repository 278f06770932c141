// npm run bench [-- --db FILE] [--today YYYY-MM-DD] [--duration 10] [--connections 32] [--keep]
//
// The dashboard benchmark (issue 5, bench/README.md): a county-scale database, the production server on it, and a
// load generator (autocannon, a devDependency) at 32 connections against
//   /healthz (the server's floor: Express, Remix's resource route, one `select 1`),
//   /dashboard as a township leader (t01-leader), /county as the county bureau (county),
// each for a bounded time, printing p50/p95/p99 latency and requests per second (and the same at one connection,
// the time of a request with no queue in front of it); then the time of the bare
// aggregate SQL the dashboard and the county view run (captured from the app's own queries and replayed with
// better-sqlite3 on the same file), and the ratios dashboard÷healthz and dashboard÷SQL.
//
// Loopback only; stops by itself (the server it started is stopped, the temporary copy removed unless --keep).
// Without --db it builds a fresh county with `npm run seed:county`; with --db it works on a copy of that file.
import { spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely'
import type { Database } from '../db/schema'
import { applySqliteSettings, migrateToLatest } from '../db/connection.server'
import { getTownshipOverview } from '../app/models/townshipOverview.server'
import { TOWNSHIP_VIEWER } from '../app/models/campaign.server'
import { getCountyOverview } from '../app/models/county.server'
import { shanghaiDay } from '../workflows/rules/dates'
import { COUNTY_USER, percentile, root, signIn, startServer, todayOf } from './support'

const LEADER = 't01-leader'

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    today: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
  },
})
const DURATION = Number(args.duration)
const CONNECTIONS = Number(args.connections)
const WARMUP = Number(args.warmup)

function log(message: string) {
  process.stderr.write(`${message}\n`)
}

function run(command: string, argv: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } })
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${result.status})`)
}

async function loadAutocannon() {
  try {
    return (await import('autocannon')).default
  } catch {
    // the bench installs what it needs: autocannon is a devDependency, so a plain install brings it
    log('autocannon is missing: npm install (devDependencies) …')
    run('npm', ['install', '--no-audit', '--no-fund'])
    return (await import('autocannon')).default
  }
}

// ————————————————————————————————————— the bare SQL —————————————————————————————————————

interface SqlTiming {
  queries: number
  /** median of the replays, ms: the captured statements run back to back with better-sqlite3 */
  bareMs: number
  /** median of calling the app's function itself (Kysely, the JavaScript that assembles the figures), ms */
  functionMs: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function timeSql(file: string, today: string, townshipId: number, countyName: string): Promise<{ township: SqlTiming; county: SqlTiming }> {
  const sqlite = new SQLite(file)
  applySqliteSettings(sqlite, false)
  let captured: CompiledQuery[] | null = null
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (captured && event.level === 'query') captured.push(event.query)
    },
  })
  await migrateToLatest(db)

  async function measure(fn: () => Promise<unknown>, rounds: number): Promise<SqlTiming> {
    for (let i = 0; i < 3; i++) await fn() // warm the page cache and the statement cache
    captured = []
    await fn()
    const statements = captured.map((q) => ({ statement: sqlite.prepare(q.sql), parameters: q.parameters as unknown[] }))
    captured = null
    const bare: number[] = []
    for (let i = 0; i < rounds; i++) {
      const started = performance.now()
      for (const s of statements) {
        if (s.statement.reader) s.statement.all(...s.parameters)
        else s.statement.run(...s.parameters)
      }
      bare.push(performance.now() - started)
    }
    const whole: number[] = []
    for (let i = 0; i < rounds; i++) {
      const started = performance.now()
      await fn()
      whole.push(performance.now() - started)
    }
    return { queries: statements.length, bareMs: median(bare), functionMs: median(whole) }
  }

  try {
    const township = await measure(() => getTownshipOverview(db, townshipId, today, TOWNSHIP_VIEWER), 200)
    const county = await measure(() => getCountyOverview(db, countyName, today), 30)
    return { township, county }
  } finally {
    await db.destroy()
  }
}

// ————————————————————————————————————— the server —————————————————————————————————————

interface LoadResult {
  target: string
  path: string
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  non2xx: number
  errors: number
  bytes: number
}

async function load(
  autocannon: Awaited<ReturnType<typeof loadAutocannon>>,
  url: string,
  target: string,
  pathname: string,
  cookie: string | undefined,
  connections = CONNECTIONS,
  duration = DURATION,
): Promise<LoadResult> {
  const headers: Record<string, string> = cookie ? { cookie } : {}
  const check = await fetch(url + pathname, { headers, redirect: 'manual' })
  const body = await check.text()
  if (check.status !== 200) throw new Error(`${pathname} answered ${check.status}`)
  if (WARMUP > 0) await autocannon({ url: url + pathname, connections, duration: WARMUP, headers })
  const latencies: number[] = []
  const instance = autocannon({ url: url + pathname, connections, duration, headers })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime))
  const result = await instance
  latencies.sort((a, b) => a - b)
  return {
    target,
    path: pathname,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || duration),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytes: Buffer.byteLength(body),
  }
}

// ————————————————————————————————————— the run —————————————————————————————————————

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—')

async function main() {
  const autocannon = await loadAutocannon()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-bench-'))
  const file = path.join(work, 'county.db')
  let server: ChildProcess | null = null
  try {
    let today: string
    if (args.db) {
      const source = path.resolve(args.db)
      if (!fs.existsSync(source)) throw new Error(`no such file: ${source}`)
      today = args.today ?? todayOf(source)
      log(`copying ${source} (the server adds its migrations and sign-ins to the copy, not to your file) …`)
      fs.copyFileSync(source, file)
    } else {
      today = args.today ?? shanghaiDay(new Date())
      log(`building the county database for ${today} (npm run seed:county) …`)
      run('npm', ['run', '--silent', 'seed:county', '--', '--out', file, '--today', today])
    }
    if (!args['skip-build']) {
      log('building the app (remix build) …')
      run(path.join(root, 'node_modules/.bin/remix'), ['build'])
    }

    const probe = new SQLite(file, { readonly: true })
    const leader = probe.prepare('select township_id from users where username = ?').get(LEADER) as { township_id: number } | undefined
    const counts = probe
      .prepare(
        'select (select count(*) from townships) townships, (select count(*) from villages) villages, (select count(*) from households) households, (select count(*) from villages where township_id = ?) townshipVillages, (select count(*) from households h join villages v on v.id = h.village_id where v.township_id = ?) townshipHouseholds',
      )
      .get(leader?.township_id, leader?.township_id) as Record<string, number>
    probe.close()
    if (!leader) throw new Error(`no user ${LEADER} in ${file}`)

    log('timing the bare aggregate SQL …')
    const sql = await timeSql(file, today, leader.township_id, '青山县')

    log('starting the production server …')
    const started = await startServer(file, today)
    server = started.child
    const [leaderCookie, countyCookie] = [await signIn(started.url, LEADER), await signIn(started.url, COUNTY_USER)]

    const targets = [
      ['healthz', '/healthz', undefined],
      ['township dashboard', '/dashboard', leaderCookie],
      ['county view', '/county', countyCookie],
      ['dashboard JSON', '/dashboard.json', leaderCookie],
    ] as const
    const results: LoadResult[] = []
    for (const [target, pathname, cookie] of targets) {
      log(`loading ${pathname} for ${DURATION} s at ${CONNECTIONS} connections …`)
      results.push(await load(autocannon, started.url, target, pathname, cookie))
    }
    // one connection at a time: the time one request takes with no queue in front of it (at 32 connections a
    // single-threaded server's latency is mostly the wait behind the other 31)
    const single: LoadResult[] = []
    for (const [target, pathname, cookie] of targets) {
      log(`one connection on ${pathname} for 3 s …`)
      single.push(await load(autocannon, started.url, target, pathname, cookie, 1, 3))
    }

    const [health, dashboard, county, dashboardJson] = results
    const lines = [
      '',
      `整改通 dashboard benchmark — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
      `database: ${counts.townships} townships, ${counts.villages} villages, ${counts.households} households (${LEADER}'s township: ${counts.townshipVillages} villages, ${counts.townshipHouseholds} households); today ${today}`,
      `load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per target after ${WARMUP} s warm-up, loopback`,
      '',
      '| target | path | req/s | p50 ms | p95 ms | p99 ms | requests | non-2xx | errors | body bytes |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.target} | ${r.path} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.requests} | ${r.non2xx} | ${r.errors} | ${r.bytes} |`,
      ),
      '',
      'one connection (no queue), 3 s each:',
      '',
      '| target | req/s | p50 ms | p95 ms | p99 ms |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...single.map((r) => `| ${r.target} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} |`),
      '',
      '| bare aggregate SQL (same file) | queries | bare SQL ms (median) | through the app function ms (median) |',
      '| --- | ---: | ---: | ---: |',
      `| township dashboard (getTownshipOverview) | ${sql.township.queries} | ${ms(sql.township.bareMs)} | ${ms(sql.township.functionMs)} |`,
      `| county view (getCountyOverview) | ${sql.county.queries} | ${ms(sql.county.bareMs)} | ${ms(sql.county.functionMs)} |`,
      '',
      'ratios (p50 latency):',
      `  dashboard ÷ healthz  = ${(dashboard.p50 / health.p50).toFixed(1)}   (req/s: healthz ÷ dashboard = ${(health.rps / dashboard.rps).toFixed(1)})`,
      `  dashboard ÷ SQL      = ${(dashboard.p50 / sql.township.bareMs).toFixed(1)}`,
      `  county ÷ SQL         = ${(county.p50 / sql.county.bareMs).toFixed(1)}`,
      `  dashboard JSON ÷ SQL = ${(dashboardJson.p50 / sql.township.bareMs).toFixed(1)}`,
      `  one connection: dashboard ÷ healthz = ${(single[1].p50 / single[0].p50).toFixed(1)}, dashboard ÷ SQL = ${(single[1].p50 / sql.township.bareMs).toFixed(1)}, county ÷ SQL = ${(single[2].p50 / sql.county.bareMs).toFixed(1)}`,
      '',
      `targets: dashboard p95 ≤ 25 ms → ${ms(dashboard.p95)} ms ${dashboard.p95 <= 25 ? 'met' : 'NOT met'}; ≥ 1,000 req/s → ${dashboard.rps.toFixed(0)} ${dashboard.rps >= 1000 ? 'met' : 'NOT met'}; county p95 ≤ 150 ms → ${ms(county.p95)} ms ${county.p95 <= 150 ? 'met' : 'NOT met'}`,
      '',
    ]
    process.stdout.write(lines.join('\n'))
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          server?.kill('SIGKILL')
          resolve(null)
        }, 8000)
        server?.once('exit', () => {
          clearTimeout(timer)
          resolve(null)
        })
      })
    }
    if (args.keep) log(`kept ${work}`)
    else fs.rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
