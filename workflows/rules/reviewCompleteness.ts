// What a review (复核认定) needs before it counts toward self-inspection coverage (自查面). Every review: a conclusion and
// the 家庭经济状况核查 (each income kind with its source). A 重点核查 household also: a home visit (入户调查, date and who)
// and a note on each situation that flagged it. Pure: the review model computes `complete` with it on every save.
import { incomesHaveSources, type EconomicCheck } from './economicCheck'
import { KEY_CHECK_SITUATIONS, RISK_SIGNALS, type KeyCheckSituation, type RiskSignal } from './vocabulary'

/** 重点核查 reasons of the issue that the household's own data flags (beyond the roster's situations and risk signals). */
/** departmentRecord: another department's list (信息核对: 车管, 市场监管, 不动产 …) names the household's head or a member. */
export const KEY_CHECK_REASONS = ['vehicle', 'business', 'housing', 'nearRelative', 'reported', 'largeAmount', 'departmentRecord'] as const
export type KeyCheckReason = (typeof KEY_CHECK_REASONS)[number]

// the risk signals that say the same as a reason above are folded into it, so one situation asks for one note
const FOLDED_SIGNALS: Partial<Record<RiskSignal, KeyCheckReason>> = { privateCar: 'vehicle', businessLicence: 'business', multipleHomes: 'housing' }

type FoldedSignal = 'privateCar' | 'businessLicence' | 'multipleHomes'
const isFolded = (s: RiskSignal): s is FoldedSignal => s in FOLDED_SIGNALS

/** Every situation that can flag a household for 重点核查, in the order the form lists them. */
export const FLAGGED_SITUATIONS: readonly FlaggedSituation[] = [
  ...KEY_CHECK_REASONS,
  ...KEY_CHECK_SITUATIONS,
  ...RISK_SIGNALS.filter((s): s is Exclude<RiskSignal, FoldedSignal> => !isFolded(s)),
]
export type FlaggedSituation = KeyCheckReason | KeyCheckSituation | Exclude<RiskSignal, FoldedSignal>

/**
 * 保障金额较大: a monthly amount above this many times the per-person standard in force. Three times is what a family of
 * three with no income at all would get; above it the amount rests on a large family or supplements, and is checked.
 */
export const LARGE_AMOUNT_TIMES = 3

export interface KeyCheckFacts {
  /** the economic check as saved (or being saved); its property items flag vehicle, housing and business */
  check: EconomicCheck | null
  keyCheckSituations: readonly KeyCheckSituation[]
  riskSignals: readonly RiskSignal[]
  /** households.near_relative_filing: a near relative of a 村(居)干部/经办人员 */
  nearRelativeFiling: boolean
  /** a complaint (举报) on the household in this campaign */
  reported: boolean
  monthlyAmountFen: number
  /** the per-person 低保标准 in force for the household; null when the county has none (no large-amount rule then) */
  standardFen: number | null
  /** 信息核对: a current department list names someone of the household (app/models/departmentLists) */
  departmentRecord?: boolean
}

/** Why a household is 重点核查 (empty: an ordinary household). */
export function keyCheckReasons(facts: KeyCheckFacts): FlaggedSituation[] {
  const p = facts.check?.property
  const signals = new Set<string>(facts.riskSignals)
  const flagged = new Set<FlaggedSituation>()
  if (p?.vehicle.present || signals.has('privateCar')) flagged.add('vehicle')
  if (p?.businessRegistration.present || (facts.check?.incomes.business.monthlyFen ?? 0) > 0 || signals.has('businessLicence')) flagged.add('business')
  if (p?.extraHousing.present || signals.has('multipleHomes')) flagged.add('housing')
  if (facts.nearRelativeFiling) flagged.add('nearRelative')
  if (facts.reported) flagged.add('reported')
  if (facts.standardFen !== null && facts.standardFen > 0 && facts.monthlyAmountFen > LARGE_AMOUNT_TIMES * facts.standardFen) flagged.add('largeAmount')
  if (facts.departmentRecord) flagged.add('departmentRecord')
  for (const s of facts.keyCheckSituations) flagged.add(s)
  for (const s of facts.riskSignals) if (!isFolded(s)) flagged.add(s)
  return FLAGGED_SITUATIONS.filter((s) => flagged.has(s))
}

export type MissingItem = { item: 'outcome' } | { item: 'economicCheck' } | { item: 'homeVisit' } | { item: 'situationNote'; situation: FlaggedSituation }

export interface ReviewState {
  outcome: string | null
  check: EconomicCheck | null
  homeVisitOn: string | null
  homeVisitBy: string | null
  /** { situation: note } as saved */
  situationNotes: Readonly<Record<string, string>>
  /** keyCheckReasons() of the household (empty: not 重点核查) */
  reasons: readonly FlaggedSituation[]
}

/** What the review still lacks, in the order the form shows it; empty means complete. */
export function missingForReview(review: ReviewState): MissingItem[] {
  const missing: MissingItem[] = []
  if (!review.outcome) missing.push({ item: 'outcome' })
  if (!incomesHaveSources(review.check)) missing.push({ item: 'economicCheck' })
  if (review.reasons.length > 0) {
    if (!review.homeVisitOn || !review.homeVisitBy?.trim()) missing.push({ item: 'homeVisit' })
    for (const situation of review.reasons) {
      if (!review.situationNotes[situation]?.trim()) missing.push({ item: 'situationNote', situation })
    }
  }
  return missing
}

export function isReviewComplete(review: ReviewState): boolean {
  return missingForReview(review).length === 0
}
