// 佐证材料: photos and scans attached to an order's answer, a checklist item, a home visit or a problem's
// rectification. An upload is rewritten (normalise.server.ts), its bytes kept once per sha256 (storage.server.ts) and
// one row written with its audit row; a withdrawal sets removed_at (the row and the bytes stay, the history says who
// withdrew what). Who may see a file is who may see its record: the route checks the village, this model the record.
import type { Role } from '../../../db/schema'
import type { DB } from '../../../db/connection.server'
import type { EvidenceKind } from '../../../workflows/rules/vocabulary'
import { t } from '../../i18n/dictionary'
import { recordAudit } from '../audit.server'
import { getReviewAccess } from '../nearRelatives.server'
import { EVIDENCE_LIMITS } from './limits'
import { normaliseUpload, type NormaliseProblem } from './normalise.server'
import { evidenceTarget, type EvidenceTarget } from './records.server'
import { putEvidenceBytes, readEvidenceBytes, sha256Hex } from './storage.server'

export interface EvidenceViewer {
  userId: number
  role: Role
  townshipId: number | null
}

export interface EvidenceItem {
  id: number
  kind: EvidenceKind
  byteSize: number
  width: number | null
  height: number | null
  originalName: string
  caption: string | null
  uploadedAt: string
  uploadedByName: string | null
  /** the viewer may withdraw it (its uploader while the record is open, or a township administrator) */
  mayWithdraw: boolean
}

/** A township administrator may withdraw any attachment of the township; the uploader theirs, while the record is open. */
function mayWithdraw(viewer: EvidenceViewer, row: { uploaded_by_user_id: number | null; township_id: number }, closed: boolean): boolean {
  if (viewer.role === 'admin' && viewer.townshipId === row.township_id) return true
  return !closed && row.uploaded_by_user_id === viewer.userId
}

/** The record's attachments not withdrawn, oldest first (the route has checked the viewer may see the record). */
export async function listEvidence(db: DB, target: EvidenceTarget, viewer: EvidenceViewer): Promise<EvidenceItem[]> {
  const rows = await db
    .selectFrom('evidence_files as e')
    .leftJoin('users as u', 'u.id', 'e.uploaded_by_user_id')
    .select(['e.id', 'e.kind', 'e.byte_size', 'e.width', 'e.height', 'e.original_name', 'e.caption', 'e.uploaded_at', 'e.uploaded_by_user_id', 'e.township_id'])
    .select('u.display_name as uploadedByName')
    .where('e.record_type', '=', target.recordType)
    .where('e.record_id', '=', target.recordId)
    .where('e.removed_at', 'is', null)
    .orderBy('e.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    byteSize: r.byte_size,
    width: r.width,
    height: r.height,
    originalName: r.original_name,
    caption: r.caption,
    uploadedAt: r.uploaded_at,
    uploadedByName: r.uploadedByName,
    mayWithdraw: mayWithdraw(viewer, r, target.closed),
  }))
}

/** The device's file name as shown: its last path part, no control or path characters, at most nameLength. */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  const cleaned = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, EVIDENCE_LIMITS.nameLength)
  return cleaned || t.evidence.unnamed
}

export type AttachProblem = NormaliseProblem | 'closed' | 'full' | 'captionTooLong' | 'recused'
export type AttachResult = { ok: true; id: number; duplicate: boolean } | { ok: false; problem: AttachProblem }

/**
 * Attach one uploaded file to the record (the route has checked the uploader's right on its village). The same bytes
 * twice on one record are one attachment; on two records, two rows over one stored copy.
 */
export async function attachEvidence(
  db: DB,
  input: {
    target: EvidenceTarget
    file: { name: string; content: Uint8Array }
    caption: string | null
    actor: { userId: number; at: Date; ip?: string | null }
  },
): Promise<AttachResult> {
  const { target } = input
  if (target.closed) return { ok: false, problem: 'closed' }
  // 近亲属回避: the official a household is filed against does not document its home visit either
  if (target.householdId !== undefined) {
    const access = await getReviewAccess(db, { villageId: target.villageId, householdId: target.householdId, userId: input.actor.userId })
    if (access?.access !== 'review') return { ok: false, problem: 'recused' }
  }
  const caption = input.caption?.trim() || null
  if (caption && caption.length > EVIDENCE_LIMITS.captionLength) return { ok: false, problem: 'captionTooLong' }
  if ((await activeCount(db, target)) >= EVIDENCE_LIMITS.perRecord) return { ok: false, problem: 'full' }
  const normalised = await normaliseUpload(input.file.content)
  if (!normalised.ok) return normalised
  const { file } = normalised
  const sha256 = sha256Hex(file.content)
  // the bytes first: a row never names bytes that are not there (a crash between leaves an unnamed file, harmless)
  await putEvidenceBytes(db, sha256, file.content)
  const name = cleanFileName(input.file.name)
  const at = input.actor.at.toISOString()
  return db.transaction().execute(async (tx) => {
    const same = await tx
      .selectFrom('evidence_files')
      .select('id')
      .where('record_type', '=', target.recordType)
      .where('record_id', '=', target.recordId)
      .where('sha256', '=', sha256)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id, duplicate: true } as const
    const row = await tx
      .insertInto('evidence_files')
      .values({
        township_id: target.townshipId,
        village_id: target.villageId,
        record_type: target.recordType,
        record_id: target.recordId,
        kind: file.kind,
        mime: file.mime,
        byte_size: file.content.byteLength,
        sha256,
        width: file.width,
        height: file.height,
        original_name: name,
        caption,
        uploaded_by_user_id: input.actor.userId,
        uploaded_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: input.actor.userId,
      action: 'evidence.attach',
      entityType: 'evidence',
      entityId: row.id,
      villageId: target.villageId,
      townshipId: target.townshipId,
      after: { attachedTo: t.evidence.recordTypes[target.recordType], fileName: name, caption, fileSha256: sha256 },
      ip: input.actor.ip ?? null,
      at: input.actor.at,
    })
    return { ok: true, id: row.id, duplicate: false } as const
  })
}

