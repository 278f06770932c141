import { describe, expect, it } from 'vitest'
import { applyVillageEvent, getWorkflowHistory, getWorkflowView, type ApplyRequest } from '../../app/models/workflow.server'
import { applyEvent, initialSnapshot, stateKey, type CampaignEvent } from '../../workflows/campaignMachine'
import { DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const TODAY = DEMO_TODAY
const t = useDemoDatabase()
const { villages } = t

const request = (village: string, over: Partial<ApplyRequest>): ApplyRequest => ({
  campaignId: t.campaignId,
  villageId: villages.get(village)!,
  type: 'COMPLETE_MOBILISATION',
  actorUserId: t.userId('leader'),
  at: new Date('2026-11-29T03:00:00Z'),
  today: TODAY,
  ...over,
})

async function workflowRow(village: string) {
  return t.db.selectFrom('village_workflows').selectAll().where('village_id', '=', villages.get(village)!).executeTakeFirstOrThrow()
}
async function eventCount(village: string) {
  const wf = await workflowRow(village)
  return (await t.db.selectFrom('workflow_events').select('id').where('workflow_id', '=', wf.id).execute()).length
}

describe('applying workflow events to a village', () => {
  it('refuses a self-inspection report below full coverage and changes nothing', async () => {
    const before = await workflowRow('大孙庄村')
    const events = await eventCount('大孙庄村')
    const result = await applyVillageEvent(
      t.db,
      request('大孙庄村', { type: 'SUBMIT_SELF_INSPECTION', actorUserId: t.userId('dasunzhuang'), expectedVersion: before.version }),
    )
    expect(result).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'coverageIncomplete' } })
    expect(await workflowRow('大孙庄村')).toEqual(before)
    expect(await eventCount('大孙庄村')).toBe(events)
  })

  it('sends a village back with the reason, records who did it, and moves it forward again', async () => {
    const before = await workflowRow('大孙庄村')
    const back = await applyVillageEvent(
      t.db,
      request('大孙庄村', { type: 'SEND_BACK', input: { reason: '动员部署材料不全，重新组织' }, expectedVersion: before.version }),
    )
    expect(back).toEqual({ ok: true, from: 'fullInspection.selfInspecting', to: 'mobilisation', version: before.version + 1 })
    const view = await getWorkflowView(t.db, t.campaignId, villages.get('大孙庄村')!)
    expect(view).toMatchObject({ state: 'mobilisation', lastSendBackReason: '动员部署材料不全，重新组织' })
    expect((await workflowRow('大孙庄村')).phase_entered_on).toBe(TODAY)

    const forward = await applyVillageEvent(
      t.db,
      request('大孙庄村', { type: 'COMPLETE_MOBILISATION', actorUserId: t.userId('dasunzhuang'), expectedVersion: before.version + 1 }),
    )
    expect(forward).toMatchObject({ ok: true, to: 'fullInspection.selfInspecting' })
    const history = await getWorkflowHistory(t.db, t.campaignId, villages.get('大孙庄村')!)
    expect(history.slice(-2).map((h) => [h.eventType, h.actorName])).toEqual([
      ['SEND_BACK', '周建国'],
      ['COMPLETE_MOBILISATION', '马翠花'],
    ])
  })

  it('keeps a village in mobilisation while a checklist item is open', async () => {
    const wf = await workflowRow('张庄村')
    await applyVillageEvent(t.db, request('张庄村', { type: 'SEND_BACK', input: { reason: '方案需重新制定' }, expectedVersion: wf.version }))
    await t.db
      .updateTable('checklist_items')
      .set({ done_on: null, done_by_user_id: null })
      .where('village_id', '=', villages.get('张庄村')!)
      .where('item_key', '=', 'hotline')
      .execute()
    const result = await applyVillageEvent(t.db, request('张庄村', { type: 'COMPLETE_MOBILISATION', expectedVersion: wf.version + 1 }))
    expect(result).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'checklistIncomplete', params: { open: 1 } } })
  })

  it('lets exactly one of two people acting on the same version win; the other gets a conflict', async () => {
    const wf = await workflowRow('河西村')
    const [a, b] = await Promise.all([
      applyVillageEvent(t.db, request('河西村', { type: 'SEND_BACK', input: { reason: '甲：排查不彻底' }, expectedVersion: wf.version })),
      applyVillageEvent(t.db, request('河西村', { type: 'SEND_BACK', input: { reason: '乙：资料不全' }, expectedVersion: wf.version })),
    ])
    const results = [a, b]
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.kind === 'conflict')).toHaveLength(1)
    expect((await workflowRow('河西村')).version).toBe(wf.version + 1)
    expect(await eventCount('河西村')).toBe(wf.version + 1)
  })

  it('replays every village history to the stored state', async () => {
    for (const [, villageId] of villages) {
      const wf = await t.db.selectFrom('village_workflows').selectAll().where('village_id', '=', villageId).executeTakeFirstOrThrow()
      const history = await getWorkflowHistory(t.db, t.campaignId, villageId)
      let snapshot = initialSnapshot()
      for (const h of history) {
        const r = applyEvent(snapshot, { type: h.eventType, ...h.payload } as CampaignEvent)
        expect(r.accepted).toBe(true)
        if (r.accepted) snapshot = r.snapshot
      }
      expect(stateKey(snapshot)).toBe(wf.state)
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1))
    }
  })

  it('refuses to act on a snapshot written by an unknown machine version, with nothing changed', async () => {
    const villageId = villages.get('新华村')!
    await t.db.updateTable('village_workflows').set({ machine_version: 99 }).where('village_id', '=', villageId).execute()
    const before = await workflowRow('新华村')
    const result = await applyVillageEvent(t.db, request('新华村', { type: 'COMPLETE_SUPERVISION' }))
    expect(result).toEqual({ ok: false, kind: 'outdatedSnapshot', storedVersion: 99 })
    expect(await workflowRow('新华村')).toEqual(before)
    expect(await getWorkflowView(t.db, t.campaignId, villageId)).toMatchObject({ outdatedSnapshot: 99, handled: [] })
  })

  it('lets a zero-report village with its key inspection done leave supervision, but not one without', async () => {
    const hedong = await applyVillageEvent(t.db, request('河东村', { type: 'COMPLETE_SUPERVISION' }))
    expect(hedong).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'keyInspectionMissing' } })
    const wangjia = await applyVillageEvent(t.db, request('王家庄村', { type: 'COMPLETE_SUPERVISION' }))
    expect(wangjia).toMatchObject({ ok: true, to: 'summary.rectifying' })
  })
})
