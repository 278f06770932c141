import { describe, expect, it } from 'vitest'
import { attentionFor, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listOpenFollowUps } from '../../app/models/villageProgress.server'
import { answerOrder, decideOrder, recordVisit, type RecordVisitInput } from '../../app/models/supervisionSteps.server'
import { getSupervisionPage, resolveDeadline } from '../../app/models/supervision.server'
import { getOrder } from '../../app/models/supervisionOrder.server'
import { applyVillageEvent, getWorkflowHistory } from '../../app/models/workflow.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { countRows, createTestOrder, householdsOf as firstHouseholds, useDemoDatabase, visitInput } from '../support/factories'

const TODAY = DEMO_TODAY
const AT = DEMO_AT
const t = useDemoDatabase()
const { village, actor } = t

const stateOf = async (name: string) =>
  await t.db.selectFrom('village_workflows').select(['state', 'version']).where('village_id', '=', village(name)).executeTakeFirstOrThrow()
const orderRow = (id: number) => t.db.selectFrom('rectification_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const count = (table: 'inspection_visits' | 'rectification_orders' | 'audit_log' | 'workflow_events' | 'inspection_visit_households') => countRows(t.db, table)
const householdsOf = (name: string, n: number) => firstHouseholds(t, name, n)
/** today's visit of two inspectors to a village (the factory's), with what a test changes */
const visit = (name: string, extra: Partial<RecordVisitInput> = {}) => visitInput(t, name, extra)
/** Flag superficial work on a village and return the new order's id. */
const flag = (name: string, deadline?: RecordVisitInput['superficial']) => createTestOrder(t, name, deadline)

/** a village's cadre answers an order today */
const answer = (name: string, orderId: number, expectedVersion: number, response: string, cadre: string) =>
  answerOrder(t.db, { ...scope(name, orderId, expectedVersion), response, actor: actor(cadre) })
/** the inspector accepts or rejects an answer today */
const decide = (name: string, orderId: number, expectedVersion: number, decision: 'accept' | 'reject', note?: string) =>
  decideOrder(t.db, { ...scope(name, orderId, expectedVersion), decision, ...(note === undefined ? {} : { note }), actor: actor('inspector') })
const scope = (name: string, orderId: number, expectedVersion: number) => ({
  campaignId: t.campaignId,
  villageId: village(name),
  orderId,
  expectedVersion,
  today: TODAY,
})

describe('recording a visit', () => {
  it('keeps who went, what was checked, the findings and the households sampled, without moving the workflow', async () => {
    const before = await stateOf('王家庄村')
    const sampled = await householdsOf('王家庄村', 2)
    const result = await recordVisit(t.db, visit('王家庄村', { householdIds: sampled.map((h) => h.id) }))
    expect(result).toMatchObject({ ok: true, orderId: null })
    if (!result.ok) return
    const row = await t.db.selectFrom('inspection_visits').selectAll().where('id', '=', result.visitId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      village_id: village('王家庄村'),
      visited_on: TODAY,
      inspectors: '孙立新、吴春梅',
      superficial: 0,
      is_key_inspection: 0,
      created_by_user_id: t.users.get('inspector'),
    })
    const page = await getSupervisionPage(t.db, { campaignId: t.campaignId, villageId: village('王家庄村'), today: TODAY, withHouseholds: false })
    const listed = page.visits.find((v) => v.id === result.visitId)!
    expect(listed.households.map((h) => h.headName)).toEqual(sampled.map((h) => h.head_name))
    expect(listed.households.map((h) => h.responsibleCadre)).toEqual(sampled.map((h) => h.responsible_cadre))
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'inspectionVisit').where('entity_id', '=', result.visitId).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'inspectionVisit.create', actor_user_id: t.users.get('inspector'), village_id: village('王家庄村') })
    expect(await stateOf('王家庄村')).toEqual(before)
  })

  it('refuses a visit in the future, empty findings and a household of another village, writing nothing', async () => {
    const visits = await count('inspection_visits')
    expect(await recordVisit(t.db, visit('王家庄村', { visitedOn: '2026-11-30', findings: '  ' }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { visitedOn: 'dateInFuture', findings: 'required' },
    })
    const [elsewhere] = await householdsOf('河西村', 1)
    expect(await recordVisit(t.db, visit('王家庄村', { householdIds: [elsewhere.id] }))).toEqual({ ok: false, kind: 'otherVillage' })
    expect(await count('inspection_visits')).toBe(visits)
  })

  it('refuses to mark a key inspection in a village that is not on the key-supervision list', async () => {
    expect(await recordVisit(t.db, visit('王家庄村', { keyInspection: true }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { keyInspection: 'notKeySupervision' },
    })
  })
})

