// 待办事项 of a village (issue 17): every open item assigned to the village, newest order first, each with its deadline
// and an action that follows the viewer's rights; a cadre learns nothing of a public report but that it is being verified.
import { describe, expect, it } from 'vitest'
import { answerOrder } from '../../app/models/supervisionSteps.server'
import { countVillageWork, getVillageWorkList, type VillageWorkViewer } from '../../app/models/villageWorkList.server'
import { DEMO_TODAY } from '../support/demo'
import { createTestOrder, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()
const { village } = t

const cadreOf = (name: string): VillageWorkViewer => ({ role: 'cadre', villageId: village(name), work: true, supervise: false, township: false })
const INSPECTOR: VillageWorkViewer = { role: 'inspector', work: false, supervise: true, township: false }
const LIAISON: VillageWorkViewer = { role: 'liaison', work: false, supervise: true, township: false }
const LEADER: VillageWorkViewer = { role: 'leader', work: false, supervise: true, township: true }
const listOf = (name: string, viewer: VillageWorkViewer) => getVillageWorkList(t.db, { villageId: village(name), viewer, today: DEMO_TODAY })

describe('the village cadre’s work list', () => {
  it('puts a new rectification order at the top of the village’s list, newest order first, and counts it in the navigation', async () => {
    const before = await countVillageWork(t.db, village('河西村'))
    const first = await createTestOrder(t, '河西村', { reason: '复核登记表代签，责令重新入户', deadline: { kind: 'date', on: '2026-12-01' } })
    const second = await createTestOrder(t, '河西村', { reason: '公示栏未更新，责令重新公示', deadline: { kind: 'date', on: '2026-12-03' } })
    const list = await listOf('河西村', cadreOf('河西村'))
    expect(list.village.slice(0, 2).map((i) => i.key)).toEqual([`order-${second}`, `order-${first}`])
    expect(list.village[0]).toMatchObject({
      kind: 'order',
      state: '待报送整改情况',
      title: '公示栏未更新，责令重新公示',
      deadline: '2026-12-03',
      daysOverdue: 0,
      // 2026-11-29 is a Sunday: Monday to Thursday
      workingDaysLeft: 4,
      next: { label: '报送整改情况', path: `/villages/${village('河西村')}/orders/${second}` },
    })
    expect(await countVillageWork(t.db, village('河西村'))).toBe(before + 2)
    // the count is the list's own: what waits on the village
    expect(list.village).toHaveLength(before + 2)
  })

  it('moves an answered order to what waits on the township, where the inspector may accept it and the cadre only look', async () => {
    const orderId = await createTestOrder(t, '王家庄村')
    const before = await countVillageWork(t.db, village('王家庄村'))
    const answered = await answerOrder(t.db, {
      campaignId: t.campaignId,
      villageId: village('王家庄村'),
      orderId,
      expectedVersion: 0,
      today: DEMO_TODAY,
      response: '已重新入户核查',
      actor: t.actor('wangjiazhuang'),
    })
    expect(answered).toMatchObject({ ok: true })
    expect(await countVillageWork(t.db, village('王家庄村'))).toBe(before - 1)
    const cadre = await listOf('王家庄村', cadreOf('王家庄村'))
    expect(cadre.village.find((i) => i.key === `order-${orderId}`)).toBeUndefined()
    expect(cadre.township.find((i) => i.key === `order-${orderId}`)).toMatchObject({ state: '整改待验收', next: { label: '查看整改单' } })
    const inspector = await listOf('王家庄村', INSPECTOR)
    expect(inspector.township.find((i) => i.key === `order-${orderId}`)).toMatchObject({ next: { label: '验收整改' } })
    const liaison = await listOf('王家庄村', LIAISON)
    expect(liaison.township.find((i) => i.key === `order-${orderId}`)).toMatchObject({ next: { label: '验收整改' } })
  })

  it('lists problems not yet rectified with their deadlines, overdue ones with the days, and says what to do for each status', async () => {
    const list = await listOf('红星村', cadreOf('红星村'))
    const problems = list.village.filter((i) => i.kind === 'problem')
    expect(problems.length).toBeGreaterThan(0)
    for (const p of problems) {
      expect(['登记整改情况', '报送整改情况']).toContain(p.next?.label)
      expect(p.next?.label).toBe(p.state === '待整改' ? '登记整改情况' : '报送整改情况')
    }
    // soonest deadline first, those without one last
    const deadlines = problems.map((p) => p.deadline ?? '9999')
    expect(deadlines).toEqual([...deadlines].sort())
    const overdue = problems.find((p) => p.deadline !== null && p.deadline < DEMO_TODAY)!
    expect(overdue.daysOverdue).toBeGreaterThan(0)
    expect(overdue.workingDaysLeft).toBeNull()
    // someone who reads the village only looks
    const inspector = await listOf('红星村', INSPECTOR)
    expect(inspector.village.filter((i) => i.kind === 'problem').every((i) => i.next?.label === '查看问题')).toBe(true)
    expect(inspector.township.filter((i) => i.kind === 'problem').every((i) => i.next?.label === '验收销号')).toBe(true)
  })

  it('lists a proposal returned to the village and one sent for further checks, with the cadre’s action on each', async () => {
    const rows = await t.db
      .selectFrom('proposals')
      .innerJoin('villages', 'villages.id', 'proposals.village_id')
      .select(['proposals.id', 'proposals.step', 'villages.name'])
      .where('proposals.final', '=', 0)
      .where('proposals.step', 'in', ['returned', 'furtherChecks'])
      .execute()
    expect(rows.map((r) => r.step).sort()).toEqual(['furtherChecks', 'returned'])
    for (const row of rows) {
      const list = await listOf(row.name, cadreOf(row.name))
      const item = list.village.find((i) => i.key === `proposal-${row.id}`)
      expect(item).toMatchObject({
        kind: row.step,
        next: { label: row.step === 'returned' ? '修改或撤回' : '补充核查后重新提交', path: `/proposals/${row.id}` },
      })
      expect((await listOf(row.name, INSPECTOR)).village.find((i) => i.key === `proposal-${row.id}`)?.next?.label).toBe('查看拟办事项')
    }
  })
})

describe('what a cadre learns of reports and objections', () => {
  it('tells a cadre only that a public report is being verified: no text, date, deadline or page', async () => {
    const report = await t.db
      .selectFrom('complaints')
      .select(['content', 'deadline_on', 'received_on'])
      .where('village_id', '=', village('王家庄村'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow()
    const cadre = await listOf('王家庄村', cadreOf('王家庄村'))
    const items = cadre.township.filter((i) => i.kind === 'report')
    expect(items).toEqual([expect.objectContaining({ state: '核实中', title: '有1件群众举报正在核实中', deadline: null, since: '', next: null })])
    const text = JSON.stringify(cadre)
    expect(text).not.toContain(report.content)
    expect(text).not.toContain(report.received_on)
    // a 包村干部 does not open the register either
    expect(JSON.stringify(await listOf('王家庄村', LIAISON))).not.toContain(report.content)
    // the inspector verifies it
    const inspector = await listOf('王家庄村', INSPECTOR)
    expect(inspector.township.find((i) => i.kind === 'report')).toMatchObject({
      title: report.content,
      deadline: report.deadline_on,
      next: { label: '核实举报' },
    })
  })

  it('names an objection to a proposal in notice by its number only, and offers 核实异议 to the township', async () => {
    const objection = await t.db
      .selectFrom('proposal_objections')
      .innerJoin('proposals', 'proposals.id', 'proposal_objections.proposal_id')
      .innerJoin('villages', 'villages.id', 'proposals.village_id')
      .select(['proposal_objections.id', 'proposal_objections.content', 'proposal_objections.objector', 'proposals.notice_to', 'villages.name'])
      .where('proposal_objections.result', 'is', null)
      .where('proposals.final', '=', 0)
      .executeTakeFirstOrThrow()
    const cadre = await listOf(objection.name, cadreOf(objection.name))
    const item = cadre.township.find((i) => i.key === `objection-${objection.id}`)
    expect(item).toMatchObject({ state: '异议核实中', deadline: objection.notice_to, deadlineIsNoticeEnd: true, next: { label: '查看拟办事项' } })
    expect(item?.title).toMatch(/第1号异议$/)
    const text = JSON.stringify(cadre)
    expect(text).not.toContain(objection.content)
    if (objection.objector) expect(text).not.toContain(objection.objector)
    const leader = await listOf(objection.name, LEADER)
    expect(leader.township.find((i) => i.key === `objection-${objection.id}`)?.next?.label).toBe('核实异议')
  })

  it('counts for the navigation only what waits on the village, never the reports or objections', async () => {
    for (const name of ['王家庄村', '河西村', '新华村']) {
      const list = await listOf(name, cadreOf(name))
      expect(await countVillageWork(t.db, village(name))).toBe(list.village.length)
    }
  })
})
