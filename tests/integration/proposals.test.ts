// The approval chain wired to the database (ADR 010), on the demo township, on both databases: a cadre's review
// conclusion becomes a proposal (拟) that leaves the household paid; 镇审核 opens the 审核结果公示; an objection holds
// the notice until it is verified; only the county's approval changes the household, from the month it states,
// with its allowance history row; a refused 纳入申请 leaves the family not enrolled; stale forms, 近亲属回避 and one
// open proposal per household.
import { describe, expect, it } from 'vitest'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import { addMissedHousehold, parseMissedHouseholdSubmission } from '../../app/models/missedHouseholds.server'
import { createProposal } from '../../app/models/proposals/create.server'
import { applyProposalEvent, type ProposalEventInput } from '../../app/models/proposals/events.server'
import { getApprovalLimits, saveApprovalLimits } from '../../app/models/proposals/limits.server'
import { getHouseholdOpenProposal, getProposalPage, listApprovalQueue } from '../../app/models/proposals/queries.server'
import type { ReviewInput } from '../../app/models/householdReviewForm.server'
import { DEMO_AT } from '../support/demo'
import { countRows, useDemoDatabase } from '../support/factories'
import { form, KEEP } from '../support/householdReviews'

const t = useDemoDatabase()
const EXIT: ReviewInput = { ...KEEP, riskSignals: ['privateCar'], outcome: 'exit', exitReason: '家庭成员名下有私家车', exitOn: '2026-11-29' }

/** An active household of the village with no review in this campaign, no proposal and no near-relative filing. */
async function freshHousehold(village: string, skip = 0) {
  return t.db
    .selectFrom('households')
    .selectAll()
    .where('village_id', '=', t.village(village))
    .where('status', '=', 'active')
    .where('near_relative_filing', '=', 0)
    .where('id', 'not in', (eb) => eb.selectFrom('household_reviews').select('household_id'))
    .where('id', 'not in', (eb) => eb.selectFrom('proposals').select('household_id'))
    .orderBy('id')
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow()
}

function review(village: string, householdId: number, input: ReviewInput, expectedVersion: number, username: string) {
  return saveHouseholdReview(t.db, {
    campaignId: t.campaignId,
    villageId: t.village(village),
    householdId,
    actor: { id: t.userId(username) },
    input,
    expectedVersion,
    at: DEMO_AT,
  })
}

function send(proposalId: number, username: string, event: ProposalEventInput, today: string, expectedVersion?: number) {
  return applyProposalEvent(t.db, { proposalId, event, actor: { id: t.userId(username) }, expectedVersion, at: new Date(`${today}T03:00:00Z`), today })
}

async function proposalOf(householdId: number) {
  return t.db.selectFrom('proposals').selectAll().where('household_id', '=', householdId).orderBy('id', 'desc').executeTakeFirstOrThrow()
}
const household = (id: number) => t.db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const changes = (id: number) => t.db.selectFrom('household_allowance_changes').selectAll().where('household_id', '=', id).execute()

/** A cadre's 停止保障 on a fresh 大孙庄村 household, accepted by the 镇民政所 on 2026-11-30 (notice to 12-06). */
async function stopInNotice() {
  const h = await freshHousehold('大孙庄村')
  expect(await review('大孙庄村', h.id, EXIT, 0, 'dasunzhuang')).toMatchObject({ ok: true })
  const p = await proposalOf(h.id)
  expect(await send(p.id, 'minzheng', { type: 'ACCEPT' }, '2026-11-30', p.version)).toMatchObject({ ok: true, to: 'inNotice' })
  return { h, p: await proposalOf(h.id) }
}

