// 信息核对 through the web: the county bureau uploads a department's list (数据来源, 数据日期, file) and sees it
// matched; nobody else may upload; the match list downloads as .xlsx with each viewer's own matches only; the roster
// and the review form show the finding.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'

const demo = useDemoServer()

function upload(browser: Browser, fields: Record<string, string>, file: { name: string; text: string } | null) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  if (file) form.append('file', new Blob([new TextEncoder().encode(file.text)]), file.name)
  return browser.request('/crosscheck', { method: 'POST', body: form })
}

function firstHead(villageName: string) {
  return demo.query<{ id: number; head_name: string; id_number: string }>(
    'select id, head_name, id_number from households where village_id = ? order by id limit 1',
    demo.villages.get(villageName),
  )[0]
}

const listsAndMatches = () =>
  JSON.stringify([demo.query('select * from department_lists order by id'), demo.query('select * from department_matches order by id')])

async function sheetRows(res: Response): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
  const rows: string[][] = []
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
  return rows.slice(rows.findIndex((r) => r[0] === '乡镇') + 1)
}

describe('/crosscheck', () => {
  it('gives the county an upload form with labelled fields, and a township leader and a cadre none', async () => {
    const county = await (await (await demo.signedIn('county')).get('/crosscheck')).text()
    expect(county).toMatch(/<label for="crosscheck-source"[^>]*>数据来源<\/label>/)
    expect(county).toMatch(/<label for="crosscheck-date"[^>]*>数据日期<\/label>/)
    expect(county).toMatch(/<label for="crosscheck-file"[^>]*>名单文件<\/label>/)
    expect(county).toContain('导入并比对')
    const leader = await (await (await demo.signedIn('leader')).get('/crosscheck')).text()
    expect(leader).not.toContain('导入并比对')
    expect(leader).toContain('已导入的名单')
    const cadre = await (await (await demo.signedIn('liushutun')).get('/crosscheck')).text()
    expect(cadre).not.toContain('导入并比对')
    expect(cadre).not.toContain('已导入的名单')
  })

  it('imports a CSV list from the county, matches it and says so', async () => {
    const head = firstHead('柳树屯村')
    const browser = await demo.signedIn('county')
    const csv = `姓名,身份证号,号牌号码,车辆类型\n${head.head_name},${head.id_number},鲁P00001,小型汽车\n不在名册,371521198001010018,鲁P00002,小型汽车\n`
    const res = await upload(browser, { source: 'vehicles', dataDate: '2026-11' }, { name: '车管.csv', text: csv })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/crosscheck\?imported=\d+$/)
    const page = await (await browser.get(location)).text()
    expect(page).toContain('已导入车管名单：2行，比中1人。')
    expect(page).toContain('名下有小型汽车1辆（车管，2026-11）')
    const current = demo.query<{ source: string; match_count: number }>(
      "select source, match_count from department_lists where replaced_at is null and source = 'vehicles'",
    )
    expect(current).toEqual([{ source: 'vehicles', match_count: 1 }])
    // the department's unmatched row is nowhere
    expect(JSON.stringify(demo.query('select * from department_matches'))).not.toContain('不在名册')
  })

  it('refuses an upload without a source or without an ID column, in Chinese, writing nothing', async () => {
    const browser = await demo.signedIn('county')
    const before = listsAndMatches()
    const noSource = await upload(browser, { dataDate: '2026-11' }, { name: 'a.csv', text: '姓名,身份证号\n王某,371521198001010018\n' })
    expect(noSource.status).toBe(400)
    expect(await noSource.text()).toContain('请选择数据来源')
    const noId = await upload(browser, { source: 'deaths', dataDate: '2026-11' }, { name: 'b.csv', text: '姓名,死亡日期\n王某,2026-10-03\n' })
    expect(noId.status).toBe(422)
    expect(await noId.text()).toContain('没有找到“身份证号”列')
    const badDate = await upload(browser, { source: 'deaths', dataDate: '明年' }, { name: 'c.csv', text: '姓名,身份证号\n王某,371521198001010018\n' })
    expect(badDate.status).toBe(400)
    expect(listsAndMatches()).toBe(before)
  })

  it('lets nobody but the county upload', async () => {
    const before = listsAndMatches()
    for (const username of ['leader', 'inspector', 'admin', 'liushutun', 'baocun']) {
      const res = await upload(
        await demo.signedIn(username),
        { source: 'vehicles', dataDate: '2026-11' },
        { name: 'x.csv', text: '姓名,身份证号\n王某,371521198001010018\n' },
      )
      expect(res.status, username).toBe(403)
    }
    expect(listsAndMatches()).toBe(before)
  })

  it('exports the match list as .xlsx, a village’s cadre getting only their own village', async () => {
    const county = await (await demo.signedIn('county')).get('/crosscheck/matches.xlsx')
    expect(county.status).toBe(200)
    expect(county.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(county.headers.get('cache-control')).toBe('no-store')
    const countyRows = await sheetRows(county)
    expect(new Set(countyRows.map((r) => r[1])).size).toBeGreaterThan(1)
    const cadreRows = await sheetRows(await (await demo.signedIn('liushutun')).get('/crosscheck/matches.xlsx'))
    expect(cadreRows.length).toBeGreaterThan(0)
    expect(cadreRows.every((r) => r[1] === '柳树屯村')).toBe(true)
    const other = await sheetRows(await (await demo.signedIn('dongfeng')).get('/crosscheck/matches.xlsx'))
    expect(other.every((r) => r[1] === '东风村')).toBe(true)
    expect((await new (await import('../support/server')).Browser(demo.server.url).get('/crosscheck/matches.xlsx')).status).toBe(302)
  })

  it('shows the finding on the village roster and in the household’s review form', async () => {
    const head = firstHead('柳树屯村')
    const cadre = await demo.signedIn('liushutun')
    const v = demo.villages.get('柳树屯村')
    const roster = await (await cadre.get(`/villages/${v}/households`)).text()
    expect(roster).toContain('名下有小型汽车1辆（车管，2026-11）')
    const form = await (await cadre.get(`/villages/${v}/households/${head.id}`)).text()
    expect(form).toMatch(/<h2 id="household-crosscheck"[^>]*>信息核对发现<\/h2>/)
    expect(form).toContain('名下有小型汽车1辆（车管，2026-11）')
    expect(form).toContain('其他部门信息核对有记录')
  })
})
