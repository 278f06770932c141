// Roster import (issue 16) against a real database (SQLite; PostgreSQL with TEST_DIALECT=postgres): files as offices
// have them — a workbook with one sheet per village, --village against what the rows and sheets say, the wrong column
// taken for 月保障金额 (a per-person column, a start date), and legacy 15-digit ID numbers whose century the number
// does not say. Every file is made here.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { confirmRoster } from '../../app/models/rosterImport/confirm.server'
import { DETECTED, previewRoster, problemText, type MappingChoice } from '../../app/models/rosterImport/preview.server'
import { importRosterFromFile } from '../../seed/import-roster'
import { makeIdNumber, maskIdNumber } from '../../workflows/rules/idNumber'
import { AT, cli, count, households, useFreshTownships, type Township } from '../support/rosterSample'

const freshTownship = useFreshTownships()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-office-'))

type Row = Array<string | number | Date | null>

/** An .xlsx file of the given sheets (title row, header, rows), written to the temp folder; its path. */
async function workbook(name: string, sheets: Array<{ name: string; header: string[]; rows: Row[]; hidden?: boolean }>): Promise<string> {
  const book = new ExcelJS.Workbook()
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name, { state: s.hidden ? 'hidden' : 'visible' })
    sheet.addRow([`清河镇${s.name}低保对象花名册`])
    sheet.addRow(s.header)
    for (const row of s.rows) sheet.addRow(row)
  }
  book.addWorksheet('填表说明').addRow(['身份证号码请填写18位。'])
  const file = path.join(dir, name)
  await book.xlsx.writeFile(file)
  return file
}

const id = (n: number, birth = '19600101') => makeIdNumber('130925', birth, n)
const HOUSEHOLD = ['户主姓名', '身份证号码', '家庭人口', '保障类别', '保障人数', '月保障金额']
/** `n` households of one village, numbered from `from`: one to four people, 380 yuan a person */
const villageRows = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => {
    const people = 1 + ((from + i) % 4)
    return [`户主${from + i}`, id(from + i), people, '农村低保', people, 380 * people]
  })

async function villageCounts(town: Township): Promise<Record<string, number>> {
  const rows = await town.db
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .select(['villages.name', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('villages.name')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))
}

/** 青山县's 低保标准 in force (the demo's): 农村 580, 城市 820 yuan a person a month, with 分类施保 */
async function withStandards(town: Township) {
  const county = await town.db.selectFrom('counties').select('id').where('name', '=', '青山县').executeTakeFirstOrThrow()
  const supplements = JSON.stringify({ seriousIllness: 10_000, severeDisability: 8_000, elderly: 5_000, minor: 5_000 })
  await town.db
    .insertInto('allowance_standards')
    .values([
      { county_id: county.id, area: 'rural', effective_from: '2020-01-01', monthly_fen: 58_000, supplements, created_by_user_id: null },
      { county_id: county.id, area: 'urban', effective_from: '2020-01-01', monthly_fen: 82_000, supplements, created_by_user_id: null },
    ])
    .execute()
}

