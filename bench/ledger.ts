// npm run bench:ledger [-- --rows 100000] [--keep] [--dir DIR]
//
// 公示 vs 发放 at scale (issue 16): builds a fresh SQLite database holding the demo township 清河镇 plus --rows more
// households spread over its villages (each with its head as a member), writes that month's payment ledger as an
// .xlsx of one row per household — everyone on the notice paid, with a few hundred discrepancies of every kind (not
// paid, amount differs, paid twice, unknown person) and a tenth of the numbers in their old 15-digit form — and then
// measures:
//   1. the comparison alone (workflows/rules/ledgerCompare.ts) on the roster and notice loaded from the database;
//   2. the whole import through the command line, `node --import tsx seed/import-ledger.ts FILE --township 清河镇
//      --month M` (what `npm run import:ledger` runs): reading the file in a worker, loading the roster and the notice,
//      comparing, writing the ledger, its payments, its discrepancies and their problems — wall-clock time.
// A benchmark, not a test: it prints its figures; the target is under 15 s for 100,000 rows.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import ExcelJS from 'exceljs'
import { migrateToLatest, openDatabase } from '../db/connection.server'
import { loadLedgerRoster } from '../app/models/paymentLedger/roster.server'
import { DEMO_TOWNSHIP, seedDemoTownship } from '../seed/demo'
import { createRandom, intBetween, personName } from '../seed/random'
import { makeIdNumber } from '../workflows/rules/idNumber'
import { compareLedger } from '../workflows/rules/ledgerCompare'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false }, dir: { type: 'string' } },
})
const ROWS = Number(args.rows)
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer')
const dir = args.dir ? path.resolve(args.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-ledger-bench-'))
fs.mkdirSync(dir, { recursive: true })
const dbFile = path.join(dir, 'bench.db')
const xlsxFile = path.join(dir, `ledger-${ROWS}.xlsx`)
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true })

const log = (message: string) => process.stderr.write(`${message}\n`)
const secondsSince = (start: number) => Math.round(performance.now() - start) / 1000

// ————————————————————————————————————————— a township of --rows more households —————————————————————————————————————————

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const month = today.slice(0, 7)
const REGIONS = ['130925', '130926', '130927', '130928']
const random = createRandom(16)
const { db } = openDatabase({ url: dbFile })
await migrateToLatest(db)
await seedDemoTownship(db, { today, bcryptCost: 4 })
const township = await db.selectFrom('townships').select('id').where('name', '=', DEMO_TOWNSHIP).executeTakeFirstOrThrow()
const villages = await db.selectFrom('villages').select('id').where('township_id', '=', township.id).orderBy('id').execute()
const seeded = performance.now()
const at = new Date().toISOString()
for (let start = 0; start < ROWS; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, ROWS - start) }, (_, k) => {
    const i = start + k
    const j = Math.floor(i / REGIONS.length)
    const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(j / 900) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    const covered = intBetween(random, 1, 4)
    return {
      village_id: villages[i % villages.length].id,
      head_name: personName(random),
      // sequences 100–999: none of the demo's own numbers
      id_number: makeIdNumber(REGIONS[i % REGIONS.length], birth, 100 + (j % 900)),
      member_count: covered,
      covered_count: covered,
      category: '农村低保',
      monthly_amount_fen: covered * 32_000 + intBetween(random, 0, 40) * 100,
      responsible_cadre: null,
      phone: null,
      updated_at: at,
    }
  })
  const ids = await db.insertInto('households').values(batch).returning(['id', 'head_name', 'id_number']).execute()
  await db
    .insertInto('household_members')
    .values(ids.map((h) => ({ household_id: h.id, position: 1, name: h.head_name, relation: 'head' as const, id_number: h.id_number, updated_at: at })))
    .execute()
}
log(`database: ${dbFile} (demo township ${DEMO_TOWNSHIP} + ${ROWS.toLocaleString('en')} households in ${secondsSince(seeded)} s)`)

// ————————————————————————————————————————— the ledger file —————————————————————————————————————————

