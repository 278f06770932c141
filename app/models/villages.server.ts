// An administrator adds the villages (村(居)) of a real township. A new village joins the current campaign at once:
// its workflow starts in mobilisation and it gets the campaign's checklists, in the same transaction.
import type { DB } from '../../db/connection.server'
import type { VillageKind } from '../../workflows/rules/vocabulary'
import { recordAudit } from './audit.server'
import { getCurrentCampaign } from './campaign.server'
import { enrolVillages } from './campaignEnrolment.server'
import type { Tx } from './versioned.server'

export type VillageProblem = 'nameRequired' | 'codeInvalid' | 'nameTaken' | 'codeTaken' | 'leaderInvalid'
/** a pasted list: nothing in it, more than MAX_LISTED_VILLAGES names, or a name longer than 30 characters */
export type VillageListProblem = 'listEmpty' | 'listTooLong' | 'nameTooLong'

export const MAX_LISTED_VILLAGES = 100
const MAX_VILLAGE_NAME = 30

/** The names of a pasted list: one a line, or separated by , ， 、; trimmed, empty ones dropped, the first of repeats kept. */
export function villageNamesOf(text: string): string[] {
  return [...new Set(text.split(/[\r\n,，、]+/).map((name) => name.trim()))].filter((name) => name !== '')
}

/** 村 or 社区, from the name: a name ending in 社区 is a community. */
export function villageKindOf(name: string): VillageKind {
  return name.endsWith('社区') ? 'community' : 'village'
}

export async function listTownshipVillages(db: DB, townshipId: number) {
  return db
    .selectFrom('villages')
    .leftJoin('users as leader', 'leader.id', 'villages.leader_user_id')
    .select(['villages.id', 'villages.name', 'villages.code', 'villages.kind', 'leader.display_name as leaderName'])
    .where('villages.township_id', '=', townshipId)
    .orderBy('villages.sort_order')
    .execute()
}

/** One village row and its audit row (village.create), in the caller's transaction. */
async function insertVillage(
  tx: Tx,
  townshipId: number,
  v: { name: string; code: string; kind: VillageKind; sortOrder: number; leaderUserId: number | null },
  actor: { actorUserId: number | null; at: Date; ip?: string },
): Promise<number> {
  const { id } = await tx
    .insertInto('villages')
    .values({ township_id: townshipId, name: v.name, code: v.code, kind: v.kind, sort_order: v.sortOrder, leader_user_id: v.leaderUserId })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(tx, {
    actorUserId: actor.actorUserId,
    action: 'village.create',
    entityType: 'village',
    entityId: id,
    villageId: id,
    townshipId,
    after: { name: v.name, code: v.code, kind: v.kind },
    ip: actor.ip,
    at: actor.at,
  })
  return id
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
    const id = await insertVillage(
      tx,
      townshipId,
      { name, code, kind: input.kind, sortOrder: Number(order?.max ?? -1) + 1, leaderUserId: input.leaderUserId },
      actor,
    )
    // a village added while the campaign is open joins it in mobilisation; a closed campaign takes no one new
    if (campaign?.status === 'open') await enrolVillages(tx, campaign, [id], actor.at)
    return { ok: true, villageId: id } as const
  })
}

/** The next free code of the series v01, v02 …, after `from`, skipping those the township already uses. */
function nextCode(used: Set<string>, from: number): { code: string; n: number } {
  let n = from
  while (used.has(`v${String(n).padStart(2, '0')}`)) n++
  return { code: `v${String(n).padStart(2, '0')}`, n }
}

/**
 * Villages pasted as a list (批量添加村(居)): each name not yet in the township is added with a generated latin code
 * (v01, v02 …, unique in the township) and its kind from the name; names the township already has are skipped, not
 * refused. All in one transaction; each joins the open campaign in mobilisation, as createVillage's do; one audit
 * row per village. Also the init command's `--villages`.
 */
export async function createVillagesFromList(
  db: DB,
  townshipId: number,
  text: string,
  actor: { actorUserId: number | null; at: Date; ip?: string },
): Promise<{ ok: true; created: { id: number; name: string; code: string }[]; skipped: string[] } | { ok: false; problem: VillageListProblem }> {
  const names = villageNamesOf(text)
  if (names.length === 0) return { ok: false, problem: 'listEmpty' }
  if (names.length > MAX_LISTED_VILLAGES) return { ok: false, problem: 'listTooLong' }
  if (names.some((name) => name.length > MAX_VILLAGE_NAME)) return { ok: false, problem: 'nameTooLong' }
  return db.transaction().execute(async (tx) => {
    const campaign = await getCurrentCampaign(tx, townshipId)
    const existing = await tx.selectFrom('villages').select(['name', 'code', 'sort_order']).where('township_id', '=', townshipId).execute()
    const taken = new Set(existing.map((v) => v.name))
    const used = new Set(existing.map((v) => v.code))
    let order = existing.reduce((max, v) => Math.max(max, Number(v.sort_order)), -1)
    let n = 1
    const created: { id: number; name: string; code: string }[] = []
    const skipped: string[] = []
    for (const name of names) {
      if (taken.has(name)) {
        skipped.push(name)
        continue
      }
      const next = nextCode(used, n)
      used.add(next.code)
      n = next.n + 1
      const id = await insertVillage(tx, townshipId, { name, code: next.code, kind: villageKindOf(name), sortOrder: ++order, leaderUserId: null }, actor)
      created.push({ id, name, code: next.code })
    }
    // villages added while the campaign is open join it in mobilisation; a closed campaign takes no one new
    if (campaign?.status === 'open')
      await enrolVillages(
        tx,
        campaign,
        created.map((v) => v.id),
        actor.at,
      )
    return { ok: true, created, skipped } as const
  })
}
