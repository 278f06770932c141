// The end every import command shares (import:roster, import:ledger, import:crosscheck): open the app's database
// (DATABASE_URL, default data/app.db), migrate, run the import, print its JSON summary and exit with its code; an
// unexpected error exits 1.
import { migrateToLatest, openDatabase, type DB } from '../db/connection.server'

export async function runImportCommand(run: (db: DB) => Promise<{ summary: unknown; exitCode: number }>): Promise<void> {
  // one file, read once: its worker thread ends as soon as it has answered instead of being kept warm
  process.env.WORKER_IDLE_MS ??= '0'
  const { db } = openDatabase()
  try {
    await migrateToLatest(db)
    const { summary, exitCode } = await run(db)
    console.log(JSON.stringify(summary, null, 2))
    process.exitCode = exitCode
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  } finally {
    await db.destroy()
  }
}
