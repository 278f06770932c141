// The holiday corrections and the record's integrity: 法定节假日/调休 corrections, the audit log and its chain head.
import type { DayKind } from '../../workflows/rules/workingDays'
import type { Id } from './columns'

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

/** The audit chain's tail: one row (id 1), locked by every append. */
export interface AuditChainHeadTable {
  id: number
  last_id: number
  last_hash: string
}
