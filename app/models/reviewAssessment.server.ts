// What the review page shows beside the conclusion and what `complete` rests on: the household's 重点核查 reasons, what
// the review still lacks, per-capita income against the 低保标准 in force and the amount the rules give. Reads the
// members' birth dates from their ID numbers here (for 分类施保) and lets no ID number out.
import {
  assessAllowance,
  birthDateFromIdNumber,
  perCapitaIncomeFen,
  totalIncomeFen,
  type AllowanceAssessment,
  type AllowanceMember,
  type EconomicCheck,
} from '../../workflows/rules/economicCheck'
import { keyCheckReasons, missingForReview, type FlaggedSituation, type MissingItem } from '../../workflows/rules/reviewCompleteness'
import type { HouseholdArea, KeyCheckSituation, RiskSignal } from '../../workflows/rules/vocabulary'
import { standardInForce, type AllowanceStandard } from './allowanceStandards.server'
import { hasDepartmentFindings } from './departmentLists/queries.server'
import type { DbOrTx } from './versioned.server'

/** The household's facts a review is judged against (read once per page or save). */
export interface ReviewContext {
  area: HouseholdArea
  /** the day the standard and ages are taken on */
  onDay: string
  standard: AllowanceStandard | null
  members: AllowanceMember[]
  /** the member rows when there are any, else the household's member_count */
  memberCount: number
  coveredCount: number
  monthlyAmountFen: number
  nearRelativeFiling: boolean
  /** a complaint (举报) on the household in this campaign */
  reported: boolean
  /** 信息核对: another department's current list names someone of the household */
  departmentRecord: boolean
}

export interface ContextHousehold {
  id: number
  village_id: number
  area: HouseholdArea
  member_count: number
  covered_count: number
  monthly_amount_fen: number
  near_relative_filing: number
}

export async function loadReviewContext(db: DbOrTx, q: { campaignId: number; household: ContextHousehold; onDay: string }): Promise<ReviewContext> {
  const h = q.household
  const [village, memberRows, complaint, departmentRecord] = await Promise.all([
    db.selectFrom('villages').select('township_id').where('id', '=', h.village_id).executeTakeFirstOrThrow(),
    db.selectFrom('household_members').select(['id_number', 'covered', 'health', 'disability']).where('household_id', '=', h.id).orderBy('position').execute(),
    db.selectFrom('complaints').select('id').where('campaign_id', '=', q.campaignId).where('household_id', '=', h.id).limit(1).executeTakeFirst(),
    hasDepartmentFindings(db, h.id),
  ])
  const standard = await standardInForce(db, { townshipId: village.township_id, area: h.area, on: q.onDay })
  return {
    area: h.area,
    onDay: q.onDay,
    standard,
    members: memberRows.map((m) => ({ covered: m.covered === 1, health: m.health, disability: m.disability, birthDate: birthDateFromIdNumber(m.id_number) })),
    memberCount: memberRows.length > 0 ? memberRows.length : h.member_count,
    coveredCount: h.covered_count,
    monthlyAmountFen: h.monthly_amount_fen,
    nearRelativeFiling: h.near_relative_filing === 1,
    reported: complaint !== undefined,
    departmentRecord,
  }
}

export interface ReviewFacts {
  economicCheck: EconomicCheck | null
  keyCheckSituations: readonly KeyCheckSituation[]
  riskSignals: readonly RiskSignal[]
  outcome: string | null
  homeVisitOn: string | null
  homeVisitBy: string | null
  situationNotes: Readonly<Record<string, string>>
}

export interface ReviewAssessment {
  /** why the household is 重点核查 (empty: it is not) */
  reasons: FlaggedSituation[]
  missing: MissingItem[]
  complete: boolean
  area: HouseholdArea
  standard: AllowanceStandard | null
  memberCount: number
  coveredCount: number
  currentAmountFen: number
  totalIncomeFen: number | null
  perCapitaFen: number | null
  /** the amount the rules give; null without a standard or an economic check */
  allowance: AllowanceAssessment | null
}

export function assessReview(ctx: ReviewContext, facts: ReviewFacts): ReviewAssessment {
  const check = facts.economicCheck
  const reasons = keyCheckReasons({
    check,
    keyCheckSituations: facts.keyCheckSituations,
    riskSignals: facts.riskSignals,
    nearRelativeFiling: ctx.nearRelativeFiling,
    reported: ctx.reported,
    departmentRecord: ctx.departmentRecord,
    monthlyAmountFen: ctx.monthlyAmountFen,
    standardFen: ctx.standard?.monthlyFen ?? null,
  })
  const missing = missingForReview({
    outcome: facts.outcome,
    check,
    homeVisitOn: facts.homeVisitOn,
    homeVisitBy: facts.homeVisitBy,
    situationNotes: facts.situationNotes,
    reasons,
  })
  const perCapitaFen = check ? perCapitaIncomeFen(check, ctx.memberCount) : null
  const allowance =
    check && ctx.standard && perCapitaFen !== null
      ? assessAllowance({
          standardFen: ctx.standard.monthlyFen,
          supplementsFen: ctx.standard.supplementsFen,
          members: ctx.members,
          coveredCount: ctx.coveredCount,
          perCapitaFen,
          onDay: ctx.onDay,
          check,
        })
      : null
  return {
    reasons,
    missing,
    complete: missing.length === 0,
    area: ctx.area,
    standard: ctx.standard,
    memberCount: ctx.memberCount,
    coveredCount: ctx.coveredCount,
    currentAmountFen: ctx.monthlyAmountFen,
    totalIncomeFen: check ? totalIncomeFen(check) : null,
    perCapitaFen,
    allowance,
  }
}
