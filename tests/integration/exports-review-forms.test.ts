// The review forms (复核认定情况登记表) as officials file them, read back from the generated workbook and print view.
// Runs on SQLite and, with TEST_DIALECT=postgres, on PostgreSQL.
import { describe, expect, it } from 'vitest'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import type { ReviewInput } from '../../app/models/householdReviewForm.server'
import { downloadReviewForms, printVillageReviewForms } from '../../app/models/reviewFormExport.server'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { AT, campaign, ctx, exportAudits, rowsOf, t, useExportsDatabase, users, village, workbook } from '../support/exportFiles'

useExportsDatabase()

describe('the review forms (复核认定情况登记表)', () => {
  it('puts every household of the village in the workbook, one row each, with the masked ID number and the review’s findings', async () => {
    const v = village('东风村')
    const result = await downloadReviewForms(t.db, ctx('dongfeng'), v)
    if (!result.ok) throw new Error('expected a workbook')
    const rows = rowsOf(await workbook(result.file))
    expect(rows[0]).toEqual(['青山县城乡低保对象复核认定情况登记表'])
    expect(rows[1][0]).toContain('村(居)：东风村')
    const header = rows[2]
    for (const column of [
      '户主姓名',
      '身份证号（已隐去中间数字）',
      '月保障金额（元）',
      '入户调查日期',
      '重点核查情形',
      '错保风险',
      '复核结论',
      '停止保障原因',
      '追回低保金（元）',
    ])
      expect(header).toContain(column)
    const households = await t.db.selectFrom('households').select(['id', 'head_name', 'id_number', 'status']).where('village_id', '=', v.id).execute()
    const body = rows.slice(3)
    expect(body).toHaveLength(households.length)
    const nameAt = header.indexOf('户主姓名')
    const idAt = header.indexOf('身份证号（已隐去中间数字）')
    for (const h of households) expect(body.some((r) => r[nameAt] === h.head_name && r[idAt] === maskIdNumber(h.id_number))).toBe(true)
    expect(rows.flat().join('\n')).not.toMatch(/\d{17}[\dX]/)
    // an exited household's form says why
    const exited = await t.db
      .selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .select(['households.head_name', 'household_reviews.exit_reason'])
      .where('households.village_id', '=', v.id)
      .where('household_reviews.outcome', '=', 'exit')
      .executeTakeFirstOrThrow()
    const row = body.find((r) => r[nameAt] === exited.head_name)!
    expect(row[header.indexOf('复核结论')]).toBe('停止保障')
    expect(row[header.indexOf('停止保障原因')]).toBe(exited.exit_reason)
  })

  it('prints one form per household of the village and records the print', async () => {
    const v = village('红星村')
    const result = await printVillageReviewForms(t.db, ctx('hongxing'), v)
    if (!result.ok) throw new Error('expected forms')
    const count = await t.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', v.id)
      .executeTakeFirstOrThrow()
    expect(result.forms).toHaveLength(Number(count.n))
    expect(result.place).toMatchObject({ county: '青山县', township: '清河镇', village: '红星村' })
    expect(JSON.stringify(result)).not.toMatch(/\d{17}[\dX]/)
    expect((await exportAudits()).at(-1)).toMatchObject({ action: 'export.reviewForms', village_id: v.id, entity_type: 'village' })
  })

  it('exports one household’s form on its own, and refuses a household of another village', async () => {
    const household = await t.db
      .selectFrom('households')
      .select(['id', 'head_name'])
      .where('village_id', '=', village('东风村').id)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const one = await downloadReviewForms(t.db, ctx('dongfeng'), village('东风村'), household.id)
    if (!one.ok) throw new Error('expected a workbook')
    expect(one.file.filename).toBe(`东风村${household.head_name}户复核认定情况登记表（2026-11-29）.xlsx`)
    expect(rowsOf(await workbook(one.file)).slice(3)).toHaveLength(1)
    const before = (await exportAudits()).length
    expect(await downloadReviewForms(t.db, ctx('hongxing'), village('红星村'), household.id)).toEqual({ ok: false, reason: 'notInVillage' })
    expect((await exportAudits()).length).toBe(before)
  })

  it('keeps a review saved just now: the next export shows it', async () => {
    const v = village('大孙庄村')
    const household = await t.db
      .selectFrom('households')
      .leftJoin('household_reviews as r', 'r.household_id', 'households.id')
      .select(['households.id', 'households.head_name'])
      .where('households.village_id', '=', v.id)
      .where('r.id', 'is', null)
      .orderBy('households.id')
      .executeTakeFirstOrThrow()
    const input: ReviewInput = {
      incomeChecked: true,
      propertyChecked: true,
      homeVisitOn: '2026-11-28',
      homeVisitBy: '王建国',
      keyCheckSituations: ['publicObjection'],
      riskSignals: ['privateCar'],
      nearRelativeFiling: false,
      nearRelativeNote: null,
      outcome: 'adjust',
      adjustedAmountFen: 32050,
      exitReason: null,
      exitOn: null,
      fraudRecoveredFen: null,
      fraudFineFen: null,
      notes: '车辆已过户，按新收入调整',
    }
    const saved = await saveHouseholdReview(t.db, {
      campaignId: campaign.id,
      villageId: v.id,
      householdId: household.id,
      actor: { id: users.get('dasunzhuang')!.id },
      input,
      expectedVersion: 0,
      at: AT,
    })
    expect(saved.ok).toBe(true)
    const result = await downloadReviewForms(t.db, ctx('dasunzhuang'), v, household.id)
    if (!result.ok) throw new Error('expected a workbook')
    const [header, row] = rowsOf(await workbook(result.file)).slice(2)
    const cell = (column: string) => row[header.indexOf(column)]
    expect(cell('复核结论')).toBe('调整保障金额（增发、减发）')
    expect(cell('调整后月保障金额（元）')).toBe('320.5')
    expect(cell('重点核查情形')).toBe('群众有异议')
    expect(cell('错保风险')).toBe('拥有私家车辆')
    expect(cell('备注')).toBe('车辆已过户，按新收入调整')
    expect(cell('已核查家庭收入')).toBe('是')
  })
})