describe('key supervision of a zero-report village', () => {
  it('keeps 河东村 in supervision until a key inspection is recorded, then lets it complete supervision', async () => {
    const complete = () =>
      applyVillageEvent(t.db, {
        campaignId: t.campaignId,
        villageId: village('河东村'),
        type: 'COMPLETE_SUPERVISION',
        actorUserId: t.users.get('leader')!,
        at: AT,
        today: TODAY,
      })
    expect(await complete()).toEqual({ ok: false, kind: 'refused', refusal: { code: 'keyInspectionMissing' } })
    const result = await recordVisit(t.db, visit('河东村', { keyInspection: true, checked: '零报告村重点督查：抽查复核登记表15份', findings: '未发现新问题' }))
    expect(result).toMatchObject({ ok: true, orderId: null })
    const page = await getSupervisionPage(t.db, { campaignId: t.campaignId, villageId: village('河东村'), today: TODAY, withHouseholds: false })
    expect(page).toMatchObject({ keyInspections: 1, workflow: { keySupervision: true, zeroReport: true } })
    expect(await complete()).toMatchObject({ ok: true, from: 'supervision.underSupervision', to: 'summary.rectifying' })
  })
})

describe('a rectification order from flag to acceptance', () => {
  it('moves 河西村 through ordered, awaiting verification, back to ordered on rejection, and to supervision on acceptance, each step in the history', async () => {
    const eventsBefore = (await getWorkflowHistory(t.db, t.campaignId, village('河西村'))).length
    const sampled = await householdsOf('河西村', 1)
    const flagged = await recordVisit(
      t.db,
      visit('河西村', {
        householdIds: sampled.map((h) => h.id),
        superficial: { reason: '复核登记表代签，入户调查走过场', deadline: { kind: 'workingDays', days: 3 } },
      }),
    )
    if (!flagged.ok || !flagged.orderId) throw new Error(JSON.stringify(flagged))
    const id = flagged.orderId
    // Sunday 2026-11-29 + 3 working days: Mon, Tue, Wed
    expect(flagged.deadlineOn).toBe('2026-12-02')
    expect(await orderRow(id)).toMatchObject({
      status: 'open',
      reason: '复核登记表代签，入户调查走过场',
      deadline_on: '2026-12-02',
      visit_id: flagged.visitId,
      version: 0,
    })
    expect((await stateOf('河西村')).state).toBe('supervision.orderedToRectify')
    const visitRow = await t.db.selectFrom('inspection_visits').select('superficial').where('id', '=', flagged.visitId).executeTakeFirstOrThrow()
    expect(visitRow.superficial).toBe(1)

    const cadre = actor('hexi', new Date('2026-11-29T04:00:00Z'))
    expect(await answerOrder(t.db, { ...scope('河西村', id, 0), response: '已重新入户核查12户，补正登记表', actor: cadre })).toMatchObject({
      ok: true,
      status: 'answered',
      workflowState: 'supervision.awaitingVerification',
      version: 1,
    })

    const rejected = await decideOrder(t.db, {
      ...scope('河西村', id, 1),
      decision: 'reject',
      note: '补正的登记表仍缺财产核查记录',
      deadline: { kind: 'date', on: '2026-12-04' },
      actor: actor('inspector', new Date('2026-11-29T05:00:00Z')),
    })
    expect(rejected).toMatchObject({ ok: true, status: 'open', workflowState: 'supervision.orderedToRectify', deadlineOn: '2026-12-04', version: 2 })
    expect(await orderRow(id)).toMatchObject({
      status: 'open',
      decision_note: '补正的登记表仍缺财产核查记录',
      deadline_on: '2026-12-04',
      decided_by_user_id: t.users.get('inspector'),
    })

    expect(
      await answerOrder(t.db, { ...scope('河西村', id, 2), response: '已补齐财产核查记录', actor: actor('hexi', new Date('2026-11-29T06:00:00Z')) }),
    ).toMatchObject({
      ok: true,
      workflowState: 'supervision.awaitingVerification',
    })
    expect(
      await decideOrder(t.db, { ...scope('河西村', id, 3), decision: 'accept', note: null, actor: actor('inspector', new Date('2026-11-29T07:00:00Z')) }),
    ).toMatchObject({
      ok: true,
      status: 'accepted',
      workflowState: 'supervision.underSupervision',
      version: 4,
    })
    expect(await orderRow(id)).toMatchObject({ status: 'accepted', response: '已补齐财产核查记录', decided_by_user_id: t.users.get('inspector') })

    const history = await getWorkflowHistory(t.db, t.campaignId, village('河西村'))
    expect(history.slice(eventsBefore).map((h) => [h.eventType, h.payload.orderId, h.actorName, h.toState])).toEqual([
      ['ORDER_RECTIFICATION', id, t.names.get('inspector'), 'supervision.orderedToRectify'],
      ['ANSWER_RECTIFICATION', id, t.names.get('hexi'), 'supervision.awaitingVerification'],
      ['REJECT_RECTIFICATION', id, t.names.get('inspector'), 'supervision.orderedToRectify'],
      ['ANSWER_RECTIFICATION', id, t.names.get('hexi'), 'supervision.awaitingVerification'],
      ['ACCEPT_RECTIFICATION', id, t.names.get('inspector'), 'supervision.underSupervision'],
    ])

    const found = await getOrder(t.db, { campaignId: t.campaignId, villageId: village('河西村'), orderId: id, today: TODAY })
    if (!found.ok) throw new Error('order not found')
    // one line a step: each write carries the workflow move it drove (issue 17: 办理记录 listed every step twice)
    expect(found.detail.history.map((h) => [h.action, h.toState])).toEqual([
      ['rectificationOrder.create', 'supervision.orderedToRectify'],
      ['rectificationOrder.answer', 'supervision.awaitingVerification'],
      ['rectificationOrder.reject', 'supervision.orderedToRectify'],
      ['rectificationOrder.answer', 'supervision.awaitingVerification'],
      ['rectificationOrder.accept', 'supervision.underSupervision'],
    ])
    expect(found.detail.history.find((h) => h.action === 'rectificationOrder.reject')?.after).toMatchObject({
      decision_note: '补正的登记表仍缺财产核查记录',
      deadline_on: '2026-12-04',
    })
    expect(found.detail.responsible).toMatchObject({
      villageCadres: [t.names.get('hexi')],
      inspector: t.names.get('inspector'),
      householdCadres: [{ householdId: sampled[0].id, headName: sampled[0].head_name, cadre: sampled[0].responsible_cadre }],
    })
    expect(found.detail.responsible.villageLeader).toBeTruthy()
  })

  it('puts the order on the township’s due-soon list while it is open and takes it off once accepted', async () => {
    const id = await flag('王家庄村', { reason: '公示栏未更新', deadline: { kind: 'date', on: '2026-11-30' } })
    const dueSoon = async () =>
      attentionFor([], await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER), TODAY).dueSoon.filter(
        (f) => f.kind === 'order' && f.id === id,
      )
    expect(await dueSoon()).toHaveLength(1)
    await answer('王家庄村', id, 0, '已重新公示', 'wangjiazhuang')
    expect(await dueSoon()).toHaveLength(1)
    await decide('王家庄村', id, 1, 'accept')
    expect(await dueSoon()).toHaveLength(0)
    expect((await stateOf('王家庄村')).state).toBe('supervision.underSupervision')
  })

  it('with two orders open, waits in 已责令整改 until both are answered and leaves supervision only when both are accepted', async () => {
    const first = await flag('南关社区')
    const second = await flag('南关社区')
    await answer('南关社区', first, 0, '已整改', 'nanguan')
    expect((await stateOf('南关社区')).state).toBe('supervision.orderedToRectify')
    // the machine takes no decision while an order is unanswered: refused, and nothing written
    const refused = await decide('南关社区', first, 1, 'accept')
    expect(refused).toEqual({ ok: false, kind: 'refused', refusal: { code: 'notNow' }, state: 'supervision.orderedToRectify' })
    expect(await orderRow(first)).toMatchObject({ status: 'answered', version: 1 })
    await answer('南关社区', second, 0, '已整改', 'nanguan')
    expect((await stateOf('南关社区')).state).toBe('supervision.awaitingVerification')
    expect(await decide('南关社区', first, 1, 'accept')).toMatchObject({
      ok: true,
      workflowState: 'supervision.awaitingVerification',
    })
    expect(await decide('南关社区', second, 1, 'accept')).toMatchObject({
      ok: true,
      workflowState: 'supervision.underSupervision',
    })
  })

  it('rolls the whole visit and order back when the workflow refuses the order, and says why', async () => {
    const written = () =>
      Promise.all([
        count('inspection_visits'),
        count('rectification_orders'),
        count('audit_log'),
        count('workflow_events'),
        count('inspection_visit_households'),
        stateOf('北关社区'),
      ])
    const before = await written()
    const sampled = await householdsOf('北关社区', 1)
    const result = await recordVisit(
      t.db,
      visit('北关社区', { householdIds: sampled.map((h) => h.id), superficial: { reason: '走过场', deadline: { kind: 'date', on: '2026-12-05' } } }),
    )
    expect(result).toEqual({ ok: false, kind: 'refused', refusal: { code: 'notNow' }, state: 'fullInspection.reportSubmitted' })
    const after = await written()
    expect(after).toEqual(before)
  })

  it('needs a reason and a deadline that is not past to flag superficial work', async () => {
    expect(await recordVisit(t.db, visit('王家庄村', { superficial: { reason: ' ', deadline: { kind: 'date', on: '2026-11-28' } } }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { reason: 'required', deadline: 'deadlinePast' },
    })
    expect(await recordVisit(t.db, visit('王家庄村', { superficial: { reason: '走过场', deadline: { kind: 'workingDays', days: 0 } } }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'workingDaysRange' },
    })
  })

  it('counts a working-day deadline on the official calendar, past the National Day holidays', async () => {
    expect(await resolveDeadline(t.db, { kind: 'workingDays', days: 5 }, '2025-09-29')).toEqual({ ok: true, on: '2025-10-13', notes: null })
  })
})

