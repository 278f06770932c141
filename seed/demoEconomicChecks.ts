// The demo's 家庭经济状况核查 for every review of the campaign, consistent with its conclusion: a kept or adjusted
// household's income leaves it the amount it gets under the standard in force; an exit shows the property or pension
// behind it; a 骗保 household the business income it hid (部门比对). Each flagged 重点核查 situation gets its note. In a
// village still self-inspecting, the reviews saved without a home visit record a small business (本人申报) and so are
// 重点核查 households lacking their 入户调查: incomplete, not counted in the coverage. `complete` comes from the rules.
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { assessReview, loadReviewContext } from '../app/models/reviewAssessment.server'
import { emptyEconomicCheck, type EconomicCheck } from '../workflows/rules/economicCheck'
import { shanghaiDay } from '../workflows/rules/dates'
import { KEY_CHECK_SITUATIONS, RISK_SIGNALS, type KeyCheckSituation, type RiskSignal } from '../workflows/rules/vocabulary'

const NOTES: Record<string, string> = {
  vehicle: '经车管部门比对，车辆登记情况已核实并说明',
  business: '经市场监管部门比对，经营情况已核实，收入已计入',
  housing: '经不动产登记比对，房屋情况已核实',
  nearRelative: '已备案，由镇民政所复核，本人回避',
  reported: '举报内容已入户核实，情况见核实记录',
  largeAmount: '家庭人口多、均无劳动能力，金额按标准核定',
  nonFixedIncome: '按近12个月打零工收入折算月收入',
  ableBodied: '有劳动能力成员已就业登记，收入已计入',
  publicObjection: '群众异议已入户核实',
  pension: '养老金已计入家庭收入',
  graduatedOrEmployed: '已就业成员收入已计入',
  ableToWork: '劳动能力情况已入户核实',
}

const roundDown10Yuan = (fen: number) => Math.max(0, Math.floor(fen / 1000) * 1000)

function checkFor(q: {
  outcome: string | null
  riskSignals: RiskSignal[]
  standardFen: number
  memberCount: number
  coveredCount: number
  paidFen: number
  visited: boolean
  smallBusiness: boolean
}): EconomicCheck {
  const check = emptyEconomicCheck()
  const seen = q.visited ? 'visited' : 'declared'
  for (const kind of ['wages', 'business', 'pension', 'transfer', 'other'] as const) check.incomes[kind] = { monthlyFen: 0, source: 'declared' }
  for (const item of ['vehicle', 'extraHousing', 'businessRegistration', 'deposits'] as const) check.property[item] = { present: false, source: 'crossChecked' }
  check.property.deposits.amountFen = null
  const aboveStandard = roundDown10Yuan(q.standardFen * q.memberCount) + 30_000
  if (q.outcome === 'fraud') {
    // the income the household hid, found by 部门比对
    check.incomes.business = { monthlyFen: aboveStandard, source: 'crossChecked' }
    check.property.businessRegistration = { present: true, source: 'crossChecked' }
  } else if (q.outcome === 'exit') {
    const signal = q.riskSignals[0]
    if (signal === 'privateCar') check.property.vehicle = { present: true, source: 'crossChecked' }
    else if (signal === 'businessLicence') {
      check.property.businessRegistration = { present: true, source: 'crossChecked' }
      check.incomes.business = { monthlyFen: aboveStandard, source: 'crossChecked' }
    } else if (signal === 'multipleHomes') check.property.extraHousing = { present: true, source: 'crossChecked' }
    else check.incomes.pension = { monthlyFen: aboveStandard, source: 'crossChecked' }
  } else {
    // what leaves the household the amount it gets: per covered person the standard less the amount
    const gapPerPerson = Math.floor(q.paidFen / Math.max(1, q.coveredCount))
    const perCapita = Math.max(0, q.standardFen - gapPerPerson)
    const total = roundDown10Yuan(perCapita * q.memberCount)
    const business = q.smallBusiness ? Math.min(total, 20_000) : 0
    check.incomes.wages = { monthlyFen: total - business, source: seen }
    if (q.smallBusiness) check.incomes.business = { monthlyFen: business, source: 'declared' }
  }
  return check
}

