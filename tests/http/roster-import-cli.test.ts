// `npm run import:roster` as a person runs it: a real process on a demo database, its JSON on stdout and its exit
// code — 1 with the reason when the column taken for 月保障金额 holds dates, 0 for a workbook with one sheet per village.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../db/connection.server'
import { seedDemoTownship } from '../../seed/demo'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { spawnTsx } from '../support/server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-roster-cli-'))
const dbFile = path.join(dir, 'app.db')

async function run(args: string[]): Promise<{ code: number | null; json: Record<string, unknown> }> {
  const child = spawnTsx(['seed/import-roster.ts', ...args, '--township', '清河镇'], { DATABASE_URL: dbFile })
  let stdout = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, json: JSON.parse(stdout) as Record<string, unknown> }
}

async function writeWorkbook(name: string, sheets: Array<{ name: string; header: string[]; rows: unknown[][] }>): Promise<string> {
  const book = new ExcelJS.Workbook()
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name)
    sheet.addRow(s.header)
    for (const row of s.rows) sheet.addRow(row)
  }
  const file = path.join(dir, name)
  await book.xlsx.writeFile(file)
  return file
}

beforeAll(async () => {
  const { db } = openDatabase({ url: dbFile })
  await migrateToLatest(db)
  await seedDemoTownship(db, { today: '2026-11-29', bcryptCost: 4 })
  await db.destroy()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('the roster import on the command line', () => {
  it('exits 1 with the reason in its JSON when the amount column holds the start date of payment, and writes nothing', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ['河东村', `户主${i}`, makeIdNumber('130927', '19600101', i + 1), 2, '农村低保', 44317])
    const file = await writeWorkbook('date-trap.xlsx', [
      { name: '花名册', header: ['村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '低保金'], rows },
    ])
    const { code, json } = await run([file])
    expect(code).toBe(1)
    expect(json).toMatchObject({
      added: 0,
      importId: null,
      error: '工作表“花名册”：第6列“低保金”的内容是日期（如第2行的2021-05-01），不能作为“月保障金额（元）”。请在上面指定哪一列是“月保障金额（元）”。',
      sheets: [{ name: '花名册', hidden: false, rows: 21, state: 'refused' }],
    })
  })

  it('imports every village’s sheet and lists each with its row count', async () => {
    const header = ['户主姓名', '身份证号码', '家庭人口', '保障类别', '月保障金额']
    const sheet = (name: string, from: number) => ({
      name,
      header,
      rows: Array.from({ length: 5 }, (_, i) => [`户主${from + i}`, makeIdNumber('130927', '19610101', from + i), 1, '农村低保', 400]),
    })
    const file = await writeWorkbook('villages.xlsx', [sheet('河东村', 1), sheet('北关社区', 6)])
    const { code, json } = await run([file])
    expect(code).toBe(0)
    expect(json).toMatchObject({
      added: 10,
      sheets: [
        { name: '河东村', rows: 6, state: 'imported', added: 5 },
        { name: '北关社区', rows: 6, state: 'imported', added: 5 },
      ],
    })
  })
})
