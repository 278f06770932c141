// A small township built by hand (not the demo seed) for the dashboard's tests (tests/integration/dashboard*.test.ts),
// with figures worked out by hand in those tests. Today is 2025-09-30, the Tuesday before the 2025 National Day week
// (10-01 to 10-08 off, Sunday 09-28 and Saturday 10-11 worked), so "due within 3 working days" runs to Saturday 10-11.
//
// 测试镇 (campaign 测试镇专项整治, in 检查督导 by the plan) with 甲村 (zero report, key inspection not held yet), 乙村
// (behind schedule in 全面排查, a newly enrolled household), 丙村 (ordered to rectify, a fraud case), its follow-ups
// overdue and due soon; and 西山乡 of the same county, with no campaign. The bindings below are filled before the tests.
import { afterAll, beforeAll } from 'vitest'
import { createTestDatabase, type TestDatabase } from './database'

export const TODAY = '2025-09-30'
export const AT = '2025-09-30T01:00:00Z'
export let t: TestDatabase
export let townshipId: number
let otherTownshipId: number
let campaignId: number
export const ids: Record<string, number> = {}

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

export async function review(
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
      // a saved review with everything its household requires (what coverage counts)
      complete: r.reviewedAt ? 1 : 0,
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

/** The small township below on a fresh database for this test file: made before its tests, dropped after them. */
export function useSmallTownship(): void {
  beforeAll(build)
  afterAll(async () => t?.destroy())
}

async function build() {
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
  await problem(ids.yi, { category: 'wrongful', status: 'verified', deadline: '2025-09-15', description: '已销号的问题' }) // done: no follow-up

  // 丙村: ordered to rectify; 2 households reviewed and visited, one of them fraud (骗保) with money recovered and fined
  await workflow(ids.bing, 'supervision.orderedToRectify', 'supervision')
  await review(ids.bing, await household(ids.bing), {
    reviewedAt: '2025-08-22T06:00:00Z',
    visitedOn: '2025-08-22',
    outcome: 'fraud',
    recovered: 120000,
    fine: 150000, // 1.25× the amount recovered (第六十八条: 1 to 3 times)
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
}
