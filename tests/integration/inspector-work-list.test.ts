// 我的待办 (issue 17): an inspector's and a 包村干部's open work from the demo township — answers waiting for 核验,
// villages in 检查督导 without a visit, zero-report villages without a key inspection, their own findings not yet
// 销号, reports not yet verified — each with its deadline and the page where it is done; a 包村干部 only his villages.
import { describe, expect, it } from 'vitest'
import { listInspectorWork } from '../../app/models/inspectorWorkList.server'
import { navCountsFor } from '../../app/models/navCounts.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import { DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

function viewer(username: string, role: CurrentUser['role']) {
  return { id: t.userId(username), role, townshipId: t.townshipId } as const
}

describe('我的待办', () => {
  it('lists for the inspector the answer of 柳树屯村 to verify, and 河东村 waiting for its key inspection, each with a deadline and a link', async () => {
    const items = await listInspectorWork(t.db, viewer('inspector', 'inspector'), DEMO_TODAY)
    const order = await t.db
      .selectFrom('rectification_orders')
      .select(['id', 'deadline_on'])
      .where('village_id', '=', t.village('柳树屯村'))
      .executeTakeFirstOrThrow()
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'answerToVerify',
        villageName: '柳树屯村',
        recordId: order.id,
        deadlineOn: order.deadline_on,
        path: `/villages/${t.village('柳树屯村')}/orders/${order.id}`,
      }),
    )
    const keyInspections = items.filter((i) => i.kind === 'keyInspection').map((i) => i.villageName)
    expect(keyInspections).toContain('河东村')
    // 新华村 has had its key inspection
    expect(keyInspections).not.toContain('新华村')
    for (const item of items) expect(item.path).toMatch(/^\/(villages\/\d+\/(orders|visits|problems)|complaints)\b/)
    // every open report of the township is there, by its verification deadline
    const open = await t.db.selectFrom('complaints').select(['id', 'deadline_on']).where('status', '=', 'open').execute()
    expect(
      items
        .filter((i) => i.kind === 'reportToVerify')
        .map((i) => [i.recordId, i.deadlineOn])
        .sort(),
    ).toEqual(open.map((c) => [c.id, c.deadline_on]).sort())
    // the overdue ones first
    const firstNotOverdue = items.findIndex((i) => !i.overdue)
    expect(items.slice(firstNotOverdue === -1 ? items.length : firstNotOverdue).every((i) => !i.overdue)).toBe(true)
  })

  it('lists a village in 检查督导 without a visit since it entered the phase, until it is visited', async () => {
    const village = t.village('北关社区')
    await t.db
      .updateTable('village_workflows')
      .set({ phase: 'supervision', state: 'supervision.underSupervision', phase_entered_on: DEMO_TODAY })
      .where('village_id', '=', village)
      .execute()
    const before = await listInspectorWork(t.db, viewer('inspector', 'inspector'), DEMO_TODAY)
    expect(before).toContainEqual(expect.objectContaining({ kind: 'notVisited', villageName: '北关社区', path: `/villages/${village}/visits` }))
    await t.db
      .insertInto('inspection_visits')
      .values({
        campaign_id: t.campaignId,
        village_id: village,
        visited_on: DEMO_TODAY,
        inspectors: '孙立新',
        checked: '台账',
        findings: '无',
        created_by_user_id: t.userId('inspector'),
      })
      .execute()
    const after = await listInspectorWork(t.db, viewer('inspector', 'inspector'), DEMO_TODAY)
    expect(after.filter((i) => i.kind === 'notVisited' && i.villageName === '北关社区')).toEqual([])
  })

  it('lists an inspector’s own finding until it is 销号, and not another inspector’s', async () => {
    const problem = await t.db
      .insertInto('problems')
      .values({
        campaign_id: t.campaignId,
        village_id: t.village('王家庄村'),
        category: 'irregular',
        source: 'inspector',
        description: '督查发现：公示栏未更新',
        deadline_on: '2026-12-05',
        found_on: DEMO_TODAY,
        created_by_user_id: t.userId('inspector'),
        updated_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const mine = await listInspectorWork(t.db, viewer('inspector', 'inspector'), DEMO_TODAY)
    expect(mine).toContainEqual(expect.objectContaining({ kind: 'ownFinding', recordId: problem.id, deadlineOn: '2026-12-05', problemStatus: 'open' }))
    const others = await listInspectorWork(t.db, viewer('minzheng', 'inspector'), DEMO_TODAY)
    expect(others.some((i) => i.kind === 'ownFinding' && i.recordId === problem.id)).toBe(false)
    await t.db.updateTable('problems').set({ status: 'verified' }).where('id', '=', problem.id).execute()
    const done = await listInspectorWork(t.db, viewer('inspector', 'inspector'), DEMO_TODAY)
    expect(done.some((i) => i.recordId === problem.id && i.kind === 'ownFinding')).toBe(false)
  })

  it('shows a 包村干部 only his two villages, and no reports, which are not his to open', async () => {
    const items = await listInspectorWork(t.db, viewer('baocun', 'liaison'), DEMO_TODAY)
    expect(items.length).toBeGreaterThan(0)
    expect(items.filter((i) => i.villageName !== '柳树屯村' && i.villageName !== '王家庄村')).toEqual([])
    expect(items.some((i) => i.kind === 'answerToVerify' && i.villageName === '柳树屯村')).toBe(true)
    expect(items.filter((i) => i.kind === 'reportToVerify')).toEqual([])
  })

  it('counts the list for the navigation, for inspectors and 包村干部 only', async () => {
    const inspector = {
      ...viewer('inspector', 'inspector'),
      username: 'inspector',
      displayName: '',
      villageId: null,
      countyName: null,
      countyAdmin: false,
      civilAffairs: false,
      liaisonVillageIds: [],
    }
    const counts = await navCountsFor(t.db, inspector, DEMO_TODAY)
    expect(counts['/work']).toBe((await listInspectorWork(t.db, inspector, DEMO_TODAY)).length)
    expect(await navCountsFor(t.db, { ...inspector, role: 'leader' }, DEMO_TODAY)).toEqual({})
    expect(await navCountsFor(t.db, null, DEMO_TODAY)).toEqual({})
  })
})
