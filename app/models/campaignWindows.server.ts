// Editing a campaign's phase windows (leader, admin). Validation is the pure rule in workflows/rules/windows.ts.
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { validateWindows, type WindowInput, type WindowProblem } from '../../workflows/rules/windows'

export type SaveWindowsResult = { ok: true } | { ok: false; problems: WindowProblem[] }

/** Replace every window of the campaign in one transaction; invalid input changes nothing. */
export async function saveCampaignWindows(db: DB, campaignId: number, windows: WindowInput[], who: { actorUserId: number | null; at: Date; ip?: string }): Promise<SaveWindowsResult> {
  const problems = validateWindows(windows)
  if (problems.length) return { ok: false, problems }
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('campaign_phases').select(['phase', 'starts_on', 'ends_on']).where('campaign_id', '=', campaignId).orderBy('sort_order').execute()
    await recordAudit(tx, { actorUserId: who.actorUserId, action: 'campaign.windows', entityType: 'campaign', entityId: campaignId, before, after: windows, ip: who.ip, at: who.at })
    for (const w of windows) {
      await tx.updateTable('campaign_phases').set({ starts_on: w.starts_on, ends_on: w.ends_on }).where('campaign_id', '=', campaignId).where('phase', '=', w.phase).execute()
    }
  })
  return { ok: true }
}
