// The township dashboard's figures on a small township built by hand (not the demo seed), against figures
// worked out by hand below. Today is 2025-09-30, the Tuesday before the 2025 National Day week (10-01 to 10-08
// off, Sunday 09-28 and Saturday 10-11 worked), so "due within 3 working days" runs to Saturday 10-11.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attentionFor, getCurrentCampaign, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { dashboardCsv, exportScopeFor, getCountyOverview, getDashboardExport } from '../../app/models/county.server'
import { sortVillages } from '../../app/utils/dashboardSort'
import { createWorkingDayCalendar } from '../../workflows/rules/workingDays'
import { createTestDatabase, type TestDatabase } from '../support/database'

const TODAY = '2025-09-30'
const AT = '2025-09-30T01:00:00Z'
let t: TestDatabase
let townshipId: number
let otherTownshipId: number
let campaignId: number
const ids: Record<string, number> = {}

async function insertUser(
  username: string,
  displayName: string,
  role: 'leader' | 'cadre' | 'inspector' | 'county',
  scope: { townshipId?: number; villageId?: number; countyName?: string },
) {
  const row = await t.db
    .insertInto('users')
    .values({
      username,
      display_name: displayName,
      password_hash: 'x',
      role,
      township_id: scope.townshipId ?? null,
      village_id: scope.villageId ?? null,
      county_name: scope.countyName ?? null,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

let idSequence = 0
async function household(villageId: number, enrolment: 'roster' | 'newlyEnrolled' = 'roster') {
  idSequence++
  const row = await t.db
    .insertInto('households')
    .values({
      village_id: villageId,
      head_name: `户主${idSequence}`,
      id_number: `11010519491231${String(idSequence).padStart(4, '0')}`,
      member_count: 2,
      covered_count: 2,
      category: '农村低保A类',
      monthly_amount_fen: 60000,
      enrolment,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function review(
  villageId: number,
  householdId: number,
  r: { reviewedAt: string | null; visitedOn?: string | null; outcome?: 'keep' | 'exit' | 'fraud'; recovered?: number; fine?: number },
) {
  await t.db
    .insertInto('household_reviews')
    .values({
      campaign_id: campaignId,
      household_id: householdId,
      village_id: villageId,
      income_checked: 1,
      property_checked: 1,
      home_visit_on: r.visitedOn ?? null,
      outcome: r.outcome ?? 'keep',
      fraud_recovered_fen: r.recovered ?? null,
      fraud_fine_fen: r.fine ?? null,
      reviewed_at: r.reviewedAt,
      updated_at: AT,
    })
    .execute()
}

async function problem(
  villageId: number,
  p: {
    category: 'favour' | 'missed' | 'wrongful' | 'irregular' | 'fraud'
    status: 'open' | 'rectifying' | 'rectified' | 'verified'
    deadline: string | null
    responsible?: string
    description: string
  },
) {
  const row = await t.db
    .insertInto('problems')
    .values({
      campaign_id: campaignId,
      village_id: villageId,
      category: p.category,
      source: 'selfInspection',
      description: p.description,
      responsible_person: p.responsible ?? null,
      deadline_on: p.deadline,
      status: p.status,
      found_on: '2025-08-25',
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function workflow(villageId: number, state: string, phase: string, flags: { zeroReport?: boolean; keySupervision?: boolean } = {}) {
  await t.db
    .insertInto('village_workflows')
    .values({
      campaign_id: campaignId,
      village_id: villageId,
      machine_version: 1,
      snapshot: '{}',
      state,
      phase,
      version: 1,
      zero_report: flags.zeroReport ? 1 : 0,
      key_supervision: flags.keySupervision ? 1 : 0,
      phase_entered_on: '2025-08-11',
      updated_at: AT,
    })
    .execute()
}

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = (await t.db.insertInto('townships').values({ name: '测试镇', county_name: '测试县' }).returning('id').executeTakeFirstOrThrow()).id
  otherTownshipId = (await t.db.insertInto('townships').values({ name: '西山乡', county_name: '测试县' }).returning('id').executeTakeFirstOrThrow()).id
  ids.leaderA = await insertUser('t-leader', '周镇长', 'leader', { townshipId })
  ids.leaderC = await insertUser('t-baocun', '吴包村', 'leader', { townshipId })
  ids.supervisor = await insertUser('t-ducha', '郑督办', 'inspector', { townshipId })
  ids.county = await insertUser('t-county', '县民政', 'county', { countyName: '测试县' })
  campaignId = (
    await t.db
      .insertInto('campaigns')
      .values({ township_id: townshipId, name: '测试镇专项整治', template_key: 'pianYi' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  await t.db
    .insertInto('campaign_phases')
    .values([
      { campaign_id: campaignId, phase: 'mobilisation', sort_order: 0, starts_on: '2025-08-01', ends_on: '2025-08-10' },
      { campaign_id: campaignId, phase: 'fullInspection', sort_order: 1, starts_on: '2025-08-11', ends_on: '2025-09-20' },
      { campaign_id: campaignId, phase: 'supervision', sort_order: 2, starts_on: '2025-09-21', ends_on: '2025-10-20' },
      { campaign_id: campaignId, phase: 'summary', sort_order: 3, starts_on: '2025-10-21', ends_on: '2025-10-31' },
    ])
    .execute()
  const village = async (name: string, code: string, sort: number, leader: number | null) =>
    (
      await t.db
        .insertInto('villages')
        .values({ township_id: townshipId, name, code, kind: 'village', sort_order: sort, leader_user_id: leader })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  ids.jia = await village('甲村', 'jia', 0, ids.leaderA)
  ids.yi = await village('乙村', 'yi', 1, ids.leaderA)
  ids.bing = await village('丙村', 'bing', 2, ids.leaderC)
  await t.db
    .insertInto('villages')
    .values({ township_id: otherTownshipId, name: '东坡村', code: 'dongpo', kind: 'village', sort_order: 0, leader_user_id: null })
    .execute()
  ids.cadreYi = await insertUser('t-yi', '乙村干部', 'cadre', { townshipId, villageId: ids.yi })

  // 甲村: zero report (零报告), on key supervision, its key inspection not held yet; 3 households, all reviewed and visited
  await workflow(ids.jia, 'supervision.underSupervision', 'supervision', { zeroReport: true, keySupervision: true })
  for (let i = 0; i < 3; i++) await review(ids.jia, await household(ids.jia), { reviewedAt: '2025-08-20T02:00:00Z', visitedOn: '2025-08-20' })

  // 乙村: still in full inspection ten days after its window closed (09-20); 4 roster households, 2 reviewed (one of
  // them at 01:00 Shanghai time on 08-21, still 08-20 in UTC), 1 visited, 1 exit; and one newly enrolled (漏保)
  // household, reviewed and visited, which counts as a new enrolment but not towards coverage
  await workflow(ids.yi, 'fullInspection.selfInspecting', 'fullInspection')
  const yi = [await household(ids.yi), await household(ids.yi), await household(ids.yi), await household(ids.yi)]
  await review(ids.yi, yi[0], { reviewedAt: '2025-08-20T17:00:00Z', visitedOn: '2025-08-21', outcome: 'exit' })
  await review(ids.yi, yi[1], { reviewedAt: '2025-08-25T03:00:00Z' })
  await review(ids.yi, await household(ids.yi, 'newlyEnrolled'), { reviewedAt: '2025-08-25T04:00:00Z', visitedOn: '2025-08-25' })
  ids.missed = await problem(ids.yi, { category: 'missed', status: 'open', deadline: '2025-10-10', responsible: '赵六', description: '困难家庭未纳入低保' }) // due in 3 working days
  ids.irregular = await problem(ids.yi, {
    category: 'irregular',
    status: 'rectifying',
    deadline: '2025-10-13',
    responsible: '赵六',
    description: '入户记录不全',
  }) // 4 working days: not yet
  await problem(ids.yi, { category: 'wrongful', status: 'verified', deadline: '2025-09-15', description: '已核验的问题' }) // done: no follow-up

  // 丙村: ordered to rectify; 2 households reviewed and visited, one of them fraud (骗保) with money recovered and fined
  await workflow(ids.bing, 'supervision.orderedToRectify', 'supervision')
  await review(ids.bing, await household(ids.bing), {
    reviewedAt: '2025-08-22T06:00:00Z',
    visitedOn: '2025-08-22',
    outcome: 'fraud',
    recovered: 120000,
    fine: 50000,
  })
  await review(ids.bing, await household(ids.bing), { reviewedAt: '2025-08-22T06:30:00Z', visitedOn: '2025-08-22' })
  ids.fraud = await problem(ids.bing, { category: 'fraud', status: 'rectifying', deadline: '2025-09-26', responsible: '王五', description: '骗取低保金未追回' }) // 4 days overdue
  ids.order = (
    await t.db
      .insertInto('rectification_orders')
      .values({ campaign_id: campaignId, village_id: ids.bing, reason: '入户调查走过场', deadline_on: '2025-09-28', status: 'open', updated_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id // 2 days overdue
  ids.complaint = (
    await t.db
      .insertInto('complaints')
      .values({
        campaign_id: campaignId,
        village_id: ids.bing,
        channel: 'hotline',
        received_on: '2025-09-25',
        content: '反映有人骗保',
        deadline_on: '2025-10-09',
        is_major: 1,
        supervisor_user_id: ids.supervisor,
        supervisor_deadline_on: '2025-10-15',
        status: 'open',
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
})
afterAll(async () => t?.destroy())

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
    expect(yi.problemsByCategory).toEqual({ favour: 0, connection: 0, wrongful: 1, missed: 1, fraud: 0, irregular: 1, falseNotice: 0 })
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
      fraudFineFen: 50000,
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
      fraudFineFen: 50000,
      openFollowUps: 6,
      overdueFollowUps: 2,
      zeroReports: 1,
      zeroReportsUninspected: 1,
      behind: 1,
    })
    expect(o.totals.problemsByCategory).toEqual({ favour: 0, connection: 0, wrongful: 1, missed: 1, fraud: 1, irregular: 1, falseNotice: 0 })
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

describe('the county roll-up', () => {
  it('rolls each township of the county up from the same figures, a township without a campaign at zero', async () => {
    const county = await getCountyOverview(t.db, '测试县', TODAY)
    expect(county.townships.map((tw) => tw.name).sort()).toEqual(['测试镇', '西山乡'].sort())
    const test = county.townships.find((tw) => tw.name === '测试镇')!
    expect(test).toMatchObject({
      id: townshipId,
      path: `/townships/${townshipId}`,
      villages: 3,
      households: 9,
      reviewed: 7,
      homeVisited: 6,
      problems: 4,
      zeroReports: 1,
      zeroReportsUninspected: 1,
      behind: 1,
      overdue: 2,
      dueSoon: 2,
      plannedPhase: 'supervision',
    })
    expect(county.townships.find((tw) => tw.name === '西山乡')).toMatchObject({ villages: 0, households: 0, campaignName: null })
    expect(county.totals).toMatchObject({ villages: 3, households: 9, reviewed: 7, problems: 4, overdueFollowUps: 2 })
  })
})

describe('the exports', () => {
  const user = (role: 'leader' | 'cadre' | 'county', extra: { townshipId?: number; villageId?: number; countyName?: string }) => ({
    id: 1,
    username: 'u',
    displayName: 'u',
    role,
    townshipId: extra.townshipId ?? null,
    villageId: extra.villageId ?? null,
    countyName: extra.countyName ?? null,
  })

  it('gives a leader their township, the county every township of the county, and a cadre only their own village', async () => {
    expect(exportScopeFor(user('leader', { townshipId }))).toEqual({ kind: 'township', townshipId })
    expect(exportScopeFor(user('county', { countyName: '测试县' }))).toEqual({ kind: 'county', countyName: '测试县' })
    expect(exportScopeFor(user('cadre', { townshipId, villageId: ids.yi }))).toEqual({ kind: 'village', villageId: ids.yi })
    expect(exportScopeFor(user('leader', {}))).toBeNull()

    const county = await getDashboardExport(t.db, { kind: 'county', countyName: '测试县' }, TODAY, { role: 'county' })
    expect(county!.townships.map((tw) => tw.name).sort()).toEqual(['测试镇', '西山乡'].sort())
    const cadre = await getDashboardExport(t.db, { kind: 'village', villageId: ids.yi }, TODAY, { role: 'cadre', villageId: ids.yi })
    expect(cadre!.townships).toHaveLength(1)
    expect(cadre!.townships[0].villages.map((v) => v.name)).toEqual(['乙村'])
    expect(cadre!.townships[0].attention.overdue).toEqual([])
    expect(cadre!.townships[0].attention.dueSoon.map((f) => f.villageName)).toEqual(['乙村'])
  })

  it('carries each village’s id, name, page, phase, sub-state, schedule and every figure of the table', async () => {
    const data = (await getDashboardExport(t.db, { kind: 'township', townshipId }, TODAY, TOWNSHIP_VIEWER))!
    const yi = data.townships[0].villages.find((v) => v.name === '乙村')!
    expect(yi).toMatchObject({
      id: ids.yi,
      path: `/villages/${ids.yi}`,
      phase: 'fullInspection',
      phaseLabel: '全面排查',
      state: 'fullInspection.selfInspecting',
      subState: 'selfInspecting',
      stateLabel: '自查自纠中',
      schedule: 'behind',
      scheduleLabel: '滞后10天',
      daysLate: 10,
      households: 4,
      reviewed: 2,
      selfInspectionCoverage: 50,
      homeVisited: 1,
      homeVisitCoverage: 25,
      problems: 3,
      openProblems: 2,
      exits: 1,
      newEnrolments: 1,
      openFollowUps: 2,
      overdueFollowUps: 0,
    })
    expect(data.townships[0].attention.zeroReport).toEqual([
      { id: ids.jia, name: '甲村', path: `/villages/${ids.jia}`, keyInspections: 0, keyInspectionDone: false },
    ])
    expect(data.townships[0].attention.overdue.map((f) => f.daysOverdue)).toEqual([4, 2])
  })

  it('writes a CSV that Excel and WPS open with the Chinese intact: BOM, CRLF, Chinese headers, one row per village', async () => {
    const data = (await getDashboardExport(t.db, { kind: 'township', townshipId }, TODAY, TOWNSHIP_VIEWER))!
    const csv = dashboardCsv(data)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(5)
    expect(csv.slice(1).replace(/\r\n/g, '')).not.toMatch(/\n/)
    const header = lines[0].split(',')
    expect(header.slice(0, 4)).toEqual(['乡镇', '村(居)编号', '村(居)', '页面'])
    const row = Object.fromEntries(lines[3].split(',').map((cell, i) => [header[i], cell]))
    expect(row).toMatchObject({
      乡镇: '测试镇',
      '村(居)': '丙村',
      页面: `/villages/${ids.bing}`,
      阶段: '检查督导',
      当前状态: '已责令整改',
      进度: '按期推进',
      '低保户数（原名册）': '2',
      已复核户数: '2',
      '自查面（%）': '100',
      发现问题: '1',
      骗保: '1',
      骗保案件: '1',
      '追回低保金（元）': '1200.00',
      '罚款（元）': '500.00',
      未办结事项: '4',
      逾期事项: '2',
      零报告: '否',
    })
  })
})
