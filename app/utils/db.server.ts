// The app's one database handle. server.ts opens it (and migrates) before serving and leaves it on globalThis,
// so the Remix bundle and the server share one connection instead of opening the file twice.
import { openDatabase, type DB } from '../../db/connection.server'

declare global {
  var __zhenggaitongDb: DB | undefined
}

export function getDb(): DB {
  if (!globalThis.__zhenggaitongDb) globalThis.__zhenggaitongDb = openDatabase().db
  return globalThis.__zhenggaitongDb
}
