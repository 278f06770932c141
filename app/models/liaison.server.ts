// 包村干部 (role liaison): the villages assigned to him, each with the dashboard's own figures (phase, self-inspection
// coverage, open and overdue follow-ups), counted by listVillageProgress with the liaison as the viewer.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { getCurrentCampaign, type CampaignInfo } from './campaign.server'
import { listVillageProgress } from './villageProgress.server'

export interface LiaisonVillage {
  id: number
  name: string
  path: string
  /** null: the township has no campaign yet */
  phase: PhaseId | 'closed' | null
  households: number
  reviewed: number
  openFollowUps: number
  overdueFollowUps: number
}

/** The villages a 包村干部 works (village_liaisons, read now, not from the session), in the township's order. */
export async function listLiaisonVillages(
  db: DB,
  liaison: { id: number; townshipId: number },
  today: string,
): Promise<{ campaign: Pick<CampaignInfo, 'id' | 'name' | 'status'> | null; villages: LiaisonVillage[] }> {
  const assigned = await db
    .selectFrom('village_liaisons')
    .innerJoin('villages', 'villages.id', 'village_liaisons.village_id')
    .select(['villages.id', 'villages.name'])
    .where('village_liaisons.user_id', '=', liaison.id)
    .where('villages.township_id', '=', liaison.townshipId)
    .orderBy('villages.sort_order')
    .execute()
  const campaign = await getCurrentCampaign(db, liaison.townshipId)
  if (!campaign) {
    const villages = assigned.map((v) => ({ ...v, path: `/villages/${v.id}`, phase: null, households: 0, reviewed: 0, openFollowUps: 0, overdueFollowUps: 0 }))
    return { campaign: null, villages }
  }
  const ids = new Set(assigned.map((v) => v.id))
  const progress = await listVillageProgress(db, liaison.townshipId, campaign, today, { role: 'liaison' })
  return {
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status },
    villages: progress
      .filter((v) => ids.has(v.id))
      .map((v) => ({
        id: v.id,
        name: v.name,
        path: v.path,
        phase: v.phase,
        households: v.households,
        reviewed: v.reviewed,
        openFollowUps: v.openFollowUps,
        overdueFollowUps: v.overdueFollowUps,
      })),
  }
}
