// A workflow event previewed: would the machine accept it now? Read-only, with the facts and guard the write uses.
import type { DB } from '../../db/connection.server'
import { phaseOf, refusalOf, restore, SnapshotVersionError, type CampaignEventType, type CampaignSnapshot, type Refusal } from '../../workflows/campaignMachine'
import { buildEvent, countFacts } from './workflow.server'

/** The village's workflow as the machine reads it; null when it has none, or a snapshot of a machine version this code does not know. */
export async function readVillageSnapshot(db: DB, campaignId: number, villageId: number): Promise<CampaignSnapshot | null> {
  const row = await db
    .selectFrom('village_workflows')
    .select(['snapshot', 'machine_version'])
    .where('campaign_id', '=', campaignId)
    .where('village_id', '=', villageId)
    .executeTakeFirst()
  if (!row) return null
  try {
    return restore({ machineVersion: row.machine_version, snapshot: JSON.parse(row.snapshot) })
  } catch (error) {
    if (error instanceof SnapshotVersionError) return null
    throw error
  }
}

/** Why the machine would refuse `type` from `snapshot` on the facts counted now; null: it would accept it. */
export async function refusalNow(db: DB, campaignId: number, villageId: number, snapshot: CampaignSnapshot, type: CampaignEventType): Promise<Refusal | null> {
  return refusalOf(snapshot, buildEvent(type, await countFacts(db, campaignId, villageId, phaseOf(snapshot))))
}

/**
 * Would the machine refuse this event now, and why — the same facts, event and guard `applyVillageEvent` uses, read
 * without writing, so a page can disable a button with the machine's own reason (the server still decides on post).
 * null: accepted now; undefined: no workflow, or a snapshot of a machine version this code does not know.
 */
export async function eventRefusal(db: DB, campaignId: number, villageId: number, type: CampaignEventType): Promise<Refusal | null | undefined> {
  const snapshot = await readVillageSnapshot(db, campaignId, villageId)
  return snapshot ? refusalNow(db, campaignId, villageId, snapshot, type) : undefined
}