describe('a village cadre’s conclusion is a proposal', () => {
  it('proposes 停止保障 and leaves the household paid, on the standing roster, with no allowance change', async () => {
    const h = await freshHousehold('大孙庄村', 3)
    expect(await review('大孙庄村', h.id, EXIT, 0, 'dasunzhuang')).toMatchObject({ ok: true })
    const p = await proposalOf(h.id)
    expect(p).toMatchObject({ kind: 'stop', state: 'townshipReview.proposed', step: 'townshipReview', step_entered_on: '2026-11-29', final: 0 })
    expect(p).toMatchObject({ grounds: '家庭成员名下有私家车', proposed_exit_date: '2026-11-29', current_amount_fen: h.monthly_amount_fen, version: 0 })
    expect(await household(h.id)).toMatchObject({ status: 'active', monthly_amount_fen: h.monthly_amount_fen })
    expect(await changes(h.id)).toEqual([])
    expect(await getHouseholdOpenProposal(t.db, h.id)).toMatchObject({ id: p.id, kind: 'stop', step: 'townshipReview' })
    const events = await t.db.selectFrom('proposal_events').selectAll().where('proposal_id', '=', p.id).execute()
    expect(events.map((e) => [e.version, e.event_type, e.to_state])).toEqual([[0, 'PROPOSE', 'townshipReview.proposed']])
    expect(await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'proposal').where('entity_id', '=', p.id).execute()).toEqual([
      { action: 'proposal.create' },
    ])
  })

  it('refuses an adjustment with no grounds (备注) and keeps nothing of the save', async () => {
    const h = await freshHousehold('大孙庄村', 4)
    const result = await review('大孙庄村', h.id, { ...KEEP, outcome: 'adjust', adjustedAmountFen: 20000 }, 0, 'dasunzhuang')
    expect(result).toMatchObject({ ok: false, kind: 'proposal', field: 'notes' })
    if (result.ok || result.kind !== 'proposal') return
    expect(result.message).toContain('备注')
    expect(await t.db.selectFrom('household_reviews').select('id').where('household_id', '=', h.id).executeTakeFirst()).toBeUndefined()
    expect(await t.db.selectFrom('proposals').select('id').where('household_id', '=', h.id).executeTakeFirst()).toBeUndefined()
  })

  it('takes 继续保障 at once: no proposal, the household unchanged', async () => {
    const h = await freshHousehold('大孙庄村', 5)
    expect(await review('大孙庄村', h.id, KEEP, 0, 'dasunzhuang')).toMatchObject({ ok: true })
    expect(await getHouseholdOpenProposal(t.db, h.id)).toBeNull()
    expect(await household(h.id)).toMatchObject({ status: 'active', version: h.version })
  })
})

