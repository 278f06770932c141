// What `npm start` does to the database before serving: apply every migration, and on a database that holds
// no township yet, build the demo township. A database that already holds a township never gets demo data.
import type { DB } from '../db/connection.server'
import { migrateToLatest } from '../db/connection.server'
import { seedDemoTownship } from './demo'

export interface PreparedDatabase {
  applied: string[]
  seededDemo: boolean
}

export async function prepareDatabase(db: DB, options: { today: string; seedDemo: boolean }): Promise<PreparedDatabase> {
  const applied = await migrateToLatest(db)
  if (!options.seedDemo) return { applied, seededDemo: false }
  const existing = await db.selectFrom('townships').select('id').limit(1).executeTakeFirst()
  if (existing) return { applied, seededDemo: false }
  await seedDemoTownship(db, { today: options.today })
  return { applied, seededDemo: true }
}
