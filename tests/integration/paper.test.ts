// The paper, on the demo township, on SQLite and (TEST_DIALECT=postgres) PostgreSQL: the printed 复核认定情况登记表
// with its member table, economic check, conclusion and the four signature lines filled from the review and the
// proposal's events; the 异议登记表, blank or filled from the objections, with the objector withheld from a cadre.
import { describe, expect, it } from 'vitest'
import { getObjectionRecord } from '../../app/models/objectionRecord.server'
import { downloadReviewForms, printReviewForm } from '../../app/models/reviewFormExport.server'
import { AT, campaign, ctx, exportAudits, rowsOf, t, users, village, workbook } from '../support/exportFiles'
import { useExportsDatabase } from '../support/exportFiles'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { insertObjection, insertProposal, insertProposalEvent } from '../support/proposalRows'

useExportsDatabase()

/** A household of the village with a saved review and no open proposal. */
async function reviewedHousehold(villageName: string) {
  return t.db
    .selectFrom('households')
    .innerJoin('household_reviews as r', 'r.household_id', 'households.id')
    .select(['households.id', 'households.head_name', 'households.member_count', 'r.id as reviewId'])
    .where('households.village_id', '=', village(villageName).id)
    .where('r.campaign_id', '=', campaign.id)
    .where('r.reviewed_at', 'is not', null)
    .where('households.id', 'not in', (eb) => eb.selectFrom('proposals').select('household_id').where('final', '=', 0))
    .orderBy('households.id')
    .executeTakeFirstOrThrow()
}

