// 审批进度 on the dashboard, on both databases: each village's proposals counted by bucket from real snapshots of the
// approval machine, open objections only, the overdue steps on the township's working-day calendar (the 2025 National
// Day week, a township's own correction, the Shanghai day at 00:30 and 23:30), and each open proposal's step deadline
// in the attention lists of the dashboard and the village page, linking to the proposal's page.
import { describe, expect, it } from 'vitest'
import { loadApprovals } from '../../app/models/approvalCounts.server'
import { attentionFor, getCurrentCampaign, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { loadWorkingDayCalendar } from '../../app/models/holidays.server'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { listOpenFollowUps, listVillageProgress } from '../../app/models/villageProgress.server'
import { shanghaiDay } from '../../workflows/rules/dates'
import { ev, insertProposal } from '../support/approvalCounts'
import { AT, ids, t, TODAY, townshipId, useSmallTownship } from '../support/smallTownship'

useSmallTownship()

let campaignId: number
const proposal: Record<string, number> = {}
let sequence = 0

async function newHousehold(villageId: number) {
  sequence++
  const row = await t.db
    .insertInto('households')
    .values({
      village_id: villageId,
      head_name: `审批户${sequence}`,
      id_number: `11010519501231${String(sequence).padStart(4, '0')}`,
      member_count: 1,
      covered_count: 1,
      category: '农村低保A类',
      monthly_amount_fen: 50000,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function propose(name: string, villageId: number, proposedOn: string, events: Parameters<typeof insertProposal>[1]['events'] = []) {
  proposal[name] = await insertProposal(t.db, { campaignId, villageId, householdId: await newHousehold(villageId), proposedOn, events })
}

// Today (2025-09-30) in 乙村: A and B await 镇审核 (B past its 5 working days), C is in notice with one objection
// verified and one open, D returned, E at the county past its 10 working days, F approved, G withdrawn.
// 丙村: H refused by the county, I at a 民主评议, J sent back for further checks.
async function build() {
  campaignId = (await t.db.selectFrom('campaigns').select('id').where('township_id', '=', townshipId).executeTakeFirstOrThrow()).id
  await propose('A', ids.yi, '2025-09-26') // 镇审核 due 10-10: the National Day week does not count
  await propose('B', ids.yi, '2025-09-19') // due 09-26
  await propose('C', ids.yi, '2025-09-10', [
    ev('ACCEPT', '2025-09-25'), // notice 09-25 … 10-01
    ev('OBJECTION', '2025-09-26'),
    ev('OBJECTION', '2025-09-27'),
    ev('VERIFY_OBJECTION', '2025-09-28', { no: 1, result: 'unsubstantiated' }),
  ])
  await propose('D', ids.yi, '2025-09-01', [ev('RETURN', '2025-09-03', { reason: '材料不全' })])
  await propose('E', ids.yi, '2025-09-01', [ev('ACCEPT', '2025-09-02'), ev('NOTICE_ENDED', '2025-09-09')]) // 县审批 due 09-23
  await propose('F', ids.yi, '2025-08-20', [
    ev('ACCEPT', '2025-08-21'),
    ev('NOTICE_ENDED', '2025-08-28'),
    ev('APPROVE', '2025-09-01', { effectiveMonth: '2025-10', exitDate: '2025-09-30' }),
  ])
  await propose('G', ids.yi, '2025-08-20', [ev('RETURN', '2025-08-21', { reason: '材料不全' }), ev('WITHDRAW', '2025-08-22')])
  await propose('H', ids.bing, '2025-08-20', [
    ev('ACCEPT', '2025-08-21'),
    ev('NOTICE_ENDED', '2025-08-28'),
    ev('REFUSE', '2025-09-02', { reason: '不符合条件' }),
  ])
  await propose('I', ids.bing, '2025-09-15', [ev('ORDER_HEARING', '2025-09-16', { form: 'democraticReview' })])
  await propose('J', ids.bing, '2025-09-15', [ev('REFER_BACK', '2025-09-16', { reason: '补充收入证明' })])
}

describe('审批进度 per village', () => {
  it('counts each village’s proposals by where they are, the open objections only, and the steps past their deadline', async () => {
    await build()
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER, {})
    const of = (id: number) => overview.villages.find((v) => v.id === id)!.approvals
    expect(of(ids.yi)).toEqual({ proposed: 2, townshipReviewed: 3, inNotice: 1, objections: 1, countyApproved: 1, returned: 1, overdue: 2 })
    expect(of(ids.bing)).toEqual({ proposed: 2, townshipReviewed: 1, inNotice: 0, objections: 0, countyApproved: 0, returned: 0, overdue: 0 })
    expect(of(ids.jia)).toEqual({ proposed: 0, townshipReviewed: 0, inNotice: 0, objections: 0, countyApproved: 0, returned: 0, overdue: 0 })
    expect(overview.totals.approvals).toEqual({ proposed: 4, townshipReviewed: 4, inNotice: 1, objections: 1, countyApproved: 1, returned: 1, overdue: 2 })
  })

  it('lists each open proposal’s step deadline among the follow-ups, overdue ones first, linking to the proposal', async () => {
    const overview = await getTownshipOverview(t.db, townshipId, TODAY, TOWNSHIP_VIEWER, {})
    const approvals = (list: Array<{ kind: string; id: number; title: string; path: string | null; deadline: string }>) =>
      list.filter((f) => f.kind === 'approval').map((f) => ({ id: f.id, path: f.path, deadline: f.deadline, title: f.title }))
    expect(approvals(overview.attention.overdue)).toEqual([
      {
        id: proposal.E,
        path: `/proposals/${proposal.E}`,
        deadline: '2025-09-23',
        title: expect.stringMatching(/^审批户\d+（停止保障）· 县审批 截止 2025-09-23$/),
      },
      { id: proposal.B, path: `/proposals/${proposal.B}`, deadline: '2025-09-26', title: expect.stringMatching(/· 镇审核 截止 2025-09-26$/) },
    ])
    expect(overview.attention.overdue.find((f) => f.id === proposal.E && f.kind === 'approval')).toMatchObject({ daysOverdue: 7, responsible: '县民政局' })
    // due within 3 working days (to 10-11): the notice's last day and 镇审核 across the holiday
    expect(approvals(overview.attention.dueSoon)).toEqual([
      { id: proposal.C, path: `/proposals/${proposal.C}`, deadline: '2025-10-01', title: expect.stringMatching(/· 公示期满 2025-10-01$/) },
      { id: proposal.A, path: `/proposals/${proposal.A}`, deadline: '2025-10-10', title: expect.stringMatching(/· 镇审核 截止 2025-10-10$/) },
    ])
    // a hearing, further checks, a returned, approved, refused or withdrawn proposal has no deadline of the chain's
    const listed = [...overview.attention.overdue, ...overview.attention.dueSoon].filter((f) => f.kind === 'approval').map((f) => f.id)
    for (const name of ['D', 'F', 'G', 'H', 'I', 'J']) expect(listed).not.toContain(proposal[name])
    // and they count as the village's open and overdue follow-ups
    const yi = overview.villages.find((v) => v.id === ids.yi)!
    expect(yi).toMatchObject({ openFollowUps: 2 + 4, overdueFollowUps: 2 })
  })

  it('gives the village page (its follow-ups due, for its cadre) the same step deadlines', async () => {
    // what getVillagePage reads (the small township's workflows carry no snapshot, so the page itself is not built here)
    const cadre = { role: 'cadre' as const, villageId: ids.yi }
    const followUps = await listOpenFollowUps(t.db, townshipId, campaignId, cadre, ids.yi)
    const [progress] = await listVillageProgress(t.db, townshipId, (await getCurrentCampaign(t.db, townshipId))!, TODAY, cadre, ids.yi)
    const { overdue, dueSoon } = attentionFor([progress], followUps, TODAY, await loadWorkingDayCalendar(t.db, { townshipId }))
    expect(overdue.filter((f) => f.kind === 'approval').map((f) => f.id)).toEqual([proposal.E, proposal.B])
    expect(dueSoon.filter((f) => f.kind === 'approval').map((f) => f.id)).toEqual([proposal.C, proposal.A])
    expect(progress.approvals.overdue).toBe(2)
  })

  it('counts a step overdue from the Shanghai day after its deadline, on working days: 23:30 is still the day, 00:30 the next', async () => {
    const count = async (instant: string) => {
      const { counts } = await loadApprovals(t.db, { campaigns: [{ id: campaignId, townshipId }], onlyVillageId: ids.yi }, shanghaiDay(new Date(instant)))
      return counts.get(ids.yi)!.overdue
    }
    // A was proposed on Friday 09-26: five working days are 09-28 (a Sunday worked), 09-29, 09-30, 10-09, 10-10
    // (calendar days would have made it 10-01); B, E and C (its notice ended 10-01 with an objection open) are overdue
    expect(await count('2025-10-08T15:30:00Z')).toBe(3) // 10-08 23:30
    expect(await count('2025-10-10T15:30:00Z')).toBe(3) // 10-10 23:30: A on its last day
    expect(await count('2025-10-10T16:30:00Z')).toBe(4) // 10-11 00:30: A overdue
  })

  it('follows the township’s own working-day corrections', async () => {
    await t.db
      .insertInto('holiday_overrides')
      .values({ township_id: townshipId, county_name: null, day: '2025-10-10', kind: 'holiday', note: '测试', updated_at: AT })
      .execute()
    try {
      const { counts, followUps } = await loadApprovals(t.db, { campaigns: [{ id: campaignId, townshipId }], onlyVillageId: ids.yi }, '2025-10-11')
      // 10-10 off: A's fifth working day is Saturday 10-11 (调休), so on 10-11 it is not overdue
      expect(followUps.find((f) => f.id === proposal.A)?.deadline).toBe('2025-10-11')
      expect(counts.get(ids.yi)!.overdue).toBe(3)
    } finally {
      await t.db.deleteFrom('holiday_overrides').where('township_id', '=', townshipId).execute()
    }
  })
})