const written = performance.now()
let planted = { notPaid: 0, amountDiffers: 0, paidTwice: 0, unknownPerson: 0 }
{
  const roster = await loadLedgerRoster(db, { townshipId: township.id, month })
  const onNotice = roster.households.filter((h) => roster.notice.has(h.householdId))
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet('发放明细')
  sheet.addRow([`${DEMO_TOWNSHIP}${month}社会救助资金发放明细`]).commit()
  sheet.addRow(['序号', '收款人姓名', '公民身份号码', '银行账号', '所属期', '实发金额(元)']).commit()
  let n = 0
  const add = (name: string, id: string, fen: number) => sheet.addRow([++n, name, id, `6228480${String(n).padStart(12, '0')}`, month, fen / 100]).commit()
  onNotice.forEach((h, i) => {
    if (i % 400 === 1) return void planted.notPaid++
    const fen = (roster.notice.get(h.householdId) ?? 0) + (i % 300 === 2 ? (planted.amountDiffers++, 1_000) : 0)
    const id = i % 10 === 3 ? h.idNumber.slice(0, 6) + h.idNumber.slice(8, 17) : h.idNumber
    add(h.headName, id, fen)
    if (i % 500 === 4) {
      planted.paidTwice++
      add(h.headName, h.idNumber, fen)
    }
  })
  for (let k = 0; k < 100; k++) {
    planted.unknownPerson++
    add(personName(random), makeIdNumber('130929', '19660101', k), 30_000)
  }
  sheet.addRow(['合计']).commit()
  await sheet.commit()
  await workbook.commit()
  planted = { ...planted }
  log(
    `ledger: ${xlsxFile} (${n.toLocaleString('en')} rows, ${(fs.statSync(xlsxFile).size / 1024 / 1024).toFixed(1)} MiB, written in ${secondsSince(written)} s)`,
  )
  log(`planted: ${JSON.stringify(planted)}`)
}

// ————————————————————————————————————————— 1. the comparison alone —————————————————————————————————————————

{
  const loaded = performance.now()
  const roster = await loadLedgerRoster(db, { townshipId: township.id, month })
  const loadSeconds = secondsSince(loaded)
  const payments = roster.households
    .filter((h) => roster.notice.has(h.householdId))
    .map((h, index) => ({
      index,
      sheetRow: index + 3,
      name: h.headName,
      idNumber: index % 10 === 3 ? h.idNumber.slice(0, 6) + h.idNumber.slice(8, 17) : h.idNumber,
      amountFen: roster.notice.get(h.householdId) ?? 0,
    }))
  const compared = performance.now()
  const result = compareLedger({ month, payments, ...roster })
  log(
    `comparison alone: ${payments.length.toLocaleString('en')} payments against ${roster.households.length.toLocaleString('en')} households and ${roster.people.length.toLocaleString('en')} members — roster and notice loaded in ${loadSeconds} s, compared in ${secondsSince(compared)} s (${result.findings.length} findings)`,
  )
}
await db.destroy()

// ————————————————————————————————————————— 2. the whole import, through the command line —————————————————————————————————————————

const started = performance.now()
const child = spawn(process.execPath, ['--import', 'tsx', 'seed/import-ledger.ts', xlsxFile, '--township', DEMO_TOWNSHIP, '--month', month], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: dbFile },
  stdio: ['ignore', 'pipe', 'inherit'],
})
let stdout = ''
child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
const wall = secondsSince(started)
const summary = JSON.parse(stdout) as { rows: number; discrepancies: Record<string, number>; problemsCreated: number; seconds: number }
log(`import through the command line: exit ${code}, ${summary.rows.toLocaleString('en')} rows in ${wall} s wall-clock (the import itself ${summary.seconds} s)`)
log(`discrepancies: ${JSON.stringify(summary.discrepancies)}; problems registered: ${summary.problemsCreated}`)
console.log(JSON.stringify({ rows: summary.rows, wallSeconds: wall, importSeconds: summary.seconds, discrepancies: summary.discrepancies, planted }, null, 2))
if (!args.keep && !args.dir) fs.rmSync(dir, { recursive: true, force: true })
