// The Database interface Kysely types every query with. One table a domain noun; the Chinese term
// sits beside each, as DESIGN.md asks. Conventions (both dialects):
// - booleans are integers 0/1, so SQLite and PostgreSQL store and return the same thing;
// - money is integer fen (分); calendar days are 'YYYY-MM-DD' text (Asia/Shanghai); instants are UTC ISO text;
// - lists and small records are JSON text, read through helpers in app code.
// - a column holding one of the campaign's fixed vocabularies is typed from workflows/ (declared there once, as const).
//
// The tables are declared by group in db/schema/ (people, campaign, households, followUps, records); this file gathers
// them into the one Database interface and is what the rest of the code imports.
import type { PhaseId } from '../workflows/phases'
import type { ProblemCategory, ProblemSource, ProblemStatus } from '../workflows/rules/vocabulary'
import type {
  AccountImportUploadTable,
  CountyTable,
  LoginAttemptTable,
  SessionTable,
  TownshipTable,
  UserTable,
  VillageLiaisonTable,
  VillageTable,
} from './schema/people'
import type {
  CampaignChecklistItemTable,
  CampaignPhaseTable,
  CampaignTable,
  ChecklistItemTable,
  TownshipTaskTable,
  VillageWorkflowTable,
  WorkflowEventTable,
} from './schema/campaign'
import type {
  AllowanceStandardTable,
  HouseholdMemberTable,
  HouseholdReviewTable,
  HouseholdTable,
  RosterImportTable,
  RosterImportUploadTable,
} from './schema/households'
import type {
  HouseholdAllowanceChangeTable,
  NoticeProposalTable,
  NoticeTable,
  ProposalEventTable,
  ProposalObjectionTable,
  ProposalTable,
} from './schema/approvals'
import type {
  ComplaintTable,
  InspectionVisitHouseholdTable,
  InspectionVisitTable,
  ProblemDeadlineExtensionTable,
  ProblemTable,
  RectificationOrderTable,
} from './schema/followUps'
import type {
  CountySampleHouseholdTable,
  CountySampleTable,
  DepartmentListTable,
  DepartmentMatchTable,
  LedgerDiscrepancyTable,
  PaymentLedgerEntryTable,
  PaymentLedgerTable,
} from './schema/checks'
import type { EvidenceBlobTable, EvidenceFileTable, SelfInspectionNarrativeTable, SiteSettingTable } from './schema/dailyWork'
import type { AuditChainHeadTable, AuditLogTable, HolidayOverrideTable } from './schema/records'

export type { PhaseId, ProblemCategory, ProblemSource, ProblemStatus }
export type * from './schema/people'
export type * from './schema/campaign'
export type * from './schema/households'
export type * from './schema/followUps'
export type * from './schema/records'
export type * from './schema/approvals'
export type * from './schema/checks'
export type * from './schema/dailyWork'

export interface Database {
  counties: CountyTable
  townships: TownshipTable
  village_liaisons: VillageLiaisonTable
  campaign_checklist_items: CampaignChecklistItemTable
  township_tasks: TownshipTaskTable
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
  account_import_uploads: AccountImportUploadTable
  household_members: HouseholdMemberTable
  allowance_standards: AllowanceStandardTable
  proposals: ProposalTable
  proposal_events: ProposalEventTable
  proposal_objections: ProposalObjectionTable
  notices: NoticeTable
  notice_proposals: NoticeProposalTable
  payment_ledgers: PaymentLedgerTable
  payment_ledger_entries: PaymentLedgerEntryTable
  ledger_discrepancies: LedgerDiscrepancyTable
  department_lists: DepartmentListTable
  department_matches: DepartmentMatchTable
  county_samples: CountySampleTable
  county_sample_households: CountySampleHouseholdTable
  household_allowance_changes: HouseholdAllowanceChangeTable
  evidence_files: EvidenceFileTable
  evidence_blobs: EvidenceBlobTable
  self_inspection_narratives: SelfInspectionNarrativeTable
  site_settings: SiteSettingTable
}
