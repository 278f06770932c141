// The county roll-up and the dashboard's exports (scope, JSON figures, CSV) on the small township built by hand in
// tests/support/smallTownship.ts; the township dashboard's own figures: dashboard.test.ts.
import { beforeAll, describe, expect, it } from 'vitest'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { dashboardCsv, exportScopeFor, getCountyOverview, getDashboardExport } from '../../app/models/county.server'
import { ids, t, TODAY, townshipId, useSmallTownship } from '../support/smallTownship'
import { ev, insertProposal } from '../support/approvalCounts'
import { parseCsv } from '../support/dashboardExport'

useSmallTownship()

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
    countyAdmin: false,
    civilAffairs: false,
    liaisonVillageIds: [],
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
      '罚款（元）': '1500.00',
      未办结事项: '4',
      逾期事项: '2',
      零报告: '否',
    })
  })
})

// last: the proposals below change the follow-up figures the tests above work out by hand
describe('the exports’ 审批进度', () => {
  beforeAll(async () => {
    const campaignId = (await t.db.selectFrom('campaigns').select('id').where('township_id', '=', townshipId).executeTakeFirstOrThrow()).id
    const households = await t.db.selectFrom('households').select(['id', 'village_id']).where('village_id', 'in', [ids.yi, ids.bing]).orderBy('id').execute()
    const [a, b, c] = households.filter((h) => h.village_id === ids.yi)
    const [d] = households.filter((h) => h.village_id === ids.bing)
    const add = (householdId: number, villageId: number, proposedOn: string, events: Parameters<typeof insertProposal>[1]['events']) =>
      insertProposal(t.db, { campaignId, villageId, householdId, proposedOn, events })
    await add(a.id, ids.yi, '2025-09-19', []) // 镇审核 overdue
    await add(b.id, ids.yi, '2025-09-10', [ev('ACCEPT', '2025-09-25'), ev('OBJECTION', '2025-09-26')])
    await add(c.id, ids.yi, '2025-09-01', [ev('RETURN', '2025-09-02', { reason: '材料不全' })])
    await add(d.id, ids.bing, '2025-08-20', [
      ev('ACCEPT', '2025-08-21'),
      ev('NOTICE_ENDED', '2025-08-28'),
      ev('APPROVE', '2025-09-01', { effectiveMonth: '2025-10', exitDate: '2025-09-30' }),
    ])
  })

  it('gives each village’s approval figures in /dashboard.json, and the CSV the same numbers', async () => {
    const data = (await getDashboardExport(t.db, { kind: 'township', townshipId }, TODAY, TOWNSHIP_VIEWER))!
    const villages = data.townships[0].villages
    expect(villages.find((v) => v.id === ids.yi)!.approvals).toEqual({
      proposed: 1,
      townshipReviewed: 1,
      inNotice: 1,
      objections: 1,
      countyApproved: 0,
      returned: 1,
      overdue: 1,
    })
    expect(villages.find((v) => v.id === ids.bing)!.approvals).toMatchObject({ townshipReviewed: 1, countyApproved: 1, overdue: 0 })
    expect(data.townships[0].totals.approvals).toMatchObject({ proposed: 1, townshipReviewed: 2, countyApproved: 1, returned: 1, overdue: 1 })
    const rows = parseCsv(dashboardCsv(data))
    for (const v of villages) {
      const row = rows.find((r) => r['村(居)'] === v.name)!
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
    // the open proposals' step deadlines are among the attention lists the JSON carries
    expect(data.townships[0].attention.overdue.filter((f) => f.kind === 'approval').map((f) => f.kindLabel)).toEqual(['审批期限'])
  })
})
