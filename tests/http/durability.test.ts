// Nothing lost: concurrent writers through the HTTP server, a SIGKILL in the middle of a burst of writes, and a
// backup taken while the server serves. Run against the built server on a real SQLite file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupDatabase, restoreDatabase } from '../../db/backup'
import { applyEvent, initialSnapshot, stateKey, type CampaignEvent } from '../../workflows/campaignMachine'
import { Browser, startTestServer, type TestServer } from '../support/server'

let server: TestServer
const villages = new Map<string, number>()
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-durability-'))

function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startTestServer()
  for (const v of query<{ id: number; name: string }>(server.databaseFile, 'select id, name from villages')) villages.set(v.name, v.id)
})
afterAll(async () => {
  await server?.stop()
  fs.rmSync(scratch, { recursive: true, force: true })
})

async function signedIn(base: string, username: string) {
  const browser = new Browser(base)
  expect((await browser.signIn(username)).status).toBe(302)
  return browser
}

describe('concurrent writers', () => {
  it('lets exactly one of 50 simultaneous saves of one household win; the others get a conflict and nothing is overwritten', async () => {
    const villageId = villages.get('大孙庄村')!
    const [household] = query<{ id: number }>(
      server.databaseFile,
      "select id from households where village_id = ? and enrolment = 'roster' order by id desc limit 1",
      villageId,
    )
    const before = query<{ version: number }>(server.databaseFile, 'select version from household_reviews where household_id = ?', household.id)[0]
    const version = String(before?.version ?? 0)
    const cadre = await signedIn(server.url, 'dasunzhuang')
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        cadre.request(`/villages/${villageId}/households/${household.id}?index`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams([
            ['version', version],
            ['incomeChecked', 'on'],
            ['propertyChecked', 'on'],
            ['homeVisitOn', '2026-11-28'],
            ['homeVisitBy', `入户人${i}`],
            ['outcome', 'keep'],
            ['notes', `第${i}次保存`],
          ]),
        }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 302)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const winner = statuses.indexOf(302)
    const [review] = query<{ notes: string; home_visit_by: string; version: number }>(
      server.databaseFile,
      'select notes, home_visit_by, version from household_reviews where household_id = ?',
      household.id,
    )
    expect(review).toMatchObject({ notes: `第${winner}次保存`, home_visit_by: `入户人${winner}`, version: Number(version) + 1 })
  })

  it('accepts exactly one of 50 simultaneous workflow events on one village, and the history replays to the stored state', async () => {
    const villageId = villages.get('河西村')!
    const [wf] = query<{ id: number; version: number }>(server.databaseFile, 'select id, version from village_workflows where village_id = ?', villageId)
    const leader = await signedIn(server.url, 'leader')
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        leader.post(`/villages/${villageId}?index`, { intent: 'SEND_BACK', version: String(wf.version), reason: `第${i}位退回` }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 302)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const events = query<{ event_type: string; payload: string; to_state: string; version: number }>(
      server.databaseFile,
      'select event_type, payload, to_state, version from workflow_events where workflow_id = ? order by version',
      wf.id,
    )
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1))
    let snapshot = initialSnapshot()
    for (const e of events) {
      const r = applyEvent(snapshot, { type: e.event_type, ...JSON.parse(e.payload) } as CampaignEvent)
      expect(r.accepted).toBe(true)
      if (r.accepted) snapshot = r.snapshot
    }
    const [stored] = query<{ state: string; version: number }>(server.databaseFile, 'select state, version from village_workflows where id = ?', wf.id)
    expect(stored).toEqual({ state: stateKey(snapshot), version: wf.version + 1 })
    expect(JSON.parse(events.at(-1)!.payload).reason).toBe(`第${statuses.indexOf(302)}位退回`)
  })
})

