// 骗保 amounts (《社会救助暂行办法》第六十八条) through the review form and the review model: the amount recovered is
// required and above zero, a fine where imposed lies between 1 and 3 times it; the message on the field says the rule
// and this case's range. The demo township and a generated county obey the rule in every fraud review.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { getHouseholdReview } from '../../app/models/householdReview.server'
import { fraudAmountFieldErrors } from '../../app/models/householdReviewForm.server'
import { openDatabase, type DB } from '../../db/connection.server'
import { generateCounty } from '../../seed/county'
import { fraudAmountProblems } from '../../workflows/rules/fraud'
import {
  auditRows,
  campaign,
  householdRow,
  KEEP,
  parseReview,
  reviewRow,
  save,
  t,
  TODAY,
  unreviewed,
  useHouseholdsDatabase,
  villages,
} from '../support/householdReviews'

useHouseholdsDatabase()

const fraud = (fraudRecovered: string, fraudFine?: string) =>
  parseReview({ outcome: 'fraud', exitOn: '2026-11-20', fraudRecovered, ...(fraudFine === undefined ? {} : { fraudFine }) })
const RANGE_24000 = '罚款应为追回金额的1至3倍（《社会救助暂行办法》第六十八条）：本案应在¥24,000至¥72,000之间；不处罚款请留空。'

/** Every fraud review of a database, with what the rule says of its amounts. */
async function fraudReviews(db: DB) {
  const rows = await db.selectFrom('household_reviews').select(['id', 'fraud_recovered_fen', 'fraud_fine_fen']).where('outcome', '=', 'fraud').execute()
  return rows.map((r) => ({ ...r, problems: fraudAmountProblems({ recoveredFen: r.fraud_recovered_fen, fineFen: r.fraud_fine_fen }) }))
}

describe('the review form applies 第六十八条 to 骗保 amounts', () => {
  it('refuses ¥24,000 recovered with a ¥1,300 fine, saying the rule and this case’s range beside the fine', () => {
    const result = fraud('24000', '1300')
    expect(result.status).toBe('error')
    expect(result.reply().error).toEqual({ fraudFine: [RANGE_24000] })
    expect(fraud('24000', '72000.01').reply().error).toEqual({ fraudFine: [RANGE_24000] })
    expect(fraud('24000', '23999.99').reply().error).toEqual({ fraudFine: [RANGE_24000] })
  })

  it('accepts a fine of exactly 1 or 3 times the amount recovered, and no fine (empty or 0)', () => {
    for (const [recovered, fine, fen] of [
      ['24000', '24000', 2_400_000],
      ['24000', '72000', 7_200_000],
      ['333.33', '999.99', 99_999],
      ['24000', '0', 0],
    ] as const) {
      const result = fraud(recovered, fine)
      expect(result.status, `${recovered} / ${fine}`).toBe('success')
      if (result.status === 'success') expect(result.value.input.fraudFineFen).toBe(fen)
    }
    const none = fraud('24000')
    expect(none.status).toBe('success')
    if (none.status === 'success') expect(none.value.input).toMatchObject({ fraudRecoveredFen: 2_400_000, fraudFineFen: null })
  })

  it('requires the amount recovered, above zero, when the conclusion is 骗保', () => {
    expect(parseReview({ outcome: 'fraud', exitOn: '2026-11-20' }).reply().error).toEqual({ fraudRecovered: ['认定骗保的，须填写追回的低保金金额。'] })
    expect(fraud('0', '100').reply().error).toEqual({ fraudRecovered: ['认定骗保的，追回的低保金金额必须大于0。'] })
    // a fine cannot be judged against an amount that is not one: only the amount's own message
    expect(fraud('abc', '100').reply().error).toEqual({ fraudRecovered: ['请输入金额数字，如 380 或 380.50。'] })
  })

  it('asks nothing of the amounts when the conclusion is not 骗保', () => {
    expect(parseReview({ outcome: 'keep', fraudRecovered: '24000', fraudFine: '1300' }).status).toBe('success')
  })
})

