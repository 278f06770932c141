// The exports officials file, read back from the generated files: the public notice (names and amounts, nothing
// more), the review forms, the problem register and rectification list, the summary report (.docx, read from
// word/document.xml). Runs on SQLite and, with TEST_DIALECT=postgres, on PostgreSQL.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCurrentCampaign, totalsOf, type CampaignInfo, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { contentDisposition, type ExportContext, type ExportFile } from '../../app/models/exports.server'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import type { ReviewInput } from '../../app/models/householdReviewForm.server'
import { downloadPublicNotice, parseNoticeQuery, printPublicNotice } from '../../app/models/noticeExport.server'
import { downloadProblemRegister, downloadRectificationList } from '../../app/models/registerExport.server'
import { downloadReviewForms, printVillageReviewForms } from '../../app/models/reviewFormExport.server'
import { downloadSummaryReport } from '../../app/models/summaryReportExport.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import { seedDemoTownship } from '../../seed/demo'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { docxTables, docxText, readZipEntry } from '../support/zip'

const TODAY = '2026-11-29'
const AT = new Date('2026-11-29T03:00:00Z')
let t: TestDatabase
let campaign: CampaignInfo
let townshipId: number
const villages = new Map<string, { id: number; townshipId: number }>()
const users = new Map<string, CurrentUser>()

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: TODAY, bcryptCost: 4 })
  campaign = (await getCurrentCampaign(t.db, townshipId))!
  for (const v of await t.db.selectFrom('villages').select(['id', 'name', 'township_id']).execute())
    villages.set(v.name, { id: v.id, townshipId: v.township_id })
  for (const u of await t.db.selectFrom('users').selectAll().execute()) {
    users.set(u.username, {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      townshipId: u.township_id,
      villageId: u.village_id,
      countyName: u.county_name,
    })
  }
})
afterAll(async () => t?.destroy())

function ctx(username: string): ExportContext {
  return { actor: users.get(username)!, at: AT, today: TODAY, ip: '127.0.0.1' }
}
const village = (name: string) => villages.get(name)!

async function workbook(file: ExportFile): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.body) as never)
  expect(wb.worksheets).toHaveLength(1)
  return wb.worksheets[0]
}

/** Every row as the texts of its cells; a merged area counts once (its first cell). */
function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = []
  ws.eachRow((row) => {
    const cells: string[] = []
    row.eachCell((cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return
      cells.push(cell.value === null || cell.value === undefined ? '' : String(cell.value))
    })
    rows.push(cells)
  })
  return rows
}

async function exportAudits() {
  return t.db.selectFrom('audit_log').selectAll().where('action', 'like', 'export.%').orderBy('id').execute()
}

/** The village's households still in the allowance, in roster order, with the amount they receive now. */
async function expectedNotice(villageId: number) {
  const rows = await t.db
    .selectFrom('households')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', '=', campaign.id))
    .select(['households.head_name', 'households.monthly_amount_fen', 'r.outcome', 'r.adjusted_amount_fen'])
    .where('households.village_id', '=', villageId)
    .where('households.status', '=', 'active')
    .orderBy('households.enrolment', 'desc')
    .orderBy('households.id')
    .execute()
  return rows.map((r) => [r.head_name, (r.outcome === 'adjust' ? r.adjusted_amount_fen! : r.monthly_amount_fen) / 100])
}

