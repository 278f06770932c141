// 发布公示: the township records that a 审核结果公示 was posted — a `notices` row with its period, the 举报电话 in force
// and the proposals it listed (notice_proposals) — so what was posted is kept even when the phone or the list
// changes later. Not without a 举报电话; not twice the same; not a list other than the one the page showed.
import type { DB } from '../../db/connection.server'
import type { CurrentUser } from '../utils/auth.server'
import { recordAudit } from './audit.server'
import { getApprovalNotice, printApprovalNotice } from './approvalNotice.server'
import type { ExportContext } from './exports.server'

/** Who posts the notice: the township's leaders and administrators, and a 镇民政所 account. */
export function mayPublishNotice(user: Pick<CurrentUser, 'role' | 'civilAffairs' | 'townshipId'>): boolean {
  return user.townshipId !== null && (user.role === 'leader' || user.role === 'admin' || user.civilAffairs)
}

export interface PublishRequest {
  village: { id: number; townshipId: number }
  /** the sheet's first day, as the page showed it */
  noticeFrom: string
  /** the proposals the page showed on that sheet */
  proposalIds: number[]
  actor: { id: number }
  at: Date
  ip?: string | null
}

export type PublishResult = { ok: true; noticeId: number } | { ok: false; kind: 'noPhone' | 'nothingToPublish' | 'stale' | 'alreadyPublished' }

const sameSet = (x: readonly number[], y: readonly number[]) =>
  x.length === y.length && [...x].sort((p, q) => p - q).every((v, i) => v === [...y].sort((p, q) => p - q)[i])

/** Record the posting of one sheet of the village's 审核结果公示; one audit row (notice.publish). */
export async function publishApprovalNotice(db: DB, req: PublishRequest): Promise<PublishResult> {
  return db.transaction().execute(async (tx): Promise<PublishResult> => {
    const notice = await getApprovalNotice(tx, req.village.id)
    if (!notice.reportPhone) return { ok: false, kind: 'noPhone' }
    if (notice.sheets.length === 0) return { ok: false, kind: 'nothingToPublish' }
    const sheet = notice.sheets.find((s) => s.noticeFrom === req.noticeFrom)
    const ids = sheet?.rows.map((r) => r.proposalId) ?? []
    if (!sheet || !sameSet(ids, req.proposalIds)) return { ok: false, kind: 'stale' }
    const last = await tx
      .selectFrom('notices')
      .select(['id', 'report_phone'])
      .where('village_id', '=', req.village.id)
      .where('notice_from', '=', sheet.noticeFrom)
      .where('notice_to', '=', sheet.noticeTo)
      .orderBy('id', 'desc')
      .executeTakeFirst()
    if (last && last.report_phone === notice.reportPhone) {
      const listed = await tx.selectFrom('notice_proposals').select('proposal_id').where('notice_id', '=', last.id).execute()
      if (
        sameSet(
          listed.map((l) => l.proposal_id),
          ids,
        )
      )
        return { ok: false, kind: 'alreadyPublished' }
    }
    const { id } = await tx
      .insertInto('notices')
      .values({
        township_id: req.village.townshipId,
        village_id: req.village.id,
        notice_from: sheet.noticeFrom,
        notice_to: sheet.noticeTo,
        report_phone: notice.reportPhone,
        created_by_user_id: req.actor.id,
        created_at: req.at.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx
      .insertInto('notice_proposals')
      .values(ids.map((proposalId) => ({ notice_id: id, proposal_id: proposalId })))
      .execute()
    await recordAudit(tx, {
      actorUserId: req.actor.id,
      action: 'notice.publish',
      entityType: 'village',
      entityId: req.village.id,
      villageId: req.village.id,
      townshipId: req.village.townshipId,
      after: { noticeFrom: sheet.noticeFrom, noticeTo: sheet.noticeTo, reportPhone: notice.reportPhone, households: ids.length },
      ip: req.ip,
      at: req.at,
    })
    return { ok: true, noticeId: id }
  })
}

/** A notice as it was posted. */
export interface PublishedNotice {
  id: number
  noticeFrom: string
  noticeTo: string
  reportPhone: string
  households: number
  publishedAt: string
  publishedBy: string | null
}

/** The village's posted notices, newest first (the last 20). */
export async function listPublishedNotices(db: DB, villageId: number): Promise<PublishedNotice[]> {
  const rows = await db
    .selectFrom('notices')
    .leftJoin('users', 'users.id', 'notices.created_by_user_id')
    .select([
      'notices.id',
      'notices.notice_from',
      'notices.notice_to',
      'notices.report_phone',
      'notices.created_at',
      'users.display_name',
      (eb) =>
        eb
          .selectFrom('notice_proposals')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('notice_proposals.notice_id', '=', 'notices.id')
          .as('households'),
    ])
    .where('notices.village_id', '=', villageId)
    .orderBy('notices.id', 'desc')
    .limit(20)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    noticeFrom: r.notice_from,
    noticeTo: r.notice_to,
    reportPhone: r.report_phone,
    households: Number(r.households ?? 0),
    publishedAt: r.created_at,
    publishedBy: r.display_name,
  }))
}

/** The 审核结果公示 page: the notice (recorded as a print), the notices already posted, and whether this user may post. */
export async function getApprovalNoticePage(db: DB, ctx: ExportContext, village: { id: number; townshipId: number }) {
  const notice = await printApprovalNotice(db, ctx, village)
  return { notice, published: await listPublishedNotices(db, village.id), mayPublish: mayPublishNotice(ctx.actor) }
}