describe('镇审核, 审核结果公示 and 县审批', () => {
  it('puts an accepted proposal in 审核结果公示 for the period, with its deadline and the events the township may send', async () => {
    const { h, p } = await stopInNotice()
    expect(p).toMatchObject({
      state: 'inNotice',
      step: 'inNotice',
      step_entered_on: '2026-11-30',
      notice_from: '2026-11-30',
      notice_to: '2026-12-06',
      version: 1,
    })
    expect((await household(h.id)).status).toBe('active')
    const page = await getProposalPage(t.db, {
      proposalId: p.id,
      viewer: { userId: t.userId('minzheng'), approvalRole: 'civilAffairs', role: 'inspector' },
      today: '2026-12-07',
    })
    expect(page).toMatchObject({ state: 'inNotice', deadline: { due: '2026-12-06', workingDays: false, overdue: true } })
    expect(page?.offered).toEqual(expect.arrayContaining(['OBJECTION', 'VERIFY_OBJECTION', 'NOTICE_ENDED']))
    expect(page?.offered).not.toContain('APPROVE')
    const queue = await listApprovalQueue(t.db, { scope: { townshipId: t.townshipId }, today: '2026-11-30' })
    expect(queue.find((r) => r.id === p.id)).toMatchObject({ step: 'inNotice', villageName: '大孙庄村' })
  })

  it('holds the notice until its period is over and every objection is verified, then the county approves from a month', async () => {
    const { h, p } = await stopInNotice()
    const before = await household(h.id)
    expect(await send(p.id, 'minzheng', { type: 'NOTICE_ENDED' }, '2026-12-06')).toMatchObject({
      ok: false,
      kind: 'refused',
      refusal: { code: 'noticeNotOver' },
    })
    const objection = await send(
      p.id,
      'minzheng',
      { type: 'OBJECTION', channel: 'visit', objector: '邻居王某', content: '该户仍在外务工，收入未核实' },
      '2026-12-02',
    )
    expect(objection).toMatchObject({ ok: true, to: 'inNotice' })
    const ended = await send(p.id, 'minzheng', { type: 'NOTICE_ENDED' }, '2026-12-07')
    expect(ended).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'openObjections' } })
    if (!ended.ok && ended.kind === 'refused') expect(ended.message).toBe('还有1件异议未核实，核实后才能报县审批。')
    expect(
      await send(p.id, 'leader', { type: 'VERIFY_OBJECTION', no: 1, result: 'unsubstantiated', note: '经入户核实，收入已计入' }, '2026-12-04'),
    ).toMatchObject({ ok: true })
    expect(await t.db.selectFrom('proposal_objections').selectAll().where('proposal_id', '=', p.id).execute()).toEqual([
      expect.objectContaining({
        no: 1,
        channel: 'visit',
        objector: '邻居王某',
        result: 'unsubstantiated',
        verified_on: '2026-12-04',
        verified_by_user_id: t.userId('leader'),
      }),
    ])
    expect(await send(p.id, 'minzheng', { type: 'NOTICE_ENDED' }, '2026-12-07')).toMatchObject({ ok: true, to: 'countyReview' })
    expect((await household(h.id)).status).toBe('active')

    const approved = await send(p.id, 'county', { type: 'APPROVE', effectiveMonth: '2027-01', exitDate: '2026-12-31' }, '2026-12-09')
    expect(approved).toMatchObject({ ok: true, to: 'approved' })
    expect(await proposalOf(h.id)).toMatchObject({
      state: 'approved',
      step: 'approved',
      final: 1,
      decision_effective_month: '2027-01',
      decision_exit_date: '2026-12-31',
    })
    expect(await household(h.id)).toMatchObject({ status: 'exited', version: before.version + 1 })
    expect(await changes(h.id)).toEqual([
      expect.objectContaining({
        kind: 'stop',
        from_month: '2027-01',
        previous_amount_fen: before.monthly_amount_fen,
        exit_date: '2026-12-31',
        proposal_id: p.id,
        approved_on: '2026-12-09',
      }),
    ])
    const events = await t.db.selectFrom('proposal_events').select(['version', 'event_type']).where('proposal_id', '=', p.id).orderBy('version').execute()
    expect(events.map((e) => e.event_type)).toEqual(['PROPOSE', 'ACCEPT', 'OBJECTION', 'VERIFY_OBJECTION', 'NOTICE_ENDED', 'APPROVE'])
    expect(await getHouseholdOpenProposal(t.db, h.id)).toBeNull()
  })

  it('changes the amount of an approved adjustment and records what was paid before', async () => {
    const h = await freshHousehold('李家洼村')
    expect(
      await review('李家洼村', h.id, { ...KEEP, outcome: 'adjust', adjustedAmountFen: 21000, notes: '家庭成员就业，收入增加' }, 0, 'lijiawa'),
    ).toMatchObject({ ok: true })
    const p = await proposalOf(h.id)
    expect(p).toMatchObject({ kind: 'adjust', proposed_amount_fen: 21000, grounds: '家庭成员就业，收入增加' })
    for (const [user, event, day] of [
      ['leader', { type: 'ACCEPT' }, '2026-11-30'],
      ['leader', { type: 'NOTICE_ENDED' }, '2026-12-07'],
      ['county', { type: 'APPROVE', effectiveMonth: '2026-12', amountFen: 21000 }, '2026-12-08'],
    ] as const)
      expect(await send(p.id, user, event, day)).toMatchObject({ ok: true })
    expect(await household(h.id)).toMatchObject({ status: 'active', monthly_amount_fen: 21000 })
    expect(await changes(h.id)).toEqual([
      expect.objectContaining({ kind: 'adjust', from_month: '2026-12', previous_amount_fen: h.monthly_amount_fen, amount_fen: 21000 }),
    ])
  })
})

describe('the village’s steps', () => {
  it('revises a returned proposal when the review is saved again, and withdraws it when the conclusion becomes 继续保障', async () => {
    const h = await freshHousehold('大孙庄村', 6)
    expect(await review('大孙庄村', h.id, EXIT, 0, 'dasunzhuang')).toMatchObject({ ok: true })
    const p = await proposalOf(h.id)
    expect(await send(p.id, 'leader', { type: 'RETURN', reason: '清退原因不具体' }, '2026-11-29')).toMatchObject({ ok: true, to: 'returned' })
    const revised = { ...EXIT, exitReason: '家庭成员名下有私家车（鲁B·12345，2025年购入）' }
    expect(await review('大孙庄村', h.id, revised, 1, 'dasunzhuang')).toMatchObject({ ok: true })
    expect(await proposalOf(h.id)).toMatchObject({ id: p.id, state: 'townshipReview.proposed', grounds: revised.exitReason, version: 2 })

    expect(await send(p.id, 'leader', { type: 'RETURN', reason: '请再核实' }, '2026-11-29')).toMatchObject({ ok: true })
    expect(await review('大孙庄村', h.id, KEEP, 2, 'dasunzhuang')).toMatchObject({ ok: true })
    expect(await proposalOf(h.id)).toMatchObject({ id: p.id, state: 'withdrawn', final: 1 })
    expect((await household(h.id)).status).toBe('active')
  })

  it('refuses to change the conclusion once the township has the proposal, naming the step', async () => {
    const { h } = await stopInNotice()
    const result = await review('大孙庄村', h.id, KEEP, 1, 'dasunzhuang')
    expect(result).toMatchObject({ ok: false, kind: 'proposal' })
    if (!result.ok && result.kind === 'proposal') expect(result.message).toContain('审核结果公示')
    // saving the same conclusion again (another field changed) is fine
    expect(await review('大孙庄村', h.id, { ...EXIT, homeVisitBy: '刘春梅' }, 1, 'dasunzhuang')).toMatchObject({ ok: true })
  })
})

