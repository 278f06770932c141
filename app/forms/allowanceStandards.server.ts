// The county administrator's form on /county/standards (server-side only): a new 低保标准 for 城市 or 农村 from a day,
// the monthly amount per person in yuan and each 分类施保 addition. A refusal is one Chinese message, never the input.
import { z } from 'zod'
import { isDay } from '../../workflows/rules/dates'
import { HOUSEHOLD_AREAS, SUPPLEMENT_KINDS } from '../../workflows/rules/vocabulary'
import { t } from '../i18n/dictionary'
import type { NewStandard, SupplementsFen } from '../models/allowanceStandards.server'
import { parseYuan } from '../models/households.server'

const e = t.allowanceStandards.errors
/** A standard above ¥100,000 per person a month is a typo. */
const MAX_STANDARD_FEN = 10_000_000

const yuan = z.string().trim().max(20)

const Schema = z.object({
  area: z.enum(HOUSEHOLD_AREAS, { error: e.area }),
  effectiveFrom: z
    .string({ error: e.effectiveFrom })
    .trim()
    .max(10, e.effectiveFrom)
    .refine((v) => isDay(v) && v >= '2000-01-01' && v <= '2100-12-31', e.effectiveFrom),
  monthly: yuan,
  ...Object.fromEntries(SUPPLEMENT_KINDS.map((k) => [`supplement_${k}`, yuan.optional()])),
})

function fenOf(text: string | undefined, required: boolean): number | null {
  if (!text) return required ? null : 0
  const parsed = parseYuan(text)
  if (!parsed.ok || parsed.fen > MAX_STANDARD_FEN) return null
  return parsed.fen
}

export function parseAllowanceStandardForm(formData: FormData): { ok: true; input: NewStandard } | { ok: false; message: string } {
  const raw: Record<string, string> = {}
  for (const [key, value] of formData) if (typeof value === 'string') raw[key] = value
  const parsed = Schema.safeParse(raw)
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? ''
    return { ok: false, message: Object.values(e).includes(message as never) ? message : e.monthly }
  }
  const v = parsed.data as Record<string, string | undefined> & { area: NewStandard['area']; effectiveFrom: string }
  const monthlyFen = fenOf(v.monthly, true)
  if (monthlyFen === null || monthlyFen === 0) return { ok: false, message: e.monthly }
  const supplementsFen = {} as SupplementsFen
  for (const kind of SUPPLEMENT_KINDS) {
    const fen = fenOf(v[`supplement_${kind}`], false)
    if (fen === null) return { ok: false, message: e.supplement }
    supplementsFen[kind] = fen
  }
  return { ok: true, input: { area: v.area, effectiveFrom: v.effectiveFrom, monthlyFen, supplementsFen } }
}