describe('the public notice (公示名单) shows the recipient and the amount, and nothing more', () => {
  it('lists every household still in the allowance by name and monthly amount, under a title, the place, the period and the issuing committee', async () => {
    const v = village('东风村')
    const result = await downloadPublicNotice(t.db, ctx('dongfeng'), v, new URLSearchParams())
    if (!result.ok) throw new Error('expected a notice')
    expect(result.file.filename).toBe('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx')
    const ws = await workbook(result.file)
    const rows = rowsOf(ws)
    const header = rows.findIndex((r) => r[0] === '序号')
    expect(rows[header]).toEqual(['序号', '保障对象', '月保障金额（元）'])
    const expected = await expectedNotice(v.id)
    expect(expected.length).toBeGreaterThan(30)
    const body = rows.slice(header + 1, header + 1 + expected.length)
    expect(body).toEqual(expected.map(([name, amount], i) => [String(i + 1), String(name), String(amount)]))
    // everything else on the sheet: the title, the place, two fixed sentences, the period, the committee and the date
    expect([...rows.slice(0, header), ...rows.slice(header + 1 + expected.length)].filter((r) => r.length)).toEqual([
      ['东风村最低生活保障对象公示'],
      ['清河镇　东风村'],
      ['根据最低生活保障有关规定，经入户调查和审核，现将本村(居)最低生活保障对象及月保障金额予以公示，接受群众监督。'],
      ['公示期：2026年11月29日至2026年12月5日（共7天）'],
      ['公示期间如有异议，请向本村(居)民委员会或镇民政办反映。'],
      ['东风村村民委员会'],
      ['2026年11月29日'],
    ])
  })

  it('carries no ID number, phone, category, member count, exit reason or note of any household, and leaves out exited households', async () => {
    const v = village('王家庄村')
    const result = await downloadPublicNotice(t.db, ctx('leader'), v, new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2026-12-07' }))
    if (!result.ok) throw new Error('expected a notice')
    const text = rowsOf(await workbook(result.file))
      .flat()
      .join('\n')
    const households = await t.db
      .selectFrom('households')
      .leftJoin('household_reviews as r', 'r.household_id', 'households.id')
      .select([
        'households.head_name',
        'households.id_number',
        'households.phone',
        'households.category',
        'households.notes',
        'households.status',
        'households.responsible_cadre',
        'r.exit_reason',
        'r.notes as reviewNotes',
      ])
      .where('households.village_id', '=', v.id)
      .execute()
    const exited = households.filter((h) => h.status === 'exited')
    expect(exited.length).toBeGreaterThan(0)
    for (const h of households) {
      expect(text).not.toContain(h.id_number)
      expect(text).not.toContain(h.id_number.slice(-6))
      expect(text).not.toContain(maskIdNumber(h.id_number))
      if (h.phone) expect(text).not.toContain(h.phone)
      expect(text).not.toContain(h.category)
      for (const words of [h.notes, h.exit_reason, h.reviewNotes, h.responsible_cadre]) if (words) expect(text).not.toContain(words)
    }
    // exited households are not on the list (a name shared with someone still in the allowance may appear once for them)
    const activeNames = households.filter((h) => h.status === 'active').map((h) => h.head_name)
    for (const h of exited) if (!activeNames.includes(h.head_name)) expect(text).not.toContain(h.head_name)
    expect(text).not.toMatch(/\d{6,}/)
    expect(text).not.toMatch(/类/)
    expect(text).not.toMatch(/(人情保|关系保|错保|骗保|清退|包户)/)
  })

  it('shows the amount a review adjusted the household to, not the old one', async () => {
    const adjusted = await t.db
      .selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['households.head_name', 'households.monthly_amount_fen', 'household_reviews.adjusted_amount_fen', 'villages.name as village'])
      .where('household_reviews.outcome', '=', 'adjust')
      .where('households.status', '=', 'active')
      .executeTakeFirstOrThrow()
    expect(adjusted.adjusted_amount_fen).not.toBe(adjusted.monthly_amount_fen)
    const result = await printPublicNotice(t.db, ctx('leader'), village(adjusted.village), new URLSearchParams())
    if (!result.ok) throw new Error('expected a notice')
    const amounts = result.notice.rows.filter((r) => r.name === adjusted.head_name).map((r) => r.amountFen)
    expect(amounts).toContain(adjusted.adjusted_amount_fen)
    // the print page's data are names and amounts only
    for (const row of result.notice.rows) expect(Object.keys(row).sort()).toEqual(['amountFen', 'name'])
  })

  it('makes a standing notice (长期公示) from a start date, with no end', async () => {
    const result = await printPublicNotice(t.db, ctx('beiguan'), village('北关社区'), new URLSearchParams({ kind: 'standing', start: '2026-12-10', end: '' }))
    if (!result.ok) throw new Error('expected a notice')
    expect(result.notice).toMatchObject({
      kind: 'standing',
      endOn: null,
      heading: '北关社区最低生活保障对象长期公示',
      period: '公示时间：自2026年12月10日起长期公示',
      issuer: '北关社区居民委员会',
      issuedOn: '2026年12月10日',
    })
  })

  it('refuses a period that ends before it starts or runs too long, in Chinese, and records nothing', async () => {
    const before = (await exportAudits()).length
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-12-10', end: '2026-12-01' }), TODAY)).toMatchObject({
      ok: false,
      errors: { endOn: '结束日期不能早于开始日期。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2027-12-01' }), TODAY)).toMatchObject({
      ok: false,
      errors: { endOn: '公示期最长90天。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-02-30', end: '2026-03-05' }), TODAY)).toMatchObject({
      ok: false,
      errors: { startOn: '请输入有效日期（如 2026-12-01）。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'secret' }), TODAY)).toMatchObject({ ok: false, errors: { kind: '请选择公示类型。' } })
    const bad = await downloadPublicNotice(t.db, ctx('dongfeng'), village('东风村'), new URLSearchParams({ start: 'yesterday' }))
    expect(bad.ok).toBe(false)
    expect((await exportAudits()).length).toBe(before)
  })

  it('records who exported which village’s notice, for which period, and when', async () => {
    const v = village('河西村')
    await downloadPublicNotice(t.db, ctx('hexi'), v, new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2026-12-07' }))
    const row = (await exportAudits()).at(-1)!
    expect(row).toMatchObject({
      action: 'export.publicNotice',
      actor_user_id: users.get('hexi')!.id,
      village_id: v.id,
      township_id: townshipId,
      entity_type: 'village',
      entity_id: v.id,
      occurred_at: AT.toISOString(),
    })
    expect(JSON.parse(row.after!)).toMatchObject({
      format: 'xlsx',
      noticeKind: 'twoLists',
      startOn: '2026-12-01',
      endOn: '2026-12-07',
      file: '河西村低保对象公示名单（2026-12-01至2026-12-07）.xlsx',
    })
  })
})