describe('a crash in the middle of a burst of writes', () => {
  it('keeps every write acknowledged before a SIGKILL, with an intact database and no half-written rows', async () => {
    const crashing = await startTestServer()
    const villageId = Number(query<{ id: number }>(crashing.databaseFile, "select id from villages where name = '红星村'")[0].id)
    const cadre = await signedIn(crashing.url, 'hongxing')
    const acknowledged: string[] = []
    let sent = 0
    let killed = false
    const writer = async () => {
      while (!killed && sent < 400) {
        const description = `崩溃测试问题${sent++}`
        try {
          const res = await cadre.post(`/villages/${villageId}/problems?index`, {
            intent: 'register',
            category: 'irregular',
            source: 'selfInspection',
            description,
          })
          if (res.status === 302) acknowledged.push(description)
        } catch {
          return // the connection died with the server
        }
      }
    }
    const writers = Array.from({ length: 6 }, writer)
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5))
    await crashing.kill()
    killed = true
    await Promise.all(writers)

    // start again on the same file: the server opens it, recovers the WAL and serves
    const restarted = await startTestServer({}, { databaseFile: crashing.databaseFile })
    try {
      expect(query<{ integrity_check: string }>(crashing.databaseFile, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
      const stored = new Set(
        query<{ description: string }>(crashing.databaseFile, "select description from problems where description like '崩溃测试问题%'").map(
          (r) => r.description,
        ),
      )
      for (const description of acknowledged) expect(stored.has(description), description).toBe(true)
      // every problem that exists was written whole: with its audit row, in the same transaction
      const orphans = query<{ n: number }>(
        crashing.databaseFile,
        "select count(*) as n from problems p where p.description like '崩溃测试问题%' and not exists (select 1 from audit_log a where a.entity_type = 'problem' and a.entity_id = p.id)",
      )
      expect(orphans[0].n).toBe(0)
      // workflow histories are whole too: one event per version, up to the stored version
      const gaps = query<{ n: number }>(
        crashing.databaseFile,
        'select count(*) as n from village_workflows w where w.version != (select count(*) from workflow_events e where e.workflow_id = w.id)',
      )
      expect(gaps[0].n).toBe(0)
      expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200)
      console.log(`crash test: ${sent} writes sent, ${acknowledged.length} acknowledged before SIGKILL, ${stored.size} stored after restart`)
    } finally {
      await restarted.stop()
      await crashing.stop()
    }
  })
})

describe('backing up while serving', () => {
  const tables = (file: string) =>
    query<{ name: string }>(file, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").map((t) => t.name)
  const dump = (file: string) => Object.fromEntries(tables(file).map((t) => [t, query(file, `select * from "${t}" order by rowid`)]))

  it('copies a consistent database during writes, and restoring it brings every table back exactly', async () => {
    const cadre = await signedIn(server.url, 'hongxing')
    const villageId = villages.get('红星村')!
    let writing = true
    let written = 0
    const writes = (async () => {
      while (writing) {
        await cadre.post(`/villages/${villageId}/problems?index`, {
          intent: 'register',
          category: 'irregular',
          source: 'selfInspection',
          description: `备份期间写入${written++}`,
        })
      }
    })()
    const file = path.join(scratch, 'backup.db')
    await new Promise((r) => setTimeout(r, 100))
    const { bytes } = await backupDatabase(server.databaseFile, file)
    writing = false
    await writes
    expect(bytes).toBeGreaterThan(0)
    expect(query(file, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
    const atBackup = dump(file)
    expect(Object.keys(atBackup)).toEqual(tables(server.databaseFile))

    // more work after the backup, then put the backup back while the server still runs
    await cadre.post(`/villages/${villageId}/problems?index`, {
      intent: 'register',
      category: 'irregular',
      source: 'selfInspection',
      description: '备份之后写入',
    })
    await restoreDatabase(file, server.databaseFile)
    expect(dump(server.databaseFile)).toEqual(atBackup)
    expect((await cadre.get(`/villages/${villageId}/problems`)).status).toBe(200)
  })
})
