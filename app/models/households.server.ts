// 低保户: the cadre's household work, one concern a module —
//   householdReviewForm.server.ts  the review form (复核认定情况登记表): values, schema, parsing, defaults;
//   householdReview.server.ts      reading and saving one household's review (optimistic concurrency, audit);
//   householdRoster.server.ts      the village roster (名册) with its filters and search;
//   missedHouseholds.server.ts     missed families (漏保) found and enrolled;
// and here, what they share: money in fen ↔ the yuan a form speaks (exact, no floating point), and small look-ups.
import type { DB } from '../../db/connection.server'
import { yuanInput } from '../utils/format'

// ————————————————————————————————————————— money —————————————————————————————————————————

/** The largest amount a form may carry: fits a 32-bit integer column in fen on both databases. */
export const MAX_YUAN_FEN = 999_999_999 // ¥9,999,999.99

export type YuanResult = { ok: true; fen: number } | { ok: false; problem: 'format' | 'negative' | 'decimals' | 'tooLarge' }

/** '380' → 38000, '0.29' → 29, '1200.5' → 120050: digits only, at most two decimals, never negative. */
export function parseYuan(input: string): YuanResult {
  const text = input.trim()
  if (/^-\s*\d/.test(text)) return { ok: false, problem: 'negative' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (!match) return { ok: false, problem: 'format' }
  const [, whole, fraction = ''] = match
  if (fraction.length > 2) return { ok: false, problem: 'decimals' }
  if (whole.replace(/^0+/, '').length > 7) return { ok: false, problem: 'tooLarge' }
  // whole and fraction as integers: 0.29 is 0 × 100 + 29, never 0.29 × 100 = 28.999…
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (fen > MAX_YUAN_FEN) return { ok: false, problem: 'tooLarge' }
  return { ok: true, fen }
}

/** fen → what the form shows in a yuan field: 38000 → '380', 38050 → '380.50'. */
export function fenToYuanInput(fen: number | null): string {
  return fen === null ? '' : yuanInput(fen)
}

// ————————————————————————————————————————— small look-ups for the pages —————————————————————————————————————————

/** The head's name of a household of this village (for "已保存：…户"), or null. */
export async function getHouseholdName(db: DB, villageId: number, householdId: number): Promise<string | null> {
  if (!Number.isInteger(householdId) || householdId <= 0) return null
  const row = await db.selectFrom('households').select('head_name').where('id', '=', householdId).where('village_id', '=', villageId).executeTakeFirst()
  return row?.head_name ?? null
}