describe('the review forms (复核认定情况登记表)', () => {
  it('puts every household of the village in the workbook, one row each, with the masked ID number and the review’s findings', async () => {
    const v = village('东风村')
    const result = await downloadReviewForms(t.db, ctx('dongfeng'), v)
    if (!result.ok) throw new Error('expected a workbook')
    const rows = rowsOf(await workbook(result.file))
    expect(rows[0]).toEqual(['青山县城乡低保对象复核认定情况登记表'])
    expect(rows[1][0]).toContain('村(居)：东风村')
    const header = rows[2]
    for (const column of [
      '户主姓名',
      '身份证号（已隐去中间数字）',
      '月保障金额（元）',
      '入户调查日期',
      '重点核查情形',
      '错保风险',
      '复核结论',
      '清退原因',
      '追回低保金（元）',
    ])
      expect(header).toContain(column)
    const households = await t.db.selectFrom('households').select(['id', 'head_name', 'id_number', 'status']).where('village_id', '=', v.id).execute()
    const body = rows.slice(3)
    expect(body).toHaveLength(households.length)
    const nameAt = header.indexOf('户主姓名')
    const idAt = header.indexOf('身份证号（已隐去中间数字）')
    for (const h of households) expect(body.some((r) => r[nameAt] === h.head_name && r[idAt] === maskIdNumber(h.id_number))).toBe(true)
    expect(rows.flat().join('\n')).not.toMatch(/\d{17}[\dX]/)
    // an exited household's form says why
    const exited = await t.db
      .selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .select(['households.head_name', 'household_reviews.exit_reason'])
      .where('households.village_id', '=', v.id)
      .where('household_reviews.outcome', '=', 'exit')
      .executeTakeFirstOrThrow()
    const row = body.find((r) => r[nameAt] === exited.head_name)!
    expect(row[header.indexOf('复核结论')]).toBe('清退')
    expect(row[header.indexOf('清退原因')]).toBe(exited.exit_reason)
  })

  it('prints one form per household of the village and records the print', async () => {
    const v = village('红星村')
    const result = await printVillageReviewForms(t.db, ctx('hongxing'), v)
    if (!result.ok) throw new Error('expected forms')
    const count = await t.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', v.id)
      .executeTakeFirstOrThrow()
    expect(result.forms).toHaveLength(Number(count.n))
    expect(result.place).toMatchObject({ county: '青山县', township: '清河镇', village: '红星村' })
    expect(JSON.stringify(result)).not.toMatch(/\d{17}[\dX]/)
    expect((await exportAudits()).at(-1)).toMatchObject({ action: 'export.reviewForms', village_id: v.id, entity_type: 'village' })
  })

  it('exports one household’s form on its own, and refuses a household of another village', async () => {
    const household = await t.db
      .selectFrom('households')
      .select(['id', 'head_name'])
      .where('village_id', '=', village('东风村').id)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const one = await downloadReviewForms(t.db, ctx('dongfeng'), village('东风村'), household.id)
    if (!one.ok) throw new Error('expected a workbook')
    expect(one.file.filename).toBe(`东风村${household.head_name}户复核认定情况登记表（2026-11-29）.xlsx`)
    expect(rowsOf(await workbook(one.file)).slice(3)).toHaveLength(1)
    const before = (await exportAudits()).length
    expect(await downloadReviewForms(t.db, ctx('hongxing'), village('红星村'), household.id)).toEqual({ ok: false, reason: 'notInVillage' })
    expect((await exportAudits()).length).toBe(before)
  })

  it('keeps a review saved just now: the next export shows it', async () => {
    const v = village('大孙庄村')
    const household = await t.db
      .selectFrom('households')
      .leftJoin('household_reviews as r', 'r.household_id', 'households.id')
      .select(['households.id', 'households.head_name'])
      .where('households.village_id', '=', v.id)
      .where('r.id', 'is', null)
      .orderBy('households.id')
      .executeTakeFirstOrThrow()
    const input: ReviewInput = {
      incomeChecked: true,
      propertyChecked: true,
      homeVisitOn: '2026-11-28',
      homeVisitBy: '王建国',
      keyCheckSituations: ['publicObjection'],
      riskSignals: ['privateCar'],
      nearRelativeFiling: false,
      nearRelativeNote: null,
      outcome: 'adjust',
      adjustedAmountFen: 32050,
      exitReason: null,
      exitOn: null,
      fraudRecoveredFen: null,
      fraudFineFen: null,
      notes: '车辆已过户，按新收入调整',
    }
    const saved = await saveHouseholdReview(t.db, {
      campaignId: campaign.id,
      villageId: v.id,
      householdId: household.id,
      actor: { id: users.get('dasunzhuang')!.id },
      input,
      expectedVersion: 0,
      at: AT,
    })
    expect(saved.ok).toBe(true)
    const result = await downloadReviewForms(t.db, ctx('dasunzhuang'), v, household.id)
    if (!result.ok) throw new Error('expected a workbook')
    const [header, row] = rowsOf(await workbook(result.file)).slice(2)
    const cell = (column: string) => row[header.indexOf(column)]
    expect(cell('复核结论')).toBe('调整保障金额')
    expect(cell('调整后月保障金额（元）')).toBe('320.5')
    expect(cell('重点核查情形')).toBe('群众有异议')
    expect(cell('错保风险')).toBe('拥有私家车辆')
    expect(cell('备注')).toBe('车辆已过户，按新收入调整')
    expect(cell('已核查家庭收入')).toBe('是')
  })
})