describe('a workbook with one sheet per village, on the command line', () => {
  it('imports every village’s sheet, each into the village it is named after, and lists every sheet', async () => {
    const town = await freshTownship()
    const file = await workbook('per-village.xlsx', [
      { name: '河东村', header: HOUSEHOLD, rows: villageRows(1, 30) },
      { name: '北关社区', header: HOUSEHOLD, rows: villageRows(31, 30) },
    ])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: false, user: 'test', at: AT })
    expect(exitCode).toBe(0)
    expect(summary).toMatchObject({ added: 60, rejected: 0 })
    expect(summary.sheets).toEqual([
      expect.objectContaining({ name: '河东村', hidden: false, rows: 32, state: 'imported', added: 30, importId: expect.any(Number) }),
      expect.objectContaining({ name: '北关社区', hidden: false, rows: 32, state: 'imported', added: 30, importId: expect.any(Number) }),
      expect.objectContaining({ name: '填表说明', rows: 1, state: 'notRoster' }),
    ])
    expect(await villageCounts(town)).toEqual({ 河东村: 30, 北关社区: 30 })
  })

  it('with --village, files no row of another village’s sheet under it, and says why', async () => {
    const town = await freshTownship()
    const file = await workbook('per-village-2.xlsx', [
      { name: '河东村', header: HOUSEHOLD, rows: villageRows(1, 30) },
      { name: '北关社区', header: HOUSEHOLD, rows: villageRows(31, 30) },
    ])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', village: '河东村', dryRun: false, at: AT })
    expect(exitCode).toBe(0)
    expect(summary).toMatchObject({ added: 30, rejected: 30 })
    expect(summary.rejectedRows[0]).toEqual({
      sheet: '北关社区',
      sheetRow: 3,
      reason: '本行在工作表“北关社区”（北关社区）中，却要导入到“河东村”，两者不符，未导入',
    })
    expect(await villageCounts(town)).toEqual({ 河东村: 30 })
  })

  it('with --village, rejects a row whose own 村(社区) cell names another village instead of filing it anywhere', async () => {
    const town = await freshTownship()
    const rows: Row[] = [
      ['河东村', ...villageRows(1, 1)[0]],
      ['北关社区', ...villageRows(2, 1)[0]],
    ]
    const file = await workbook('village-column.xlsx', [{ name: '花名册', header: ['村(社区)', ...HOUSEHOLD], rows }])
    const { summary } = await importRosterFromFile(town.db, { file, township: '清河镇', village: '河东村', dryRun: false, at: AT })
    expect(summary).toMatchObject({ added: 1, rejected: 1 })
    expect(summary.rejectedRows).toEqual([{ sheetRow: 4, reason: '本行的村(居)是“北关社区”，不是指定导入的“河东村”，未导入' }])
    expect(await villageCounts(town)).toEqual({ 河东村: 1 })
  })

  it('writes nothing and names the sheet when one sheet has no village column and names no village', async () => {
    const town = await freshTownship()
    const file = await workbook('unnamed-sheet.xlsx', [
      { name: '河东村', header: HOUSEHOLD, rows: villageRows(1, 3) },
      { name: 'Sheet2', header: HOUSEHOLD, rows: villageRows(4, 3) },
    ])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: false, at: AT })
    expect(exitCode).toBe(1)
    expect(summary.error).toBe('工作表“Sheet2”：文件中没有“村(居)”列，请选择要导入到哪个村(居)。')
    expect(summary.sheets.map((s) => s.state)).toEqual(['importable', 'refused', 'notRoster'])
    expect(await count(town.db, 'households')).toBe(0)
  })

  it('files the blocks of one sheet under the village each block’s title names, and with --village rejects the other blocks', async () => {
    const town = await freshTownship()
    const rows: Row[] = [['一、河东村'], ...villageRows(1, 3), ['二、北关社区（3户）'], ...villageRows(4, 3)]
    const file = await workbook('blocks.xlsx', [{ name: '花名册', header: HOUSEHOLD, rows }])
    const dry = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: true })
    expect(dry.summary).toMatchObject({ added: 6, skipped: 2 })
    const { summary } = await importRosterFromFile(town.db, { file, township: '清河镇', village: '河东村', dryRun: false, at: AT })
    expect(summary).toMatchObject({ added: 3, rejected: 3 })
    expect(summary.rejectedRows.map((r) => r.reason)).toEqual(Array(3).fill('本行的村(居)是“北关社区”，不是指定导入的“河东村”，未导入'))
    expect(await villageCounts(town)).toEqual({ 河东村: 3 })
  })

  it('reads the visible sheets and lists a hidden old roster without importing it', async () => {
    const town = await freshTownship()
    const file = await workbook('hidden-old.xlsx', [
      { name: '河东村(2019)', header: HOUSEHOLD, rows: villageRows(100, 5), hidden: true },
      { name: '河东村', header: HOUSEHOLD, rows: villageRows(1, 4) },
    ])
    const { summary } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: true })
    expect(summary.sheets.slice(0, 2)).toEqual([
      { name: '河东村(2019)', hidden: true, rows: 7, state: 'hiddenNotRead' },
      expect.objectContaining({ name: '河东村', hidden: false, state: 'importable', added: 4 }),
    ])
    expect(summary.added).toBe(4)
  })
})

