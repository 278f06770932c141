// 每日简报's text from a township's overview: the figures the dashboard shows, in the words the group reads.
import { describe, expect, it } from 'vitest'
import { emptyApprovalCounts } from '../../app/models/approvalBuckets'
import { attentionFor, emptyProblemCounts, phaseCountsOf, totalsOf, type FollowUp, type VillageProgress } from '../../app/models/campaign.server'
import { briefDate, buildDailyBrief } from '../../app/models/dailyBrief.server'
import type { TownshipOverview } from '../../app/models/townshipOverview.server'

const TODAY = '2026-11-30'

function village(id: number, name: string, extra: Partial<VillageProgress> = {}): VillageProgress {
  return {
    id,
    name,
    path: `/villages/${id}`,
    townshipId: 1,
    leaderName: null,
    liaisonNames: [],
    state: 'fullInspection.selfInspecting',
    phase: 'fullInspection',
    schedule: { kind: 'onSchedule' },
    households: 0,
    activeHouseholds: 0,
    reviewed: 0,
    homeVisited: 0,
    problems: 0,
    problemsByCategory: emptyProblemCounts(),
    openProblems: 0,
    unresolvedProblems: 0,
    exits: 0,
    newEnrolments: 0,
    fraudCases: 0,
    fraudRecoveredFen: 0,
    fraudFineFen: 0,
    openFollowUps: 0,
    overdueFollowUps: 0,
    zeroReport: false,
    keySupervision: false,
    keyInspections: 0,
    openOrders: 0,
    reportsBeingVerified: 0,
    approvals: emptyApprovalCounts(),
    seriousSupervised: 0,
    ...extra,
  } as VillageProgress
}

const followUp = (kind: FollowUp['kind'], id: number, v: VillageProgress, deadline: string): FollowUp => ({
  kind,
  id,
  villageId: v.id,
  villageName: v.name,
  path: null,
  title: `事项${id}`,
  responsible: null,
  deadline,
})

function overview(villages: VillageProgress[], followUps: FollowUp[]): TownshipOverview {
  return {
    township: { id: 1, name: '清河镇', countyName: '青山县' },
    campaign: { id: 1, name: '专项整治', status: 'open', windows: [], summaryDueOn: null, summarySubmittedOn: null } as unknown as TownshipOverview['campaign'],
    plannedPhase: 'fullInspection',
    villages,
    attention: attentionFor(villages, followUps, TODAY),
    totals: totalsOf(villages),
    phaseCounts: phaseCountsOf(villages, 'fullInspection'),
    nearRelatives: { households: 0, reviewed: 0 },
  }
}

describe('the daily brief', () => {
  const hongxing = village(1, '红星村', { households: 300, reviewed: 270, homeVisited: 200, problems: 8, unresolvedProblems: 5, overdueFollowUps: 3 })
  const hedong = village(2, '河东村', { households: 200, reviewed: 200, homeVisited: 150, zeroReport: true, keySupervision: true })
  const lijiawa = village(3, '李家洼村', {
    households: 163,
    reviewed: 127,
    homeVisited: 100,
    problems: 2,
    unresolvedProblems: 2,
    overdueFollowUps: 1,
    schedule: { kind: 'behind', days: 4, phase: 'fullInspection' },
  })
  const villages = [hongxing, hedong, lijiawa]
  const followUps = [
    followUp('order', 1, hongxing, '2026-11-25'),
    followUp('problem', 2, hongxing, '2026-11-28'),
    followUp('problem', 3, hongxing, '2026-11-29'),
    followUp('problem', 4, lijiawa, '2026-11-20'),
    followUp('approval', 5, lijiawa, '2026-12-01'),
  ]
  const text = buildDailyBrief(overview(villages, followUps), TODAY)

  it('opens with the day and the township’s self-inspection coverage, rounded down, with its households', () => {
    expect(briefDate(TODAY)).toBe('11月30日')
    const lines = text.split('\n')
    expect(lines[0]).toBe('【清河镇低保专项整治每日简报】')
    // 597 of 663 is 90.04…%: 90.0%, never rounded up
    expect(lines[1]).toBe('截至11月30日，全镇自查面90.0%（597/663户，原名册），入户率67.8%（450/663户）。')
  })

  it('names the zero-report villages, the villages behind schedule and the problems not yet rectified', () => {
    expect(text).toContain('零报告村1个（河东村），其中未重点督查1个。')
    expect(text).toContain('进度滞后村(居)1个：李家洼村（滞后4天）。')
    expect(text).toContain('发现问题10个，未整改到位（未销号）7个。')
  })

  it('counts the overdue items by village, most first, and names every overdue order to rectify', () => {
    expect(text).toContain('逾期未办结4项：红星村3项、李家洼村1项。')
    expect(text).toContain('其中责令整改逾期：红星村（逾期5天）。')
    expect(text).toContain('12月3日前到期1项。')
  })

  it('says so when nothing is overdue and there is no zero-report village', () => {
    const calm = buildDailyBrief(overview([village(1, '东风村', { households: 10, reviewed: 10, homeVisited: 10 })], []), TODAY)
    expect(calm).toContain('自查面100.0%（10/10户，原名册）')
    expect(calm).toContain('零报告村0个。')
    expect(calm).toContain('逾期未办结0项。')
    expect(calm).not.toContain('其中')
  })

  it('counts overdue public reports for the township only, never under a village’s name (cadres read the group)', () => {
    const wangjia = village(4, '王家庄村', { households: 10, reviewed: 10, homeVisited: 10, overdueFollowUps: 2 })
    const reported = buildDailyBrief(
      overview(
        [hongxing, wangjia],
        [followUp('complaint', 8, wangjia, '2026-11-26'), followUp('supervisor', 9, wangjia, '2026-11-27'), followUp('order', 1, hongxing, '2026-11-25')],
      ),
      TODAY,
    )
    expect(reported).toContain('逾期未办结')
    expect(reported).toContain('红星村1项、群众举报核实2项（不列村名）。')
    expect(reported).not.toContain('王家庄村')
    expect(reported).not.toContain('举报核实逾期')
  })

  it('fits on one phone screen', () => {
    expect(text.split('\n').length).toBeLessThanOrEqual(12)
  })
})
