// The review form and the missed-family form refuse bad input with a Chinese message on the field: amounts in yuan,
// dates, ID numbers and text no real review or family holds.
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { addMissedHousehold, missedHouseholdSchema, type MissedHouseholdInput } from '../../app/models/missedHouseholds.server'
import { parseYuan } from '../../app/models/households.server'
import { reviewFormSchema } from '../../app/models/householdReviewForm.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { AT, form, parseReview, t, TODAY, useHouseholdsDatabase, users, villages } from '../support/householdReviews'

useHouseholdsDatabase()

describe('the review form refuses bad input with a Chinese message on the field', () => {
  it('converts yuan to fen exactly and refuses negative amounts and more than two decimals', () => {
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 })
    expect(parseYuan('1200.5')).toEqual({ ok: true, fen: 120050 })
    expect(parseYuan('0.07')).toEqual({ ok: true, fen: 7 })
    expect(parseYuan('19.99')).toEqual({ ok: true, fen: 1999 })
    expect(parseYuan('-5')).toEqual({ ok: false, problem: 'negative' })
    expect(parseYuan('3.555')).toEqual({ ok: false, problem: 'decimals' })
    expect(parseYuan('abc')).toEqual({ ok: false, problem: 'format' })
    expect(parseYuan('100000000')).toEqual({ ok: false, problem: 'tooLarge' })
  })

  it('names the field that is wrong', () => {
    const result = parseReview({ outcome: 'fraud', fraudRecovered: '-5', fraudFine: '3.555', homeVisitOn: '2026-12-31' })
    expect(result.status).toBe('error')
    const errors = result.reply().error!
    expect(errors.fraudRecovered).toEqual(['金额不能为负数。'])
    expect(errors.fraudFine).toEqual(['金额最多保留两位小数（到分）。'])
    expect(errors.homeVisitOn).toEqual(['入户调查日期不能晚于今天。'])
    expect(errors.homeVisitBy).toEqual(['请填写入户调查人员。'])
    expect(errors.exitOn).toEqual(['请填写停发日期。'])
    expect(parseReview({}).reply().error!.outcome).toEqual(['请选择复核结论。'])
    expect(parseReview({ outcome: 'exit', exitOn: '2026-02-30' }).reply().error).toMatchObject({
      exitReason: ['请填写停止保障原因。'],
      exitOn: ['请输入有效日期（如 2026-07-15）。'],
    })
  })
})

// Issue 11, finding 14: values no real review or family holds are refused with a Chinese message on the field.
describe('validation of dates, amounts, ID numbers and text (issue 11)', () => {
  const missed = (values: Record<string, string>) =>
    parseWithZod(
      form({
        headName: '孙桂英',
        idNumber: makeIdNumber('130925', '19600315', 7),
        memberCount: '2',
        coveredCount: '2',
        category: '农村低保B类',
        monthlyAmount: '700',
        ...values,
      }),
      { schema: missedHouseholdSchema() },
    )

  it('refuses a home visit on 1900-01-01 and an exit on 2099-12-31', () => {
    const errors = parseReview({ outcome: 'exit', exitReason: '家庭收入超标', exitOn: '2099-12-31', homeVisitOn: '1900-01-01', homeVisitBy: '王建国' }).reply()
      .error!
    expect(errors.homeVisitOn).toEqual(['入户调查日期不能早于2025-11-28（一年以前），请核对。'])
    expect(errors.exitOn).toEqual(['停发日期须在2025-11-28至2027-03-01之间，请核对。'])
    expect(parseReview({ outcome: 'exit', exitReason: '家庭收入超标', exitOn: '2026-12-01', homeVisitOn: '2026-11-20', homeVisitBy: '王建国' }).status).toBe(
      'success',
    )
  })

  it('refuses a ¥9,999,999.99 monthly amount, and asks to confirm one above the local 低保标准', () => {
    expect(missed({ monthlyAmount: '9999999.99' }).reply().error!.monthlyAmount).toEqual(['金额超过上限¥10,000，请核对（上限由本镇设置）。'])
    // 2 covered persons × ¥900 (the default standard, a setting) = ¥1,800: above is a warning to confirm
    expect(missed({ monthlyAmount: '1900' }).reply().error!.monthlyAmount?.[0]).toContain('高于本地低保标准')
    expect(missed({ monthlyAmount: '1900', confirmAmount: 'on' }).status).toBe('success')
    expect(missed({ monthlyAmount: '1800' }).status).toBe('success')
    // the review's adjusted amount against the household's covered persons; fraud amounts against their own caps
    const adjust = parseWithZod(form({ version: '0', outcome: 'adjust', adjustedAmount: '9999999.99' }), {
      schema: reviewFormSchema({ today: TODAY, coveredCount: 1 }),
    })
    expect(adjust.reply().error!.adjustedAmount).toEqual(['金额超过上限¥10,000，请核对（上限由本镇设置）。'])
    const above = parseWithZod(form({ version: '0', outcome: 'adjust', adjustedAmount: '1000' }), {
      schema: reviewFormSchema({ today: TODAY, coveredCount: 1 }),
    })
    expect(above.reply().error!.adjustedAmount?.[0]).toContain('高于本地低保标准')
    expect(parseReview({ outcome: 'fraud', exitOn: '2026-11-01', fraudRecovered: '9999999.99', fraudFine: '2000' }).reply().error!.fraudRecovered).toEqual([
      '金额超过上限¥1,000,000，请核对（上限由本镇设置）。',
    ])
  })

  it('an ID number born in 2099 or with region 000000 is refused', async () => {
    expect(missed({ idNumber: makeIdNumber('130925', '20990101', 7) }).reply().error!.idNumber).toEqual(['身份证号中的出生日期晚于今天，请核对。'])
    expect(missed({ idNumber: makeIdNumber('000000', '19600315', 7) }).reply().error!.idNumber).toEqual(['身份证号前六位不是有效的行政区划代码，请核对。'])
    // the model refuses it as well, whatever the form said
    const input: MissedHouseholdInput = {
      headName: '孙桂英',
      idNumber: makeIdNumber('000000', '19600315', 7),
      memberCount: 2,
      coveredCount: 2,
      category: '农村低保B类',
      monthlyAmountFen: 70000,
      responsibleCadre: null,
      phone: null,
      notes: null,
    }
    const before = await t.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(await addMissedHousehold(t.db, { villageId: villages.get('张庄村')!, actor: { id: users.get('zhangzhuang')! }, input, at: AT })).toEqual({
      ok: false,
      kind: 'invalidIdNumber',
      problem: 'region',
    })
    expect(
      await t.db
        .selectFrom('households')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before)
  })

  it('refuses NUL bytes and other control characters in text, keeping newlines in long text', () => {
    expect(missed({ headName: '孙桂\u0000英' }).reply().error!.headName).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(missed({ notes: '入户发现\u202e倒序' }).reply().error!.notes).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(missed({ notes: '第一行\n第二行' }).status).toBe('success')
    expect(parseReview({ outcome: 'keep', notes: '备注\u0000' }).reply().error!.notes).toEqual(['内容中含有不可见的控制字符，请删除后重新填写。'])
    expect(parseReview({ outcome: 'keep', homeVisitOn: '2026-11-20', homeVisitBy: '王\t建国' }).reply().error!.homeVisitBy).toEqual([
      '内容中含有不可见的控制字符，请删除后重新填写。',
    ])
  })
})
