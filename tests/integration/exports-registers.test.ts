// The problem register, the rectification list (.xlsx) and the summary report (.docx, read from word/document.xml),
// read back from the generated files. Runs on SQLite and, with TEST_DIALECT=postgres, on PostgreSQL.
import { describe, expect, it, beforeAll } from 'vitest'
import { totalsOf, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { downloadProblemRegister, downloadRectificationList } from '../../app/models/registerExport.server'
import { downloadSummaryReport } from '../../app/models/summaryReportExport.server'
import { campaign, ctx, exportAudits, rowsOf, t, TODAY, townshipId, useExportsDatabase, users, village, workbook } from '../support/exportFiles'
import { docxTables, docxText, readZipEntry } from '../support/zip'

useExportsDatabase()

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
    const finished = body.map((r) => r[8] === '已销号' || r[8] === '已通过')
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
