import { parseWithZod } from '@conform-to/zod/v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCurrentCampaign, type CampaignInfo, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { addMissedHousehold, missedHouseholdSchema, type MissedHouseholdInput } from '../../app/models/missedHouseholds.server'
import { getHouseholdReview, saveHouseholdReview } from '../../app/models/householdReview.server'
import { listRoster } from '../../app/models/householdRoster.server'
import { parseYuan } from '../../app/models/households.server'
import { reviewFormSchema, type ReviewInput } from '../../app/models/householdReviewForm.server'
import { seedDemoTownship } from '../../seed/demo'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { createTestDatabase, type TestDatabase } from '../support/database'

const TODAY = '2026-11-29'
const AT = new Date('2026-11-29T03:00:00Z')
let t: TestDatabase
let campaign: CampaignInfo
let townshipId: number
const villages = new Map<string, number>()
const users = new Map<string, number>()

beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: TODAY, bcryptCost: 4 })
  campaign = (await getCurrentCampaign(t.db, townshipId))!
  for (const v of await t.db.selectFrom('villages').select(['id', 'name']).execute()) villages.set(v.name, v.id)
  for (const u of await t.db.selectFrom('users').select(['id', 'username']).execute()) users.set(u.username, u.id)
})
afterAll(async () => t?.destroy())

const KEEP: ReviewInput = {
  incomeChecked: true,
  propertyChecked: true,
  homeVisitOn: null,
  homeVisitBy: null,
  keyCheckSituations: [],
  riskSignals: [],
  nearRelativeFiling: false,
  nearRelativeNote: null,
  outcome: 'keep',
  adjustedAmountFen: null,
  exitReason: null,
  exitOn: null,
  fraudRecoveredFen: null,
  fraudFineFen: null,
  notes: null,
}

async function progress(village: string) {
  const [p] = await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER, villages.get(village)!)
  return p
}

/** Households of a village that have no review yet, oldest first. */
async function unreviewed(village: string): Promise<number[]> {
  const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get(village)!, filter: 'unreviewed' })
  return roster.rows.filter((r) => r.enrolment === 'roster').map((r) => r.id)
}

function save(
  village: string,
  householdId: number,
  input: ReviewInput,
  expectedVersion: number,
  actor = village === '大孙庄村' ? 'dasunzhuang' : 'zhangzhuang',
) {
  return saveHouseholdReview(t.db, {
    campaignId: campaign.id,
    villageId: villages.get(village)!,
    householdId,
    actor: { id: users.get(actor)! },
    input,
    expectedVersion,
    at: AT,
    ip: '127.0.0.1',
  })
}

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v)
  return data
}

function parseReview(values: Record<string, string | string[]>) {
  return parseWithZod(form({ version: '0', ...values }), { schema: reviewFormSchema({ today: TODAY }) })
}

async function reviewRow(householdId: number) {
  return t.db.selectFrom('household_reviews').selectAll().where('household_id', '=', householdId).where('campaign_id', '=', campaign.id).executeTakeFirst()
}
async function householdRow(householdId: number) {
  return t.db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
}
async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()
}

describe('coverage: what a saved review adds to the village figures', () => {
  it('counts a review with a home-visit date as both reviewed and home-visited', async () => {
    const before = await progress('大孙庄村')
    const [householdId] = await unreviewed('大孙庄村')
    const result = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-28', homeVisitBy: '王建国、李秀英' }, 0)
    expect(result).toMatchObject({ ok: true, version: 1 })
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed + 1)
    expect(after.homeVisited).toBe(before.homeVisited + 1)
    expect(after.households).toBe(before.households)
  })

  it('counts a review without a home-visit date as reviewed only', async () => {
    const before = await progress('大孙庄村')
    const [householdId] = await unreviewed('大孙庄村')
    expect((await save('大孙庄村', householdId, KEEP, 0)).ok).toBe(true)
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed + 1)
    expect(after.homeVisited).toBe(before.homeVisited)
  })

  it('does not count a household twice when its review is saved again, and adds the visit later', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, KEEP, 0)
    const before = await progress('大孙庄村')
    const second = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-29', homeVisitBy: '王建国' }, 1)
    expect(second).toMatchObject({ ok: true, version: 2 })
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed)
    expect(after.homeVisited).toBe(before.homeVisited + 1)
  })
})

