// 低保对象 and their reviews (复核认定), and the roster imports that load them (花名册导入).
import type {
  Enrolment,
  HouseholdArea,
  HouseholdStatus,
  ImportSource,
  MemberDisability,
  MemberHealth,
  MemberRelation,
  MemberWorkStatus,
  ReviewOutcome,
} from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** 低保对象(户) */
export interface HouseholdTable {
  id: Id
  village_id: number
  head_name: string
  /** 身份证号, 18 digits; shown masked except to roles that need it */
  id_number: string
  member_count: number
  /** 保障人数 */
  covered_count: number
  /** 保障类别: A/B/C 类, 城市/农村 etc. as the office writes it */
  category: string
  /** 月保障金额 (分) */
  monthly_amount_fen: number
  /** 包户干部 (name as the roster gives it) */
  responsible_cadre: string | null
  phone: string | null
  /** 重点核查情形, JSON array of keys */
  key_check_situations: Defaulted<string>
  /** 近亲属备案 */
  near_relative_filing: Defaulted<number>
  near_relative_note: string | null
  /** 备案日期 (YYYY-MM-DD) */
  near_relative_filed_on: string | null
  /** the related 村(居)干部/经办人员 as a user of the system */
  near_relative_official_user_id: number | null
  /** the related official by name, when they have no account */
  near_relative_official_name: string | null
  /** 城市 or 农村: which 低保标准 applies (a community's households are urban) */
  area: Defaulted<HouseholdArea>
  /** roster: on the roster when the campaign began; newlyEnrolled: 漏保 found and enrolled */
  enrolment: Defaulted<Enrolment>
  status: Defaulted<HouseholdStatus>
  notes: string | null
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** 复核认定情况登记表: one review per household per campaign. */
export interface HouseholdReviewTable {
  id: Id
  campaign_id: number
  household_id: number
  village_id: number
  income_checked: Defaulted<number>
  property_checked: Defaulted<number>
  /** 入户调查 */
  home_visit_on: string | null
  home_visit_by: string | null
  /** JSON array of key-check situation keys */
  key_check_situations: Defaulted<string>
  /** JSON array of wrongful-enrolment risk-signal keys (错保风险) */
  risk_signals: Defaulted<string>
  outcome: ReviewOutcome | null
  adjusted_amount_fen: number | null
  exit_reason: string | null
  exit_on: string | null
  fraud_recovered_fen: number | null
  fraud_fine_fen: number | null
  notes: string | null
  reviewed_by_user_id: number | null
  reviewed_at: string | null
  /** 家庭经济状况核查: JSON of EconomicCheck (workflows/rules/economicCheck.ts), null before it is done */
  economic_check: string | null
  /** JSON { situation key: note }: a note on each flagged 重点核查 situation */
  situation_notes: Defaulted<string>
  /** 1 when the review has everything its household requires (workflows/rules/reviewCompleteness.ts); coverage counts these */
  complete: Defaulted<number>
  version: Defaulted<number>
  updated_at: string
}

/** 家庭成员: one row per member, the head (户主) first; the household's member_count and covered_count follow them. */
export interface HouseholdMemberTable {
  id: Id
  household_id: number
  /** 1 = the head, then in the order the roster or the form gives */
  position: number
  name: string
  relation: MemberRelation
  /** 身份证号 (optional: a newborn may have none yet); masked towards pages as the head's */
  id_number: string | null
  /** 保障人数: is this member covered */
  covered: Defaulted<number>
  health: Defaulted<MemberHealth>
  disability: Defaulted<MemberDisability>
  work_status: Defaulted<MemberWorkStatus>
  created_at: CreatedAt
  updated_at: string
}

/** 低保标准: per county, 城市/农村 and the day it takes effect; the one in force on a day is the latest not after it. */
export interface AllowanceStandardTable {
  id: Id
  county_id: number
  area: HouseholdArea
  /** YYYY-MM-DD */
  effective_from: string
  /** 月低保标准 per person, fen */
  monthly_fen: number
  /** JSON { SupplementKind: fen per member per month }: 分类施保 */
  supplements: Defaulted<string>
  created_by_user_id: number | null
  created_at: CreatedAt
}

/** 花名册导入: one row per confirmed roster import that changed something (ADR 006). */
export interface RosterImportTable {
  id: Id
  township_id: number
  /** set when the import was limited to one village (a village cadre's import) */
  village_id: number | null
  imported_by_user_id: number | null
  /** the user's display name, or who ran the command line */
  imported_by: string
  source: ImportSource
  file_name: string
  file_size: number
  file_sha256: string
  sheet_name: string | null
  header_row: number
  /** JSON: { field: column index } */
  mapping: string
  rows_added: number
  rows_updated: number
  rows_unchanged: number
  rows_rejected: number
  rows_skipped: number
  /** JSON: every sheet of the workbook with its row count and state (visible/hidden), as the preview listed them */
  sheets: Defaulted<string>
  /** JSON: { headers: string[], rows: [{ sheetRow, cells, reasons }] } */
  rejected_rows: string
  imported_at: string
}

/** An uploaded roster file waiting for its confirm, keyed by a random token and tied to the user who uploaded it. */
export interface RosterImportUploadTable {
  token: string
  user_id: number
  township_id: number
  file_name: string
  file_size: number
  file_sha256: string
  content: Uint8Array
  created_at: string
  expires_at: string
}
