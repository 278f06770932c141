// The township dashboard's figures on a small township built by hand (not the demo seed, tests/support/smallTownship.ts),
// against figures worked out by hand below. Today is 2025-09-30, the Tuesday before the 2025 National Day week (10-01
// to 10-08 off, Sunday 09-28 and Saturday 10-11 worked), so "due within 3 working days" runs to Saturday 10-11. The
// county roll-up and the dashboard's exports on the same township: dashboard-exports.test.ts.
import { describe, expect, it } from 'vitest'
import { attentionFor, getCurrentCampaign, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { sortVillages } from '../../app/utils/dashboardSort'
import { createWorkingDayCalendar } from '../../workflows/rules/workingDays'
import { AT, ids, review, t, TODAY, townshipId, useSmallTownship } from '../support/smallTownship'

useSmallTownship()

describe('the township dashboard of a small township worked out by hand', () => {
  it('counts each village: coverage of the roster, problems by category, outcomes and follow-ups', async () => {
    const o = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(o.villages.map((v) => v.name)).toEqual(['甲村', '乙村', '丙村'])
    const [jia, yi, bing] = o.villages
    expect(jia).toMatchObject({
      path: `/villages/${ids.jia}`,
      phase: 'supervision',
      state: 'supervision.underSupervision',
      schedule: { kind: 'onSchedule' },
      households: 3,
      reviewed: 3,
      homeVisited: 3,
      problems: 0,
      openProblems: 0,
      exits: 0,
      newEnrolments: 0,
      fraudCases: 0,
      openFollowUps: 0,
      overdueFollowUps: 0,
      zeroReport: true,
      keySupervision: true,
      keyInspections: 0,
      leaderName: '周镇长',
    })
    expect(yi).toMatchObject({
      phase: 'fullInspection',
      state: 'fullInspection.selfInspecting',
      schedule: { kind: 'behind', days: 10, phase: 'fullInspection' },
      households: 4,
      reviewed: 2,
      homeVisited: 1,
      problems: 3,
      openProblems: 2,
      exits: 1,
      newEnrolments: 1,
      fraudCases: 0,
      openFollowUps: 2,
      overdueFollowUps: 0,
      zeroReport: false,
      openOrders: 0,
    })
    expect(yi.problemsByCategory).toEqual({ favour: 0, connection: 0, wrongful: 1, missed: 1, fraud: 0, irregular: 1, falseNotice: 0, paymentMismatch: 0 })
    expect(bing).toMatchObject({
      phase: 'supervision',
      state: 'supervision.orderedToRectify',
      schedule: { kind: 'onSchedule' },
      households: 2,
      reviewed: 2,
      homeVisited: 2,
      problems: 1,
      openProblems: 1,
      fraudCases: 1,
      fraudRecoveredFen: 120000,
      fraudFineFen: 150000,
      // the problem, the order, the complaint's verification and its dedicated supervision
      openFollowUps: 4,
      overdueFollowUps: 2,
      openOrders: 1,
      leaderName: '吴包村',
    })
  })

  it('lists the zero-report village with its key inspection still to come, and the village behind schedule with its phase and days late', async () => {
    const { attention } = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(attention.zeroReport.map((v) => [v.name, v.keyInspections])).toEqual([['甲村', 0]])
    expect(attention.behind.map((v) => [v.name, v.phase, v.schedule])).toEqual([
      ['乙村', 'fullInspection', { kind: 'behind', days: 10, phase: 'fullInspection' }],
    ])
  })

  it('sorts overdue follow-ups by days overdue, each with who is responsible', async () => {
    const { attention } = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(attention.overdue.map((f) => [f.kind, f.id, f.villageName, f.daysOverdue, f.responsible, f.path])).toEqual([
      ['problem', ids.fraud, '丙村', 4, '王五', `/villages/${ids.bing}/problems/${ids.fraud}`],
      ['order', ids.order, '丙村', 2, '吴包村', `/villages/${ids.bing}/orders/${ids.order}`],
    ])
  })

  it('counts "due soon" in working days, so the National Day holidays push the window to Saturday 10-11', async () => {
    const { attention } = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(attention.dueSoonUntil).toBe('2025-10-11')
    expect(attention.uncoveredYears).toEqual([])
    // counted in calendar days, both would have been more than a week away
    expect(attention.dueSoon.map((f) => [f.kind, f.id, f.deadline, f.responsible])).toEqual([
      ['complaint', ids.complaint, '2025-10-09', '郑督办'],
      ['problem', ids.missed, '2025-10-10', '赵六'],
    ])
  })

  it('takes a holiday correction (节假日更正) into the due-soon window', async () => {
    // issue 11: a correction now belongs to a township
    await t.db
      .insertInto('holiday_overrides')
      .values({ township_id: townshipId, day: '2025-10-10', kind: 'holiday', note: '本镇另行安排', updated_at: AT })
      .execute()
    try {
      const { attention } = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
      // 10-10 off, so the third working day is Monday 10-13, and the problem due that day is now due soon
      expect(attention.dueSoonUntil).toBe('2025-10-13')
      expect(attention.dueSoon.map((f) => f.id)).toEqual([ids.complaint, ids.missed, ids.irregular])
    } finally {
      await t.db.deleteFrom('holiday_overrides').where('day', '=', '2025-10-10').execute()
    }
  })

  it('says when the due-soon window runs into a year the official holiday calendar does not hold yet', () => {
    const attention = attentionFor([], [], '2026-12-29', createWorkingDayCalendar([]))
    expect(attention.dueSoonUntil).toBe('2027-01-01')
    expect(attention.uncoveredYears).toEqual([2027])
  })

  it('adds up the township, and sets the villages in each phase against the plan for today', async () => {
    const o = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(o.plannedPhase).toBe('supervision')
    expect(o.totals).toMatchObject({
      villages: 3,
      households: 9,
      reviewed: 7,
      homeVisited: 6,
      problems: 4,
      openProblems: 3,
      exits: 1,
      newEnrolments: 1,
      fraudCases: 1,
      fraudRecoveredFen: 120000,
      fraudFineFen: 150000,
      openFollowUps: 6,
      overdueFollowUps: 2,
      zeroReports: 1,
      zeroReportsUninspected: 1,
      behind: 1,
    })
    expect(o.totals.problemsByCategory).toEqual({
      favour: 0,
      connection: 0,
      wrongful: 1,
      missed: 1,
      fraud: 1,
      irregular: 1,
      falseNotice: 0,
      paymentMismatch: 0,
    })
    expect(o.phaseCounts).toEqual([
      { phase: 'mobilisation', villages: 0, planned: 0 },
      { phase: 'fullInspection', villages: 1, planned: 0 },
      { phase: 'supervision', villages: 2, planned: 3 },
      { phase: 'summary', villages: 0, planned: 0 },
      { phase: 'closed', villages: 0, planned: 0 },
    ])
  })

  it('shows coverage over time day by day in Shanghai time, leaving out the newly enrolled household', async () => {
    const o = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(o.history).toEqual([
      { day: '2025-08-20', reviewed: 3, homeVisited: 3 },
      { day: '2025-08-21', reviewed: 4, homeVisited: 4 },
      { day: '2025-08-22', reviewed: 6, homeVisited: 6 },
      { day: '2025-08-25', reviewed: 7, homeVisited: 6 },
      { day: TODAY, reviewed: 7, homeVisited: 6 },
    ])
  })

  it('shows a cadre’s new review on the very next load (no cache)', async () => {
    const campaign = (await getCurrentCampaign(t.db, townshipId))!
    const before = (await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER, ids.yi))[0]
    const [third] = await t.db
      .selectFrom('households')
      .select('id')
      .where('village_id', '=', ids.yi)
      .where('enrolment', '=', 'roster')
      .orderBy('id')
      .offset(2)
      .limit(1)
      .execute()
    await review(ids.yi, third.id, { reviewedAt: '2025-09-30T01:00:00Z', visitedOn: TODAY })
    try {
      const after = (await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER, ids.yi))[0]
      expect([after.reviewed, after.homeVisited]).toEqual([before.reviewed + 1, before.homeVisited + 1])
    } finally {
      await t.db.deleteFrom('household_reviews').where('household_id', '=', third.id).execute()
    }
  })

  it('sorts the village table by a column, ties in the township’s order', async () => {
    const { villages } = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER)
    expect(sortVillages(villages, 'selfInspection', 'asc').map((v) => v.name)).toEqual(['乙村', '甲村', '丙村'])
    expect(sortVillages(villages, 'schedule', 'desc').map((v) => v.name)).toEqual(['乙村', '甲村', '丙村'])
    expect(sortVillages(villages, 'overdueFollowUps', 'desc').map((v) => v.name)).toEqual(['丙村', '甲村', '乙村'])
    expect(sortVillages(villages, 'order', 'desc').map((v) => v.name)).toEqual(['丙村', '乙村', '甲村'])
  })
})
