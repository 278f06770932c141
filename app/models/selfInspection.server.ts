// The self-inspection report (自查报告): the counts the village's work produced, computed, never typed in.
import type { DB } from '../../db/connection.server'
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../workflows/rules/vocabulary'
import { isZeroReport } from '../../workflows/rules/zeroReport'
import { countFacts } from './workflow.server'

export interface SelfInspectionReport {
  households: number
  reviewed: number
  homeVisited: number
  problemsByCategory: Record<ProblemCategory, number>
  problems: number
  exits: number
  adjusted: number
  newEnrolments: number
  fraudCases: number
  fraudRecoveredFen: number
  fraudFineFen: number
  /** problems not yet rectified (待整改, 整改中) */
  openProblems: number
  /** 责令整改: every order, those answered (报送整改情况) and those accepted (通过验收) */
  orders: number
  ordersAnswered: number
  ordersAccepted: number
  /** would the report, if submitted now, be a zero report (零报告)? */
  zeroReport: boolean
  fullCoverage: boolean
}

export async function getSelfInspectionReport(db: DB, campaignId: number, villageId: number): Promise<SelfInspectionReport> {
  const [facts, categories, outcomes, newEnrolments] = await Promise.all([
    countFacts(db, campaignId, villageId, 'fullInspection'),
    db
      .selectFrom('problems')
      .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .groupBy('category')
      .execute(),
    db
      .selectFrom('household_reviews')
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('outcome', '=', 'exit').then(1).else(0).end()).as('exits'),
        eb.fn.sum<number>(eb.case().when('outcome', '=', 'adjust').then(1).else(0).end()).as('adjusted'),
        eb.fn.sum<number>(eb.case().when('outcome', '=', 'fraud').then(1).else(0).end()).as('fraud'),
        eb.fn.sum<number>(eb.fn.coalesce('fraud_recovered_fen', eb.lit(0))).as('recovered'),
        eb.fn.sum<number>(eb.fn.coalesce('fraud_fine_fen', eb.lit(0))).as('fine'),
      ])
      .where('campaign_id', '=', campaignId)
      .where('village_id', '=', villageId)
      .executeTakeFirst(),
    db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', villageId)
      .where('enrolment', '=', 'newlyEnrolled')
      .executeTakeFirst(),
  ])
  const problemsByCategory = Object.fromEntries(PROBLEM_CATEGORIES.map((c) => [c, 0])) as Record<ProblemCategory, number>
  for (const row of categories) if (row.category in problemsByCategory) problemsByCategory[row.category as ProblemCategory] = Number(row.n)
  return {
    households: facts.households,
    reviewed: facts.reviewed,
    homeVisited: facts.homeVisited,
    problemsByCategory,
    problems: facts.problemsFound,
    openProblems: facts.openMeasures - facts.openOrders,
    orders: facts.orders,
    ordersAnswered: facts.orders - facts.unansweredOrders,
    ordersAccepted: facts.orders - facts.openOrders,
    exits: Number(outcomes?.exits ?? 0),
    adjusted: Number(outcomes?.adjusted ?? 0),
    newEnrolments: Number(newEnrolments?.n ?? 0),
    fraudCases: Number(outcomes?.fraud ?? 0),
    fraudRecoveredFen: Number(outcomes?.recovered ?? 0),
    fraudFineFen: Number(outcomes?.fine ?? 0),
    zeroReport: isZeroReport(facts),
    fullCoverage: facts.reviewed >= facts.households && facts.homeVisited >= facts.households,
  }
}
