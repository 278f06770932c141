// An administrator adds the villages (村/社区) of a real township. A new village joins the current campaign at once:
// its workflow starts in mobilisation and it gets the campaign's checklists, in the same transaction.
import type { DB } from '../../db/connection.server'
import type { VillageKind } from '../../workflows/rules/vocabulary'
import { recordAudit } from './audit.server'
import { getCurrentCampaign } from './campaign.server'
import { enrolVillages } from './campaignEnrolment.server'

export type VillageProblem = 'nameRequired' | 'codeInvalid' | 'nameTaken' | 'codeTaken' | 'leaderInvalid'

export async function listTownshipVillages(db: DB, townshipId: number) {
  return db
    .selectFrom('villages')
    .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
    .select(['villages.id', 'villages.name', 'villages.code', 'villages.kind', 'leader.display_name as leaderName'])
    .where('villages.township_id', '=', townshipId)
    .orderBy('villages.sort_order')
    .execute()
}

export async function createVillage(
  db: DB,
  townshipId: number,
  input: { name: string; code: string; kind: VillageKind; leaderUserId: number | null },
  actor: { actorUserId: number; at: Date; ip?: string },
): Promise<{ ok: true; villageId: number } | { ok: false; problem: VillageProblem }> {
  const name = input.name.trim()
  const code = input.code.trim().toLowerCase()
  if (!name || name.length > 30) return { ok: false, problem: 'nameRequired' }
  if (!/^[a-z0-9-]{2,30}$/.test(code)) return { ok: false, problem: 'codeInvalid' }
  const campaign = await getCurrentCampaign(db, townshipId)
  return db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('villages')
      .select(['name', 'code'])
      .where('township_id', '=', townshipId)
      .where((eb) => eb.or([eb('name', '=', name), eb('code', '=', code)]))
      .executeTakeFirst()
    if (taken) return { ok: false, problem: taken.name === name ? 'nameTaken' : 'codeTaken' } as const
    if (input.leaderUserId) {
      const leader = await tx
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.leaderUserId)
        .where('township_id', '=', townshipId)
        .where('role', '=', 'leader')
        .executeTakeFirst()
      if (!leader) return { ok: false, problem: 'leaderInvalid' } as const
    }
    const order = await tx
      .selectFrom('villages')
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .where('township_id', '=', townshipId)
      .executeTakeFirst()
    const { id } = await tx
      .insertInto('villages')
      .values({ township_id: townshipId, name, code, kind: input.kind, sort_order: Number(order?.max ?? -1) + 1, leader_user_id: input.leaderUserId })
      .returning('id')
      .executeTakeFirstOrThrow()
    // a village added while the campaign is open joins it in mobilisation; a closed campaign takes no one new
    if (campaign?.status === 'open') await enrolVillages(tx, campaign, [id], actor.at)
    await recordAudit(tx, {
      actorUserId: actor.actorUserId,
      action: 'village.create',
      entityType: 'village',
      entityId: id,
      villageId: id,
      townshipId,
      after: { name, code, kind: input.kind },
      ip: actor.ip,
      at: actor.at,
    })
    return { ok: true, villageId: id } as const
  })
}