describe('the problem register (问题台账) and the rectification list (整改清单)', () => {
  it('lists each of the village’s problems with its category, source, measure, responsible person, deadline and status', async () => {
    const v = village('王家庄村')
    const result = await downloadProblemRegister(t.db, ctx('wangjiazhuang'), { kind: 'village', village: v })
    if (!result.ok) throw new Error('expected a workbook')
    const rows = rowsOf(await workbook(result.file))
    expect(rows[0]).toEqual(['王家庄村问题台账'])
    const header = rows[2]
    const problems = await t.db.selectFrom('problems').selectAll().where('village_id', '=', v.id).execute()
    expect(rows.slice(3)).toHaveLength(problems.length)
    for (const p of problems) {
      const row = rows.slice(3).find((r) => r[header.indexOf('问题编号')] === String(p.id))!
      expect(row[header.indexOf('问题描述')]).toBe(p.description)
      expect(row[header.indexOf('整改措施')]).toBe(p.measure ?? '')
      expect(row[header.indexOf('整改责任人')]).toBe(p.responsible_person ?? '')
      expect(row[header.indexOf('整改期限')]).toBe(p.deadline_on ?? '')
    }
    expect(rows.flat()).toContain('骗保')
    expect((await exportAudits()).at(-1)).toMatchObject({ action: 'export.problemRegister', village_id: v.id })
  })

  it('puts every problem and every order to rectify of the township in one list, the unfinished first', async () => {
    const result = await downloadRectificationList(t.db, ctx('leader'), { kind: 'township', township: { id: townshipId } })
    if (!result.ok) throw new Error('expected a workbook')
    expect(result.file.filename).toBe('清河镇整改清单（2026-11-29）.xlsx')
    const rows = rowsOf(await workbook(result.file))
    const header = rows[2]
    expect(header).toEqual(['序号', '村(居)', '类型', '编号', '问题或整改事由', '整改措施', '责任人', '整改期限', '状态', '逾期情况'])
    const [problems, orders] = await Promise.all([
      t.db.selectFrom('problems').select('id').where('campaign_id', '=', campaign.id).execute(),
      t.db.selectFrom('rectification_orders').select(['id', 'reason', 'status']).where('campaign_id', '=', campaign.id).execute(),
    ])
    const body = rows.slice(3)
    expect(body).toHaveLength(problems.length + orders.length)
    expect(orders.length).toBeGreaterThan(0)
    for (const o of orders) expect(body.some((r) => r[2] === '责令整改' && r[4] === o.reason)).toBe(true)
    const finished = body.map((r) => r[8] === '已核验' || r[8] === '已通过')
    expect(finished.indexOf(true)).toBeGreaterThan(0)
    expect(finished.slice(finished.indexOf(true)).every(Boolean)).toBe(true)
    expect((await exportAudits()).at(-1)).toMatchObject({
      action: 'export.rectificationList',
      township_id: townshipId,
      village_id: null,
      entity_type: 'township',
    })
  })
})

