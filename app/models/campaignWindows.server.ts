// Editing a campaign's phase windows (leader, admin). Validation is the pure rule in workflows/rules/windows.ts.
// Every window row carries a version; the form posts the windows' version (the highest of the rows) it was loaded
// with, and a save over a newer one is a conflict (app/models/versioned.server.ts) instead of a lost update.
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { assertVersion, casUpdate, describeVersionConflict, VersionConflict, type FieldConflict } from './versioned.server'
import { validateWindows, type WindowInput, type WindowProblem } from '../../workflows/rules/windows'

export type SaveWindowsResult =
  | { ok: true }
  | { ok: false; problems: WindowProblem[] }
  /** someone saved the windows after this form was loaded: nothing written; fields are 'phase.starts_on' … */
  | { ok: false; conflict: { version: number; changes: FieldConflict[] } }

/** The version of a campaign's windows as a form must post it back: the highest of its rows. */
export async function campaignWindowsVersion(db: DB, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('campaign_phases')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst()
  return Number(row?.version ?? 0)
}

type WindowRow = { phase: string; starts_on: string; ends_on: string }
const flatten = (windows: WindowRow[]): Record<string, string> =>
  Object.fromEntries(
    windows.flatMap((w) => [
      [`${w.phase}.starts_on`, w.starts_on],
      [`${w.phase}.ends_on`, w.ends_on],
    ]),
  )

/**
 * Replace every window of the campaign in one transaction; invalid input changes nothing. `expectedVersion`: the
 * windows' version the form was loaded with (undefined: no check, for scripts).
 */
export async function saveCampaignWindows(
  db: DB,
  campaignId: number,
  windows: WindowInput[],
  who: { actorUserId: number | null; at: Date; ip?: string },
  expectedVersion?: number,
): Promise<SaveWindowsResult> {
  const problems = validateWindows(windows)
  if (problems.length) return { ok: false, problems }
  try {
    await db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('campaign_phases')
        .select(['id', 'phase', 'starts_on', 'ends_on', 'version'])
        .where('campaign_id', '=', campaignId)
        .orderBy('sort_order')
        .execute()
      const current = Math.max(0, ...before.map((w) => w.version))
      assertVersion(current, expectedVersion)
      for (const w of windows) {
        const row = before.find((b) => b.phase === w.phase)
        // compare-and-set on each row's own version: a concurrent save of the same windows leaves nothing to update
        if (row) await casUpdate(tx, 'campaign_phases', row.id, row.version, { starts_on: w.starts_on, ends_on: w.ends_on })
      }
      await recordAudit(tx, {
        actorUserId: who.actorUserId,
        action: 'campaign.windows',
        entityType: 'campaign',
        entityId: campaignId,
        before: before.map(({ phase, starts_on, ends_on }) => ({ phase, starts_on, ends_on })),
        after: windows,
        ip: who.ip,
        at: who.at,
      })
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const stored = await db
      .selectFrom('campaign_phases')
      .select(['phase', 'starts_on', 'ends_on'])
      .where('campaign_id', '=', campaignId)
      .orderBy('sort_order')
      .execute()
    const version = await campaignWindowsVersion(db, campaignId)
    const changes = await describeVersionConflict(db, {
      entityType: 'campaign',
      entityId: campaignId,
      actions: ['campaign.windows'],
      missed: version - (expectedVersion ?? version),
      theirs: flatten(stored),
      mine: flatten(windows),
      // a windows save logs every window before and after: the fields it changed are those that differ
      changedFields: (after, before) => {
        const a = flatten(Array.isArray(after) ? (after as WindowRow[]) : [])
        const b = flatten(Array.isArray(before) ? (before as WindowRow[]) : [])
        return Object.fromEntries(Object.entries(a).filter(([k, v]) => b[k] !== v))
      },
    })
    return { ok: false, conflict: { version, changes } }
  }
  return { ok: true }
}
