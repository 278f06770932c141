// The small look-ups the township administrator's pages need (their name, the villages to choose from, the leaders
// who may lead a village), kept here so the admin routes run no query of their own (ADR 001).
import type { DB } from '../../db/connection.server'

export async function getTownshipName(db: DB, townshipId: number): Promise<string> {
  const township = await db.selectFrom('townships').select('name').where('id', '=', townshipId).executeTakeFirstOrThrow()
  return township.name
}

/** The township's villages, in their order, for a 所属村 choice. */
export async function listVillageChoices(db: DB, townshipId: number) {
  return db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', townshipId).orderBy('sort_order').execute()
}

/** The township's active leaders (包村领导), by name, for a village's leader choice. */
export async function listActiveLeaders(db: DB, townshipId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('township_id', '=', townshipId)
    .where('role', '=', 'leader')
    .where('active', '=', 1)
    .orderBy('display_name')
    .execute()
}
