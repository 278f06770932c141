// 问题台账（全镇）and 每日简报 on the small township built by hand (tests/support/smallTownship.ts), SQLite and PostgreSQL:
// the list's overdue rows are the dashboard's overdue problems and orders, its filters narrow them, and the brief
// says the dashboard's figures.
import { describe, expect, it } from 'vitest'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { FOLLOW_UP_PAGE_SIZE, getFollowUpListPage, listTownshipFollowUps } from '../../app/models/followUpList.server'
import { getDailyBrief, getTownshipOverview } from '../../app/models/townshipOverview.server'
import { t, TODAY, townshipId, useSmallTownship } from '../support/smallTownship'

useSmallTownship()

describe('the township-wide follow-up list', () => {
  it('lists as overdue exactly the problems and orders the dashboard counts as overdue', async () => {
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    const expected = overview.attention.overdue.filter((f) => f.kind === 'problem' || f.kind === 'order')
    expect(expected.length).toBeGreaterThan(0)
    const { rows } = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: true })
    expect(rows.map((r) => `${r.kind}-${r.id}-${r.daysOverdue}`).sort()).toEqual(expected.map((f) => `${f.kind}-${f.id}-${f.daysOverdue}`).sort())
    // most overdue first
    expect(rows.map((r) => r.daysOverdue)).toEqual([...rows.map((r) => r.daysOverdue)].sort((a, b) => b - a))
  })

  it('narrows by village, kind, state and source, and counts every problem of the campaign once', async () => {
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    const all = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: false })
    expect(all.rows.filter((r) => r.kind === 'problem')).toHaveLength(overview.totals.problems)
    const open = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: false, kind: 'problem', state: 'open' })
    expect(open.rows).toHaveLength(overview.totals.unresolvedProblems)
    for (const v of overview.villages) {
      const of = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: false, villageId: v.id, kind: 'problem' })
      expect(of.rows, v.name).toHaveLength(v.problems)
      expect(of.rows.every((r) => r.villageId === v.id)).toBe(true)
    }
    const orders = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: false, kind: 'order' })
    expect(orders.rows.every((r) => r.kind === 'order' && r.category === null)).toBe(true)
    // a category leaves the orders out; a source other than supervision too
    const bySource = await listTownshipFollowUps(t.db, townshipId, TODAY, { overdue: false, source: 'selfInspection' })
    expect(bySource.rows.every((r) => r.kind === 'problem' && r.source === 'selfInspection')).toBe(true)
  })

  it('pages the list, the last page for a page past the end', async () => {
    const page = await getFollowUpListPage(t.db, townshipId, TODAY, { filters: { overdue: false }, page: 99 })
    expect(page.page).toBe(page.pages)
    expect(page.rows.length).toBeLessThanOrEqual(FOLLOW_UP_PAGE_SIZE)
    expect(page.first).toBe((page.page - 1) * FOLLOW_UP_PAGE_SIZE + 1)
  })
})

describe('the daily brief', () => {
  it('says the dashboard’s coverage, zero-report villages and overdue count', async () => {
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    const text = await getDailyBrief(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(text).toContain(`（${overview.totals.reviewed}/${overview.totals.households}户，原名册）`)
    for (const v of overview.attention.zeroReport) expect(text).toContain(v.name)
    expect(text).toContain(`逾期未办结${overview.totals.overdueFollowUps}项`)
  })
})
