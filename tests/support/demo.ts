// A fresh database holding the demo township (seed/demo.ts) for one test file, with the ids tests look up by name.
import { seedDemoTownship } from '../../seed/demo'
import { createTestDatabase, type TestDatabase } from './database'

export const DEMO_TODAY = '2026-11-29'
export const DEMO_AT = new Date('2026-11-29T03:00:00Z')

export interface DemoDatabase extends TestDatabase {
  campaignId: number
  townshipId: number
  /** village name → id */
  villages: Map<string, number>
  /** username → id */
  users: Map<string, number>
  /** username → display name */
  names: Map<string, string>
}

export async function createDemoDatabase(): Promise<DemoDatabase> {
  const t = await createTestDatabase()
  await seedDemoTownship(t.db, { today: DEMO_TODAY, bcryptCost: 4 })
  const campaign = await t.db.selectFrom('campaigns').select(['id', 'township_id']).executeTakeFirstOrThrow()
  const villages = new Map<string, number>()
  const users = new Map<string, number>()
  const names = new Map<string, string>()
  for (const v of await t.db.selectFrom('villages').select(['id', 'name']).execute()) villages.set(v.name, v.id)
  for (const u of await t.db.selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
    users.set(u.username, u.id)
    names.set(u.username, u.display_name)
  }
  return { ...t, campaignId: campaign.id, townshipId: campaign.township_id, villages, users, names }
}
