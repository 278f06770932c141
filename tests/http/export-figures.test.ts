// Issue 12, one format module: every export of the township says the same figures as /dashboard.json — coverage
// (rounded down), counts and money in dashboard.csv, in the summary report's text (summary.docx) and in the problem
// register (problems.xlsx) — each in its own form of the same figure (app/utils/format.ts).
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { t } from '../../app/i18n/dictionary'
import { percentFloorText, yuanCsv, yuanDigits } from '../../app/utils/format'
import { parseCsv, type ExportJson, type VillageJson } from '../support/dashboardExport'
import { useDemoServer } from '../support/factories'
import { docxTables, readZipEntry } from '../support/zip'

const demo = useDemoServer()
const { signedIn } = demo

describe('the township’s exports', () => {
  it('say the same coverage, counts and money as /dashboard.json', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as { townships: Array<{ id: number; villages: VillageJson[] }> }
    const township = data.townships[0]
    const villages = township.villages
    expect(villages).toHaveLength(12)
    // not vacuous: the demo township has money recovered and problems found
    expect(villages.some((v) => v.fraudRecoveredFen > 0)).toBe(true)
    expect(villages.some((v) => v.problems > 0)).toBe(true)
    expect(villages.some((v) => v.approvals.townshipReviewed > 0)).toBe(true)

    // dashboard.csv: the same figures per village, money as a plain number with two decimals
    const csv = parseCsv(await (await leader.get('/dashboard.csv')).text())
    for (const v of villages) {
      const row = csv.find((r) => r['村(居)'] === v.name)
      expect(row, v.name).toMatchObject({
        '低保户数（原名册）': String(v.households),
        已复核户数: String(v.reviewed),
        '自查面（%）': String(v.selfInspectionCoverage),
        '入户率（%）': String(v.homeVisitCoverage),
        发现问题: String(v.problems),
        清退户数: String(v.exits),
        新纳入户数: String(v.newEnrolments),
        '追回低保金（元）': yuanCsv(v.fraudRecoveredFen),
      })
      expect(Number(row!['追回低保金（元）']) * 100).toBeCloseTo(v.fraudRecoveredFen, 6)
      // 审批进度 and 专人督办, bucket by bucket
      expect(row, v.name).toMatchObject({
        待镇审核: String(v.approvals.proposed),
        已通过镇审核: String(v.approvals.townshipReviewed),
        公示中: String(v.approvals.inNotice),
        待核实异议: String(v.approvals.objections),
        县已批准: String(v.approvals.countyApproved),
        '退回村(居)': String(v.approvals.returned),
        审批逾期: String(v.approvals.overdue),
        专人督办问题: String(v.seriousSupervised),
      })
    }

    // summary.docx: the village table, coverage as text with its decimal, money as '1,234.50'
    const docx = new Uint8Array(await (await leader.get(`/exports/${township.id}/summary.docx`)).arrayBuffer())
    const tables = docxTables(readZipEntry(docx, 'word/document.xml')!)
    const table = tables.find((tbl) => tbl[0][0] === '村(居)' && tbl[0][1] === '低保户')!
    expect(table).toBeDefined()
    for (const v of villages) {
      const row = table.find((r) => r[0] === v.name)
      expect(row, v.name).toBeDefined()
      expect([row![1], row![2], row![3], row![4], row![5], row![7], row![8], row![9]], v.name).toEqual([
        v.households.toLocaleString('zh-CN'),
        v.reviewed.toLocaleString('zh-CN'),
        `${percentFloorText(v.reviewed, v.households)}%`,
        `${percentFloorText(v.homeVisited, v.households)}%`,
        String(v.problems),
        String(v.exits),
        String(v.newEnrolments),
        yuanDigits(v.fraudRecoveredFen),
      ])
      // the same rounded-down figure the JSON gives
      expect(row![3]).toBe(`${v.selfInspectionCoverage.toFixed(1)}%`)
      expect(row![4]).toBe(`${v.homeVisitCoverage.toFixed(1)}%`)
    }
    const totals = tables.find((tbl) => tbl[0].join() === '项目,数量')!
    const sum = (pick: (v: VillageJson) => number) => villages.reduce((n, v) => n + pick(v), 0)
    expect(totals.find((r) => r[0] === '追回低保金（元）')?.[1]).toBe(yuanDigits(sum((v) => v.fraudRecoveredFen)))
    expect(totals.find((r) => r[0] === '发现问题（个）')?.[1]).toBe(String(sum((v) => v.problems)))
    // 审批进度 and 专人督办 in the summary's figures, summed over the villages of the JSON
    for (const [label, n] of [
      ['审核结果公示中（件）', sum((v) => v.approvals.inNotice)],
      ['县已批准（件）', sum((v) => v.approvals.countyApproved)],
      ['退回村(居)（件）', sum((v) => v.approvals.returned)],
      ['审批逾期（件）', sum((v) => v.approvals.overdue)],
      ['严重问题专人督办（个）', sum((v) => v.seriousSupervised)],
    ] as const)
      expect(totals.find((r) => r[0] === label)?.[1], label).toBe(n.toLocaleString('zh-CN'))

    // problems.xlsx: one row per problem, so as many rows per village, and per category, as the JSON counts
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await (await leader.get(`/exports/${township.id}/problems.xlsx`)).arrayBuffer()) as never)
    const rows: string[][] = []
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => (c === null || c === undefined ? '' : String(c)))))
    const headerAt = rows.findIndex((r) => r.includes('村(居)') && r.includes('问题类别'))
    expect(headerAt).toBeGreaterThanOrEqual(0)
    const header = rows[headerAt]
    const body = rows.slice(headerAt + 1)
    for (const v of villages) {
      const ofVillage = body.filter((r) => r[header.indexOf('村(居)')] === v.name)
      expect(ofVillage, v.name).toHaveLength(v.problems)
      for (const [category, n] of Object.entries(v.problemsByCategory)) {
        const label = t.problemCategories[category as keyof typeof t.problemCategories]
        expect(
          ofVillage.filter((r) => r[header.indexOf('问题类别')] === label),
          `${v.name} ${label}`,
        ).toHaveLength(n)
      }
    }
    expect(body).toHaveLength(sum((v) => v.problems))
  })
})

