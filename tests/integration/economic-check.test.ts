// 家庭经济状况核查, 低保标准 and review completeness on the demo township, on both databases: the standard in force by
// county, area and day; adding one (audited, no duplicates); a review saved with its economic check, `complete` computed
// by the rules whatever the form sends; coverage (自查面) counting complete reviews only; conflicts on the new fields;
// and 漏保 enrolment proposals keeping a village off the 零报告 list.
import { describe, expect, it } from 'vitest'
import { parseWithZod } from '@conform-to/zod/v4'
import { addAllowanceStandard, listAllowanceStandards, standardInForce } from '../../app/models/allowanceStandards.server'
import { getCurrentCampaign, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { getHouseholdReview, saveHouseholdReview } from '../../app/models/householdReview.server'
import { reviewFormSchema, type ReviewInput } from '../../app/models/householdReviewForm.server'
import { listRoster } from '../../app/models/householdRoster.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { countFacts } from '../../app/models/workflow.server'
import { parseAllowanceStandardForm } from '../../app/forms/allowanceStandards.server'
import { DEMO_STANDARDS, demoStandardDays } from '../../seed/demoStandards'
import { emptyEconomicCheck, INCOME_KINDS, type EconomicCheck } from '../../workflows/rules/economicCheck'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'
import { KEEP } from '../support/householdReviews'

const t = useDemoDatabase()
const DAYS = demoStandardDays(DEMO_TODAY)
const rural = (which: 'current' | 'older') => DEMO_STANDARDS[which].find((s) => s.area === 'rural')!

function sourcedCheck(edit: (c: EconomicCheck) => void = () => {}): EconomicCheck {
  const check = emptyEconomicCheck()
  for (const kind of INCOME_KINDS) check.incomes[kind] = { monthlyFen: 0, source: 'visited' }
  check.incomes.wages.monthlyFen = 30_000
  edit(check)
  return check
}

/** Unreviewed roster households of a village that nothing flags for 重点核查 (no filing, no report, an ordinary amount). */
async function ordinaryHouseholds(village: string): Promise<Array<{ id: number; version: number }>> {
  const campaign = (await getCurrentCampaign(t.db, t.townshipId))!
  const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: t.village(village), filter: 'unreviewed' })
  const ids = roster.rows.filter((r) => r.enrolment === 'roster' && r.reviewStatus === 'unreviewed').map((r) => r.id)
  const rows = await t.db
    .selectFrom('households')
    .select(['id', 'version'])
    .where('id', 'in', ids)
    .where('near_relative_filing', '=', 0)
    .where('monthly_amount_fen', '<=', 3 * rural('current').monthlyFen)
    .where('id', 'not in', t.db.selectFrom('complaints').select('household_id').where('household_id', 'is not', null))
    .orderBy('id')
    .execute()
  return rows
}

function save(village: string, householdId: number, input: ReviewInput, expectedVersion: number, username: string) {
  return saveHouseholdReview(t.db, {
    campaignId: t.campaignId,
    villageId: t.village(village),
    householdId,
    actor: { id: t.userId(username) },
    input,
    expectedVersion,
    at: DEMO_AT,
    ip: null,
  })
}

async function reviewRow(householdId: number) {
  return t.db
    .selectFrom('household_reviews')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('campaign_id', '=', t.campaignId)
    .executeTakeFirstOrThrow()
}

async function progressOf(village: string) {
  const campaign = (await getCurrentCampaign(t.db, t.townshipId))!
  const [p] = await listVillageProgress(t.db, t.townshipId, campaign, DEMO_TODAY, TOWNSHIP_VIEWER, t.village(village))
  return p
}

