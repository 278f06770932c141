// 举报电话 of a township: set by its administrator (versioned, audited), printed on every notice (公示). A notice is
// not published without one (approvalNotice.server.ts).
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { casUpdate, VersionConflict, type DbOrTx } from './versioned.server'

/** Digits and '-', at most 20 characters, at least 5 digits (12345, 12349 are hotlines), not starting or ending with '-'. */
export function isReportPhone(value: string): boolean {
  return /^[0-9](?:[0-9-]{0,18}[0-9])?$/.test(value) && !value.includes('--') && value.replace(/-/g, '').length >= 5
}

/** Full-width digits and dashes typed on a Chinese keyboard become ASCII; spaces are dropped. */
export function normaliseReportPhone(value: string): string {
  return value
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, '-')
    .replace(/\s+/g, '')
}

export interface TownshipReportPhone {
  townshipId: number
  township: string
  phone: string | null
  version: number
}

export async function getTownshipReportPhone(db: DbOrTx, townshipId: number): Promise<TownshipReportPhone> {
  const row = await db.selectFrom('townships').select(['id', 'name', 'report_phone', 'version']).where('id', '=', townshipId).executeTakeFirstOrThrow()
  return { townshipId: row.id, township: row.name, phone: row.report_phone, version: row.version }
}

export type SaveReportPhoneResult =
  | { ok: true; version: number }
  | { ok: false; kind: 'invalid'; problem: 'required' | 'format' }
  | { ok: false; kind: 'conflict'; current: TownshipReportPhone; by: string | null; at: string | null }

/** Save the township's 举报电话 on the version the form was loaded with; one audit row (township.reportPhone). */
export async function saveTownshipReportPhone(
  db: DB,
  req: { townshipId: number; phone: string; expectedVersion: number; actor: { id: number }; at: Date; ip?: string | null },
): Promise<SaveReportPhoneResult> {
  const phone = normaliseReportPhone(req.phone)
  if (phone === '') return { ok: false, kind: 'invalid', problem: 'required' }
  if (!isReportPhone(phone)) return { ok: false, kind: 'invalid', problem: 'format' }
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await getTownshipReportPhone(tx, req.townshipId)
      if (current.version !== req.expectedVersion) throw new VersionConflict()
      if (current.phone === phone) return { ok: true as const, version: current.version }
      await casUpdate(tx, 'townships', req.townshipId, req.expectedVersion, { report_phone: phone })
      await recordAudit(tx, {
        actorUserId: req.actor.id,
        action: 'township.reportPhone',
        entityType: 'township',
        entityId: req.townshipId,
        townshipId: req.townshipId,
        before: { reportPhone: current.phone },
        after: { reportPhone: phone },
        ip: req.ip,
        at: req.at,
      })
      return { ok: true as const, version: current.version + 1 }
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const current = await getTownshipReportPhone(db, req.townshipId)
    const last = await db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['users.display_name', 'audit_log.occurred_at'])
      .where('audit_log.entity_type', '=', 'township')
      .where('audit_log.entity_id', '=', req.townshipId)
      .where('audit_log.action', '=', 'township.reportPhone')
      .orderBy('audit_log.id', 'desc')
      .executeTakeFirst()
    return { ok: false, kind: 'conflict', current, by: last?.display_name ?? null, at: last?.occurred_at ?? null }
  }
}
