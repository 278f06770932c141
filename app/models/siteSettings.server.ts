// Text an administrator sets for everyone (site_settings), today the login page's 忘记密码 contact (issue 17).
// Versioned: a save names the version it was edited from (0: none saved yet), and a stale save is a conflict with
// what the other person saved, never a silent overwrite. Every save is audited (siteSetting.update).
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { casUpdate, inTransaction, VersionConflict, type Actor } from './versioned.server'

export const SITE_SETTING_KEYS = ['loginHelp'] as const
export type SiteSettingKey = (typeof SITE_SETTING_KEYS)[number]

export interface SiteSetting {
  value: string
  /** 0 while none is saved */
  version: number
  updatedByName: string | null
  updatedAt: string | null
}

export async function getSiteSetting(db: DB, key: SiteSettingKey): Promise<SiteSetting> {
  const row = await db
    .selectFrom('site_settings')
    .leftJoin('users', 'users.id', 'site_settings.updated_by_user_id')
    .select(['site_settings.value', 'site_settings.version', 'site_settings.updated_at', 'users.display_name as updatedByName'])
    .where('site_settings.key', '=', key)
    .executeTakeFirst()
  return row
    ? { value: row.value, version: row.version, updatedByName: row.updatedByName, updatedAt: row.updated_at }
    : { value: '', version: 0, updatedByName: null, updatedAt: null }
}

export type SaveSettingResult = { ok: true; version: number } | { ok: false; kind: 'conflict'; current: SiteSetting }

/** Save the text (empty: back to the default) if it is still at `expectedVersion`. */
export async function saveSiteSetting(
  db: DB,
  q: { key: SiteSettingKey; value: string; expectedVersion: number; actor: Actor; townshipId?: number | null },
): Promise<SaveSettingResult> {
  try {
    const version = await inTransaction(db, async (tx) => {
      const row = await tx.selectFrom('site_settings').select(['id', 'value', 'version']).where('key', '=', q.key).executeTakeFirst()
      const at = q.actor.at.toISOString()
      if (!row) {
        if (q.expectedVersion !== 0) throw new VersionConflict()
        const inserted = await tx
          .insertInto('site_settings')
          .values({ key: q.key, value: q.value, version: 1, updated_by_user_id: q.actor.userId, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
        await audit(tx, q, inserted.id, null)
        return 1
      }
      await casUpdate(tx, 'site_settings', row.id, q.expectedVersion, { value: q.value, updated_by_user_id: q.actor.userId, updated_at: at })
      await audit(tx, q, row.id, row.value)
      return row.version + 1
    })
    return { ok: true, version }
  } catch (error) {
    // a stale version, or two first saves at once (the key is unique)
    if (error instanceof VersionConflict || /unique|duplicate/i.test(String(error)))
      return { ok: false, kind: 'conflict', current: await getSiteSetting(db, q.key) }
    throw error
  }
}

function audit(tx: Parameters<typeof recordAudit>[0], q: { key: SiteSettingKey; value: string; actor: Actor }, id: number, before: string | null) {
  return recordAudit(tx, {
    actorUserId: q.actor.userId,
    action: 'siteSetting.update',
    entityType: 'siteSetting',
    entityId: id,
    // named by the setting (one key today: a second gets its own field and label in app/i18n/zh-CN/history.ts)
    before: before === null ? undefined : { loginHelp: before },
    after: { loginHelp: q.value },
    ip: q.actor.ip ?? null,
    at: q.actor.at,
  })
}
