// The Database interface Kysely types every query with. One table a domain noun; the Chinese term
// sits beside each, as DESIGN.md asks. Conventions (both dialects):
// - booleans are integers 0/1, so SQLite and PostgreSQL store and return the same thing;
// - money is integer fen (分); calendar days are 'YYYY-MM-DD' text (Asia/Shanghai); instants are UTC ISO text;
// - lists and small records are JSON text, read through helpers in app code.
// - a column holding one of the campaign's fixed vocabularies is typed from workflows/ (declared there once, as const).
import type { ColumnType, Generated } from 'kysely'
import type { PhaseId } from '../workflows/phases'
import type { DayKind } from '../workflows/rules/workingDays'
import type {
  ComplaintChannel,
  ComplaintResult,
  ComplaintStatus,
  Enrolment,
  HouseholdStatus,
  ImportSource,
  OrderStatus,
  ProblemCategory,
  ProblemSource,
  ProblemStatus,
  ReviewOutcome,
  RoleKey,
  VillageKind,
} from '../workflows/rules/vocabulary'

export type Role = RoleKey
export type { PhaseId, ProblemCategory, ProblemSource, ProblemStatus }

type Id = Generated<number>
type CreatedAt = ColumnType<string, string | undefined, never>
/** a column with a database default: optional on insert */
type Defaulted<T> = Generated<T>

/** 乡镇 */
export interface TownshipTable {
  id: Id
  name: string
  county_name: string
  created_at: CreatedAt
}

/** 村(居): a village or a community (社区). */
export interface VillageTable {
  id: Id
  township_id: number
  name: string
  /** short latin code, e.g. dongfeng; also the demo cadre's username */
  code: string
  kind: VillageKind
  sort_order: number
  /** 包村领导: the township leader responsible for this village */
  leader_user_id: number | null
  created_at: CreatedAt
}

/** 用户. scope: county users see a county's townships, everyone else one township; a cadre one village. */
export interface UserTable {
  id: Id
  username: string
  display_name: string
  password_hash: string
  role: Role
  township_id: number | null
  village_id: number | null
  county_name: string | null
  phone: string | null
  active: Defaulted<number>
  /** optimistic-lock counter: every save bumps it */
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** Server-side sessions: the cookie carries only the id, so sign-out and role changes can revoke it. */
export interface SessionTable {
  id: string
  user_id: number
  created_at: CreatedAt
  expires_at: string
  ip: string | null
  user_agent: string | null
}

/** Sign-in attempts, kept for the per-account and per-address rate limit. */
export interface LoginAttemptTable {
  id: Id
  username: string
  ip: string
  succeeded: number
  attempted_at: string
}

/** 专项整治活动 */
export interface CampaignTable {
  id: Id
  township_id: number
  name: string
  /** which template (workflows/) this campaign was created from */
  template_key: string
  created_at: CreatedAt
}

/** A campaign's phase windows (阶段时间安排). */
export interface CampaignPhaseTable {
  id: Id
  campaign_id: number
  phase: PhaseId
  sort_order: number
  starts_on: string
  ends_on: string
  /** optimistic-lock counter: every save of the windows bumps it */
  version: Defaulted<number>
}

/** One row per village per campaign: the persisted XState snapshot of that village's workflow. */
export interface VillageWorkflowTable {
  id: Id
  campaign_id: number
  village_id: number
  /** version of the machine definition that wrote the snapshot */
  machine_version: number
  snapshot: string
  /** dotted state value, e.g. 'supervision.orderedToRectify', kept beside the snapshot for queries */
  state: string
  phase: string
  /** optimistic-lock counter: every accepted event bumps it */
  version: Defaulted<number>
  /** 零报告 */
  zero_report: Defaulted<number>
  /** 重点督查 */
  key_supervision: Defaulted<number>
  /** date the village entered its current phase */
  phase_entered_on: string
  updated_at: string
}

/** Append-only history of accepted workflow events. */
export interface WorkflowEventTable {
  id: Id
  workflow_id: number
  /** the workflow version this event produced */
  version: number
  event_type: string
  payload: string
  actor_user_id: number | null
  occurred_at: string
  from_state: string
  to_state: string
}

/** A phase checklist item of one village (工作清单). */
export interface ChecklistItemTable {
  id: Id
  campaign_id: number
  village_id: number
  phase: PhaseId
  item_key: string
  sort_order: number
  done_on: string | null
  done_by_user_id: number | null
  note: string | null
  /** optimistic-lock counter: every tick or reopen bumps it */
  version: Defaulted<number>
  updated_at: string
}

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
  version: Defaulted<number>
  updated_at: string
}

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

/** Admin-edited corrections to the official holiday calendar (法定节假日/调休). */
export interface HolidayOverrideTable {
  id: Id
  /** the township the correction applies to; null for a county-wide one */
  township_id: number | null
  /** set (and township_id null) for a correction the county bureau made for all its townships */
  county_name: string | null
  day: string
  kind: DayKind
  note: string | null
  updated_at: string
}

/**
 * 审计日志: append-only (the database refuses UPDATE, DELETE and REPLACE) and hash-chained
 * (docs/decisions/008-audit-chain.md; written only through db/auditChain.ts appendAuditRow).
 */
export interface AuditLogTable {
  id: Id
  /** the app's clock when the change was made (what pages show) */
  occurred_at: string
  /** the database's clock when the row was written; a trigger refuses any other time */
  recorded_at: string
  /** hash of the row before (GENESIS_HASH for the first) */
  prev_hash: string
  /** sha256(prev_hash + canonical content incl. id and recorded_at) */
  hash: string
  actor_user_id: number | null
  /** what happened, e.g. 'householdReview.save', 'problem.create', 'signIn.failed' */
  action: string
  entity_type: string
  entity_id: number | null
  village_id: number | null
  township_id: number | null
  /** JSON of the changed fields before and after */
  before: string | null
  after: string | null
  ip: string | null
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

/** The audit chain's tail: one row (id 1), locked by every append. */
export interface AuditChainHeadTable {
  id: number
  last_id: number
  last_hash: string
}

export interface Database {
  townships: TownshipTable
  villages: VillageTable
  users: UserTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  campaigns: CampaignTable
  campaign_phases: CampaignPhaseTable
  village_workflows: VillageWorkflowTable
  workflow_events: WorkflowEventTable
  checklist_items: ChecklistItemTable
  households: HouseholdTable
  household_reviews: HouseholdReviewTable
  problems: ProblemTable
  complaints: ComplaintTable
  inspection_visits: InspectionVisitTable
  inspection_visit_households: InspectionVisitHouseholdTable
  rectification_orders: RectificationOrderTable
  holiday_overrides: HolidayOverrideTable
  problem_deadline_extensions: ProblemDeadlineExtensionTable
  audit_log: AuditLogTable
  audit_chain_head: AuditChainHeadTable
  roster_imports: RosterImportTable
  roster_import_uploads: RosterImportUploadTable
}
