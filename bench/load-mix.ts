// npm run bench:load -- [--db county.db] [--duration 60] [--connections 64]
// Issue 8's load test: on the county-scale database, 64 connections send a realistic mix — township dashboards,
// roster pages and household review saves — for 60 seconds. It prints errors (must be 0), p50/p95/p99 per kind,
// saves per second and the server's peak memory. Loopback only; it stops by itself.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { present } from '../workflows/present'
import { percentile, root, signIn, startServer, todayOf } from './support'

const { values: args } = parseArgs({
  options: { db: { type: 'string' }, duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '64' } },
})
const DURATION_MS = Number(args.duration) * 1000
const CONNECTIONS = Number(args.connections)
// the mix: most people read; cadres save reviews
const MIX = [
  { kind: 'dashboard', weight: 3 },
  { kind: 'roster', weight: 5 },
  { kind: 'save', weight: 2 },
] as const
type Kind = (typeof MIX)[number]['kind']

interface Target {
  villageId: number
  cadre: string
  households: number[]
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-load-'))
  const file = path.join(work, 'county.db')
  if (args.db) fs.copyFileSync(args.db, file)
  else spawnSync('npm', ['run', '--silent', 'seed:county', '--', '--out', file], { cwd: root, stdio: 'inherit' })
  const today = todayOf(file)
  // villages still self-inspecting, with their cadres and households: the saves go there
  const db = new SQLite(file, { readonly: true })
  const villages = db
    .prepare(
      `select v.id as villageId, u.username as cadre from villages v join users u on u.village_id = v.id and u.role = 'cadre' join village_workflows w on w.village_id = v.id where w.state = 'fullInspection.selfInspecting' limit 40`,
    )
    .all() as Array<Omit<Target, 'households'>>
  const targets: Target[] = villages.map((v) => ({
    ...v,
    households: (db.prepare("select id from households where village_id = ? and enrolment = 'roster' limit 60").all(v.villageId) as Array<{ id: number }>).map(
      (h) => h.id,
    ),
  }))
  const leader = (db.prepare("select username from users where role = 'leader' order by id limit 1").get() as { username: string }).username
  db.close()

  const { url, child } = await startServer(file, today)
  let peakRssKb = 0
  const sampler = setInterval(() => {
    try {
      // tsx runs the server in a child node process: sum the tree's resident memory
      const kids = spawnSync('pgrep', ['-P', String(child.pid)])
        .stdout.toString()
        .trim()
        .split('\n')
        .filter(Boolean)
      const pids: string[] = [String(child.pid), ...kids]
      const rss = pids.reduce((sum: number, pid: string) => sum + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0), 0)
      peakRssKb = Math.max(peakRssKb, rss)
    } catch {
      /* the process is ending */
    }
  }, 250)
  try {
    const cookies = new Map<string, string>()
    cookies.set(leader, await signIn(url, leader))
    for (const t of targets) cookies.set(t.cadre, await signIn(url, t.cadre))
    const cookieOf = (username: string) => present(cookies.get(username), `a session for ${username}`)
    const latencies: Record<Kind, number[]> = { dashboard: [], roster: [], save: [] }
    const counts = { errors: 0, conflicts: 0, saves: 0 }
    const totalWeight = MIX.reduce((n, m) => n + m.weight, 0)
    const pick = (): Kind => {
      let r = Math.random() * totalWeight
      for (const m of MIX) if ((r -= m.weight) < 0) return m.kind
      return 'roster'
    }
    const until = Date.now() + DURATION_MS
    const worker = async (n: number) => {
      while (Date.now() < until) {
        const kind = pick()
        const target = targets[(n + latencies[kind].length) % targets.length]
        try {
          if (kind === 'dashboard') {
            const started = performance.now()
            const res = await fetch(`${url}/dashboard`, { headers: { cookie: cookieOf(leader) } })
            await res.arrayBuffer()
            latencies.dashboard.push(performance.now() - started)
            if (res.status !== 200) counts.errors++
          } else if (kind === 'roster') {
            const started = performance.now()
            const res = await fetch(`${url}/villages/${target.villageId}/households`, { headers: { cookie: cookieOf(target.cadre) } })
            await res.arrayBuffer()
            latencies.roster.push(performance.now() - started)
            if (res.status !== 200) counts.errors++
          } else {
            const household = target.households[Math.floor(Math.random() * target.households.length)]
            const page = `${url}/villages/${target.villageId}/households/${household}`
            const form = await (await fetch(page, { headers: { cookie: cookieOf(target.cadre) } })).text()
            const input = /<input[^>]*name="version"[^>]*>/.exec(form)?.[0] ?? ''
            const version = /value="(\d+)"/.exec(input)?.[1] ?? '0'
            const started = performance.now()
            const res = await fetch(`${page}?index`, {
              method: 'POST',
              redirect: 'manual',
              headers: { cookie: cookieOf(target.cadre), 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams([
                ['version', version],
                ['incomeChecked', 'on'],
                ['propertyChecked', 'on'],
                ['homeVisitOn', today],
                ['homeVisitBy', '压测入户'],
                ['outcome', 'keep'],
                ['notes', `load ${n}`],
              ]),
            })
            await res.arrayBuffer()
            latencies.save.push(performance.now() - started)
            if (res.status === 302) counts.saves++
            else if (res.status === 409)
              counts.conflicts++ // two connections saved the same household: shown to the loser, not an error
            else counts.errors++
          }
        } catch {
          counts.errors++
        }
      }
    }
    const started = Date.now()
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => worker(n)))
    const seconds = (Date.now() - started) / 1000
    const summary = Object.fromEntries(
      (Object.keys(latencies) as Kind[]).map((kind) => {
        const sorted = [...latencies[kind]].sort((a, b) => a - b)
        const r = (v: number) => Math.round(v * 10) / 10
        return [
          kind,
          {
            requests: sorted.length,
            perSecond: r(sorted.length / seconds),
            p50: r(percentile(sorted, 50)),
            p95: r(percentile(sorted, 95)),
            p99: r(percentile(sorted, 99)),
          },
        ]
      }),
    )
    console.log(
      JSON.stringify(
        {
          connections: CONNECTIONS,
          seconds: Math.round(seconds),
          villages: targets.length,
          ...counts,
          savesPerSecond: Math.round((counts.saves / seconds) * 10) / 10,
          peakServerRssMB: Math.round(peakRssKb / 1024),
          perKind: summary,
        },
        null,
        2,
      ),
    )
  } finally {
    clearInterval(sampler)
    child.kill('SIGTERM')
    fs.rmSync(work, { recursive: true, force: true })
  }
}

await main()
