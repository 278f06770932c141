// A household's review (复核认定情况登记表) on the demo township: what a saved review adds to the village's figures,
// what each outcome does to the household, two people saving the same household, and the audit row. The roster and
// missed families: households-roster.test.ts; refused input: households-validation.test.ts.
import { describe, expect, it } from 'vitest'
import { getHouseholdReview } from '../../app/models/householdReview.server'
import { listRoster } from '../../app/models/householdRoster.server'
import { applyProposalEvent } from '../../app/models/proposals/events.server'
import {
  AT,
  auditRows,
  campaign,
  householdRow,
  KEEP,
  parseReview,
  progress,
  reviewRow,
  save,
  t,
  unreviewed,
  useHouseholdsDatabase,
  users,
  villages,
} from '../support/householdReviews'

useHouseholdsDatabase()

describe('coverage: what a saved review adds to the village figures', () => {
  it('counts a review with a home-visit date as both reviewed and home-visited', async () => {
    const before = await progress('大孙庄村')
    const [householdId] = await unreviewed('大孙庄村')
    const result = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-28', homeVisitBy: '王建国、李秀英' }, 0)
    expect(result).toMatchObject({ ok: true, version: 1 })
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed + 1)
    expect(after.homeVisited).toBe(before.homeVisited + 1)
    expect(after.households).toBe(before.households)
  })

  it('counts a review without a home-visit date as reviewed only', async () => {
    const before = await progress('大孙庄村')
    const [householdId] = await unreviewed('大孙庄村')
    expect((await save('大孙庄村', householdId, KEEP, 0)).ok).toBe(true)
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed + 1)
    expect(after.homeVisited).toBe(before.homeVisited)
  })

  it('does not count a household twice when its review is saved again, and adds the visit later', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, KEEP, 0)
    const before = await progress('大孙庄村')
    const second = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-29', homeVisitBy: '王建国' }, 1)
    expect(second).toMatchObject({ ok: true, version: 2 })
    const after = await progress('大孙庄村')
    expect(after.reviewed).toBe(before.reviewed)
    expect(after.homeVisited).toBe(before.homeVisited + 1)
  })
})

describe('what each outcome does to the household', () => {
  // ADR 010: a conclusion other than 继续保障 is a proposal (拟); only the county's approval changes the household
  // (tests/integration/proposals.test.ts follows it through the chain)
  const openProposal = (householdId: number) =>
    t.db.selectFrom('proposals').selectAll().where('household_id', '=', householdId).where('final', '=', 0).executeTakeFirst()

  it('proposes 清退 and keeps the household on the allowance; changed to keep once returned, the proposal is withdrawn', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const exit = await save(
      '大孙庄村',
      householdId,
      { ...KEEP, riskSignals: ['privateCar'], outcome: 'exit', exitReason: '家庭成员名下有私家车', exitOn: '2026-12-01' },
      0,
    )
    expect(exit.ok).toBe(true)
    expect((await householdRow(householdId)).status).toBe('active')
    expect(await openProposal(householdId)).toMatchObject({ kind: 'stop', state: 'townshipReview.proposed', proposed_exit_date: '2026-12-01' })
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, filter: 'exit' })
    expect(roster.rows.map((r) => r.id)).toContain(householdId)

    // the township returns it to the village, which concludes 继续保障 instead
    const proposal = (await openProposal(householdId))!
    expect(
      await applyProposalEvent(t.db, {
        proposalId: proposal.id,
        event: { type: 'RETURN', reason: '请再核实车辆情况' },
        actor: { id: users.get('leader')! },
        at: AT,
        today: '2026-11-29',
      }),
    ).toMatchObject({ ok: true })
    expect((await save('大孙庄村', householdId, KEEP, 1)).ok).toBe(true)
    expect((await householdRow(householdId)).status).toBe('active')
    expect(await openProposal(householdId)).toBeUndefined()
    // nothing of the exit is left behind on the review
    expect(await reviewRow(householdId)).toMatchObject({ outcome: 'keep', exit_reason: null, exit_on: null, version: 2 })
  })

  it('stores fraud (骗保) amounts typed in yuan as exact fen and proposes 停止保障并追回', async () => {
    const submission = parseReview({
      outcome: 'fraud',
      fraudRecovered: '400.29',
      fraudFine: '1200.87',
      exitOn: '2026-11-20',
      // 收入核查 follows the economic check: every income kind with its source
      ...Object.fromEntries(['wages', 'business', 'pension', 'transfer', 'other'].map((k) => [`incomeSource_${k}`, 'crossChecked'])),
      notes: '隐瞒务工收入',
    })
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(submission.value.input).toMatchObject({
      fraudRecoveredFen: 40029,
      fraudFineFen: 120087,
      exitOn: '2026-11-20',
      incomeChecked: true,
      propertyChecked: false,
    })

    const [householdId] = await unreviewed('大孙庄村')
    expect((await save('大孙庄村', householdId, submission.value.input, 0)).ok).toBe(true)
    expect(await reviewRow(householdId)).toMatchObject({ outcome: 'fraud', fraud_recovered_fen: 40029, fraud_fine_fen: 120087, adjusted_amount_fen: null })
    expect((await householdRow(householdId)).status).toBe('active')
    expect(await openProposal(householdId)).toMatchObject({ kind: 'stopAndRecover', recovered_fen: 40029, fine_fen: 120087, grounds: '隐瞒务工收入' })
  })

  it('keeps an adjusted household on its amount until approved, and shows the proposed amount on the roster', async () => {
    const submission = parseReview({ outcome: 'adjust', adjustedAmount: '350', notes: '家庭成员就业' })
    if (submission.status !== 'success') throw new Error('expected a valid form')
    const [householdId] = await unreviewed('大孙庄村')
    const before = await householdRow(householdId)
    expect((await save('大孙庄村', householdId, submission.value.input, 0)).ok).toBe(true)
    expect(await householdRow(householdId)).toMatchObject({ status: 'active', monthly_amount_fen: before.monthly_amount_fen })
    expect(await openProposal(householdId)).toMatchObject({ kind: 'adjust', proposed_amount_fen: 35000 })
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, filter: 'adjust' })
    expect(roster.rows.find((r) => r.id === householdId)).toMatchObject({ adjustedAmountFen: 35000, outcome: 'adjust', reviewStatus: 'reviewed' })
  })

  it('leaves the near-relative filing (近亲属备案) to its own page: a review cannot file or untick it', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, { ...KEEP, nearRelativeFiling: true, nearRelativeNote: '村委会委员张某之兄' }, 0)
    expect(await householdRow(householdId)).toMatchObject({ near_relative_filing: 0, near_relative_note: null })
  })
})