describe('the 低保标准 in force', () => {
  it('is the latest standard of the township’s county for the area on or before the day', async () => {
    const on = (day: string, area: 'urban' | 'rural' = 'rural') => standardInForce(t.db, { townshipId: t.townshipId, area, on: day })
    expect(await on(DEMO_TODAY)).toMatchObject({ area: 'rural', effectiveFrom: DAYS.current, monthlyFen: rural('current').monthlyFen })
    expect((await on(DEMO_TODAY))?.supplementsFen).toEqual(rural('current').supplementsFen)
    expect(await on(DAYS.current)).toMatchObject({ effectiveFrom: DAYS.current })
    expect(await on('2000-01-01')).toBeNull()
    const dayBefore = new Date(Date.parse(`${DAYS.current}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    expect(await on(dayBefore)).toMatchObject({ effectiveFrom: DAYS.older, monthlyFen: rural('older').monthlyFen })
    expect(await on(DEMO_TODAY, 'urban')).toMatchObject({ area: 'urban', monthlyFen: DEMO_STANDARDS.current.find((s) => s.area === 'urban')!.monthlyFen })
  })

  it('is none for a township whose county has set no standard', async () => {
    await t.db.insertInto('counties').values({ name: '无标准县' }).execute()
    const other = await t.db.insertInto('townships').values({ name: '空白镇', county_name: '无标准县' }).returning('id').executeTakeFirstOrThrow()
    expect(await standardInForce(t.db, { townshipId: other.id, area: 'rural', on: DEMO_TODAY })).toBeNull()
  })

  it('is added by the county with its supplements, audited, and never twice for one area and day', async () => {
    const parsed = parseAllowanceStandardForm(
      (() => {
        const f = new FormData()
        for (const [k, v] of Object.entries({ area: 'rural', effectiveFrom: '2027-01-01', monthly: '610', supplement_elderly: '55.5', supplement_minor: '' }))
          f.append(k, v)
        return f
      })(),
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.input).toEqual({
      area: 'rural',
      effectiveFrom: '2027-01-01',
      monthlyFen: 61_000,
      supplementsFen: { seriousIllness: 0, severeDisability: 0, elderly: 5_550, minor: 0 },
    })
    const actor = { actorUserId: t.userId('county-admin'), at: DEMO_AT, ip: null }
    const added = await addAllowanceStandard(t.db, '青山县', parsed.input, actor)
    expect(added.ok).toBe(true)
    expect(await addAllowanceStandard(t.db, '青山县', parsed.input, actor)).toEqual({ ok: false, problem: 'duplicate' })
    const audits = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'allowanceStandard.create').execute()
    expect(audits).toHaveLength(1)
    expect(JSON.parse(audits[0].after!)).toMatchObject({ area: 'rural', effectiveFrom: '2027-01-01', monthlyFen: 61_000 })
    // not yet in force today; in force from its day
    expect((await standardInForce(t.db, { townshipId: t.townshipId, area: 'rural', on: DEMO_TODAY }))?.monthlyFen).toBe(rural('current').monthlyFen)
    expect((await standardInForce(t.db, { townshipId: t.townshipId, area: 'rural', on: '2027-01-01' }))?.monthlyFen).toBe(61_000)
    const listed = await listAllowanceStandards(t.db, '青山县', DEMO_TODAY)
    expect(listed.filter((s) => s.inForce).map((s) => [s.area, s.effectiveFrom])).toEqual(
      expect.arrayContaining([
        ['rural', DAYS.current],
        ['urban', DAYS.current],
      ]),
    )
  })

  it('refuses a form without an amount, with a bad day or a negative supplement', () => {
    const form = (values: Record<string, string>) => {
      const f = new FormData()
      for (const [k, v] of Object.entries(values)) f.append(k, v)
      return parseAllowanceStandardForm(f)
    }
    expect(form({ area: 'rural', effectiveFrom: '2027-01-01', monthly: '' }).ok).toBe(false)
    expect(form({ area: 'rural', effectiveFrom: '2027-02-30', monthly: '600' }).ok).toBe(false)
    expect(form({ area: 'suburb', effectiveFrom: '2027-01-01', monthly: '600' }).ok).toBe(false)
    expect(form({ area: 'rural', effectiveFrom: '2027-01-01', monthly: '600', supplement_minor: '-5' }).ok).toBe(false)
  })
})

describe('a review with its economic check', () => {
  it('is parsed from the form with each income, its source and the property found', () => {
    const f = new FormData()
    const values: Record<string, string> = {
      version: '0',
      outcome: 'keep',
      income_wages: '300',
      incomeSource_wages: 'visited',
      income_pension: '120.5',
      incomeSource_pension: 'crossChecked',
      property_vehicle: 'on',
      propertySource_vehicle: 'crossChecked',
      property_deposits: 'on',
      depositAmount: '60000',
      note_vehicle: '残疾人代步车',
      complete: '1',
    }
    for (const [k, v] of Object.entries(values)) f.append(k, v)
    const submission = parseWithZod(f, { schema: reviewFormSchema({ today: DEMO_TODAY }) })
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    const { input } = submission.value
    expect(input.economicCheck?.incomes.wages).toEqual({ monthlyFen: 30_000, source: 'visited' })
    expect(input.economicCheck?.incomes.pension).toEqual({ monthlyFen: 12_050, source: 'crossChecked' })
    expect(input.economicCheck?.incomes.business).toEqual({ monthlyFen: 0, source: null })
    expect(input.economicCheck?.property.vehicle).toEqual({ present: true, source: 'crossChecked' })
    expect(input.economicCheck?.property.deposits).toEqual({ present: true, source: null, amountFen: 6_000_000 })
    expect(input.situationNotes).toEqual({ vehicle: '残疾人代步车' })
    expect(input.incomeChecked).toBe(false)
    expect('complete' in input).toBe(false)
  })

  it('refuses an income that is not an amount, on its field', () => {
    const f = new FormData()
    for (const [k, v] of Object.entries({ version: '0', outcome: 'keep', income_wages: '三百' })) f.append(k, v)
    const submission = parseWithZod(f, { schema: reviewFormSchema({ today: DEMO_TODAY }) })
    expect(submission.status).toBe('error')
    expect(Object.keys(submission.reply().error ?? {})).toContain('income_wages')
  })

  it('counts toward coverage only once it is complete, and the page says what it lacks', async () => {
    const [household] = await ordinaryHouseholds('大孙庄村')
    const before = await progressOf('大孙庄村')
    // a conclusion without the economic check: saved, but not complete
    const first = await save('大孙庄村', household.id, { ...KEEP, economicCheck: null }, 0, 'dasunzhuang')
    expect(first.ok).toBe(true)
    expect((await reviewRow(household.id)).complete).toBe(0)
    expect((await progressOf('大孙庄村')).reviewed).toBe(before.reviewed)
    const facts = await countFacts(t.db, t.campaignId, t.village('大孙庄村'), 'fullInspection')
    expect(facts.reviewed).toBe(before.reviewed)
    const page = await getHouseholdReview(t.db, { campaignId: t.campaignId, villageId: t.village('大孙庄村'), householdId: household.id, today: DEMO_TODAY })
    expect(page?.complete).toBe(false)
    expect(page?.assessment?.missing).toEqual([{ item: 'economicCheck' }])

    // with every income sourced it is complete and counts
    const second = await save('大孙庄村', household.id, { ...KEEP, economicCheck: sourcedCheck() }, 1, 'dasunzhuang')
    expect(second.ok).toBe(true)
    const row = await reviewRow(household.id)
    expect(row.complete).toBe(1)
    expect(JSON.parse(row.economic_check!)).toEqual(sourcedCheck())
    expect((await progressOf('大孙庄村')).reviewed).toBe(before.reviewed + 1)
    expect((await countFacts(t.db, t.campaignId, t.village('大孙庄村'), 'fullInspection')).reviewed).toBe(before.reviewed + 1)
    const roster = await listRoster(t.db, { campaignId: t.campaignId, villageId: t.village('大孙庄村') })
    expect(roster.coverage.reviewed).toBe(before.reviewed + 1)
  })

  it('asks a 重点核查 household for a home visit and a note on each situation before it is complete', async () => {
    const [, household] = await ordinaryHouseholds('大孙庄村')
    const withCar = sourcedCheck((c) => (c.property.vehicle = { present: true, source: 'crossChecked' }))
    await save('大孙庄村', household.id, { ...KEEP, economicCheck: withCar }, 0, 'dasunzhuang')
    expect((await reviewRow(household.id)).complete).toBe(0)
    let page = await getHouseholdReview(t.db, { campaignId: t.campaignId, villageId: t.village('大孙庄村'), householdId: household.id, today: DEMO_TODAY })
    expect(page?.assessment?.reasons).toEqual(['vehicle'])
    expect(page?.assessment?.missing).toEqual([{ item: 'homeVisit' }, { item: 'situationNote', situation: 'vehicle' }])

    const visited = { ...KEEP, economicCheck: withCar, homeVisitOn: '2026-11-20', homeVisitBy: '孙某、李某' }
    await save('大孙庄村', household.id, visited, 1, 'dasunzhuang')
    expect((await reviewRow(household.id)).complete).toBe(0)
    await save('大孙庄村', household.id, { ...visited, situationNotes: { vehicle: '残疾人代步车，已核实' } }, 2, 'dasunzhuang')
    const row = await reviewRow(household.id)
    expect(row.complete).toBe(1)
    expect(JSON.parse(row.situation_notes)).toEqual({ vehicle: '残疾人代步车，已核实' })
    page = await getHouseholdReview(t.db, { campaignId: t.campaignId, villageId: t.village('大孙庄村'), householdId: household.id, today: DEMO_TODAY })
    expect(page?.assessment?.missing).toEqual([])
    // the standard and the amount the rules give are there beside the conclusion
    expect(page?.assessment?.standard?.monthlyFen).toBe(rural('current').monthlyFen)
    expect(page?.assessment?.allowance?.propertyProblems).toEqual(['vehicle'])
  })

  it('keeps the household’s near-relative filing whatever the save sends', async () => {
    const [, , household] = await ordinaryHouseholds('大孙庄村')
    await save('大孙庄村', household.id, { ...KEEP, economicCheck: sourcedCheck(), nearRelativeFiling: true, nearRelativeNote: '伪造' }, 0, 'dasunzhuang')
    const row = await t.db
      .selectFrom('households')
      .select(['near_relative_filing', 'near_relative_note'])
      .where('id', '=', household.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ near_relative_filing: 0, near_relative_note: null })
  })

  it('reports a conflict on the economic check and the notes someone else saved, writing nothing', async () => {
    const [, , , household] = await ordinaryHouseholds('大孙庄村')
    const theirs = sourcedCheck((c) => (c.incomes.wages.monthlyFen = 45_000))
    expect((await save('大孙庄村', household.id, { ...KEEP, economicCheck: theirs, situationNotes: {} }, 0, 'dasunzhuang')).ok).toBe(true)
    const result = await save('大孙庄村', household.id, { ...KEEP, economicCheck: sourcedCheck(), situationNotes: { pension: '无' } }, 0, 'dasunzhuang')
    expect(result.ok).toBe(false)
    if (result.ok || result.kind !== 'conflict') throw new Error('expected a conflict')
    expect(result.changes.map((c) => c.field)).toContain('economicCheck')
    expect(result.theirs.economicCheck).toEqual(theirs)
    expect(result.unsaved.map((c) => c.field)).toContain('situationNotes')
    expect(JSON.parse((await reviewRow(household.id)).economic_check!)).toEqual(theirs)
  })
})

describe('the demo', () => {
  it('has an economic check on every review, and incomplete reviews only in villages still self-inspecting', async () => {
    const rows = await t.db
      .selectFrom('household_reviews')
      .innerJoin('villages', 'villages.id', 'household_reviews.village_id')
      .select(['villages.name', 'household_reviews.economic_check', 'household_reviews.complete', 'household_reviews.home_visit_on'])
      .where('household_reviews.campaign_id', '=', t.campaignId)
      .where('household_reviews.reviewed_at', 'is not', null)
      .execute()
    expect(rows.every((r) => r.economic_check !== null)).toBe(true)
    const incomplete = rows.filter((r) => r.complete === 0)
    expect(incomplete.length).toBeGreaterThan(0)
    expect(new Set(incomplete.map((r) => r.name))).toEqual(new Set(['李家洼村', '张庄村', '大孙庄村']))
    // they lack their home visit
    expect(incomplete.every((r) => r.home_visit_on === null)).toBe(true)
  })
})

describe('零报告 and 漏保', () => {
  it('counts a 漏保 enrolment proposal of the campaign as a finding', async () => {
    const village = t.village('河东村')
    const before = await countFacts(t.db, t.campaignId, village, 'fullInspection')
    const household = await t.db
      .selectFrom('households')
      .select(['id', 'monthly_amount_fen'])
      .where('village_id', '=', village)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('proposals')
      .values({
        campaign_id: t.campaignId,
        village_id: village,
        household_id: household.id,
        kind: 'enrol',
        grounds: '登记漏保对象',
        current_amount_fen: 0,
        proposed_amount_fen: 50_000,
        proposed_on: DEMO_TODAY,
        machine_version: 1,
        snapshot: '{}',
        state: 'townshipReview.proposed',
        step: 'townshipReview',
        step_entered_on: DEMO_TODAY,
        updated_at: DEMO_AT.toISOString(),
      })
      .execute()
    const after = await countFacts(t.db, t.campaignId, village, 'fullInspection')
    expect(after.nonKeepOutcomes).toBe(before.nonKeepOutcomes + 1)
  })
})
