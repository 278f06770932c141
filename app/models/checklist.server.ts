// Ticking a phase checklist item (工作清单): with the date it was done, who ticked it, and an optional note.
import type { DB } from '../../db/connection.server'
import { isDay } from '../../workflows/rules/dates'
import { recordAudit } from './audit.server'

export type ChecklistResult = { ok: true } | { ok: false; kind: 'notFound' | 'invalidDate' | 'future' | 'otherVillage' }

export async function setChecklistItem(
  db: DB,
  input: { campaignId: number; villageId: number; itemId: number; done: boolean; doneOn: string; note: string | null; actorUserId: number; today: string; at: Date; ip?: string },
): Promise<ChecklistResult> {
  if (input.done && !isDay(input.doneOn)) return { ok: false, kind: 'invalidDate' }
  if (input.done && input.doneOn > input.today) return { ok: false, kind: 'future' }
  return db.transaction().execute(async (tx) => {
    const item = await tx
      .selectFrom('checklist_items')
      .selectAll()
      .where('id', '=', input.itemId)
      .where('campaign_id', '=', input.campaignId)
      .executeTakeFirst()
    if (!item) return { ok: false, kind: 'notFound' } as const
    // an item id of another village in the form: refused, whatever the URL says
    if (item.village_id !== input.villageId) return { ok: false, kind: 'otherVillage' } as const
    const after = input.done
      ? { done_on: input.doneOn, done_by_user_id: input.actorUserId, note: input.note }
      : { done_on: null, done_by_user_id: null, note: input.note }
    await tx.updateTable('checklist_items').set({ ...after, updated_at: input.at.toISOString() }).where('id', '=', item.id).execute()
    await recordAudit(tx, {
      actorUserId: input.actorUserId, action: input.done ? 'checklist.done' : 'checklist.reopen', entityType: 'checklist_item', entityId: item.id,
      villageId: input.villageId, before: { done_on: item.done_on, note: item.note }, after: { done_on: after.done_on, note: after.note }, ip: input.ip, at: input.at,
    })
    return { ok: true } as const
  })
}