describe('漏保: 登记漏保对象 and its 纳入申请', () => {
  const family = (idNumber: string) => {
    const parsed = parseMissedHouseholdSubmission(
      form({ headName: '新发现', idNumber, memberCount: '2', coveredCount: '2', category: '农村低保B类', monthlyAmount: '300', notes: '走访发现' }),
    )
    if (parsed.status !== 'success') throw new Error(JSON.stringify(parsed.reply()))
    return parsed.value
  }

  it('registers the family as an applicant with an enrol proposal; a refusal leaves it not enrolled', async () => {
    const added = await addMissedHousehold(t.db, {
      villageId: t.village('柳树屯村'),
      actor: { id: t.userId('liushutun') },
      input: family('110105196005050024'),
      at: DEMO_AT,
    })
    expect(added).toMatchObject({ ok: true })
    if (!added.ok) return
    expect(await household(added.householdId)).toMatchObject({ status: 'applicant', enrolment: 'newlyEnrolled' })
    const p = await proposalOf(added.householdId)
    expect(p).toMatchObject({ kind: 'enrol', proposed_amount_fen: 30000, current_amount_fen: 0, state: 'townshipReview.proposed' })
    for (const [user, event, day] of [
      ['minzheng', { type: 'ACCEPT' }, '2026-11-30'],
      ['minzheng', { type: 'NOTICE_ENDED' }, '2026-12-07'],
    ] as const)
      expect(await send(p.id, user, event, day)).toMatchObject({ ok: true })
    expect(await send(p.id, 'county', { type: 'REFUSE', reason: '家庭收入高于低保标准' }, '2026-12-08')).toMatchObject({ ok: true, to: 'refused' })
    expect(await household(added.householdId)).toMatchObject({ status: 'notEnrolled' })
    expect(await changes(added.householdId)).toEqual([])
  })

  it('enrols the family with the approved amount from the stated month', async () => {
    const added = await addMissedHousehold(t.db, {
      villageId: t.village('柳树屯村'),
      actor: { id: t.userId('liushutun') },
      input: family('110105195001010012'),
      at: DEMO_AT,
    })
    if (!added.ok) throw new Error(added.kind)
    const p = await proposalOf(added.householdId)
    for (const [user, event, day] of [
      ['leader', { type: 'ACCEPT' }, '2026-11-30'],
      ['leader', { type: 'NOTICE_ENDED' }, '2026-12-07'],
      ['county', { type: 'APPROVE', effectiveMonth: '2027-01', amountFen: 28000 }, '2026-12-08'],
    ] as const)
      expect(await send(p.id, user, event, day)).toMatchObject({ ok: true })
    expect(await household(added.householdId)).toMatchObject({ status: 'active', monthly_amount_fen: 28000 })
    expect(await changes(added.householdId)).toEqual([
      expect.objectContaining({ kind: 'enrol', previous_amount_fen: 0, amount_fen: 28000, from_month: '2027-01' }),
    ])
  })
  it('measures a family registered in a 社区 against the urban standard, the applicant its first member', async () => {
    const added = await addMissedHousehold(t.db, {
      villageId: t.village('北关社区'),
      actor: { id: t.userId('beiguan') },
      input: family('110105197003030032'),
      at: DEMO_AT,
    })
    if (!added.ok) throw new Error(added.kind)
    expect(await household(added.householdId)).toMatchObject({ area: 'urban', status: 'applicant' })
    const members = await t.db.selectFrom('household_members').select(['position', 'name', 'relation']).where('household_id', '=', added.householdId).execute()
    expect(members).toEqual([{ position: 1, name: '新发现', relation: 'head' }])
  })
})