describe('what each outcome does to the household', () => {
  it('takes a household off the allowance when it is exited (清退) and puts it back when changed to keep', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const exit = await save(
      '大孙庄村',
      householdId,
      { ...KEEP, riskSignals: ['privateCar'], outcome: 'exit', exitReason: '家庭成员名下有私家车', exitOn: '2026-12-01' },
      0,
    )
    expect(exit.ok).toBe(true)
    expect((await householdRow(householdId)).status).toBe('exited')
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, filter: 'exit' })
    expect(roster.rows.map((r) => r.id)).toContain(householdId)

    expect((await save('大孙庄村', householdId, KEEP, 1)).ok).toBe(true)
    expect((await householdRow(householdId)).status).toBe('active')
    // nothing of the exit is left behind on the review
    expect(await reviewRow(householdId)).toMatchObject({ outcome: 'keep', exit_reason: null, exit_on: null, version: 2 })
  })

  it('stores fraud (骗保) amounts typed in yuan as exact fen and exits the household', async () => {
    const submission = parseReview({ outcome: 'fraud', fraudRecovered: '0.29', fraudFine: '1200.5', exitOn: '2026-11-20', incomeChecked: 'on' })
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(submission.value.input).toMatchObject({
      fraudRecoveredFen: 29,
      fraudFineFen: 120050,
      exitOn: '2026-11-20',
      incomeChecked: true,
      propertyChecked: false,
    })

    const [householdId] = await unreviewed('大孙庄村')
    expect((await save('大孙庄村', householdId, submission.value.input, 0)).ok).toBe(true)
    expect(await reviewRow(householdId)).toMatchObject({ outcome: 'fraud', fraud_recovered_fen: 29, fraud_fine_fen: 120050, adjusted_amount_fen: null })
    expect((await householdRow(householdId)).status).toBe('exited')
  })

  it('keeps an adjusted household on the allowance and shows the new monthly amount on the roster', async () => {
    const submission = parseReview({ outcome: 'adjust', adjustedAmount: '350' })
    if (submission.status !== 'success') throw new Error('expected a valid form')
    const [householdId] = await unreviewed('大孙庄村')
    expect((await save('大孙庄村', householdId, submission.value.input, 0)).ok).toBe(true)
    expect((await householdRow(householdId)).status).toBe('active')
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, filter: 'adjust' })
    expect(roster.rows.find((r) => r.id === householdId)).toMatchObject({ adjustedAmountFen: 35000, outcome: 'adjust', reviewStatus: 'reviewed' })
  })

  it('files a near relative (近亲属备案) on the household', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, { ...KEEP, nearRelativeFiling: true, nearRelativeNote: '村委会委员张某之兄' }, 0)
    expect(await householdRow(householdId)).toMatchObject({ near_relative_filing: 1, near_relative_note: '村委会委员张某之兄', version: 1 })
  })
})

describe('the review form refuses bad input with a Chinese message on the field', () => {
  it('converts yuan to fen exactly and refuses negative amounts and more than two decimals', () => {
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 })
    expect(parseYuan('1200.5')).toEqual({ ok: true, fen: 120050 })
    expect(parseYuan('0.07')).toEqual({ ok: true, fen: 7 })
    expect(parseYuan('19.99')).toEqual({ ok: true, fen: 1999 })
    expect(parseYuan('-5')).toEqual({ ok: false, problem: 'negative' })
    expect(parseYuan('3.555')).toEqual({ ok: false, problem: 'decimals' })
    expect(parseYuan('abc')).toEqual({ ok: false, problem: 'format' })
    expect(parseYuan('100000000')).toEqual({ ok: false, problem: 'tooLarge' })
  })

  it('names the field that is wrong', () => {
    const result = parseReview({ outcome: 'fraud', fraudRecovered: '-5', fraudFine: '3.555', homeVisitOn: '2026-12-31' })
    expect(result.status).toBe('error')
    const errors = result.reply().error!
    expect(errors.fraudRecovered).toEqual(['金额不能为负数。'])
    expect(errors.fraudFine).toEqual(['金额最多保留两位小数（到分）。'])
    expect(errors.homeVisitOn).toEqual(['入户调查日期不能晚于今天。'])
    expect(errors.homeVisitBy).toEqual(['请填写入户调查人员。'])
    expect(errors.exitOn).toEqual(['请填写停发日期。'])
    expect(parseReview({}).reply().error!.outcome).toEqual(['请选择复核结论。'])
    expect(parseReview({ outcome: 'exit', exitOn: '2026-02-30' }).reply().error).toMatchObject({
      exitReason: ['请填写清退原因。'],
      exitOn: ['请输入有效日期（如 2026-07-15）。'],
    })
  })
})