describe('the review model applies 第六十八条 to 骗保 amounts', () => {
  it('refuses to save a fraud review with a fine outside 1 to 3 times, and writes nothing', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    const audits = (await auditRows('householdReview.save')).length
    const input = { ...KEEP, outcome: 'fraud' as const, exitOn: '2026-11-20', fraudRecoveredFen: 2_400_000, fraudFineFen: 130_000 }
    const result = await save('大孙庄村', householdId, input, 0)
    expect(result).toEqual({ ok: false, kind: 'fraudAmounts', problems: [{ field: 'fine', problem: 'outOfRange', minFen: 2_400_000, maxFen: 7_200_000 }] })
    if (result.ok || result.kind !== 'fraudAmounts') return
    expect(fraudAmountFieldErrors(result.problems)).toEqual({ fraudFine: [RANGE_24000] })
    expect(await reviewRow(householdId)).toBeUndefined()
    expect((await householdRow(householdId)).status).toBe('active')
    expect(await auditRows('householdReview.save')).toHaveLength(audits)

    const missing = await save('大孙庄村', householdId, { ...input, fraudRecoveredFen: null, fraudFineFen: null }, 0)
    expect(missing).toMatchObject({ ok: false, kind: 'fraudAmounts', problems: [{ field: 'recovered', problem: 'required' }] })
  })

  it('saves a fraud review with a fine of exactly 3 times the amount recovered, and reads it back', async () => {
    const [householdId] = await unreviewed('大孙庄村')
    // the grounds (备注) of the 停止保障并追回 proposal it makes (ADR 010)
    const input = { ...KEEP, outcome: 'fraud' as const, exitOn: '2026-11-20', fraudRecoveredFen: 2_400_000, fraudFineFen: 7_200_000, notes: '隐瞒务工收入' }
    expect((await save('大孙庄村', householdId, input, 0)).ok).toBe(true)
    const page = await getHouseholdReview(t.db, { campaignId: campaign.id, villageId: villages.get('大孙庄村')!, householdId })
    expect(page?.values).toMatchObject({ outcome: 'fraud', fraudRecoveredFen: 2_400_000, fraudFineFen: 7_200_000 })
  })
})

describe('the demo and the generated county obey 第六十八条', () => {
  it('gives every fraud review of the demo township an amount recovered and a fine of 1 to 3 times it', async () => {
    const reviews = await fraudReviews(t.db)
    expect(reviews.length).toBeGreaterThan(0)
    for (const r of reviews) expect(r.problems, `review ${r.id}: ${r.fraud_recovered_fen} / ${r.fraud_fine_fen}`).toEqual([])
    // 张庄村 too (it once had ¥24,000 recovered and ¥1,300 fined)
    const zhangzhuang = await t.db
      .selectFrom('household_reviews')
      .select(['fraud_recovered_fen', 'fraud_fine_fen'])
      .where('village_id', '=', villages.get('张庄村')!)
      .where('outcome', '=', 'fraud')
      .execute()
    expect(zhangzhuang.length).toBeGreaterThan(0)
    for (const r of zhangzhuang) expect(r.fraud_fine_fen! >= r.fraud_recovered_fen! && r.fraud_fine_fen! <= 3 * r.fraud_recovered_fen!).toBe(true)
  })

  it('gives every fraud review of a generated county an amount recovered and a fine of 1 to 3 times it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-fraud-'))
    const out = path.join(dir, 'county.db')
    try {
      await generateCounty({ out, townships: 2, villagesPerTownship: 6, households: 2_400, seed: 3, today: TODAY })
      const county = openDatabase({ url: out }).db
      try {
        const reviews = await fraudReviews(county)
        expect(reviews.length).toBeGreaterThan(0)
        for (const r of reviews) expect(r.problems, `review ${r.id}: ${r.fraud_recovered_fen} / ${r.fraud_fine_fen}`).toEqual([])
      } finally {
        await county.destroy()
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
