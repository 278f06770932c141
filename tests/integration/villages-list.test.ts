import { describe, expect, it } from 'vitest'
import { createVillage, createVillagesFromList } from '../../app/models/villages.server'
import { DEMO_AT } from '../support/demo'
import { countRows, useDemoDatabase } from '../support/factories'

// 清河镇 (the demo township) has an open campaign: villages pasted as a list join it
const t = useDemoDatabase()
const actor = () => ({ actorUserId: t.userId('admin'), at: DEMO_AT })

async function villageRows(names: string[]) {
  return t.db.selectFrom('villages').select(['id', 'name', 'code', 'kind']).where('township_id', '=', t.townshipId).where('name', 'in', names).execute()
}

describe('an administrator pastes a list of villages', () => {
  it('adds each name once, from lines, commas and 顿号, with generated codes that skip the ones in use, a community by its name', async () => {
    // a village already holds the code v01: the series goes on from v02
    expect(await createVillage(t.db, t.townshipId, { name: '一号村', code: 'v01', kind: 'village', leaderUserId: null }, actor())).toMatchObject({ ok: true })
    const result = await createVillagesFromList(t.db, t.townshipId, '东岗村\n 西岗村 ,南岗村，北岗村、东岗村\r\n\n新华社区,', actor())
    expect(result).toMatchObject({ ok: true, skipped: [] })
    if (!result.ok) return
    expect(result.created.map((v) => [v.name, v.code])).toEqual([
      ['东岗村', 'v02'],
      ['西岗村', 'v03'],
      ['南岗村', 'v04'],
      ['北岗村', 'v05'],
      ['新华社区', 'v06'],
    ])
    const rows = await villageRows(['东岗村', '西岗村', '南岗村', '北岗村', '新华社区'])
    expect(rows).toHaveLength(5)
    expect(rows.find((v) => v.name === '新华社区')?.kind).toBe('community')
    expect(rows.find((v) => v.name === '东岗村')?.kind).toBe('village')
    // one audit row per village
    const audited = await t.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'village.create')
      .where(
        'entity_id',
        'in',
        result.created.map((v) => v.id),
      )
      .execute()
    expect(audited).toHaveLength(5)
  })

  it('joins every new village to the open campaign in mobilisation, with its checklist', async () => {
    const result = await createVillagesFromList(t.db, t.townshipId, '前进村\n胜利村', actor())
    if (!result.ok) throw new Error(result.problem)
    for (const village of result.created) {
      const workflow = await t.db
        .selectFrom('village_workflows')
        .select(['campaign_id', 'phase'])
        .where('village_id', '=', village.id)
        .executeTakeFirstOrThrow()
      expect(workflow).toEqual({ campaign_id: t.campaignId, phase: 'mobilisation' })
      const items = await t.db.selectFrom('checklist_items').select('item_key').where('village_id', '=', village.id).execute()
      expect(items.length).toBeGreaterThanOrEqual(4)
    }
  })

  it('skips the names the township already has and says which, without refusing the others', async () => {
    const result = await createVillagesFromList(t.db, t.townshipId, '东风村、红星村、和平村', actor())
    expect(result).toMatchObject({ ok: true, skipped: ['东风村', '红星村'] })
    if (result.ok) expect(result.created.map((v) => v.name)).toEqual(['和平村'])
    expect(await villageRows(['东风村'])).toHaveLength(1)
  })

  it('adds nothing when every name is there already', async () => {
    const before = await countRows(t.db, 'villages')
    expect(await createVillagesFromList(t.db, t.townshipId, '东风村\n和平村', actor())).toEqual({ ok: true, created: [], skipped: ['东风村', '和平村'] })
    expect(await countRows(t.db, 'villages')).toBe(before)
  })

  it('refuses an empty list, more than 100 names and a name over 30 characters, and writes nothing', async () => {
    const before = await countRows(t.db, 'villages')
    expect(await createVillagesFromList(t.db, t.townshipId, ' \n，、 ', actor())).toEqual({ ok: false, problem: 'listEmpty' })
    const many = Array.from({ length: 101 }, (_, i) => `第${i + 1}村`).join('\n')
    expect(await createVillagesFromList(t.db, t.townshipId, many, actor())).toEqual({ ok: false, problem: 'listTooLong' })
    expect(await createVillagesFromList(t.db, t.townshipId, `长名村\n${'长'.repeat(31)}`, actor())).toEqual({ ok: false, problem: 'nameTooLong' })
    expect(await countRows(t.db, 'villages')).toBe(before)
  })

  it('takes exactly 100 names, each with its own code', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `百村${i + 1}号`)
    const result = await createVillagesFromList(t.db, t.townshipId, names.join('、'), actor())
    if (!result.ok) throw new Error(result.problem)
    expect(result.created).toHaveLength(100)
    const codes = await t.db.selectFrom('villages').select('code').where('township_id', '=', t.townshipId).execute()
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length)
  })
})