describe('the wrong column is never taken for 月保障金额', () => {
  // the two files: 100 households, 30 of one person; a per-person column and a start date before the amount
  const header = ['村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '保障人数', '人均保障金额', '低保金起始发放日期', '月保障金额(元)']
  const rows = (): Row[] =>
    Array.from({ length: 100 }, (_, i) => {
      const people = i < 30 ? 1 : 2 + (i % 3)
      return ['河东村', `户主${i + 1}`, id(i + 1), people, '农村低保', people, 380, 44317, 380 * people]
    })

  it('gives every household its own monthly amount, not the per-person one nor the start date', async () => {
    const town = await freshTownship()
    await withStandards(town)
    const file = await workbook('amount-trap.xlsx', [{ name: '花名册', header, rows: rows() }])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: false, at: AT })
    expect(exitCode).toBe(0)
    expect(summary.mapping.monthlyAmount).toBe('月保障金额(元)')
    const amounts = (await households(town.db)).map((h) => [h.member_count, h.monthly_amount_fen])
    expect(amounts).toHaveLength(100)
    for (const [members, fen] of amounts) expect(fen).toBe(members * 38_000)
  })

  it('refuses a start-date column taken for the amount, on the command line (exit 1) and in the preview', async () => {
    const town = await freshTownship()
    const dated = [...header.slice(0, 6), '人均保障金额', '保障金', '合计']
    const file = await workbook('date-as-amount.xlsx', [{ name: '花名册', header: dated, rows: rows() }])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: false, at: AT })
    expect(exitCode).toBe(1)
    expect(summary.error).toBe(
      '工作表“花名册”：第8列“保障金”的内容是日期（如第3行的2021-05-01），不能作为“月保障金额（元）”。请在上面指定哪一列是“月保障金额（元）”。',
    )
    expect(await count(town.db, 'households')).toBe(0)

    const content = fs.readFileSync(file)
    const preview = await previewRoster(town.db, { scope: town.scope, file: { name: 'date-as-amount.xlsx', content }, choice: DETECTED })
    expect(preview.ok && preview.mappingProblems[0]).toContain('的内容是日期')
    // the user picks the household's column (合计) instead: accepted
    const columns: MappingChoice['columns'] = ['village', 'headName', 'idNumber', 'memberCount', 'category', 'coveredCount', null, null, 'monthlyAmount']
    const choice: MappingChoice = { columns, defaultVillageId: null }
    const picked = await confirmRoster(town.db, { scope: town.scope, file: { name: 'date-as-amount.xlsx', content }, choice, actor: cli, at: AT })
    expect(picked).toMatchObject({ ok: true, kind: 'imported', counts: { added: 100 } })
  })

  it('refuses a per-person column taken for the amount when the county has a standard, and names the household’s column', async () => {
    const town = await freshTownship()
    await withStandards(town)
    const perPerson = [...header.slice(0, 6), '保障金额', '发放起始', '合计']
    const file = await workbook('per-person.xlsx', [{ name: '花名册', header: perPerson, rows: rows() }])
    const { summary, exitCode } = await importRosterFromFile(town.db, { file, township: '清河镇', dryRun: true })
    expect(exitCode).toBe(1)
    expect(summary.error).toContain('第7列“保障金额”像是人均金额，不是全户的月保障金额：70户多人户中有70户的金额不超过一个人的低保标准（¥580.00）')
    expect(summary.error).toContain('第9列“合计”的金额约为它乘以保障人数，可能才是月保障金额。')
  })
})