describe('answering and deciding an order', () => {
  it('needs the measures taken for an answer and a reason for a rejection', async () => {
    const id = await flag('王家庄村')
    expect(await answer('王家庄村', id, 0, '  ', 'wangjiazhuang')).toEqual({ ok: false, kind: 'invalid', errors: { response: 'required' } })
    expect(await decide('王家庄村', id, 0, 'accept')).toEqual({ ok: false, kind: 'notNow', status: 'open' })
    await answer('王家庄村', id, 0, '已整改', 'wangjiazhuang')
    expect(await decide('王家庄村', id, 1, 'reject', '')).toEqual({ ok: false, kind: 'invalid', errors: { note: 'required' } })
    expect(await answer('王家庄村', id, 1, '再答复一次', 'wangjiazhuang')).toEqual({ ok: false, kind: 'notNow', status: 'answered' })
    await decide('王家庄村', id, 1, 'accept')
  })

  it('tells the second of two people answering the same order who answered first, and keeps the first answer', async () => {
    const order = await t.db
      .selectFrom('rectification_orders')
      .select(['id', 'version'])
      .where('village_id', '=', village('红星村'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow()
    const first = await answerOrder(t.db, { ...scope('红星村', order.id, order.version), response: '已重新入户核查', actor: actor('hongxing') })
    expect(first).toMatchObject({ ok: true })
    const second = await answerOrder(t.db, { ...scope('红星村', order.id, order.version), response: '另一份答复', actor: actor('hongxing') })
    expect(second).toMatchObject({
      ok: false,
      kind: 'conflict',
      currentVersion: order.version + 1,
      saves: [{ actorName: t.names.get('hongxing'), action: 'rectificationOrder.answer' }],
    })
    expect((await orderRow(order.id)).response).toBe('已重新入户核查')
  })

  it('only reaches an order through its own village', async () => {
    const order = await t.db
      .selectFrom('rectification_orders')
      .select(['id', 'version'])
      .where('village_id', '=', village('柳树屯村'))
      .executeTakeFirstOrThrow()
    expect(await answerOrder(t.db, { ...scope('河西村', order.id, order.version), response: '越权答复', actor: actor('hexi') })).toEqual({
      ok: false,
      kind: 'otherVillage',
    })
    expect(await getOrder(t.db, { campaignId: t.campaignId, villageId: village('河西村'), orderId: order.id, today: TODAY })).toEqual({
      ok: false,
      kind: 'otherVillage',
    })
    expect(await getOrder(t.db, { campaignId: t.campaignId, villageId: village('河西村'), orderId: 999_999, today: TODAY })).toEqual({
      ok: false,
      kind: 'notFound',
    })
  })

  it('shows the demo’s answered order of 柳树屯村 with who answers for it', async () => {
    const order = await t.db.selectFrom('rectification_orders').select('id').where('village_id', '=', village('柳树屯村')).executeTakeFirstOrThrow()
    const found = await getOrder(t.db, { campaignId: t.campaignId, villageId: village('柳树屯村'), orderId: order.id, today: TODAY })
    if (!found.ok) throw new Error('not found')
    expect(found.detail.order).toMatchObject({ status: 'answered', respondedByName: t.names.get('liushutun'), overdue: false })
    expect(found.detail.workflowState).toBe('supervision.awaitingVerification')
    expect(found.detail.responsible.householdCadres).toHaveLength(3)
    // the demo's order was answered, rejected once, and answered again: once each, with the workflow move it drove
    expect(found.detail.history.map((h) => [h.action, h.fromState, h.toState])).toEqual([
      ['rectificationOrder.create', 'supervision.underSupervision', 'supervision.orderedToRectify'],
      ['rectificationOrder.answer', 'supervision.orderedToRectify', 'supervision.awaitingVerification'],
      ['rectificationOrder.reject', 'supervision.awaitingVerification', 'supervision.orderedToRectify'],
      ['rectificationOrder.answer', 'supervision.orderedToRectify', 'supervision.awaitingVerification'],
    ])
  })
})
