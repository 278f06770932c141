// The review form's 家庭经济状况核查 and 情况说明 parts (server-side): flat field names (income_wages, incomeSource_wages,
// property_vehicle, propertySource_vehicle, depositAmount, note_<situation>), their zod shape, the check they make and
// their default values. Money is yuan on the form, integer fen in the check.
import { z } from 'zod'
import { FIGURE_SOURCES, INCOME_KINDS, MAX_MONTHLY_FEN, PROPERTY_ITEMS, emptyEconomicCheck, type EconomicCheck } from '../../workflows/rules/economicCheck'
import { FLAGGED_SITUATIONS } from '../../workflows/rules/reviewCompleteness'
import { hasControlCharacters } from '../../workflows/rules/text'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { parseYuan, fenToYuanInput } from './households.server'

const m = t.households.errors
const NOTE_MAX = 300

const yuanText = z.string().trim().max(20, m.amountFormat).optional()
const sourceField = z.enum(FIGURE_SOURCES).optional()
const noteText = z
  .string()
  .trim()
  .max(NOTE_MAX, format(m.tooLong, { max: NOTE_MAX }))
  .refine((v) => !hasControlCharacters(v, { multiline: true }), m.controlCharacters)
  .optional()

export const incomeField = (kind: string) => `income_${kind}`
export const incomeSourceField = (kind: string) => `incomeSource_${kind}`
export const propertyField = (item: string) => `property_${item}`
export const propertySourceField = (item: string) => `propertySource_${item}`
export const DEPOSIT_AMOUNT_FIELD = 'depositAmount'
export const noteField = (situation: string) => `note_${situation}`

/** The zod fields of the economic check and the situation notes, to spread into the review form's object. */
export function economicCheckShape() {
  const shape: Record<string, z.ZodTypeAny> = {}
  for (const kind of INCOME_KINDS) {
    shape[incomeField(kind)] = yuanText
    shape[incomeSourceField(kind)] = sourceField
  }
  for (const item of PROPERTY_ITEMS) {
    shape[propertyField(item)] = z.boolean().default(false)
    shape[propertySourceField(item)] = sourceField
  }
  shape[DEPOSIT_AMOUNT_FIELD] = yuanText
  for (const situation of FLAGGED_SITUATIONS) shape[noteField(situation)] = noteText
  return shape
}

type Values = Record<string, unknown>

function fenOf(value: unknown): { fen: number } | { problem: string } | null {
  if (typeof value !== 'string' || value === '') return null
  const parsed = parseYuan(value)
  if (!parsed.ok)
    return { problem: { format: m.amountFormat, negative: m.amountNegative, decimals: m.amountDecimals, tooLarge: m.amountTooLarge }[parsed.problem] }
  if (parsed.fen > MAX_MONTHLY_FEN) return { problem: m.amountTooLarge }
  return { fen: parsed.fen }
}

/** Problems with the check's amounts, on the field each belongs to. */
export function economicCheckIssues(v: Values, issue: (path: string, message: string) => void): void {
  for (const path of [...INCOME_KINDS.map(incomeField), DEPOSIT_AMOUNT_FIELD]) {
    const r = fenOf(v[path])
    if (r && 'problem' in r) issue(path, r.problem)
  }
}

/** The check the form describes; null when nothing of it was filled in (the check not started). */
export function economicCheckFromForm(v: Values): EconomicCheck | null {
  const check = emptyEconomicCheck()
  let touched = false
  const amount = (path: string) => {
    const r = fenOf(v[path])
    return r && 'fen' in r ? r.fen : null
  }
  for (const kind of INCOME_KINDS) {
    const fen = amount(incomeField(kind))
    const source = (v[incomeSourceField(kind)] as EconomicCheck['incomes'][typeof kind]['source'] | undefined) ?? null
    if (fen !== null || source !== null) touched = true
    check.incomes[kind] = { monthlyFen: fen ?? 0, source }
  }
  for (const item of PROPERTY_ITEMS) {
    const present = v[propertyField(item)] === true
    const source = (v[propertySourceField(item)] as EconomicCheck['property'][typeof item]['source'] | undefined) ?? null
    if (present || source !== null) touched = true
    check.property[item] = { present, source }
  }
  const deposit = amount(DEPOSIT_AMOUNT_FIELD)
  if (deposit !== null) touched = true
  check.property.deposits.amountFen = check.property.deposits.present ? deposit : null
  return touched ? check : null
}

/** Notes on the flagged situations as sent (blank ones dropped). */
export function situationNotesFromForm(v: Values): Record<string, string> {
  const notes: Record<string, string> = {}
  for (const situation of FLAGGED_SITUATIONS) {
    const note = v[noteField(situation)]
    if (typeof note === 'string' && note.trim()) notes[situation] = note.trim()
  }
  return notes
}

/** The check and the notes as the form's default values. */
export function economicCheckDefaults(check: EconomicCheck | null, notes: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const kind of INCOME_KINDS) {
    const figure = check?.incomes[kind]
    out[incomeField(kind)] = figure && (figure.monthlyFen > 0 || figure.source) ? fenToYuanInput(figure.monthlyFen) : ''
    out[incomeSourceField(kind)] = figure?.source ?? ''
  }
  for (const item of PROPERTY_ITEMS) {
    out[propertyField(item)] = check?.property[item].present ? 'on' : undefined
    out[propertySourceField(item)] = check?.property[item].source ?? ''
  }
  out[DEPOSIT_AMOUNT_FIELD] = fenToYuanInput(check?.property.deposits.amountFen ?? null)
  for (const situation of FLAGGED_SITUATIONS) out[noteField(situation)] = notes[situation] ?? ''
  return out
}

/** Notes as stored (JSON), only known situations with text. */
export function parseSituationNotes(json: string | null | undefined): Record<string, string> {
  try {
    const value = JSON.parse(json ?? '{}') as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
    const notes: Record<string, string> = {}
    for (const situation of FLAGGED_SITUATIONS) {
      const note = (value as Record<string, unknown>)[situation]
      if (typeof note === 'string' && note.trim()) notes[situation] = note.slice(0, NOTE_MAX)
    }
    return notes
  } catch {
    return {}
  }
}
