// Ticking a phase checklist item (工作清单): with the date it was done, who ticked it, and an optional note.
// Every item carries a version; the tick posts the version it was loaded with, and a tick over a newer save is a
// conflict (app/models/versioned.server.ts) instead of silently overwriting it.
import type { DB } from '../../db/connection.server'
import { addDays, isDay } from '../../workflows/rules/dates'
import { checklistRuleOf } from '../../workflows/template'
import { recordAudit } from './audit.server'
import { assertVersion, casUpdate, describeVersionConflict, VersionConflict, type FieldConflict } from './versioned.server'

export type ChecklistResult =
  | { ok: true }
  /** ruleItem: the data decides this item (its template rule); nobody ticks or reopens it */
  | { ok: false; kind: 'notFound' | 'invalidDate' | 'future' | 'beforeCampaign' | 'otherVillage' | 'ruleItem' }
  /** someone ticked or reopened the item after this page was loaded: nothing written (fields: done, doneOn, note) */
  | { ok: false; kind: 'conflict'; itemId: number; version: number; changes: FieldConflict[] }

/** Preparation may start a month before the campaign's first window (issue 11: not 1900-01-01); no windows: a year back. */
export const CHECKLIST_LEAD_DAYS = 31

async function earliestDoneOn(db: DB, campaignId: number, today: string): Promise<string> {
  const first = await db
    .selectFrom('campaign_phases')
    .select((eb) => eb.fn.min('starts_on').as('start'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst()
  return first?.start ? addDays(first.start, -CHECKLIST_LEAD_DAYS) : addDays(today, -366)
}

export async function setChecklistItem(
  db: DB,
  input: {
    campaignId: number
    villageId: number
    itemId: number
    done: boolean
    doneOn: string
    note: string | null
    actorUserId: number
    today: string
    at: Date
    ip?: string
    /** the item's version the page was loaded with (undefined: no check, for scripts) */
    expectedVersion?: number
  },
): Promise<ChecklistResult> {
  if (input.done && !isDay(input.doneOn)) return { ok: false, kind: 'invalidDate' }
  if (input.done && input.doneOn > input.today) return { ok: false, kind: 'future' }
  if (input.done && input.doneOn < (await earliestDoneOn(db, input.campaignId, input.today))) return { ok: false, kind: 'beforeCampaign' }
  const after = input.done
    ? { done_on: input.doneOn, done_by_user_id: input.actorUserId, note: input.note }
    : { done_on: null, done_by_user_id: null, note: input.note }
  try {
    return await db.transaction().execute(async (tx) => {
      const item = await tx
        .selectFrom('checklist_items')
        .innerJoin('campaigns', 'campaigns.id', 'checklist_items.campaign_id')
        .selectAll('checklist_items')
        .select('campaigns.template_key')
        .where('checklist_items.id', '=', input.itemId)
        .where('checklist_items.campaign_id', '=', input.campaignId)
        .executeTakeFirst()
      if (!item) return { ok: false, kind: 'notFound' } as const
      // an item id of another village in the form: refused, whatever the URL says
      if (item.village_id !== input.villageId) return { ok: false, kind: 'otherVillage' } as const
      if (checklistRuleOf(item.template_key, item.phase, item.item_key)) return { ok: false, kind: 'ruleItem' } as const
      assertVersion(item.version, input.expectedVersion)
      await casUpdate(tx, 'checklist_items', item.id, item.version, { ...after, updated_at: input.at.toISOString() })
      await recordAudit(tx, {
        actorUserId: input.actorUserId,
        action: input.done ? 'checklist.done' : 'checklist.reopen',
        entityType: 'checklist_item',
        entityId: item.id,
        villageId: input.villageId,
        before: { done_on: item.done_on, note: item.note },
        after: { done_on: after.done_on, note: after.note },
        ip: input.ip,
        at: input.at,
      })
      return { ok: true } as const
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const item = await db.selectFrom('checklist_items').select(['id', 'done_on', 'note', 'version']).where('id', '=', input.itemId).executeTakeFirstOrThrow()
    const changes = await describeVersionConflict(db, {
      entityType: 'checklist_item',
      entityId: item.id,
      actions: ['checklist.done', 'checklist.reopen'],
      missed: item.version - (input.expectedVersion ?? item.version),
      theirs: { done: item.done_on !== null, doneOn: item.done_on, note: item.note },
      mine: { done: input.done, doneOn: after.done_on, note: after.note },
      // a tick logs done_on and note before and after: the fields it changed are those that differ
      changedFields: (a, b) => {
        const to = (a ?? {}) as { done_on?: string | null; note?: string | null }
        const from = (b ?? {}) as { done_on?: string | null; note?: string | null }
        const changed: Record<string, unknown> = {}
        if ((to.done_on ?? null) !== (from.done_on ?? null)) Object.assign(changed, { done: to.done_on != null, doneOn: to.done_on ?? null })
        if ((to.note ?? null) !== (from.note ?? null)) changed.note = to.note ?? null
        return changed
      },
    })
    return { ok: false, kind: 'conflict', itemId: item.id, version: item.version, changes }
  }
}