describe('what is refused, with nothing written', () => {
  it('answers a stale form with a conflict', async () => {
    const { p } = await stopInNotice()
    const events = await countRows(t.db, 'proposal_events')
    expect(await send(p.id, 'leader', { type: 'RETURN', reason: '理由不足' }, '2026-12-01', 0)).toEqual({ ok: false, kind: 'conflict', currentVersion: 1 })
    expect(await countRows(t.db, 'proposal_events')).toBe(events)
    expect((await proposalOf(p.household_id)).state).toBe('inNotice')
  })

  it('refuses the household’s related official (近亲属回避) a decision on it', async () => {
    const h = await freshHousehold('大孙庄村', 7)
    expect(await review('大孙庄村', h.id, EXIT, 0, 'dasunzhuang')).toMatchObject({ ok: true })
    // the 镇民政所 official is then filed as the family's near relative
    await t.db
      .updateTable('households')
      .set({ near_relative_filing: 1, near_relative_filed_on: '2026-11-29', near_relative_official_user_id: t.userId('minzheng') })
      .where('id', '=', h.id)
      .execute()
    const p = await proposalOf(h.id)
    expect(await send(p.id, 'minzheng', { type: 'ACCEPT' }, '2026-11-30')).toMatchObject({ ok: false, kind: 'recused' })
    expect((await proposalOf(h.id)).version).toBe(0)
    expect(await send(p.id, 'leader', { type: 'ACCEPT' }, '2026-11-30')).toMatchObject({ ok: true })
  })

  it('keeps one open proposal per household', async () => {
    const { h, p } = await stopInNotice()
    await expect(
      t.db.transaction().execute((tx) =>
        createProposal(tx, {
          campaignId: t.campaignId,
          villageId: p.village_id,
          householdId: h.id,
          reviewId: null,
          currentAmountFen: h.monthly_amount_fen,
          content: { kind: 'adjust', grounds: '再提一次', proposedAmountFen: 100, proposedExitDate: null, recoveredFen: null, fineFen: null },
          actor: { id: t.userId('dasunzhuang') },
          at: DEMO_AT,
          today: '2026-11-30',
        }),
      ),
    ).rejects.toThrow()
    expect(await t.db.selectFrom('proposals').select('id').where('household_id', '=', h.id).execute()).toHaveLength(1)
  })
})

describe('the campaign’s step limits', () => {
  it('lets a leader set the limits (versioned) and gives later proposals the new notice period', async () => {
    const limits = (await getApprovalLimits(t.db, t.campaignId))!
    expect(limits.limits).toEqual({ townshipReview: 5, notice: 7, countyReview: 10 })
    const actor = { id: t.userId('leader') }
    const saved = await saveApprovalLimits(t.db, {
      campaignId: t.campaignId,
      townshipId: t.townshipId,
      limits: { townshipReview: 3, notice: 5, countyReview: 10 },
      expectedVersion: limits.version,
      actor,
      at: DEMO_AT,
    })
    expect(saved).toEqual({ ok: true, version: limits.version + 1 })
    expect(
      await saveApprovalLimits(t.db, {
        campaignId: t.campaignId,
        townshipId: t.townshipId,
        limits: { townshipReview: 4, notice: 5, countyReview: 10 },
        expectedVersion: limits.version,
        actor,
        at: DEMO_AT,
      }),
    ).toMatchObject({ ok: false, kind: 'conflict' })
    expect(
      await saveApprovalLimits(t.db, {
        campaignId: t.campaignId,
        townshipId: t.townshipId,
        limits: { townshipReview: 0, notice: 5, countyReview: 10 },
        expectedVersion: limits.version + 1,
        actor,
        at: DEMO_AT,
      }),
    ).toEqual({ ok: false, kind: 'invalid' })

    const h = await freshHousehold('张庄村')
    expect(await review('张庄村', h.id, EXIT, 0, 'zhangzhuang')).toMatchObject({ ok: true })
    const p = await proposalOf(h.id)
    await send(p.id, 'leader', { type: 'ACCEPT' }, '2026-11-30')
    expect(await proposalOf(h.id)).toMatchObject({ notice_from: '2026-11-30', notice_to: '2026-12-04' })
    // restore the defaults for the other tests of this file
    await saveApprovalLimits(t.db, {
      campaignId: t.campaignId,
      townshipId: t.townshipId,
      limits: { townshipReview: 5, notice: 7, countyReview: 10 },
      expectedVersion: limits.version + 1,
      actor,
      at: DEMO_AT,
    })
  })
})
