import { describe, expect, it } from 'vitest'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { createVillage } from '../../app/models/villages.server'
import { applyVillageEvent } from '../../app/models/workflow.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

describe('an administrator adds a village', () => {
  it('joins it to the current campaign in mobilisation, with its checklists, ready for work', async () => {
    const actor = { actorUserId: t.users.get('admin')!, at: DEMO_AT }
    const result = await createVillage(t.db, t.townshipId, { name: '前进村', code: 'qianjin', kind: 'village', leaderUserId: t.users.get('leader')! }, actor)
    expect(result).toMatchObject({ ok: true })
    if (!result.ok) return
    const overview = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER)
    expect(overview.villages.map((v) => v.name).at(-1)).toBe('前进村')
    const items = await t.db.selectFrom('checklist_items').select('item_key').where('village_id', '=', result.villageId).execute()
    expect(items.length).toBeGreaterThanOrEqual(5)
    // its mobilisation checklist is open, so the machine keeps it in mobilisation
    const refused = await applyVillageEvent(t.db, {
      campaignId: t.campaignId,
      villageId: result.villageId,
      type: 'COMPLETE_MOBILISATION',
      actorUserId: null,
      at: DEMO_AT,
      today: DEMO_TODAY,
    })
    expect(refused).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'checklistIncomplete' } })
  })

  it('refuses a name or code the township already uses, and a bad code', async () => {
    const actor = { actorUserId: t.users.get('admin')!, at: DEMO_AT }
    expect(await createVillage(t.db, t.townshipId, { name: '东风村', code: 'dongfeng2', kind: 'village', leaderUserId: null }, actor)).toEqual({
      ok: false,
      problem: 'nameTaken',
    })
    expect(await createVillage(t.db, t.townshipId, { name: '东风二村', code: 'dongfeng', kind: 'village', leaderUserId: null }, actor)).toEqual({
      ok: false,
      problem: 'codeTaken',
    })
    expect(await createVillage(t.db, t.townshipId, { name: '东风三村', code: 'Dong Feng', kind: 'village', leaderUserId: null }, actor)).toEqual({
      ok: false,
      problem: 'codeInvalid',
    })
  })
})

describe('the day a new village enters mobilisation', () => {
  /** The administrator adds a village at a moment; its workflow's row. */
  async function addedAt(name: string, code: string, at: Date) {
    const result = await createVillage(t.db, t.townshipId, { name, code, kind: 'village', leaderUserId: null }, { actorUserId: t.users.get('admin')!, at })
    if (!result.ok) throw new Error(result.problem)
    return t.db.selectFrom('village_workflows').select('phase_entered_on').where('village_id', '=', result.villageId).executeTakeFirstOrThrow()
  }

  // issue 11, finding 16: the UTC date was stored, so a village added at 00:30 in Shanghai entered "yesterday"
  it('is the Shanghai day at 00:30 in Shanghai (still the day before in UTC)', async () => {
    const row = await addedAt('凌晨村', 'lingchen', new Date('2026-11-30T16:30:00Z'))
    expect(row.phase_entered_on).toBe('2026-12-01')
  })

  it('is the Shanghai day at 23:30 in Shanghai', async () => {
    const row = await addedAt('深夜村', 'shenye', new Date('2026-11-30T15:30:00Z'))
    expect(row.phase_entered_on).toBe('2026-11-30')
  })
})
