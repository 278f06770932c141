// The dashboard, its CSV and its JSON against the built server on the demo township (APP_NOW pinned by
// startTestServer): the three show the same figures, each for the signed-in user's scope.
import { describe, expect, it } from 'vitest'
import { parseCsv, type ExportJson } from '../support/dashboardExport'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server, signedIn } = useDemoServer()

/** The attribute value as React writes it into the HTML. */
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')

/** Is there a link to this address with this accessible name (attributes in any order)? */
function hasLink(html: string, href: string, label: string): boolean {
  return [...html.matchAll(/<a [^>]*>/g)].some(([tag]) => tag.includes(`href="${attr(href)}"`) && tag.includes(`aria-label="${attr(label)}"`))
}

describe('the dashboard exports', () => {
  it('give the leader the same figures as the page, as CSV for Excel/WPS and as JSON', async () => {
    const leader = await signedIn('leader')
    const page = await leader.get('/dashboard')
    expect(page.status).toBe(200)
    // React 18's streaming renderer can leave NUL bytes where a Chinese character straddles its 2 KB buffer
    // (facebook/react#26228, fixed after 18.3); the figures are what this test compares
    const html = (await page.text()).replace(/\0/g, '')

    const jsonRes = await leader.get('/dashboard.json')
    expect(jsonRes.status).toBe(200)
    expect(jsonRes.headers.get('content-type')).toMatch(/^application\/json/)
    const data = (await jsonRes.json()) as ExportJson
    expect(data.scope.kind).toBe('township')
    expect(data.townships.map((tw) => tw.name)).toEqual(['清河镇'])
    const villages = data.townships[0].villages
    expect(villages).toHaveLength(12)

    const csvRes = await leader.get('/dashboard.csv')
    expect(csvRes.status).toBe(200)
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="dashboard-2026-11-29\.csv"; filename\*=UTF-8''/)
    expect(decodeURIComponent(csvRes.headers.get('content-disposition')!.split("UTF-8''")[1])).toBe('清河镇工作总览-2026-11-29.csv')
    const bytes = new Uint8Array(await csvRes.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(csv).toContain('\r\n')
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n')
    const rows = parseCsv(csv)
    expect(rows.map((r) => r['村(居)'])).toEqual(villages.map((v) => v.name))

    for (const v of villages) {
      // the page: a row for the village, its progress bars and the counts that link to the lists behind them
      expect(html).toContain(`href="${v.path}">${v.name}</a>`)
      expect(html).toContain(
        `aria-label="${attr(`${v.name}自查面`)}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${v.selfInspectionCoverage}" aria-valuetext="${v.selfInspectionCoverage}%，${v.reviewed}/${v.households}"`,
      )
      expect(html).toContain(`aria-valuetext="${v.homeVisitCoverage}%，${v.homeVisited}/${v.households}"`)
      expect(hasLink(html, `${v.path}/problems`, `${v.name}发现问题${v.problems}个，查看问题台账`), v.name).toBe(true)
      if (v.exits > 0) expect(hasLink(html, `${v.path}/households?filter=exit`, `${v.name}清退${v.exits}户，查看名单`), v.name).toBe(true)
      if (v.newEnrolments > 0)
        expect(hasLink(html, `${v.path}/households?filter=newlyEnrolled`, `${v.name}新纳入${v.newEnrolments}户，查看名单`), v.name).toBe(true)
      if (v.openFollowUps > 0) expect(hasLink(html, `${v.path}#followups-heading`, `${v.name}未办结事项${v.openFollowUps}项`), v.name).toBe(true)
      if (v.overdueFollowUps > 0) expect(hasLink(html, `${v.path}#followups-heading`, `${v.name}逾期事项${v.overdueFollowUps}项`), v.name).toBe(true)
      for (const [category, n] of Object.entries(v.problemsByCategory)) {
        if (n > 0) expect(html).toContain(`href="${attr(`${v.path}/problems?category=${category}`)}"`)
      }

      // the CSV: the same figures in the same row
      const row = rows.find((r) => r['村(居)'] === v.name)!
      expect(row).toMatchObject({
        '村(居)编号': String(v.id),
        页面: v.path,
        当前状态: v.stateLabel,
        进度: v.scheduleLabel,
        '低保户数（原名册）': String(v.households),
        已复核户数: String(v.reviewed),
        '自查面（%）': String(v.selfInspectionCoverage),
        已入户调查户数: String(v.homeVisited),
        '入户率（%）': String(v.homeVisitCoverage),
        发现问题: String(v.problems),
        清退户数: String(v.exits),
        新纳入户数: String(v.newEnrolments),
        骗保案件: String(v.fraudCases),
        '追回低保金（元）': (v.fraudRecoveredFen / 100).toFixed(2),
        未办结事项: String(v.openFollowUps),
        逾期事项: String(v.overdueFollowUps),
        零报告: v.zeroReport ? '是' : '否',
      })
    }

    // the attention lists: the JSON's are the page's
    const attention = data.townships[0].attention
    expect(attention.zeroReport.map((v) => v.name)).toContain('河东村')
    expect(attention.zeroReport.find((v) => v.name === '河东村')!.keyInspectionDone).toBe(false)
    // issue 17: every overdue 责令整改, 举报核实 and 专人督办 is on the page itself; the other kinds are grouped by kind
    // with their count (the group cut to its ten most overdue); ?attention=all lists every one
    expect(attention.overdue.length).toBeGreaterThan(10)
    expect(attention.overdue.map((f) => f.daysOverdue)).toEqual([...attention.overdue.map((f) => f.daysOverdue)].sort((a, b) => b - a))
    const overdue = attention.overdue as Array<{ daysOverdue: number; villageName: string; kind: string; path: string | null }>
    const serious = overdue.filter((f) => ['order', 'complaint', 'supervisor', 'problemSupervision'].includes(f.kind))
    expect(serious.some((f) => f.kind === 'order')).toBe(true)
    for (const f of serious) if (f.path) expect(html, f.path).toContain(`href="${attr(f.path)}"`)
    const grouped = overdue.length - serious.length
    // the attention section (the daily brief after it names the overdue orders too)
    const attentionHtml = html.slice(html.indexOf('id="attention"'), html.indexOf('id="daily-brief"'))
    expect(attentionHtml.match(/逾期\d+天/g)).toHaveLength(
      serious.length + Math.min(10, overdue.filter((f) => f.kind === 'problem').length) + Math.min(10, overdue.filter((f) => f.kind === 'approval').length),
    )
    expect(grouped).toBeGreaterThan(0)
    expect(html).toContain(`共${attention.overdue.length}项`)
    expect(html).toContain(`截至${attention.dueSoonUntil}（含）`)
    const all = (await (await leader.get('/dashboard?attention=all')).text()).replace(/\0/g, '')
    const allAttention = all.slice(all.indexOf('id="attention"'), all.indexOf('id="daily-brief"'))
    expect(allAttention.match(/逾期\d+天/g)?.sort()).toEqual(attention.overdue.map((f) => `逾期${f.daysOverdue}天`).sort())
  })

  it('gives a village cadre only their own village, and the county bureau every township of its county', async () => {
    const cadre = await signedIn('hexi')
    const own = (await (await cadre.get('/dashboard.json')).json()) as ExportJson
    expect(own.scope.kind).toBe('village')
    expect(own.townships[0].villages.map((v) => v.name)).toEqual(['河西村'])
    expect(own.townships[0].attention.overdue.every((f) => f.villageName === '河西村')).toBe(true)
    expect(parseCsv(await (await cadre.get('/dashboard.csv')).text()).map((r) => r['村(居)'])).toEqual(['河西村'])
    // the township's page itself stays closed to a cadre
    expect((await cadre.get('/dashboard')).status).toBe(403)

    const county = await signedIn('county')
    const all = (await (await county.get('/dashboard.json')).json()) as ExportJson
    expect(all.scope.kind).toBe('county')
    expect(all.townships.map((tw) => tw.name)).toEqual(['清河镇'])
    expect(all.townships[0].villages).toHaveLength(12)
    const one = await county.get(`/dashboard.csv?township=${all.townships[0].id}`)
    expect(one.status).toBe(200)
    expect(parseCsv(await one.text())).toHaveLength(12)
  })

  it('sends someone not signed in to the sign-in page, and refuses another township’s id', async () => {
    const anonymous = new Browser(server.url)
    const res = await anonymous.get('/dashboard.csv')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fdashboard.csv')
    const leader = await signedIn('leader')
    expect((await leader.get('/dashboard.json?township=999999')).status).toBe(404)
    expect((await leader.get('/dashboard.json?township=abc')).status).toBe(400)
  })
})