describe('two people saving the same household', () => {
  it('refuses the second save from the same version, says what the first person changed, and changes nothing', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const first = await save('大孙庄村', householdId, { ...KEEP, homeVisitOn: '2026-11-27', homeVisitBy: '王建国', riskSignals: ['pension'] }, 0)
    expect(first.ok).toBe(true)
    const reviewBefore = await reviewRow(householdId)
    const householdBefore = await householdRow(householdId)
    const auditsBefore = (await auditRows('householdReview.save')).length

    const second = await save('大孙庄村', householdId, { ...KEEP, outcome: 'exit', exitReason: '有营业执照', exitOn: '2026-12-01' }, 0, 'leader')
    expect(second.ok).toBe(false)
    if (second.ok || second.kind !== 'conflict') throw new Error('expected a conflict')
    expect(second.version).toBe(1)
    expect(second.theirs).toMatchObject({ homeVisitOn: '2026-11-27', riskSignals: ['pension'], outcome: 'keep' })
    expect(second.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['homeVisitOn', 'homeVisitBy', 'riskSignals', 'outcome']))
    const cadre = await t.db.selectFrom('users').select('display_name').where('username', '=', 'dasunzhuang').executeTakeFirstOrThrow()
    expect(second.changes.find((c) => c.field === 'homeVisitOn')).toEqual({
      field: 'homeVisitOn',
      theirs: '2026-11-27',
      mine: null,
      by: cadre.display_name,
      at: AT.toISOString(),
    })
    // what this person typed elsewhere is not lost from sight either
    expect(second.unsaved).toEqual([
      { field: 'exitReason', theirs: null, mine: '有营业执照' },
      { field: 'exitOn', theirs: null, mine: '2026-12-01' },
    ])

    expect(await reviewRow(householdId)).toEqual(reviewBefore)
    expect(await householdRow(householdId)).toEqual(householdBefore)
    expect((await auditRows('householdReview.save')).length).toBe(auditsBefore)
  })

  it('lets exactly one of two simultaneous first saves win', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const results = await Promise.all([save('大孙庄村', householdId, { ...KEEP, notes: '甲' }, 0), save('大孙庄村', householdId, { ...KEEP, notes: '乙' }, 0)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.kind === 'conflict')).toHaveLength(1)
    expect((await reviewRow(householdId))!.version).toBe(1)
  })

  it('refuses a household of another village and changes nothing', async () => {
    const [other] = await unreviewed('张庄村')
    expect(await getHouseholdReview(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, householdId: other })).toBeNull()
    const result = await save('大孙庄村', other, KEEP, 0)
    expect(result).toEqual({ ok: false, kind: 'notFound' })
    expect(await reviewRow(other)).toBeUndefined()
  })
})

describe('the audit log', () => {
  it('records who saved a review, when, from where, and the fields before and after', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    await save('大孙庄村', householdId, KEEP, 0)
    // an adjustment gives its grounds (备注): it becomes a proposal (拟, ADR 010)
    await save('大孙庄村', householdId, { ...KEEP, outcome: 'adjust', adjustedAmountFen: 30000, notes: '家庭成员就业' }, 1)
    const review = (await reviewRow(householdId))!
    const rows = (await auditRows('householdReview.save')).filter((r) => r.entity_id === review.id)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({
      actor_user_id: users.get('dasunzhuang'),
      entity_type: 'household_review',
      village_id: villages.get('大孙庄村'),
      ip: '127.0.0.1',
      occurred_at: AT.toISOString(),
    })
    expect(JSON.parse(rows[1].before!)).toEqual({ householdId, outcome: 'keep', adjustedAmountFen: null, notes: null })
    expect(JSON.parse(rows[1].after!)).toEqual({ householdId, outcome: 'adjust', adjustedAmountFen: 30000, notes: '家庭成员就业' })
  })
})
