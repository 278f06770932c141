// The roster as the cadre works it (issue 17): the households still to review first (未复核, 复核未完成), then 待入户, then
// 已复核, 20 a page, each with its work status by the completeness rule and the home-visit fact.
import { describe, expect, it } from 'vitest'
import { listRoster, listRosterPage, ROSTER_PAGE_SIZE, WORK_STATUSES, type RosterFilter, type WorkStatus } from '../../app/models/householdRoster.server'
import { campaign, t, useHouseholdsDatabase, villages } from '../support/householdReviews'

useHouseholdsDatabase()
const rosterOf = (name: string, extra: { filter?: RosterFilter; status?: WorkStatus | 'all'; page?: number } = {}) =>
  listRosterPage(t.db, { campaignId: campaign.id, villageId: villages.get(name)!, ...extra })

describe('the roster, work first', () => {
  it('lists unreviewed and incomplete households first, then those awaiting a home visit, then the reviewed, 20 a page', async () => {
    const whole = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('李家洼村')! })
    const pages: WorkStatus[] = []
    const first = await rosterOf('李家洼村')
    expect(first.rows).toHaveLength(ROSTER_PAGE_SIZE)
    expect(first.pages).toBe(Math.ceil(whole.rows.length / ROSTER_PAGE_SIZE))
    for (let page = 1; page <= first.pages; page++) pages.push(...(await rosterOf('李家洼村', { page })).rows.map((r) => r.workStatus))
    // every household once, in work order
    expect(pages).toHaveLength(whole.rows.length)
    const rank = pages.map((s) => WORK_STATUSES.indexOf(s))
    expect(rank).toEqual([...rank].sort((a, b) => a - b))
    expect(pages[0]).toBe('unreviewed')
    expect(new Set(pages)).toContain('reviewed')
    // a page past the end shows the last one
    expect((await rosterOf('李家洼村', { page: 999 })).page).toBe(first.pages)
  })

  it('gives each household its status from the review’s completeness and the home visit', async () => {
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('李家洼村')! })
    const reviews = await t.db
      .selectFrom('household_reviews')
      .select(['household_id', 'reviewed_at', 'complete', 'home_visit_on'])
      .where('campaign_id', '=', campaign.id)
      .where('village_id', '=', villages.get('李家洼村')!)
      .execute()
    const byHousehold = new Map(reviews.map((r) => [r.household_id, r]))
    for (const row of roster.rows) {
      const r = byHousehold.get(row.id)
      const expected = !r?.reviewed_at ? 'unreviewed' : r.complete !== 1 ? 'incomplete' : r.home_visit_on ? 'reviewed' : 'awaitingVisit'
      expect(row.workStatus, row.headName).toBe(expected)
    }
  })

  it('shows one status at a time with the counts of each, within the filter and search', async () => {
    const all = await rosterOf('李家洼村')
    const sum = WORK_STATUSES.reduce((n, s) => n + all.statusCounts[s], 0)
    expect(sum).toBe(all.statusCounts.all)
    const reviewed = await rosterOf('李家洼村', { status: 'reviewed' })
    expect(reviewed.rows.length).toBe(Math.min(ROSTER_PAGE_SIZE, all.statusCounts.reviewed))
    expect(reviewed.rows.every((r) => r.workStatus === 'reviewed')).toBe(true)
    const keyCheck = await rosterOf('李家洼村', { filter: 'keyCheck' })
    expect(keyCheck.statusCounts.all).toBe(keyCheck.counts.keyCheck)
  })
})
