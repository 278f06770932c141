// 每日简报 (issue 17): /brief.txt is the text the dashboard shows, built from the figures /dashboard.json gives, for
// the Shanghai day — checked just after midnight and just before midnight in Shanghai, when the UTC day differs.
import { describe, expect, it } from 'vitest'
import { percentFloorText } from '../../app/utils/format'
import type { ExportJson } from '../support/dashboardExport'
import { useDemoServer, type DemoServer } from '../support/factories'

/** The text of the dashboard's read-only brief, as the browser shows it. */
function briefOnPage(html: string): string {
  const match = /<textarea[^>]*id="daily-brief-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)
  expect(match, 'the brief on the dashboard').not.toBeNull()
  return match![1]
    .replace(/^\n/, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

async function checkBrief(demo: DemoServer, shanghaiDay: string) {
  const leader = await demo.signedIn('leader')
  const res = await leader.get('/brief.txt')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  const text = (await res.text()).replace(/\n$/, '')
  const html = (await (await leader.get('/dashboard')).text()).replace(/\0/g, '')
  expect(briefOnPage(html)).toBe(text)

  const data = (await (await leader.get('/dashboard.json')).json()) as ExportJson
  expect(data.today).toBe(shanghaiDay)
  const [, month, day] = shanghaiDay.split('-').map(Number)
  const villages = data.townships[0].villages
  const sum = (pick: (v: (typeof villages)[number]) => number) => villages.reduce((n, v) => n + pick(v), 0)
  const households = sum((v) => v.households)
  const reviewed = sum((v) => v.reviewed)
  expect(text).toContain(`截至${month}月${day}日，全镇自查面${percentFloorText(reviewed, households)}%（${reviewed}/${households}户，原名册）`)
  const attention = data.townships[0].attention
  expect(text).toContain(`零报告村${attention.zeroReport.length}个`)
  for (const v of attention.zeroReport) expect(text).toContain(v.name)
  expect(text).toContain(`未整改到位（未销号）${sum((v) => v.unresolvedProblems)}个`)
  expect(text).toContain(`逾期未办结${attention.overdue.length}项`)
  for (const f of attention.overdue.filter((o) => o.kind === 'order')) expect(text).toContain(`${f.villageName}（逾期${f.daysOverdue}天）`)
  // 保护举报人: public reports counted for the township, not under their village (cadres read the group)
  const reports = attention.overdue.filter((o) => o.kind === 'complaint' || o.kind === 'supervisor').length
  expect(reports).toBeGreaterThan(0)
  expect(text).toContain(`群众举报核实${reports}项（不列村名）`)
  return text
}

describe('the daily brief just after midnight in Shanghai', () => {
  // 2026-11-29 00:30 in Shanghai is still 2026-11-28 in UTC
  const demo = useDemoServer({ APP_NOW: '2026-11-28T16:30:00Z' })

  it('is the dashboard’s text for the Shanghai day, as plain text for the chat group', async () => {
    const text = await checkBrief(demo, '2026-11-29')
    expect(text.split('\n')[0]).toBe('【清河镇低保专项整治每日简报】')
  })

  it('is the township’s own: a village cadre and the county bureau are refused the brief', async () => {
    expect((await (await demo.signedIn('hexi')).get('/brief.txt')).status).toBe(403)
    expect((await (await demo.signedIn('county')).get('/brief.txt')).status).toBe(403)
    // the county reads a township's 问题台账 from its drill-down, not the township's brief
    const county = await demo.signedIn('county')
    expect((await county.get(`/follow-ups?township=${demo.townshipId}`)).status).toBe(200)
    expect((await county.get(`/follow-ups.xlsx?township=${demo.townshipId}&overdue=1`)).status).toBe(200)
  })
})

describe('the daily brief just before midnight in Shanghai', () => {
  // 2026-11-29 23:30 in Shanghai, 15:30 in UTC: the same day in both
  const demo = useDemoServer({ APP_NOW: '2026-11-29T15:30:00Z' })

  it('is still the day’s brief, with the same figures as the dashboard', async () => {
    await checkBrief(demo, '2026-11-29')
  })
})