describe('the dashboard page', () => {
  it('sorts the village table from a link in the column header, without JavaScript', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as ExportJson
    const html = (await (await leader.get('/dashboard?sort=selfInspection&dir=asc')).text()).replace(/\0/g, '')
    expect(html).toMatch(/<th scope="col"[^>]*aria-sort="ascending"><a [^>]*href="\/dashboard\?sort=selfInspection&amp;dir=desc"/)
    const table = html.slice(html.indexOf('id="village-table"'))
    const order = [...table.matchAll(/<th scope="row"[^>]*><a [^>]*href="\/villages\/\d+">([^<]+)<\/a>/g)].map((m) => m[1])
    const expected = [...data.townships[0].villages].sort((a, b) => a.reviewed / a.households - b.reviewed / b.households).map((v) => v.name)
    expect(order).toEqual(expected)
  })

  it('lets the county bureau drill down from its roll-up to a township’s dashboard', async () => {
    const county = await signedIn('county')
    const html = (await (await county.get('/county')).text()).replace(/\0/g, '')
    const match = /href="(\/townships\/\d+)">清河镇<\/a>/.exec(html)
    expect(match).not.toBeNull()
    const township = await county.get(match![1])
    expect(township.status).toBe(200)
    const page = (await township.text()).replace(/\0/g, '')
    expect(page).toContain('清河镇专项整治工作总览')
    expect(page).toContain('返回全县汇总')
    expect(page).toContain(`href="/dashboard.csv?township=${match![1].split('/')[2]}"`)
  })
})