describe('legacy 15-digit ID numbers', () => {
  const BORN_2001 = '130925010315123'
  const RIGHT = makeIdNumber('130925', '20010315', 123)
  const OLD_WRONG = makeIdNumber('130925', '19010315', 123)
  const header = ['村(社区)', '户主姓名', '身份证号码', '出生日期', '家庭人口', '保障类别', '月保障金额']

  it('takes the century from the birth date, and a later roster’s 18-digit number finds the same household', async () => {
    const town = await freshTownship()
    const first = await workbook('legacy-1.xlsx', [{ name: '花名册', header, rows: [['河东村', '赵小军', BORN_2001, '2001-03-15', 1, '农村低保', 580]] }])
    expect((await importRosterFromFile(town.db, { file: first, township: '清河镇', dryRun: false, at: AT })).summary).toMatchObject({ added: 1 })
    expect((await households(town.db)).map((h) => h.id_number)).toEqual([RIGHT])

    const later = await workbook('legacy-2.xlsx', [
      { name: '花名册', header: HOUSEHOLD.slice(0, 4).concat('月保障金额'), rows: [['赵小军', RIGHT, 1, '农村低保', 600]] },
    ])
    const { summary } = await importRosterFromFile(town.db, { file: later, township: '清河镇', village: '河东村', dryRun: false, at: AT })
    expect(summary).toMatchObject({ added: 0, updated: 1 })
    expect(await count(town.db, 'households')).toBe(1)
  })

  it('gives a household enrolled with a 1901 number its right 18-digit number, instead of a second household', async () => {
    const town = await freshTownship()
    const old = await workbook('legacy-old.xlsx', [{ name: '花名册', header, rows: [['河东村', '赵小军', OLD_WRONG, null, 1, '农村低保', 580]] }])
    await importRosterFromFile(town.db, { file: old, township: '清河镇', dryRun: false, at: AT })
    const later = await workbook('legacy-right.xlsx', [{ name: '花名册', header, rows: [['河东村', '赵小军', RIGHT, null, 1, '农村低保', 580]] }])
    const { summary } = await importRosterFromFile(town.db, { file: later, township: '清河镇', dryRun: false, at: AT })
    expect(summary).toMatchObject({ added: 0, updated: 1 })
    const [household] = await households(town.db)
    expect(household.id_number).toBe(RIGHT)
    const members = await town.db.selectFrom('household_members').select(['id_number', 'relation']).where('household_id', '=', household.id).execute()
    expect(members).toEqual([{ id_number: RIGHT, relation: 'head' }])
    const audit = await town.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'household.importUpdate').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ id_number: maskIdNumber(OLD_WRONG) })
    expect(audit.after).not.toContain(RIGHT)
  })

  it('holds back a 15-digit number of 2001-or-1901 with nothing to tell, for a person to confirm; finds it once enrolled', async () => {
    const town = await freshTownship()
    const file = await workbook('legacy-unknown.xlsx', [{ name: '花名册', header, rows: [['河东村', '赵小军', BORN_2001, null, 1, '农村低保', 580]] }])
    const content = { name: 'legacy-unknown.xlsx', content: fs.readFileSync(file) }
    const preview = await previewRoster(town.db, { scope: town.scope, file: content, choice: DETECTED })
    if (!preview.ok) throw new Error(preview.problem)
    expect(preview.counts).toMatchObject({ added: 0, rejected: 1 })
    const rejected = preview.outcomes[0]
    expect(rejected.kind === 'rejected' && problemText(rejected.problems[0], { cadre: false })).toMatch(/^需人工确认出生年份：/)

    const right = await workbook('legacy-known.xlsx', [{ name: '花名册', header, rows: [['河东村', '赵小军', RIGHT, null, 1, '农村低保', 580]] }])
    await importRosterFromFile(town.db, { file: right, township: '清河镇', dryRun: false, at: AT })
    const again = await previewRoster(town.db, { scope: town.scope, file: content, choice: DETECTED })
    expect(again.ok && again.outcomes[0]).toMatchObject({ kind: 'unchanged', idNumber: RIGHT, convertedFrom15: true })
  })
})
