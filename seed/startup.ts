// What `npm start` does to the database before serving: apply every migration, and on a database that holds
// nothing yet (no county, no township, no account), build the demo township. A database someone began to set up
// with `npm run init` (even a county alone, before its first township) never gets demo data.
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
  const [township, county, user] = await Promise.all([
    db.selectFrom('townships').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('counties').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('users').select('id').limit(1).executeTakeFirst(),
  ])
  if (township || county || user) return { applied, seededDemo: false }
  await seedDemoTownship(db, { today: options.today })
  return { applied, seededDemo: true }
}