describe('two people saving the same household', () => {
  it('refuses the second save from the same version, says what the first person changed, and changes nothing', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const first = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-27', homeVisitBy: '王建国', riskSignals: ['pension'] }, 0)
    expect(first.ok).toBe(true)
    const reviewBefore = await reviewRow(householdId)
    const householdBefore = await householdRow(householdId)
    const auditsBefore = (await auditRows('householdReview.save')).length

    const second = await save('大孙庄村', householdId, { ...KEEP, outcome: 'exit', exitReason: '有营业执照', exitOn: '2026-12-01' }, 0, 'leader')
    expect(second.ok).toBe(false)
    if (second.ok || second.kind !== 'conflict') throw new Error('expected a conflict')
    expect(second.version).toBe(1)
    expect(second.theirs).toMatchObject({ homeVisitOn: '2026-11-27', riskSignals: ['pension'], outcome: 'keep' })
    expect(second.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['homeVisitOn', 'homeVisitBy', 'riskSignals', 'outcome']))
    const cadre = await t.db.selectFrom('users').select('display_name').where('username', '=', 'dasunzhuang').executeTakeFirstOrThrow()
    expect(second.changes.find((c) => c.field === 'homeVisitOn')).toEqual({
      field: 'homeVisitOn',
      theirs: '2026-11-27',
      mine: null,
      by: cadre.display_name,
      at: AT.toISOString(),
    })
    // what this person typed elsewhere is not lost from sight either
    expect(second.unsaved).toEqual([
      { field: 'exitReason', theirs: null, mine: '有营业执照' },
      { field: 'exitOn', theirs: null, mine: '2026-12-01' },
    ])

    expect(await reviewRow(householdId)).toEqual(reviewBefore)
    expect(await householdRow(householdId)).toEqual(householdBefore)
    expect((await auditRows('householdReview.save')).length).toBe(auditsBefore)
  })

  it('lets exactly one of two simultaneous first saves win', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const results = await Promise.all([save('大孙庄村', householdId, { ...KEEP, notes: '甲' }, 0), save('大孙庄村', householdId, { ...KEEP, notes: '乙' }, 0)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.kind === 'conflict')).toHaveLength(1)
    expect((await reviewRow(householdId))!.version).toBe(1)
  })

  it('refuses a household of another village and changes nothing', async () => {
    const [other] = await unreviewed('张庄村')
    expect(await getHouseholdReview(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, householdId: other })).toBeNull()
    const result = await save('大孙庄村', other, KEEP, 0)
    expect(result).toEqual({ ok: false, kind: 'notFound' })
    expect(await reviewRow(other)).toBeUndefined()
  })
})

