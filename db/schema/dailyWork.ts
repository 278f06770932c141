// Each role's day (issue 17): evidence photos and scans, the self-inspection report's written sections, site settings.
import type { EvidenceKind, EvidenceRecordType } from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'

/** 佐证材料: one photo or scan attached to a record; the bytes are kept once per sha256 (file or evidence_blobs). */
export interface EvidenceFileTable {
  id: Id
  township_id: number
  village_id: number | null
  record_type: EvidenceRecordType
  record_id: number
  kind: EvidenceKind
  mime: string
  byte_size: number
  sha256: string
  width: number | null
  height: number | null
  /** the name on the uploader's device, cleaned; shown, never used as a path */
  original_name: string
  caption: string | null
  uploaded_by_user_id: number | null
  uploaded_at: string
  removed_at: string | null
  removed_by_user_id: number | null
  created_at: CreatedAt
}

/** The bytes of an evidence file when the database is PostgreSQL (on SQLite they sit under the data directory). */
export interface EvidenceBlobTable {
  sha256: string
  content: Buffer
  created_at: CreatedAt
}

/** 自查报告's written sections; null: not written yet (the page pre-fills it from the data). */
export interface SelfInspectionNarrativeTable {
  id: Id
  campaign_id: number
  village_id: number
  /** 工作开展情况 */
  work_done: string | null
  /** 发现的问题 */
  problems_found: string | null
  /** 整改措施 */
  measures: string | null
  /** 下一步打算 */
  next_steps: string | null
  version: Defaulted<number>
  updated_by_user_id: number | null
  updated_at: string
}

/** Text an administrator sets for everyone, e.g. loginHelp (忘记密码时联系谁). */
export interface SiteSettingTable {
  id: Id
  key: string
  value: string
  version: Defaulted<number>
  updated_by_user_id: number | null
  updated_at: string
}
