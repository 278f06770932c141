// 骗保 (fraud) amounts, as 《社会救助暂行办法》第六十八条 sets them: when a review concludes 骗保 the allowance obtained is
// recovered (追回低保金, required and above zero), and a fine, where one is imposed, is 1 to 3 times the amount
// obtained (处非法获取的救助款额或者物资价值1倍以上3倍以下的罚款). The amount obtained is taken to be the amount recovered.
// Amounts are whole fen (分), so the bounds are exact integers: no floating point, no rounding.

/** 罚款 lies between these multiples of the amount obtained, both included (第六十八条). */
export const FINE_MULTIPLE = { min: 1, max: 3 } as const

/** The fine the law allows for an amount recovered, in fen, both ends included. */
export function fineRangeFen(recoveredFen: number): { minFen: number; maxFen: number } {
  if (!Number.isSafeInteger(recoveredFen) || recoveredFen <= 0) throw new RangeError(`recovered amount must be whole fen above zero, got ${recoveredFen}`)
  return { minFen: recoveredFen * FINE_MULTIPLE.min, maxFen: recoveredFen * FINE_MULTIPLE.max }
}

/** A fine of 0 (or none written) means no fine was imposed. */
export function fineImposed(fineFen: number | null): fineFen is number {
  return fineFen !== null && fineFen !== 0
}

export type FraudAmountProblem =
  | { field: 'recovered'; problem: 'required' }
  | { field: 'recovered'; problem: 'notPositive' }
  | { field: 'fine'; problem: 'outOfRange'; minFen: number; maxFen: number }

/**
 * What is wrong with a 骗保 conclusion's amounts (empty: nothing). A fine is judged only once the amount recovered
 * is known; amounts that are not whole fen are a programming error (the form parses yuan into fen exactly).
 */
export function fraudAmountProblems(amounts: { recoveredFen: number | null; fineFen: number | null }): FraudAmountProblem[] {
  const { recoveredFen, fineFen } = amounts
  for (const fen of [recoveredFen, fineFen]) {
    if (fen !== null && !Number.isSafeInteger(fen)) throw new RangeError(`amounts must be whole fen, got ${fen}`)
  }
  if (recoveredFen === null) return [{ field: 'recovered', problem: 'required' }]
  if (recoveredFen <= 0) return [{ field: 'recovered', problem: 'notPositive' }]
  if (!fineImposed(fineFen)) return []
  const range = fineRangeFen(recoveredFen)
  return fineFen < range.minFen || fineFen > range.maxFen ? [{ field: 'fine', problem: 'outOfRange', ...range }] : []
}
