// Issue 12, one format module: every export of the township says the same figures as /dashboard.json — coverage
// (rounded down), counts and money in dashboard.csv, in the summary report's text (summary.docx) and in the problem
// register (problems.xlsx) — each in its own form of the same figure (app/utils/format.ts).
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { t } from '../../app/i18n'
import { percentFloorText, yuanCsv, yuanDigits } from '../../app/utils/format'
import { parseCsv, type VillageJson } from '../support/dashboardExport'
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
