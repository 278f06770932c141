// The roster (花名册) with its masked ID numbers, search and filters, and missed families (漏保) enrolled apart from
// it, on the demo township.
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { addMissedHousehold, missedHouseholdSchema, type MissedHouseholdInput } from '../../app/models/missedHouseholds.server'
import { listRoster } from '../../app/models/householdRoster.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { AT, auditRows, campaign, form, householdRow, KEEP, progress, save, t, useHouseholdsDatabase, users, villages } from '../support/householdReviews'

useHouseholdsDatabase()

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
    // not reviewed, or reviewed without everything its household requires (not counted in the coverage)
    expect(open.rows.every((r) => !r.reviewComplete)).toBe(true)
    expect(open.rows.filter((r) => r.enrolment === 'roster').length).toBe(p.households - p.reviewed)

    const [householdId] = open.rows.filter((r) => r.reviewStatus === 'unreviewed').map((r) => r.id)
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
    // 登记漏保对象 → 提出纳入申请: an applicant, not paid until the county approves its enrol proposal (ADR 010)
    expect(await householdRow(result.householdId)).toMatchObject({
      enrolment: 'newlyEnrolled',
      status: 'applicant',
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
