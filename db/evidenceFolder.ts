// Where a SQLite deployment keeps its evidence files (佐证材料), for the app (app/models/evidence/storage.server.ts)
// and the backup (db/backup.ts) alike: EVIDENCE_DIR, or `evidence` beside the database file; one file per sha256
// under a folder named by its first two hex digits.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function evidenceFolderBeside(databaseFile: string): string {
  if (process.env.EVIDENCE_DIR) return path.resolve(process.env.EVIDENCE_DIR)
  return path.join(path.dirname(path.resolve(databaseFile)), 'evidence')
}

export function evidencePathIn(folder: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256')
  return path.join(folder, sha256.slice(0, 2), sha256)
}

export function sha256OfFile(file: string): string | null {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
  } catch {
    return null
  }
}

/** Write `content` as `file` through a temp file in the same folder and a rename: never half a file under its name. */
export function writeFileAtomically(file: string, content: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  const fd = fs.openSync(temp, 'wx', 0o600)
  try {
    fs.writeSync(fd, content)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(temp, file)
}
