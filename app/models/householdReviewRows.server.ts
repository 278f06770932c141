// The rows one household's review reads (the household, its review in a campaign) and the form's values made of them;
// shared by reading and saving a review (householdReview.server.ts) and describing a conflict (householdReviewConflict.server.ts).
import type { Selectable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { HouseholdReviewTable } from '../../db/schema'
import { parseEconomicCheck } from '../../workflows/rules/economicCheck'
import { KEY_CHECK_SITUATIONS, RISK_SIGNALS, type Enrolment, type HouseholdArea, type HouseholdStatus } from '../../workflows/rules/vocabulary'
import { parseSituationNotes } from './economicCheckForm.server'
import type { ReviewValues } from './householdReviewForm.server'
import type { Tx } from './versioned.server'

export function parseList<T extends string>(json: string | null | undefined, allowed: readonly T[]): T[] {
  try {
    const list = JSON.parse(json ?? '[]') as unknown
    return Array.isArray(list) ? allowed.filter((k) => list.includes(k)) : []
  } catch {
    return []
  }
}

// the review's columns the form and the print view read; the row type is derived from them and the schema
export const REVIEW_COLUMNS = [
  'id',
  'income_checked',
  'property_checked',
  'home_visit_on',
  'home_visit_by',
  'key_check_situations',
  'risk_signals',
  'outcome',
  'adjusted_amount_fen',
  'exit_reason',
  'exit_on',
  'fraud_recovered_fen',
  'fraud_fine_fen',
  'notes',
  'reviewed_by_user_id',
  'reviewed_at',
  'economic_check',
  'situation_notes',
  'complete',
  'version',
] as const
export type ReviewRow = Pick<Selectable<HouseholdReviewTable>, (typeof REVIEW_COLUMNS)[number]>

export interface HouseholdRow {
  id: number
  village_id: number
  head_name: string
  id_number: string
  member_count: number
  covered_count: number
  category: string
  monthly_amount_fen: number
  responsible_cadre: string | null
  key_check_situations: string
  near_relative_filing: number
  near_relative_note: string | null
  area: HouseholdArea
  enrolment: Enrolment
  status: HouseholdStatus
  version: number
}

export function valuesOf(household: HouseholdRow, review: ReviewRow | undefined): ReviewValues {
  return {
    incomeChecked: review?.income_checked === 1,
    propertyChecked: review?.property_checked === 1,
    economicCheck: parseEconomicCheck(review?.economic_check ?? null),
    situationNotes: parseSituationNotes(review?.situation_notes),
    homeVisitOn: review?.home_visit_on ?? null,
    homeVisitBy: review?.home_visit_by ?? null,
    // before the first review, the situations the roster already flags are ticked
    keyCheckSituations: parseList(review ? review.key_check_situations : household.key_check_situations, KEY_CHECK_SITUATIONS),
    riskSignals: parseList(review?.risk_signals, RISK_SIGNALS),
    nearRelativeFiling: household.near_relative_filing === 1,
    nearRelativeNote: household.near_relative_note,
    outcome: review?.outcome ?? null,
    adjustedAmountFen: review?.adjusted_amount_fen ?? null,
    exitReason: review?.exit_reason ?? null,
    exitOn: review?.exit_on ?? null,
    fraudRecoveredFen: review?.fraud_recovered_fen ?? null,
    fraudFineFen: review?.fraud_fine_fen ?? null,
    notes: review?.notes ?? null,
  }
}

export const HOUSEHOLD_COLUMNS = [
  'id',
  'village_id',
  'head_name',
  'id_number',
  'member_count',
  'covered_count',
  'category',
  'monthly_amount_fen',
  'responsible_cadre',
  'key_check_situations',
  'near_relative_filing',
  'near_relative_note',
  'area',
  'enrolment',
  'status',
  'version',
] as const

export async function findHousehold(db: DB | Tx, villageId: number, householdId: number): Promise<HouseholdRow | undefined> {
  // the village is part of the lookup: a household id of another village is simply not found here
  return db.selectFrom('households').select(HOUSEHOLD_COLUMNS).where('id', '=', householdId).where('village_id', '=', villageId).executeTakeFirst()
}

export async function findReview(db: DB | Tx, campaignId: number, householdId: number): Promise<ReviewRow | undefined> {
  return db
    .selectFrom('household_reviews')
    .select(REVIEW_COLUMNS)
    .where('campaign_id', '=', campaignId)
    .where('household_id', '=', householdId)
    .executeTakeFirst()
}
