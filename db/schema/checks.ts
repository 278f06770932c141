// The checks that catch 错保 (issue 16): the payment ledger against the notice, other departments' lists matched by
// ID number, and the county's sampling.
import type { DepartmentSource, LedgerDiscrepancyKind, SampleFinding } from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** 发放花名册: one township's payment ledger for one month; a re-import of the month replaces it (replaced_at). */
export interface PaymentLedgerTable {
  id: Id
  township_id: number
  campaign_id: number | null
  /** YYYY-MM */
  month: string
  file_name: string
  file_sha256: string
  sheet_name: string | null
  row_count: number
  total_fen: number
  /** the standing notice of the month as the comparison read it */
  notice_households: Defaulted<number>
  notice_fen: Defaulted<number>
  imported_by_user_id: number | null
  imported_by: string
  imported_at: string
  replaced_at: string | null
}

/** One payment: who was paid how much. */
export interface PaymentLedgerEntryTable {
  id: Id
  ledger_id: number
  sheet_row: number
  name: string
  id_number: string | null
  /** idMatchKey: meets a 15-digit number */
  id_key: string | null
  amount_fen: number
  paid_month: string | null
  account_tail: string | null
  village_id: number | null
  household_id: number | null
}

/** 公示 vs 发放: one disagreement; with a household it is also a problem in the village's register. */
export interface LedgerDiscrepancyTable {
  id: Id
  ledger_id: number
  kind: LedgerDiscrepancyKind
  village_id: number | null
  household_id: number | null
  entry_id: number | null
  name: string
  id_number: string | null
  expected_fen: number | null
  paid_fen: number | null
  detail: string | null
  problem_id: number | null
}

/** 信息核对: one department's list as imported (the rows themselves are not kept, only the matches). */
export interface DepartmentListTable {
  id: Id
  county_id: number
  source: DepartmentSource
  /** YYYY-MM-DD or YYYY-MM */
  data_date: string
  file_name: string
  file_sha256: string
  row_count: number
  match_count: number
  imported_by_user_id: number | null
  imported_by: string
  imported_at: string
  replaced_at: string | null
}

/** A department's record of a household's head or member: marks the household 重点核查. */
export interface DepartmentMatchTable {
  id: Id
  list_id: number
  source: DepartmentSource
  township_id: number
  village_id: number
  household_id: number
  member_id: number | null
  person_name: string
  id_number: string
  /** e.g. 名下有小型汽车1辆 */
  fact: string
  data_date: string
  created_at: CreatedAt
}

/** 县级入户抽查: one draw, reproducible from its seed. */
export interface CountySampleTable {
  id: Id
  county_id: number
  seed: string
  /** at least 30 (篇一) */
  percent: number
  drawn_on: string
  drawn_by_user_id: number | null
  note: string | null
  created_at: CreatedAt
}

/** A household on the county's list, and the county's check record of it. */
export interface CountySampleHouseholdTable {
  id: Id
  sample_id: number
  township_id: number
  village_id: number
  household_id: number
  /** JSON SampleReason[] */
  reasons: string
  assigned_user_id: number | null
  visited_on: string | null
  finding: SampleFinding | null
  finding_reasons: string | null
  problem_id: number | null
  checked_by_user_id: number | null
  version: Defaulted<number>
  updated_at: string
}
