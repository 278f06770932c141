// 《社会救助暂行办法》第六十八条 as the review applies it: 追回 required and above zero; a fine, where imposed, 1 to 3
// times the amount obtained (taken to be the amount recovered), exact in whole fen.
import { describe, expect, it } from 'vitest'
import { FINE_MULTIPLE, fineImposed, fineRangeFen, fraudAmountProblems } from '../../workflows/rules/fraud'

describe('骗保 amounts (第六十八条)', () => {
  it('allows a fine of 1 to 3 times the amount recovered: ¥24,000 recovered allows ¥24,000 to ¥72,000', () => {
    expect(FINE_MULTIPLE).toEqual({ min: 1, max: 3 })
    expect(fineRangeFen(2_400_000)).toEqual({ minFen: 2_400_000, maxFen: 7_200_000 })
  })

  it('accepts a fine of exactly 1 times and exactly 3 times the amount recovered', () => {
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 2_400_000 })).toEqual([])
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 7_200_000 })).toEqual([])
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 4_800_050 })).toEqual([])
  })

  it('refuses a fine one fen below 1 times or one fen above 3 times, and says the range', () => {
    const range = { minFen: 2_400_000, maxFen: 7_200_000 }
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 2_399_999 })).toEqual([{ field: 'fine', problem: 'outOfRange', ...range }])
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 7_200_001 })).toEqual([{ field: 'fine', problem: 'outOfRange', ...range }])
    // the demo's old 张庄村 case: ¥24,000 recovered, ¥1,300 fined
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 130_000 })).toEqual([{ field: 'fine', problem: 'outOfRange', ...range }])
  })

  it('works in whole fen: ¥333.33 recovered allows ¥333.33 to ¥999.99, not ¥1,000.00; ¥0.01 allows ¥0.01 to ¥0.03', () => {
    expect(fineRangeFen(33_333)).toEqual({ minFen: 33_333, maxFen: 99_999 })
    expect(fraudAmountProblems({ recoveredFen: 33_333, fineFen: 99_999 })).toEqual([])
    expect(fraudAmountProblems({ recoveredFen: 33_333, fineFen: 100_000 })).toHaveLength(1)
    expect(fraudAmountProblems({ recoveredFen: 33_333, fineFen: 33_332 })).toHaveLength(1)
    expect(fineRangeFen(1)).toEqual({ minFen: 1, maxFen: 3 })
    expect(fraudAmountProblems({ recoveredFen: 1, fineFen: 4 })).toHaveLength(1)
    // a fraction of a fen is no amount the form can produce: a programming error, not a rounding
    expect(() => fraudAmountProblems({ recoveredFen: 33_333.5, fineFen: null })).toThrow(RangeError)
    expect(() => fraudAmountProblems({ recoveredFen: 33_333, fineFen: 99_999.4 })).toThrow(RangeError)
    expect(() => fineRangeFen(0)).toThrow(RangeError)
  })

  it('allows no fine at all: left empty or written as 0', () => {
    expect(fineImposed(null)).toBe(false)
    expect(fineImposed(0)).toBe(false)
    expect(fineImposed(1)).toBe(true)
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: null })).toEqual([])
    expect(fraudAmountProblems({ recoveredFen: 2_400_000, fineFen: 0 })).toEqual([])
  })

  it('requires the amount recovered, above zero, before judging any fine', () => {
    expect(fraudAmountProblems({ recoveredFen: null, fineFen: null })).toEqual([{ field: 'recovered', problem: 'required' }])
    expect(fraudAmountProblems({ recoveredFen: null, fineFen: 130_000 })).toEqual([{ field: 'recovered', problem: 'required' }])
    expect(fraudAmountProblems({ recoveredFen: 0, fineFen: null })).toEqual([{ field: 'recovered', problem: 'notPositive' }])
    expect(fraudAmountProblems({ recoveredFen: -100, fineFen: null })).toEqual([{ field: 'recovered', problem: 'notPositive' }])
  })
})