describe('the roster', () => {
  it('shows every household with a masked ID number and never the full one', async () => {
    const villageId = villages.get('张庄村')!
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId })
    const count = await t.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', villageId)
      .executeTakeFirstOrThrow()
    expect(roster.rows).toHaveLength(Number(count.n))
    for (const row of roster.rows) expect(row.maskedIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/)
    expect(JSON.stringify(roster)).not.toMatch(/\d{17}[\dX]/)
    expect(roster.rows[0]).not.toHaveProperty('idNumber')
  })

  it('finds a household by the last digits of its ID number, or by part of the name', async () => {
    const villageId = villages.get('张庄村')!
    const household = await t.db
      .selectFrom('households')
      .select(['id', 'id_number', 'head_name'])
      .where('village_id', '=', villageId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const suffix = household.id_number.slice(-4)
    const byDigits = await listRoster(t.db, { campaignId: campaign.id, villageId, search: suffix.toLowerCase() })
    expect(byDigits.rows.map((r) => r.id)).toContain(household.id)
    for (const row of byDigits.rows) expect(row.maskedIdNumber.endsWith(suffix)).toBe(true)
    const byName = await listRoster(t.db, { campaignId: campaign.id, villageId, search: household.head_name.slice(0, 1) })
    expect(byName.rows.map((r) => r.id)).toContain(household.id)
    for (const row of byName.rows) expect(row.headName).toContain(household.head_name.slice(0, 1))
  })

  it('filters by not yet reviewed, key-check situations and risk signals, with the same coverage as the dashboard', async () => {
    const villageId = villages.get('张庄村')!
    const all = await listRoster(t.db, { campaignId: campaign.id, villageId })
    const p = await progress('张庄村')
    expect(all.coverage).toEqual({ households: p.households, reviewed: p.reviewed, homeVisited: p.homeVisited })
    const open = await listRoster(t.db, { campaignId: campaign.id, villageId, filter: 'unreviewed' })
    expect(open.rows.length).toBe(all.counts.unreviewed)
    expect(open.rows.every((r) => r.reviewStatus === 'unreviewed')).toBe(true)
    expect(open.rows.filter((r) => r.enrolment === 'roster').length).toBe(p.households - p.reviewed)

    const [householdId] = open.rows.map((r) => r.id)
    await save('张庄村', householdId, { ...KEEP, keyCheckSituations: ['publicObjection'], riskSignals: ['multipleHomes'] }, 0)
    const key = await listRoster(t.db, { campaignId: campaign.id, villageId, filter: 'keyCheck' })
    const risk = await listRoster(t.db, { campaignId: campaign.id, villageId, filter: 'risk' })
    expect(key.rows.map((r) => r.id)).toContain(householdId)
    expect(risk.rows.map((r) => r.id)).toContain(householdId)
    expect(risk.rows.every((r) => r.risk)).toBe(true)
  })
})