describe('the printed 复核认定情况登记表', () => {
  it('carries the members with masked ID numbers, the economic check, the conclusion in the plan’s words and the signature lines filled from the chain', async () => {
    const v = village('王家庄村')
    const h = await reviewedHousehold('王家庄村')
    await t.db.deleteFrom('household_members').where('household_id', '=', h.id).execute()
    await t.db
      .insertInto('household_members')
      .values([
        {
          household_id: h.id,
          position: 1,
          name: h.head_name,
          relation: 'head',
          id_number: '110105194912310021',
          covered: 1,
          health: 'healthy',
          disability: 'none',
          work_status: 'farming',
          updated_at: AT.toISOString(),
        },
        {
          household_id: h.id,
          position: 2,
          name: '王小花',
          relation: 'child',
          id_number: null,
          covered: 1,
          health: 'seriousIllness',
          disability: 'none',
          work_status: 'student',
          updated_at: AT.toISOString(),
        },
      ])
      .execute()
    const check = {
      incomes: { wages: { monthlyFen: 120_000, source: 'crossChecked' }, business: { monthlyFen: 0, source: 'visited' } },
      property: { vehicle: { present: true, source: 'crossChecked' } },
    }
    await t.db
      .updateTable('household_reviews')
      .set({ economic_check: JSON.stringify(check) })
      .where('id', '=', h.reviewId)
      .execute()
    const proposalId = await insertProposal(t.db, {
      campaignId: campaign.id,
      villageId: v.id,
      householdId: h.id,
      kind: 'stop',
      proposedExitDate: '2026-12-31',
      proposedByUserId: users.get('wangjiazhuang')!.id,
      proposedOn: '2026-11-20',
    })
    await insertProposalEvent(t.db, {
      proposalId,
      type: 'ACCEPT',
      actorUserId: users.get('leader')!.id,
      occurredAt: '2026-11-26T02:00:00.000Z',
      toState: 'inNotice',
    })

    const result = await printReviewForm(t.db, ctx('wangjiazhuang'), v, h.id)
    if (!result.ok) throw new Error('expected a form')
    const { paper } = result.forms[0]
    expect(paper.members.map((m) => [m.name, m.relation, m.maskedIdNumber, m.covered])).toEqual([
      [h.head_name, 'head', maskIdNumber('110105194912310021'), true],
      ['王小花', 'child', null, true],
    ])
    expect(JSON.stringify(result)).not.toContain('110105194912310021')
    expect(paper.economic).toMatchObject({
      totalFen: 120_000,
      perCapitaFen: Math.floor(120_000 / Math.max(1, h.member_count)),
      property: ['机动车辆（部门比对）'],
    })
    expect(paper.economic!.incomes[0]).toEqual({ kind: '工资性收入', amountFen: 120_000, source: '部门比对' })
    expect(paper.conclusion).toMatchObject({ text: '拟停止保障', detail: '拟停发日期2026-12-31', state: '办理进度：审核结果公示中' })
    expect(paper.signatures).toEqual([
      { role: 'reviewer', opinion: null, name: expect.any(String), day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      { role: 'committee', opinion: null, name: users.get('wangjiazhuang')!.displayName, day: '2026-11-20' },
      { role: 'township', opinion: '审核通过，进入公示', name: users.get('leader')!.displayName, day: '2026-11-26' },
      { role: 'county', opinion: null, name: null, day: null },
    ])

    // the .xlsx row says the same (one model function)
    const file = await downloadReviewForms(t.db, ctx('wangjiazhuang'), v, h.id)
    if (!file.ok) throw new Error('expected a workbook')
    const [header, row] = rowsOf(await workbook(file.file)).slice(2)
    expect(row[header.indexOf('家庭成员')]).toBe(`${h.head_name}（户主）、王小花（子女）`)
    expect(row[header.indexOf('村(居)复核结论')]).toBe('拟停止保障，拟停发日期2026-12-31')
    expect(row[header.indexOf('镇审核')]).toContain('审核通过，进入公示')
    expect(row[header.indexOf('镇审核')]).toContain('2026-11-26')
  })

  it('leaves blank signature lines where nobody has signed yet, and says 继续保障 for a household kept', async () => {
    const v = village('李家洼村')
    const h = await reviewedHousehold('李家洼村')
    await t.db.updateTable('household_reviews').set({ outcome: 'keep' }).where('id', '=', h.reviewId).execute()
    const result = await printReviewForm(t.db, ctx('lijiawa'), v, h.id)
    if (!result.ok) throw new Error('expected a form')
    const { paper } = result.forms[0]
    expect(paper.conclusion).toEqual({ text: '继续保障', detail: null, state: null, grounds: null })
    expect(paper.signatures.slice(1)).toEqual([
      { role: 'committee', opinion: null, name: null, day: null },
      { role: 'township', opinion: null, name: null, day: null },
      { role: 'county', opinion: null, name: null, day: null },
    ])
  })
})

describe('the 异议登记表', () => {
  it('is blank without a proposal, and filled from the objections with one', async () => {
    const v = village('南关社区')
    const blank = await getObjectionRecord(t.db, ctx('nanguan'), v, null)
    if (!blank.ok) throw new Error('expected a blank form')
    expect(blank.record).toMatchObject({ proposal: null, lines: [] })

    const h = await reviewedHousehold('南关社区')
    const proposalId = await insertProposal(t.db, { campaignId: campaign.id, villageId: v.id, householdId: h.id, kind: 'stop' })
    await insertObjection(t.db, { proposalId, objector: '李四 13800001111', content: '该户实际有经营收入' })
    await insertObjection(t.db, {
      proposalId,
      objector: null,
      content: '该户车辆已过户',
      result: 'unsubstantiated',
      verifiedByUserId: users.get('inspector')!.id,
    })
    const before = (await exportAudits()).length
    const filled = await getObjectionRecord(t.db, ctx('leader'), v, proposalId)
    if (!filled.ok) throw new Error('expected a record')
    expect(filled.record.proposal).toMatchObject({ id: proposalId, name: h.head_name, matter: '拟停止保障', noticeFrom: '2026-11-27', noticeTo: '2026-12-03' })
    expect(filled.record.lines).toEqual([
      expect.objectContaining({ no: 1, objector: '李四 13800001111', objectorShown: 'name', channel: '举报电话', content: '该户实际有经营收入', result: null }),
      expect.objectContaining({ no: 2, objector: null, objectorShown: 'anonymous', result: '不属实', verifiedOn: '2026-11-29', verifier: expect.any(String) }),
    ])
    expect(filled.record.choices.map((c) => c.id)).toContain(proposalId)
    const audit = (await exportAudits()).at(-1)!
    expect((await exportAudits()).length).toBe(before + 1)
    expect(audit).toMatchObject({ action: 'export.objectionRecord', village_id: v.id })
    expect(audit.after).not.toContain('李四')
  })

  it('never shows a village cadre (or the county) who objected, named or anonymous alike', async () => {
    const v = village('南关社区')
    const proposalId = (await t.db.selectFrom('proposals').select('id').where('village_id', '=', v.id).orderBy('id', 'desc').executeTakeFirstOrThrow()).id
    for (const username of ['nanguan', 'county', 'baocun', 'admin']) {
      const record = await getObjectionRecord(t.db, ctx(username), v, proposalId)
      if (!record.ok) throw new Error('expected a record')
      expect(
        record.record.lines.map((l) => [l.objector, l.objectorShown]),
        username,
      ).toEqual([
        [null, 'withheld'],
        [null, 'withheld'],
      ])
      expect(JSON.stringify(record), username).not.toContain('李四')
      expect(JSON.stringify(record), username).not.toContain('13800001111')
    }
    // the 镇民政所 reads it as a leader does
    const civil = await getObjectionRecord(t.db, { ...ctx('inspector'), actor: { ...users.get('inspector')!, civilAffairs: true } }, v, proposalId)
    expect(civil.ok && civil.record.lines[0].objector).toBe('李四 13800001111')
  })

  it('refuses a proposal of another village', async () => {
    const proposalId = (await t.db.selectFrom('proposals').select('id').where('village_id', '=', village('南关社区').id).executeTakeFirstOrThrow()).id
    expect(await getObjectionRecord(t.db, ctx('leader'), village('东风村'), proposalId)).toEqual({ ok: false, reason: 'notFound' })
  })
})
