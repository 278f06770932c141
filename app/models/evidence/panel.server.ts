// What a record page's loader passes to <EvidencePanel>: one call per record.
import type { DB } from '../../../db/connection.server'
import type { EvidenceRecordType } from '../../../workflows/rules/vocabulary'
import { listEvidence, type EvidenceItem, type EvidenceViewer } from './evidence.server'
import { EVIDENCE_LIMITS } from './limits'
import { evidenceTarget } from './records.server'

export interface EvidencePanelData {
  recordType: EvidenceRecordType
  recordId: number
  items: EvidenceItem[]
  canUpload: boolean
  closed: boolean
  limits: { fileBytes: number; perRecord: number; captionLength: number }
}

/**
 * The record's evidence for a viewer the page has already let see the record (its village and the record itself);
 * `mayUpload`: the viewer's right to add evidence to that village's records (the page's 'work' right).
 * null when the record does not exist or belongs to another village.
 */
export async function evidencePanelData(
  db: DB,
  q: { recordType: EvidenceRecordType; recordId: number; villageId: number; viewer: EvidenceViewer; mayUpload: boolean },
): Promise<EvidencePanelData | null> {
  const target = await evidenceTarget(db, q.recordType, q.recordId)
  if (!target || target.villageId !== q.villageId) return null
  const items = await listEvidence(db, target, q.viewer)
  const { fileBytes, perRecord, captionLength } = EVIDENCE_LIMITS
  return {
    recordType: q.recordType,
    recordId: q.recordId,
    items,
    canUpload: q.mayUpload,
    closed: target.closed,
    limits: { fileBytes, perRecord, captionLength },
  }
}
