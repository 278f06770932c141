// The approval chain's step limits of a campaign (镇审核 and 县审批 in working days, 公示 in days): the campaign's own
// (campaigns.approval_limits, set by a leader, versioned and audited) or its template's. A proposal copies them
// when it is made, so a change here never moves a running deadline.
import type { DB } from '../../../db/connection.server'
import type { StepLimits } from '../../../workflows/approvalSteps'
import { findTemplate, pianYiTemplate } from '../../../workflows/template'
import { recordAudit } from '../audit.server'
import { casUpdate, inTransaction, VersionConflict, type DbOrTx } from '../versioned.server'

export const LIMIT_KEYS = ['townshipReview', 'notice', 'countyReview'] as const satisfies ReadonlyArray<keyof StepLimits>

export function isValidLimit(days: unknown): days is number {
  return Number.isSafeInteger(days) && (days as number) >= 1 && (days as number) <= 365
}

/** The limits a campaign's stored JSON gives, each missing or broken one falling back to the template's. */
export function limitsFrom(json: string | null, templateKey: string): StepLimits {
  const defaults = (findTemplate(templateKey) ?? pianYiTemplate).approvalLimits
  let stored: Partial<Record<string, unknown>>
  try {
    stored = json ? (JSON.parse(json) as Record<string, unknown>) : {}
  } catch {
    stored = {}
  }
  const limits = { ...defaults }
  for (const key of LIMIT_KEYS) if (isValidLimit(stored[key])) limits[key] = stored[key] as number
  return limits
}

export interface CampaignLimits {
  campaignId: number
  limits: StepLimits
  /** the campaign's version a limits form sends back */
  version: number
  /** whether the campaign has its own (false: the template's) */
  own: boolean
}

export async function getApprovalLimits(db: DbOrTx, campaignId: number): Promise<CampaignLimits | null> {
  const row = await db.selectFrom('campaigns').select(['id', 'approval_limits', 'template_key', 'version']).where('id', '=', campaignId).executeTakeFirst()
  if (!row) return null
  return { campaignId: row.id, limits: limitsFrom(row.approval_limits, row.template_key), version: row.version, own: row.approval_limits !== null }
}

export type SaveLimitsResult =
  { ok: true; version: number } | { ok: false; kind: 'invalid' | 'notFound' } | { ok: false; kind: 'conflict'; currentVersion: number }

/** A leader sets the campaign's limits: compare-and-set on the campaign's version, one audit row. */
export async function saveApprovalLimits(
  db: DB,
  req: { campaignId: number; townshipId: number; limits: StepLimits; expectedVersion: number; actor: { id: number }; at: Date; ip?: string | null },
): Promise<SaveLimitsResult> {
  if (!LIMIT_KEYS.every((key) => isValidLimit(req.limits[key]))) return { ok: false, kind: 'invalid' }
  try {
    return await inTransaction(db, async (tx): Promise<SaveLimitsResult> => {
      const row = await tx
        .selectFrom('campaigns')
        .select(['id', 'approval_limits', 'template_key', 'version'])
        .where('id', '=', req.campaignId)
        .where('township_id', '=', req.townshipId)
        .executeTakeFirst()
      if (!row) return { ok: false, kind: 'notFound' }
      const before = limitsFrom(row.approval_limits, row.template_key)
      const limits = { townshipReview: req.limits.townshipReview, notice: req.limits.notice, countyReview: req.limits.countyReview }
      await casUpdate(tx, 'campaigns', row.id, req.expectedVersion, { approval_limits: JSON.stringify(limits) })
      await recordAudit(tx, {
        actorUserId: req.actor.id,
        action: 'campaign.approvalLimits',
        entityType: 'campaign',
        entityId: row.id,
        townshipId: req.townshipId,
        before: { approvalLimits: before },
        after: { approvalLimits: limits },
        ip: req.ip,
        at: req.at,
      })
      return { ok: true, version: req.expectedVersion + 1 }
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const row = await db.selectFrom('campaigns').select('version').where('id', '=', req.campaignId).executeTakeFirst()
    return { ok: false, kind: 'conflict', currentVersion: row?.version ?? 0 }
  }
}
