// Where an evidence file's bytes live: once per sha256, whichever record (or how many) they are attached to.
// - SQLite: a file under the data directory, beside the database file: <db dir>/evidence/<first 2 hex>/<sha256>,
//   written to a temp file in the same folder and renamed, so a crash never leaves half a file under the final name.
//   EVIDENCE_DIR overrides the folder. `npm run backup` copies the folder (db/backup.ts).
// - PostgreSQL: the evidence_blobs table (it goes with pg_dump).
// Never under public/ or the build: the bytes are only ever served by app/routes/evidence_.$evidenceId.tsx.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PostgresAdapter, sql } from 'kysely'
import type { DB } from '../../../db/connection.server'
import { evidenceFolderBeside, evidencePathIn } from '../../../db/evidenceFolder'
import type { Tx } from '../versioned.server'

export function sha256Hex(content: Uint8Array): string {
  return crypto.createHash('sha256').update(content).digest('hex')
}

export function isPostgres(db: DB | Tx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

const folders = new WeakMap<object, string>()

/** The folder of a SQLite database's evidence files: EVIDENCE_DIR, or `evidence` beside the database file. */
export async function evidenceFolderOf(db: DB): Promise<string> {
  if (process.env.EVIDENCE_DIR) return path.resolve(process.env.EVIDENCE_DIR)
  const known = folders.get(db)
  if (known) return known
  // the handle knows its file: PRAGMA database_list names it (a test's temp file, DATABASE_URL, data/app.db)
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db)
  const main = rows.find((r) => r.name === 'main')?.file
  if (!main) throw new Error('evidence files need a SQLite database on disk (or EVIDENCE_DIR)')
  const folder = evidenceFolderBeside(main)
  folders.set(db, folder)
  return folder
}

/** Keep the bytes under their hash unless they are already kept. Call before the row that names them is committed. */
export async function putEvidenceBytes(db: DB, sha256: string, content: Uint8Array): Promise<void> {
  if (isPostgres(db)) {
    await db
      .insertInto('evidence_blobs')
      .values({ sha256, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute()
    return
  }
  const file = evidencePathIn(await evidenceFolderOf(db), sha256)
  if (fs.existsSync(file) && fs.statSync(file).size === content.byteLength) return
  await fs.promises.mkdir(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  const handle = await fs.promises.open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await fs.promises.rename(temp, file)
}

/** The bytes kept under this hash, or null when they are missing (a restore without its evidence folder). */
export async function readEvidenceBytes(db: DB, sha256: string): Promise<Uint8Array | null> {
  if (isPostgres(db)) {
    const row = await db.selectFrom('evidence_blobs').select('content').where('sha256', '=', sha256).executeTakeFirst()
    return row ? new Uint8Array(row.content) : null
  }
  try {
    return new Uint8Array(await fs.promises.readFile(evidencePathIn(await evidenceFolderOf(db), sha256)))
  } catch {
    return null
  }
}