/** The rows of an .xlsx answer's first sheet, as text, from its header row (the row holding every one of `header`). */
async function sheetRows(res: Response, header: string[]): Promise<Array<Record<string, string>>> {
  expect(res.status).toBe(200)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
  const rows: string[][] = []
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => (c === null || c === undefined ? '' : String(c)))))
  const at = rows.findIndex((r) => header.every((h) => r.includes(h)))
  expect(at, header.join()).toBeGreaterThanOrEqual(0)
  return rows.slice(at + 1).map((r) => Object.fromEntries(rows[at].map((h, i) => [h, r[i] ?? ''])))
}

// Issue 17: one definition per figure. 未整改到位 (a problem not yet 销号) on the dashboard, in its CSV and in the
// summary report; 在保户 (paid now) on /exports and each village's 打印与导出, 原名册户 behind the coverage; the
// township's and each village's problem register and rectification list, the review forms, the notice, and the
// township-wide 问题台账 — each figure read from the file and compared with /dashboard.json.
describe('every export of the township and its villages', () => {
  it('says the same 未整改到位, 在保户, problems and orders as /dashboard.json', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as ExportJson
    const township = data.townships[0]
    const villages = township.villages
    const sum = (pick: (v: VillageJson) => number) => villages.reduce((n, v) => n + pick(v), 0)
    // not vacuous: some problems are 整改待验收 (counted as 未整改到位, not as 整改中), some villages have exited households
    expect(sum((v) => v.unresolvedProblems)).toBeGreaterThan(0)
    expect(villages.some((v) => v.activeHouseholds !== v.households)).toBe(true)

    // the dashboard page names the figure and shows the JSON's total
    const html = (await (await leader.get('/dashboard')).text()).replace(/\0/g, '')
    expect(html).toMatch(new RegExp(`问题未整改到位（未销号）</dt><dd[^>]*>${sum((v) => v.unresolvedProblems)}</dd>`))
    expect(html).toMatch(new RegExp(`在保户（现领取低保）</dt><dd[^>]*>${sum((v) => v.activeHouseholds)}</dd>`))

    // dashboard.csv: both problem figures, each under its own name, and both household counts
    const csv = parseCsv(await (await leader.get('/dashboard.csv')).text())
    for (const v of villages)
      expect(
        csv.find((r) => r['村(居)'] === v.name),
        v.name,
      ).toMatchObject({
        '未整改到位问题（未销号）': String(v.unresolvedProblems),
        在保户数: String(v.activeHouseholds),
        '低保户数（原名册）': String(v.households),
      })

    // summary.docx: 未整改到位 in the totals and per village is the dashboard's
    const docx = new Uint8Array(await (await leader.get(`/exports/${township.id}/summary.docx`)).arrayBuffer())
    const tables = docxTables(readZipEntry(docx, 'word/document.xml')!)
    const totals = tables.find((tbl) => tbl[0].join() === '项目,数量')!
    expect(totals.find((r) => r[0] === '未整改到位（个）')?.[1]).toBe(sum((v) => v.unresolvedProblems).toLocaleString('zh-CN'))
    expect(totals.find((r) => r[0] === '低保户（原名册，户）')?.[1]).toBe(sum((v) => v.households).toLocaleString('zh-CN'))
    const byVillage = tables.find((tbl) => tbl[0][0] === '村(居)' && tbl[0][1] === '低保户')!
    const unresolvedAt = byVillage[0].indexOf('未整改到位')
    for (const v of villages) expect(byVillage.find((r) => r[0] === v.name)?.[unresolvedAt], v.name).toBe(v.unresolvedProblems.toLocaleString('zh-CN'))

    // rectification.xlsx: the unfinished problems of each village are its 未整改到位, the unfinished orders its open orders
    const rect = await sheetRows(await leader.get(`/exports/${township.id}/rectification.xlsx`), ['村(居)', '类型', '状态'])
    for (const v of villages) {
      const of = rect.filter((r) => r['村(居)'] === v.name)
      expect(
        of.filter((r) => r['类型'] === '问题整改' && r['状态'] !== '已销号'),
        v.name,
      ).toHaveLength(v.unresolvedProblems)
      expect(
        of.filter((r) => r['类型'] === '责令整改' && r['状态'] !== '已通过'),
        v.name,
      ).toHaveLength(v.openOrders)
    }

    // /exports: each village's link says 在保 and the dashboard's count
    const exportsHtml = (await (await leader.get('/exports')).text()).replace(/\0/g, '')
    for (const v of villages) expect(exportsHtml, v.name).toContain(`${v.name}（在保${v.activeHouseholds}户）`)

    // each village's own files: the page's counts, the problem register, the rectification list, the review forms
    for (const v of villages) {
      const page = (await (await leader.get(`/villages/${v.id}/exports`)).text()).replace(/\0/g, '')
      expect(page, v.name).toContain(`目前在保${v.activeHouseholds}户`)
      expect(page, v.name).toContain(`正在公示${v.approvals.inNotice}户`)
      expect(page, v.name).toContain(`问题${v.problems}个`)
      const problems = await sheetRows(await leader.get(`/villages/${v.id}/exports/problems.xlsx`), ['村(居)', '问题类别'])
      expect(problems, v.name).toHaveLength(v.problems)
      const villageRect = await sheetRows(await leader.get(`/villages/${v.id}/exports/rectification.xlsx`), ['村(居)', '类型', '状态'])
      expect(
        villageRect.filter((r) => r['类型'] === '问题整改' && r['状态'] !== '已销号'),
        v.name,
      ).toHaveLength(v.unresolvedProblems)
      // the review forms: one row a household with a form; the 原名册 ones are the dashboard's households
      const forms = await sheetRows(await leader.get(`/villages/${v.id}/exports/review-forms.xlsx`), ['户主姓名', '纳入方式'])
      expect(
        forms.filter((r) => r['纳入方式'] === t.households.form.enrolmentRoster),
        v.name,
      ).toHaveLength(v.households)
      expect(
        forms.filter((r) => r['当前状态'] === t.households.form.statusActive),
        v.name,
      ).toHaveLength(v.activeHouseholds)
    }
  })

  it('lists in 问题台账 every overdue problem and order the dashboard counts, on the page and in its export', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as ExportJson
    const overdue = data.townships[0].attention.overdue.filter((f) => f.kind === 'problem' || f.kind === 'order')
    expect(overdue.some((f) => f.kind === 'order')).toBe(true)
    const file = await sheetRows(await leader.get('/follow-ups.xlsx?overdue=1'), ['村(居)', '类型', '逾期'])
    expect(file).toHaveLength(overdue.length)
    expect(file.map((r) => r['逾期']).sort()).toEqual(overdue.map((f) => `逾期${f.daysOverdue}天`).sort())
    const page = (await (await leader.get('/follow-ups?overdue=1')).text()).replace(/\0/g, '')
    expect(page).toContain(`共${overdue.length}项`)
    // one village's: the same items of that village
    const village = data.townships[0].villages.find((v) => v.name === overdue[0].villageName)!
    const ofVillage = await sheetRows(await leader.get(`/follow-ups.xlsx?overdue=1&village=${village.id}`), ['村(居)', '类型', '逾期'])
    expect(ofVillage).toHaveLength(overdue.filter((f) => f.villageName === village.name).length)
    // every problem of the campaign, open or done: the dashboard's problems; the unfinished ones its 未整改到位
    const problems = await sheetRows(await leader.get('/follow-ups.xlsx?kind=problem'), ['村(居)', '类型'])
    expect(problems).toHaveLength(data.townships[0].villages.reduce((n, v) => n + v.problems, 0))
    const open = await sheetRows(await leader.get('/follow-ups.xlsx?kind=problem&state=open'), ['村(居)', '类型'])
    expect(open).toHaveLength(data.townships[0].villages.reduce((n, v) => n + v.unresolvedProblems, 0))
  })
})
