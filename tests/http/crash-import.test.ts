// A roster import killed (SIGKILL) in the middle of its write: the database stays intact and holds either the whole
// import or none of it — never half. Then the same import, run again, completes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../db/connection.server'
import { DEMO_VILLAGES, seedDemoTownship } from '../../seed/demo'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { spawnTsx } from '../support/server'

const ROWS = 60_000
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-crash-import-'))
const dbFile = path.join(dir, 'app.db')
const csvFile = path.join(dir, 'roster.csv')

function count(sql: string): number {
  const db = new Database(dbFile, { readonly: true })
  try {
    return (db.prepare(sql).get() as { n: number }).n
  } finally {
    db.close()
  }
}

function startImport() {
  // one process: a SIGKILL to the `tsx` wrapper would leave the import itself running in its child
  return spawnTsx(['seed/import-roster.ts', csvFile, '--township', '清河镇'], { DATABASE_URL: dbFile })
}

beforeAll(async () => {
  const { db } = openDatabase({ url: dbFile })
  await migrateToLatest(db)
  await seedDemoTownship(db, { today: '2026-11-29', bcryptCost: 4 })
  await db.destroy()
  const lines = ['序号,村(社区),户主姓名,身份证号码,家庭人口,保障类别,保障人数,月保障金额(元)']
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 900) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    lines.push(`${i + 1},${DEMO_VILLAGES[i % 12].name},测试${i},${makeIdNumber('130926', birth, i % 900)},3,农村低保,3,${300 + (i % 90)}`)
  }
  fs.writeFileSync(csvFile, `\uFEFF${lines.join('\r\n')}\r\n`)
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('a crash in the middle of a roster import', () => {
  it('leaves an intact database with none of the killed import, and the rerun imports it all', async () => {
    const households = count('select count(*) as n from households')
    const child = startImport()
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c))
    child.stderr.on('data', (c: Buffer) => (output += c))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    // wait until the write transaction is under way: the WAL grows as its pages spill out of the cache
    const wal = `${dbFile}-wal`
    const started = Date.now()
    while (!(fs.existsSync(wal) && fs.statSync(wal).size > 2_000_000)) {
      if (child.exitCode !== null) throw new Error(`the import ended before it could be killed:\n${output}`)
      if (Date.now() - started > 60_000) throw new Error(`the import never started writing:\n${output}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    child.kill('SIGKILL')
    await exited

    expect(count("select count(*) as n from pragma_integrity_check where integrity_check = 'ok'")).toBe(1)
    expect(count('select count(*) as n from households')).toBe(households)
    expect(count('select count(*) as n from roster_imports')).toBe(0)

    const rerun = startImport()
    expect(await new Promise<number | null>((resolve) => rerun.once('exit', (code) => resolve(code)))).toBe(0)
    expect(count('select count(*) as n from households')).toBe(households + ROWS)
    expect(count('select count(*) as n from roster_imports')).toBe(1)
  }, 120_000)
})
