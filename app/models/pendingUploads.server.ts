// An uploaded file waiting for its confirm (the roster, the account list): kept under a random token, tied to the
// user and township that uploaded it, for UPLOAD_LIFETIME_HOURS. One store for both kinds, each in its own table so
// neither import page can find the other's files.
import crypto from 'node:crypto'
import type { DB } from '../../db/connection.server'
import { sha256, UPLOAD_LIFETIME_HOURS } from './rosterImport/preview.server'

export type PendingUploadTable = 'roster_import_uploads' | 'account_import_uploads'

export interface PendingFile {
  name: string
  content: Uint8Array
}

/** Keep the file and answer its token; expired uploads go, and a user keeps five at most. */
export async function storePendingUpload(
  db: DB,
  table: PendingUploadTable,
  req: { userId: number; townshipId: number; file: PendingFile; at: Date },
): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url')
  const at = req.at.toISOString()
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom(table).where('expires_at', '<', at).execute()
    const older = await tx.selectFrom(table).select('token').where('user_id', '=', req.userId).orderBy('created_at', 'desc').offset(4).limit(100).execute()
    if (older.length)
      await tx
        .deleteFrom(table)
        .where(
          'token',
          'in',
          older.map((o) => o.token),
        )
        .execute()
    await tx
      .insertInto(table)
      .values({
        token,
        user_id: req.userId,
        township_id: req.townshipId,
        file_name: req.file.name,
        file_size: req.file.content.byteLength,
        file_sha256: sha256(req.file.content),
        content: Buffer.from(req.file.content),
        created_at: at,
        expires_at: new Date(req.at.getTime() + UPLOAD_LIFETIME_HOURS * 3600_000).toISOString(),
      })
      .execute()
  })
  return token
}

/** The user's own upload, if it is still there. Someone else's token finds nothing. */
export async function findPendingUpload(
  db: DB,
  table: PendingUploadTable,
  req: { token: string; userId: number; townshipId: number; at: Date },
): Promise<{ token: string; file: PendingFile } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(req.token)) return null
  const row = await db
    .selectFrom(table)
    .select(['token', 'file_name', 'content'])
    .where('token', '=', req.token)
    .where('user_id', '=', req.userId)
    .where('township_id', '=', req.townshipId)
    .where('expires_at', '>', req.at.toISOString())
    .executeTakeFirst()
  return row ? { token: row.token, file: { name: row.file_name, content: new Uint8Array(row.content) } } : null
}