async function activeCount(db: DB, target: EvidenceTarget): Promise<number> {
  const row = await db
    .selectFrom('evidence_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('record_type', '=', target.recordType)
    .where('record_id', '=', target.recordId)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The village an attachment belongs to (for the route's village check), or null: none, or withdrawn. */
export async function evidenceVillageOf(db: DB, evidenceId: number): Promise<number | null> {
  if (!Number.isSafeInteger(evidenceId) || evidenceId <= 0) return null
  const row = await db.selectFrom('evidence_files').select(['village_id', 'removed_at']).where('id', '=', evidenceId).executeTakeFirst()
  return row && row.removed_at === null ? row.village_id : null
}

/** Everything the serving route needs for one file. */
export interface EvidenceDownload {
  mime: string
  content: Uint8Array
  sha256: string
  /** the name to offer, with the extension of what is actually served */
  fileName: string
}

/**
 * One attachment's bytes, for a viewer who may see its village (checked by the route): null when it is withdrawn,
 * when its record is gone or has moved out of that village, or when the bytes are missing.
 */
export async function openEvidence(db: DB, q: { evidenceId: number; villageId: number }): Promise<EvidenceDownload | null> {
  const row = await db.selectFrom('evidence_files').selectAll().where('id', '=', q.evidenceId).executeTakeFirst()
  if (!row || row.removed_at !== null || row.village_id !== q.villageId) return null
  const target = await evidenceTarget(db, row.record_type, row.record_id)
  if (!target || target.villageId !== q.villageId) return null
  const content = await readEvidenceBytes(db, row.sha256)
  if (!content) return null
  const stem = row.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || t.evidence.unnamed
  return { mime: row.mime, content, sha256: row.sha256, fileName: `${stem}.${row.kind === 'pdf' ? 'pdf' : 'jpg'}` }
}

export type WithdrawResult = { ok: true; pagePath: string } | { ok: false; kind: 'notFound' | 'notAllowed' }

/** Withdraw an attachment: its uploader while the record is open, or a township administrator. Audited. */
export async function withdrawEvidence(
  db: DB,
  input: { evidenceId: number; villageId: number; viewer: EvidenceViewer; at: Date; ip?: string | null },
): Promise<WithdrawResult> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('evidence_files').selectAll().where('id', '=', input.evidenceId).executeTakeFirst()
    if (!row || row.removed_at !== null || row.village_id !== input.villageId) return { ok: false, kind: 'notFound' } as const
    const target = await evidenceTarget(tx, row.record_type, row.record_id)
    if (!target || target.villageId !== input.villageId) return { ok: false, kind: 'notFound' } as const
    if (!mayWithdraw(input.viewer, row, target.closed)) return { ok: false, kind: 'notAllowed' } as const
    const at = input.at.toISOString()
    // removed_at IS NULL in the update too: two withdrawals at once write one audit row
    const done = await tx
      .updateTable('evidence_files')
      .set({ removed_at: at, removed_by_user_id: input.viewer.userId })
      .where('id', '=', row.id)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return { ok: false, kind: 'notFound' } as const
    await recordAudit(tx, {
      actorUserId: input.viewer.userId,
      action: 'evidence.withdraw',
      entityType: 'evidence',
      entityId: row.id,
      villageId: row.village_id,
      townshipId: row.township_id,
      before: { attachedTo: t.evidence.recordTypes[row.record_type], fileName: row.original_name, caption: row.caption },
      ip: input.ip ?? null,
      at: input.at,
    })
    return { ok: true, pagePath: target.pagePath } as const
  })
}
