// What is followed up: problems (问题台账) and their deadline extensions, reports (举报), inspection visits and
// rectification orders (责令整改).
import type {
  ComplaintChannel,
  ComplaintResult,
  ComplaintStatus,
  OrderStatus,
  ProblemCategory,
  ProblemSource,
  ProblemStatus,
} from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** 问题台账 */
export interface ProblemTable {
  id: Id
  campaign_id: number
  village_id: number
  household_id: number | null
  category: ProblemCategory
  source: ProblemSource
  description: string
  measure: string | null
  responsible_person: string | null
  deadline_on: string | null
  status: Defaulted<ProblemStatus>
  found_on: string
  created_by_user_id: number | null
  verified_by_user_id: number | null
  verified_at: string | null
  /** a serious problem (严重问题): it gets a dedicated supervisor (专人督办) as a major report does */
  is_serious: Defaulted<number>
  supervisor_user_id: number | null
  supervisor_deadline_on: string | null
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** 整改期限延期: a problem's deadline moved by a township leader or an inspector, with the reason. */
export interface ProblemDeadlineExtensionTable {
  id: Id
  problem_id: number
  old_deadline_on: string | null
  new_deadline_on: string
  reason: string
  granted_by_user_id: number
  granted_at: string
}

/** 举报/信访 */
export interface ComplaintTable {
  id: Id
  campaign_id: number
  village_id: number
  household_id: number | null
  channel: ComplaintChannel
  received_on: string
  content: string
  /** the whistle-blower: never shown to cadres */
  reporter_name: string | null
  reporter_contact: string | null
  /** verification due by (件件有核实) */
  deadline_on: string
  /** 重大信访 or egregious violation */
  is_major: Defaulted<number>
  /** 专人督办 */
  supervisor_user_id: number | null
  supervisor_deadline_on: string | null
  verification_result: ComplaintResult | null
  verification_note: string | null
  verified_by_user_id: number | null
  verified_on: string | null
  problem_id: number | null
  status: Defaulted<ComplaintStatus>
  created_by_user_id: number | null
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** 督查记录 */
export interface InspectionVisitTable {
  id: Id
  campaign_id: number
  village_id: number
  visited_on: string
  inspectors: string
  checked: string
  findings: string
  /** 重点督查 of a zero-report village */
  is_key_inspection: Defaulted<number>
  /** flagged 流于形式、走过场 */
  superficial: Defaulted<number>
  created_by_user_id: number | null
  created_at: CreatedAt
}

export interface InspectionVisitHouseholdTable {
  visit_id: number
  household_id: number
}

/** 责令整改 */
export interface RectificationOrderTable {
  id: Id
  campaign_id: number
  village_id: number
  visit_id: number | null
  reason: string
  deadline_on: string
  status: Defaulted<OrderStatus>
  response: string | null
  responded_by_user_id: number | null
  responded_at: string | null
  decision_note: string | null
  decided_by_user_id: number | null
  decided_at: string | null
  created_by_user_id: number | null
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}