describe('the summary report (总结报告)', () => {
  let xml: string
  let styles: string
  beforeAll(async () => {
    const result = await downloadSummaryReport(t.db, ctx('leader'), { id: townshipId })
    if (!result.ok) throw new Error('expected a report')
    expect(result.file.filename).toBe('清河镇专项整治总结报告（2026-11-29）.docx')
    expect(Buffer.from(result.file.body.subarray(0, 2)).toString()).toBe('PK')
    xml = readZipEntry(result.file.body, 'word/document.xml')!
    styles = readZipEntry(result.file.body, 'word/styles.xml')!
  })

  it('is a Word document with the report’s Chinese headings', () => {
    const text = docxText(xml)
    for (const heading of [
      '清河镇低保“人情保”“错保”专项整治工作总结报告',
      '一、工作开展情况',
      '二、全镇总体情况',
      '三、发现问题分类及处理情况',
      '四、各村(居)情况',
      '五、检查督导情况',
      '六、整改措施（限时整改）',
      '七、下一步工作',
    ]) {
      expect(text).toContain(heading)
    }
    // Chinese fonts every Word and WPS has: 仿宋 body, 黑体 headings (a failure here would print the whole file: checked as booleans)
    expect(styles.includes('w:eastAsia="仿宋"')).toBe(true)
    expect(styles.includes('w:eastAsia="黑体"')).toBe(true)
  })

  it('holds the township’s figures as the dashboard counts them', async () => {
    const totals = totalsOf(await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER))
    const figures = docxTables(xml).find((tbl) => tbl[0].join() === '项目,数量')!
    const value = (item: string) => figures.find((r) => r[0] === item)?.[1]
    expect(value('低保户（原名册，户）')).toBe(totals.households.toLocaleString('zh-CN'))
    expect(value('已复核（户）')).toBe(String(totals.reviewed))
    expect(value('发现问题（个）')).toBe(String(totals.problems))
    expect(value('清退（户）')).toBe(String(totals.exits))
    expect(value('新纳入（漏保，户）')).toBe(String(totals.newEnrolments))
    expect(value('追回低保金（元）')).toBe((totals.fraudRecoveredFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }))
    expect(docxText(xml)).toContain(`全镇原名册低保户${totals.households}户，已复核${totals.reviewed}户`)
  })

  it('has a row and a section for each village with its coverage, problems, exits, new enrolments and recovered allowance', async () => {
    const progress = await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER)
    expect(progress).toHaveLength(12)
    const table = docxTables(xml).find((tbl) => tbl[0][0] === '村(居)' && tbl[0][1] === '低保户')!
    const percent = (done: number, total: number) => `${(Math.floor((done * 1000) / total) / 10).toFixed(1)}%`
    for (const v of progress) {
      const row = table.find((r) => r[0] === v.name)
      expect(row, v.name).toEqual([
        v.name,
        String(v.households),
        String(v.reviewed),
        percent(v.reviewed, v.households),
        percent(v.homeVisited, v.households),
        String(v.problems),
        expect.any(String),
        String(v.exits),
        String(v.newEnrolments),
        (v.fraudRecoveredFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }),
      ])
    }
    const text = docxText(xml)
    expect(text).toContain('（一）东风村')
    expect(text).toContain('（十二）大孙庄村')
    expect(text).toContain('该村(居)自查为“零报告”，已列入重点督查')
  })

  it('lists each unfinished problem and order with its measure, responsible person and deadline', async () => {
    const open = await t.db
      .selectFrom('problems')
      .select(['description', 'measure', 'responsible_person', 'deadline_on'])
      .where('campaign_id', '=', campaign.id)
      .where('status', '!=', 'verified')
      .execute()
    const table = docxTables(xml).find((tbl) => tbl[0].join() === '村(居),类型,问题或整改事由,整改措施,责任人,整改期限,状态')!
    const openOrders = await t.db
      .selectFrom('rectification_orders')
      .select('reason')
      .where('campaign_id', '=', campaign.id)
      .where('status', '!=', 'accepted')
      .execute()
    expect(table.slice(1)).toHaveLength(open.length + openOrders.length)
    for (const p of open) {
      expect(
        table.some(
          (r) =>
            r[2].endsWith(p.description) &&
            r[3] === (p.measure ?? '（未明确）') &&
            r[4] === (p.responsible_person ?? '（未明确）') &&
            r[5] === (p.deadline_on ?? '（未明确）'),
        ),
      ).toBe(true)
    }
  })

  it('records the export against the township', async () => {
    expect((await exportAudits()).find((a) => a.action === 'export.summaryReport')).toMatchObject({
      township_id: townshipId,
      entity_type: 'township',
      actor_user_id: users.get('leader')!.id,
    })
  })
})

describe('the downloaded file’s name', () => {
  it('travels as UTF-8 (RFC 5987) with an ASCII stand-in for old browsers', () => {
    const header = contentDisposition('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx', 'notice-dongfeng-2026-11-29.xlsx')
    expect(header).toBe(
      `attachment; filename="notice-dongfeng-2026-11-29.xlsx"; filename*=UTF-8''${encodeURIComponent('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx')}`,
    )
    expect(contentDisposition("张三's (副本)*.xlsx", 'a"b.xlsx')).toBe(
      `attachment; filename="a_b.xlsx"; filename*=UTF-8''${encodeURIComponent('张三')}%27s%20%28${encodeURIComponent('副本')}%29%2A.xlsx`,
    )
  })
})