export async function seedDemoEconomicChecks(tx: Transaction<Database>, q: { campaignId: number }): Promise<void> {
  const reviews = await tx
    .selectFrom('household_reviews')
    .innerJoin('households', 'households.id', 'household_reviews.household_id')
    .select([
      'household_reviews.id',
      'household_reviews.village_id',
      'household_reviews.outcome',
      'household_reviews.adjusted_amount_fen',
      'household_reviews.risk_signals',
      'household_reviews.key_check_situations',
      'household_reviews.home_visit_on',
      'household_reviews.home_visit_by',
      'household_reviews.reviewed_at',
      'households.id as household_id',
      'households.village_id as household_village_id',
      'households.area',
      'households.member_count',
      'households.covered_count',
      'households.monthly_amount_fen',
      'households.near_relative_filing',
      'households.enrolment',
    ])
    .where('household_reviews.campaign_id', '=', q.campaignId)
    .where('household_reviews.reviewed_at', 'is not', null)
    .orderBy('household_reviews.id')
    .execute()
  // a village is still self-inspecting while some of its roster is not reviewed
  const rosterCounts = await tx
    .selectFrom('households')
    .select(['village_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('enrolment', '=', 'roster')
    .groupBy('village_id')
    .execute()
  const reviewedCounts = new Map<number, number>()
  for (const r of reviews) if (r.enrolment === 'roster') reviewedCounts.set(r.village_id, (reviewedCounts.get(r.village_id) ?? 0) + 1)
  const partial = new Set(rosterCounts.filter((c) => (reviewedCounts.get(c.village_id) ?? 0) < Number(c.n)).map((c) => c.village_id))

  for (const r of reviews) {
    const parseKeys = <T extends string>(json: string, allowed: readonly T[]) => {
      const list = JSON.parse(json) as unknown[]
      return allowed.filter((k) => list.includes(k))
    }
    const riskSignals = parseKeys<RiskSignal>(r.risk_signals, RISK_SIGNALS)
    const keyCheckSituations = parseKeys<KeyCheckSituation>(r.key_check_situations, KEY_CHECK_SITUATIONS)
    const onDay = shanghaiDay(new Date(r.reviewed_at as string))
    const household = {
      id: r.household_id,
      village_id: r.household_village_id,
      area: r.area,
      member_count: r.member_count,
      covered_count: r.covered_count,
      monthly_amount_fen: r.monthly_amount_fen,
      near_relative_filing: r.near_relative_filing,
    }
    const context = await loadReviewContext(tx, { campaignId: q.campaignId, household, onDay })
    const standardFen = context.standard?.monthlyFen ?? 0
    const visited = r.home_visit_on !== null
    const check = checkFor({
      outcome: r.outcome,
      riskSignals,
      standardFen,
      memberCount: context.memberCount,
      coveredCount: r.covered_count,
      paidFen: r.outcome === 'adjust' && r.adjusted_amount_fen !== null ? r.adjusted_amount_fen : r.monthly_amount_fen,
      visited,
      smallBusiness: !visited && partial.has(r.village_id),
    })
    const facts = {
      economicCheck: check,
      keyCheckSituations,
      riskSignals,
      outcome: r.outcome,
      homeVisitOn: r.home_visit_on,
      homeVisitBy: r.home_visit_by,
      situationNotes: {} as Record<string, string>,
    }
    const { reasons } = assessReview(context, facts)
    for (const reason of reasons) facts.situationNotes[reason] = NOTES[reason] ?? '已入户核实'
    const { complete } = assessReview(context, facts)
    // a village that has reported its self-inspection counted every review: all of them must be complete
    if (!complete && !partial.has(r.village_id)) throw new Error(`demo seed: review ${r.id} incomplete in a village that has reported`)
    await tx
      .updateTable('household_reviews')
      .set({ economic_check: JSON.stringify(check), situation_notes: JSON.stringify(facts.situationNotes), complete: complete ? 1 : 0 })
      .where('id', '=', r.id)
      .execute()
  }
}
