// 异议登记表: the paper record of the objections (异议) raised against one proposal during its 审核结果公示 — 登记日期,
// 异议人, 渠道, 内容, 核实人, 核实结果, 核实日期 — with signature lines; or the blank form to fill in by hand.
// 保护举报人: the objector's identity is read for the township's leaders, inspectors and 镇民政所 only; everyone
// else (a village cadre above all) gets the same withheld mark whether the objection was named or anonymous.
import type { DB } from '../../db/connection.server'
import { OBJECTION_RESULT_LABELS } from '../../workflows/approvalSteps'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import type { CurrentUser } from '../utils/auth.server'
import { NOTICE_PROPOSAL_COLUMNS, noticeMatter } from './approvalNotice.server'
import { recordAudit } from './audit.server'
import type { ExportContext } from './exports.server'
import { complaintRight } from './supervisionRules'

const o = t.paper.objections

/** Whether this user may read who objected (as for a public report's reporter, plus the 镇民政所). */
export function maySeeObjector(user: Pick<CurrentUser, 'role' | 'civilAffairs'>): boolean {
  return complaintRight(user.role, 'reporter') || user.civilAffairs
}

export interface ObjectionLine {
  no: number
  registeredOn: string
  /** the name as given, for those who may see it; null otherwise */
  objector: string | null
  /** name: `objector` holds it; anonymous: none was given; withheld: not for this reader */
  objectorShown: 'name' | 'anonymous' | 'withheld'
  channel: string
  content: string
  verifier: string | null
  result: string | null
  verifiedOn: string | null
  note: string | null
}

export interface ObjectionRecord {
  village: { id: number; name: string; township: string }
  /** the village's proposals that have been in notice, for the choice of which record to print */
  choices: Array<{ id: number; label: string }>
  proposal: { id: number; name: string; matter: string; noticeFrom: string | null; noticeTo: string | null } | null
  lines: ObjectionLine[]
  printedOn: string
}

export type ObjectionRecordResult = { ok: true; record: ObjectionRecord } | { ok: false; reason: 'notFound' }

/**
 * The 异议登记表 of one proposal of the village (filled from its objections), or the blank form when `proposalId`
 * is null. A filled record is personal data: printing it is recorded.
 */
export async function getObjectionRecord(
  db: DB,
  ctx: ExportContext,
  village: { id: number; townshipId: number },
  proposalId: number | null,
): Promise<ObjectionRecordResult> {
  const [place, proposals] = await Promise.all([
    db
      .selectFrom('villages')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select(['villages.id', 'villages.name', 'townships.name as township'])
      .where('villages.id', '=', village.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('proposals')
      .innerJoin('households', 'households.id', 'proposals.household_id')
      .select(NOTICE_PROPOSAL_COLUMNS)
      .where('proposals.village_id', '=', village.id)
      .where('proposals.notice_from', 'is not', null)
      .orderBy('proposals.id', 'desc')
      .limit(200)
      .execute(),
  ])
  const label = (p: (typeof proposals)[number]) => format(o.forProposal, { name: p.head_name, matter: noticeMatter(p).matter })
  const record: ObjectionRecord = {
    village: { id: place.id, name: place.name, township: place.township },
    choices: proposals.map((p) => ({ id: p.id, label: label(p) })),
    proposal: null,
    lines: [],
    printedOn: ctx.today,
  }
  if (proposalId === null) return { ok: true, record }
  const proposal = await db
    .selectFrom('proposals')
    .innerJoin('households', 'households.id', 'proposals.household_id')
    .select(NOTICE_PROPOSAL_COLUMNS)
    .where('proposals.id', '=', proposalId)
    .where('proposals.village_id', '=', village.id)
    .executeTakeFirst()
  if (!proposal) return { ok: false, reason: 'notFound' }
  const seesObjector = maySeeObjector(ctx.actor)
  const rows = await db
    .selectFrom('proposal_objections as po')
    .leftJoin('users as v', 'v.id', 'po.verified_by_user_id')
    // the identity column is selected only for a reader who may see it
    .select(['po.no', 'po.registered_on', 'po.channel', 'po.content', 'po.result', 'po.verified_on', 'po.verification_note', 'v.display_name as verifier'])
    .$if(seesObjector, (q) => q.select('po.objector'))
    .where('po.proposal_id', '=', proposal.id)
    .orderBy('po.no')
    .execute()
  record.proposal = {
    id: proposal.id,
    name: proposal.head_name,
    matter: noticeMatter(proposal).matter,
    noticeFrom: proposal.notice_from,
    noticeTo: proposal.notice_to,
  }
  record.lines = rows.map((r) => {
    const objector = seesObjector ? ((r as { objector?: string | null }).objector ?? null) : null
    return {
      no: r.no,
      registeredOn: r.registered_on,
      objector,
      objectorShown: !seesObjector ? 'withheld' : objector ? 'name' : 'anonymous',
      channel: t.supervision.complaints.channels[r.channel] ?? r.channel,
      content: r.content,
      verifier: r.verifier,
      result: r.result ? OBJECTION_RESULT_LABELS[r.result] : null,
      verifiedOn: r.verified_on,
      note: r.verification_note,
    }
  })
  await recordAudit(db, {
    actorUserId: ctx.actor.id,
    action: 'export.objectionRecord',
    entityType: 'village',
    entityId: village.id,
    villageId: village.id,
    townshipId: village.townshipId,
    after: { format: 'print', households: 1, objections: rows.length },
    ip: ctx.ip,
    at: ctx.at,
  })
  return { ok: true, record }
}
