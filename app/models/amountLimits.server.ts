// 金额上限 (issue 11, finding 14): what a money field may hold, by kind of amount, and the local 低保标准 a monthly
// allowance is compared with. Settings, not facts: the township sets them in the environment; the defaults are
// deliberately generous and only stop typing mistakes (an extra zero, a ¥9,999,999.99).
//
//   ZGT_DIBAO_STANDARD_YUAN      本地低保标准, yuan per covered person per month (setting; default 900). A monthly
//                                amount above standard × covered persons is a warning: saved only once the person
//                                ticks 金额已核对.
//   ZGT_AMOUNT_CAP_MONTHLY_YUAN  hard cap of a household's monthly allowance (default 10,000): refused above.
//   ZGT_AMOUNT_CAP_RECOVERED_YUAN hard cap of an amount recovered (追回金额) after fraud (default 1,000,000).
//   ZGT_AMOUNT_CAP_FINE_YUAN     hard cap of a fine (罚款) for fraud (default 1,000,000).
//
// A value that is not a positive number is ignored (the default holds), so a typo in the environment never lifts
// a cap. Every cap stays under MAX_YUAN_FEN, the column's own limit.

export type AmountKind = 'monthly' | 'recovered' | 'fine'

export interface AmountLimits {
  /** 本地低保标准 in fen per covered person per month */
  standardFen: number
  /** hard caps in fen */
  capFen: Record<AmountKind, number>
}

const COLUMN_MAX_FEN = 999_999_999

function yuanSetting(value: string | undefined, fallbackYuan: number): number {
  const n = Number(value)
  const yuan = value !== undefined && value.trim() !== '' && Number.isFinite(n) && n > 0 ? n : fallbackYuan
  return Math.min(Math.round(yuan * 100), COLUMN_MAX_FEN)
}

export function amountLimits(env: Record<string, string | undefined> = process.env): AmountLimits {
  return {
    standardFen: yuanSetting(env.ZGT_DIBAO_STANDARD_YUAN, 900),
    capFen: {
      monthly: yuanSetting(env.ZGT_AMOUNT_CAP_MONTHLY_YUAN, 10_000),
      recovered: yuanSetting(env.ZGT_AMOUNT_CAP_RECOVERED_YUAN, 1_000_000),
      fine: yuanSetting(env.ZGT_AMOUNT_CAP_FINE_YUAN, 1_000_000),
    },
  }
}
