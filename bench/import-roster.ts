// npx tsx bench/import-roster.ts [--rows 100000] [--keep] [--dir DIR]
//
// The roster import at scale (issue 7, bench/README.md "Roster import"): builds a fresh SQLite database holding the
// demo township 清河镇 (12 villages, ~700 households), writes a roster .xlsx of --rows households spread over its
// villages (valid ID numbers; amounts, counts, IDs and village names written the various ways offices write them;
// a merged title row, a filled-in-by row, a header with a line break), then imports it through the command line —
// `node --import tsx seed/import-roster.ts FILE --township 清河镇`, the script `npm run import:roster` runs — and
// measures the child process: wall-clock time and peak memory (VmHWM from /proc, Linux). Then it imports the same
// file again (every row unchanged) and measures that too. Stops by itself; removes its files unless --keep.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import ExcelJS from 'exceljs'
import { migrateToLatest, openDatabase } from '../db/connection.server'
import { DEMO_TOWNSHIP, DEMO_VILLAGES, seedDemoTownship } from '../seed/demo'
import { createRandom, intBetween, personName, pick } from '../seed/random'
import { makeIdNumber } from '../workflows/rules/idNumber'
import { ROSTER_HEADERS } from '../tests/support/rosterHeaders'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false }, dir: { type: 'string' } },
})
const ROWS = Number(args.rows)
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer')

const dir = args.dir ? path.resolve(args.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-import-bench-'))
fs.mkdirSync(dir, { recursive: true })
const dbFile = path.join(dir, 'bench.db')
const xlsxFile = path.join(dir, `roster-${ROWS}.xlsx`)
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true })

function log(message: string) {
  process.stderr.write(`${message}\n`)
}

// ————————————————————————————————————————— a fresh township —————————————————————————————————————————

const today = new Date().toISOString().slice(0, 10)
{
  const { db } = openDatabase({ url: dbFile })
  await migrateToLatest(db)
  await seedDemoTownship(db, { today, bcryptCost: 4 })
  await db.destroy()
}
log(`database: ${dbFile} (demo township ${DEMO_TOWNSHIP})`)

// ————————————————————————————————————————— the roster file —————————————————————————————————————————

const REGIONS = ['130925', '130926', '130927', '130928']
const FULL_WIDTH = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))

const generated = performance.now()
{
  const random = createRandom(7)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: true, useStyles: false })
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow([`${DEMO_TOWNSHIP}城乡最低生活保障对象花名册`]).commit()
  sheet.addRow(['填报单位：清河镇民政所        填报日期：2026年6月28日']).commit()
  sheet.addRow(ROSTER_HEADERS).commit()
  const cadres = ['陈桂香', '赵红梅', '张立国', '刘建军', '李志刚', '王淑芬']
  for (let i = 0; i < ROWS; i++) {
    // unique by construction: region × birth day × sequence
    const j = Math.floor(i / REGIONS.length)
    const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(j / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    let id = makeIdNumber(REGIONS[i % REGIONS.length], birth, j % 1000)
    if (i % 50 === 7) id = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`
    else if (i % 100 === 13) id = FULL_WIDTH(id)
    else if (id.endsWith('X') && i % 2 === 0) id = `${id.slice(0, 17)}x`
    const village = DEMO_VILLAGES[i % DEMO_VILLAGES.length].name
    const members = intBetween(random, 1, 5)
    const covered = Math.max(1, members - (random() < 0.3 ? 1 : 0))
    const yuan = 320 * covered + intBetween(random, 0, 40)
    const amount = [
      yuan,
      `¥${yuan}`,
      `${yuan}元`,
      `${Math.floor(yuan / 1000) ? `${Math.floor(yuan / 1000)},${String(yuan % 1000).padStart(3, '0')}` : yuan}.00`,
    ][i % 4]
    sheet
      .addRow([
        i + 1,
        i % 10 === 3 && village.endsWith('村') ? `${village}委会` : village,
        i % 97 === 5 ? ` ${personName(random)} ` : personName(random),
        id,
        i % 9 === 1 ? `${members}人` : members,
        i % 6 === 0 ? '城市低保' : '农村低保',
        covered,
        amount,
        pick(random, cadres),
        `13${String(intBetween(random, 0, 999_999_999)).padStart(9, '0')}`,
        i % 20 === 0 ? '收入不固定、有劳动能力' : '',
        i % 150 === 0 ? '村委会成员近亲属' : '',
        '',
      ])
      .commit()
    if (i > 0 && i % 5000 === 0) sheet.addRow(['小计']).commit()
  }
  sheet.addRow(['合计']).commit()
  await sheet.commit()
  await workbook.commit()
}
const fileBytes = fs.statSync(xlsxFile).size
log(
  `roster: ${xlsxFile} (${ROWS.toLocaleString('en')} rows, ${(fileBytes / 1024 / 1024).toFixed(1)} MiB, written in ${((performance.now() - generated) / 1000).toFixed(1)} s)`,
)

// ————————————————————————————————————————— the import, through the command line —————————————————————————————————————————

interface Run {
  seconds: number
  peakMiB: number
  summary: { added: number; updated: number; unchanged: number; rejected: number; skipped: number; seconds: number }
}

function peakOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status)
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

async function runImport(): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'seed/import-roster.ts', xlsxFile, '--township', DEMO_TOWNSHIP], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  // VmHWM is the process's high-water mark: reading it often enough catches the peak even between reads
  let peakKb = 0
  const timer = setInterval(() => {
    const kb = child.pid ? peakOf(child.pid) : 0
    if (kb) peakKb = Math.max(peakKb, kb)
  }, 20)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearInterval(timer)
  const seconds = (performance.now() - started) / 1000
  if (code !== 0) throw new Error(`import exited with ${code}:\n${stdout.slice(0, 2000)}`)
  const summary = JSON.parse(stdout) as Run['summary']
  return { seconds, peakMiB: peakKb / 1024, summary }
}

const first = await runImport()
log(`import: ${first.seconds.toFixed(1)} s, peak ${first.peakMiB.toFixed(0)} MiB, ${JSON.stringify({ ...first.summary, rejectedRows: undefined })}`)
const again = await runImport()
log(`re-import: ${again.seconds.toFixed(1)} s, peak ${again.peakMiB.toFixed(0)} MiB`)

const { db } = openDatabase({ url: dbFile })
const households = Number(
  (
    await db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
await db.destroy()

const row = (what: string, run: Run) =>
  `| ${what} | ${run.seconds.toFixed(1)} s | ${run.summary.seconds.toFixed(1)} s | ${run.peakMiB.toFixed(0)} MiB | ${run.summary.added.toLocaleString('en')} | ${run.summary.unchanged.toLocaleString('en')} | ${run.summary.rejected} |`
console.log(
  `Roster import, ${ROWS.toLocaleString('en')} rows (${(fileBytes / 1024 / 1024).toFixed(1)} MiB .xlsx), Node ${process.version}, SQLite; households afterwards: ${households.toLocaleString('en')}`,
)
console.log('')
console.log('| run | wall clock (process) | import (in the summary) | peak memory (VmHWM) | added | unchanged | rejected |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
console.log(row('first import', first))
console.log(row('same file again', again))
const met = first.seconds < 15 && first.peakMiB < 500
console.log('')
console.log(`Targets (< 15 s, < 500 MB): ${met ? 'met' : 'NOT met'}.`)

if (!args.keep && !args.dir) fs.rmSync(dir, { recursive: true, force: true })
else log(`kept: ${dir}`)