describe('missed families (漏保)', () => {
  const family = (idNumber: string): MissedHouseholdInput => ({
    headName: '赵春梅',
    idNumber,
    memberCount: 3,
    coveredCount: 2,
    category: '农村低保B类',
    monthlyAmountFen: 70000,
    responsibleCadre: '王建国',
    phone: '13512345678',
    notes: '入户排查时发现',
  })

  it('enrols a newly found family apart from the roster: coverage does not change, the new enrolment is counted', async () => {
    const villageId = villages.get('张庄村')!
    const before = await progress('张庄村')
    const rosterBefore = await listRoster(t.db, { campaignId: campaign.id, villageId })
    const result = await addMissedHousehold(t.db, {
      villageId,
      actor: { id: users.get('zhangzhuang')! },
      input: family(makeIdNumber('110105', '19800101', 1)),
      at: AT,
      ip: '127.0.0.1',
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(await householdRow(result.householdId)).toMatchObject({
      enrolment: 'newlyEnrolled',
      status: 'active',
      monthly_amount_fen: 70000,
      village_id: villageId,
    })
    const after = await progress('张庄村')
    expect(after.households).toBe(before.households)
    expect(after.reviewed).toBe(before.reviewed)
    const rosterAfter = await listRoster(t.db, { campaignId: campaign.id, villageId })
    expect(rosterAfter.counts.newlyEnrolled).toBe(rosterBefore.counts.newlyEnrolled + 1)
    expect(rosterAfter.coverage).toEqual(rosterBefore.coverage)
    const [audit] = (await auditRows('household.addMissed')).slice(-1)
    expect(audit).toMatchObject({ actor_user_id: users.get('zhangzhuang'), entity_id: result.householdId, village_id: villageId })
    expect(audit.after).not.toContain(makeIdNumber('110105', '19800101', 1))
  })

  it('converts a legacy 15-digit ID number and refuses a duplicate with a Chinese message', async () => {
    const villageId = villages.get('张庄村')!
    const parsed = parseWithZod(
      form({ headName: '钱玉兰', idNumber: '110105491231002', memberCount: '2', coveredCount: '2', category: '城市低保', monthlyAmount: '700.50' }),
      { schema: missedHouseholdSchema() },
    )
    if (parsed.status !== 'success') throw new Error('expected a valid form')
    expect(parsed.value).toMatchObject({ idNumber: '11010519491231002X', monthlyAmountFen: 70050 })
    expect((await addMissedHousehold(t.db, { villageId, actor: { id: users.get('zhangzhuang')! }, input: parsed.value, at: AT })).ok).toBe(true)

    const again = await addMissedHousehold(t.db, { villageId, actor: { id: users.get('zhangzhuang')! }, input: family('11010519491231002X'), at: AT })
    expect(again).toEqual({ ok: false, kind: 'duplicate' })
    // a number already on another village's roster: refused without saying where (no enrolment oracle)
    const elsewhere = await t.db.selectFrom('households').select('id_number').where('village_id', '=', villages.get('东风村')!).executeTakeFirstOrThrow()
    const other = await addMissedHousehold(t.db, { villageId, actor: { id: users.get('zhangzhuang')! }, input: family(elsewhere.id_number), at: AT })
    expect(other).toEqual({ ok: false, kind: 'notAddableHere' })
  })

  it('refuses an ID number with a wrong check digit and more covered people than members', () => {
    const parsed = parseWithZod(
      form({ headName: '钱玉兰', idNumber: '110105194912310021', memberCount: '2', coveredCount: '3', category: '城市低保', monthlyAmount: '0' }),
      { schema: missedHouseholdSchema() },
    )
    expect(parsed.status).toBe('error')
    expect(parsed.reply().error).toMatchObject({
      idNumber: ['身份证号校验位不正确，请逐位核对。'],
      coveredCount: ['保障人数不能多于家庭人口。'],
      monthlyAmount: ['金额必须大于0。'],
    })
  })
})

describe('the audit log', () => {
  it('records who saved a review, when, from where, and the fields before and after', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, KEEP, 0)
    await save('大孙庄村', householdId, { ...KEEP, outcome: 'adjust', adjustedAmountFen: 30000 }, 1)
    const review = (await reviewRow(householdId))!
    const rows = (await auditRows('householdReview.save')).filter((r) => r.entity_id === review.id)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({
      actor_user_id: users.get('dasunzhuang'),
      entity_type: 'household_review',
      village_id: villages.get('大孙庄村'),
      ip: '127.0.0.1',
      occurred_at: AT.toISOString(),
    })
    expect(JSON.parse(rows[1].before!)).toEqual({ householdId, outcome: 'keep', adjustedAmountFen: null })
    expect(JSON.parse(rows[1].after!)).toEqual({ householdId, outcome: 'adjust', adjustedAmountFen: 30000 })
  })
})

// Issue 11, finding 14: values no real review or family holds are refused with a Chinese message on the field.
describe('validation of dates, amounts, ID numbers and text (issue 11)', () => {
  const missed = (values: Record<string, string>) =>
    parseWithZod(
      form({
        headName: '孙桂英',
        idNumber: makeIdNumber('130925', '19600315', 7),
        memberCount: '2',
        coveredCount: '2',
        category: '农村低保B类',
        monthlyAmount: '700',
        ...values,
      }),
      { schema: missedHouseholdSchema() },
    )

  it('refuses a home visit on 1900-01-01 and an exit on 2099-12-31', () => {
    const errors = parseReview({ outcome: 'exit', exitReason: '家庭收入超标', exitOn: '2099-12-31', homeVisitOn: '1900-01-01', homeVisitBy: '王建国' }).reply()
      .error!
    expect(errors.homeVisitOn).toEqual(['入户调查日期不能早于2025-11-28（一年以前），请核对。'])
    expect(errors.exitOn).toEqual(['停发日期须在2025-11-28至2027-03-01之间，请核对。'])
    expect(parseReview({ outcome: 'exit', exitReason: '家庭收入超标', exitOn: '2026-12-01', homeVisitOn: '2026-11-20', homeVisitBy: '王建国' }).status).toBe(
      'success',
    )
  })

  it('refuses a ¥9,999,999.99 monthly amount, and asks to confirm one above the local 低保标准', () => {
    expect(missed({ monthlyAmount: '9999999.99' }).reply().error!.monthlyAmount).toEqual(['金额超过上限¥10,000，请核对（上限由本镇设置）。'])
    // 2 covered persons × ¥900 (the default standard, a setting) = ¥1,800: above is a warning to confirm
    expect(missed({ monthlyAmount: '1900' }).reply().error!.monthlyAmount?.[0]).toContain('高于本地低保标准')
    expect(missed({ monthlyAmount: '1900', confirmAmount: 'on' }).status).toBe('success')
    expect(missed({ monthlyAmount: '1800' }).status).toBe('success')
    // the review's adjusted amount against the household's covered persons; fraud amounts against their own caps
    const adjust = parseWithZod(form({ version: '0', outcome: 'adjust', adjustedAmount: '9999999.99' }), {
      schema: reviewFormSchema({ today: TODAY, coveredCount: 1 }),
    })
    expect(adjust.reply().error!.adjustedAmount).toEqual(['金额超过上限¥10,000，请核对（上限由本镇设置）。'])
    const above = parseWithZod(form({ version: '0', outcome: 'adjust', adjustedAmount: '1000' }), {
      schema: reviewFormSchema({ today: TODAY, coveredCount: 1 }),
    })
    expect(above.reply().error!.adjustedAmount?.[0]).toContain('高于本地低保标准')
    expect(parseReview({ outcome: 'fraud', exitOn: '2026-11-01', fraudRecovered: '9999999.99', fraudFine: '2000' }).reply().error!.fraudRecovered).toEqual([
      '金额超过上限¥1,000,000，请核对（上限由本镇设置）。',
    ])
  })

  it('an ID number born in 2099 or with region 000000 is refused', async () => {
    expect(missed({ idNumber: makeIdNumber('130925', '20990101', 7) }).reply().error!.idNumber).toEqual(['身份证号中的出生日期晚于今天，请核对。'])
    expect(missed({ idNumber: makeIdNumber('000000', '19600315', 7) }).reply().error!.idNumber).toEqual(['身份证号前六位不是有效的行政区划代码，请核对。'])
    // the model refuses it as well, whatever the form said
    const input: MissedHouseholdInput = {
      headName: '孙桂英',
      idNumber: makeIdNumber('000000', '19600315', 7),
      memberCount: 2,
      coveredCount: 2,
      category: '农村低保B类',
      monthlyAmountFen: 70000,
      responsibleCadre: null,
      phone: null,
      notes: null,
    }
    const before = await t.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(await addMissedHousehold(t.db, { villageId: villages.get('张庄村')!, actor: { id: users.get('zhangzhuang')! }, input, at: AT })).toEqual({
      ok: false,
      kind: 'invalidIdNumber',
      problem: 'region',
    })
    expect(
      await t.db
        .selectFrom('households')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before)
  })

  it('refuses NUL bytes and other control characters in text, keeping newlines in long text', () => {
    expect(missed({ headName: '孙桂\u0000英' }).reply().error!.headName).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(missed({ notes: '入户发现\u202e倒序' }).reply().error!.notes).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(missed({ notes: '第一行\n第二行' }).status).toBe('success')
    expect(parseReview({ outcome: 'keep', notes: '备注\u0000' }).reply().error!.notes).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(parseReview({ outcome: 'keep', homeVisitOn: '2026-11-20', homeVisitBy: '王\t建国' }).reply().error!.homeVisitBy).toEqual([
      '内容中含有不可见的控制字符，请删除后重新填写。',
    ])
  })
})
