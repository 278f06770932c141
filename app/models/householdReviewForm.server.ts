// 复核认定情况登记表: the review form's values, its server-side schema (conform + zod), parsing and defaults.
// Money is integer fen (分); the form speaks yuan, converted exactly by parseYuan (households.server.ts).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { addDays, isDay } from '../../workflows/rules/dates'
import { fraudAmountProblems, type FraudAmountProblem } from '../../workflows/rules/fraud'
import { PROPERTY_ITEMS, incomesHaveSources, type EconomicCheck } from '../../workflows/rules/economicCheck'
import { hasControlCharacters } from '../../workflows/rules/text'
import {
  KEY_CHECK_SITUATIONS,
  REVIEW_OUTCOMES,
  RISK_SIGNALS,
  type KeyCheckSituation,
  type ReviewOutcome,
  type RiskSignal,
} from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { yuanBrief as formatYuan } from '../utils/format'
import { amountLimits, type AmountKind } from './amountLimits.server'
import { economicCheckDefaults, economicCheckFromForm, economicCheckIssues, economicCheckShape, situationNotesFromForm } from './economicCheckForm.server'
import { type YuanResult, parseYuan, fenToYuanInput } from './households.server'

// ————————————————————————————————————————— the review —————————————————————————————————————————

/** What the review form (复核认定情况登记表) records, in the form's own words; audit rows and conflicts use these keys. */
export interface ReviewValues {
  /** derived from the economic check: every income kind has its source */
  incomeChecked: boolean
  /** derived from the economic check: every property item has its source */
  propertyChecked: boolean
  /** 家庭经济状况核查 (workflows/rules/economicCheck.ts); null before it is started */
  economicCheck: EconomicCheck | null
  /** a note on each flagged 重点核查 situation (workflows/rules/reviewCompleteness.ts) */
  situationNotes: Record<string, string>
  /** 入户调查 date and who went */
  homeVisitOn: string | null
  homeVisitBy: string | null
  keyCheckSituations: KeyCheckSituation[]
  riskSignals: RiskSignal[]
  /** 近亲属备案: read from the household, never written by the review (it has its own page) */
  nearRelativeFiling: boolean
  nearRelativeNote: string | null
  outcome: ReviewOutcome | null
  adjustedAmountFen: number | null
  exitReason: string | null
  exitOn: string | null
  fraudRecoveredFen: number | null
  fraudFineFen: number | null
  notes: string | null
}

/**
 * What a save sends. The economic check and notes may be left out by callers that predate them (null, {}); the
 * near-relative filing, if sent, is ignored (the household's own filing is kept).
 */
export type ReviewInput = Omit<ReviewValues, 'nearRelativeFiling' | 'nearRelativeNote' | 'economicCheck' | 'situationNotes'> & {
  outcome: ReviewOutcome
  economicCheck?: EconomicCheck | null
  situationNotes?: Record<string, string>
  nearRelativeFiling?: boolean
  nearRelativeNote?: string | null
}

export const REVIEW_FIELDS = [
  'incomeChecked',
  'propertyChecked',
  'homeVisitOn',
  'homeVisitBy',
  'keyCheckSituations',
  'riskSignals',
  'economicCheck',
  'situationNotes',
  'outcome',
  'adjustedAmountFen',
  'exitReason',
  'exitOn',
  'fraudRecoveredFen',
  'fraudFineFen',
  'notes',
] as const satisfies readonly (keyof ReviewValues)[]
export type ReviewField = (typeof REVIEW_FIELDS)[number]

export const m = t.households.errors
/** Text without control characters (issue 11): long text keeps newlines and tabs, a one-line field none. */
export const safe = (max: number, multiline: boolean, required?: string) =>
  (required ? z.string({ error: required }).trim().min(1, required) : z.string().trim())
    .max(max, format(m.tooLong, { max }))
    .refine((v) => !hasControlCharacters(v, { multiline }), m.controlCharacters)
export const optionalText = (max: number, multiline = true) => safe(max, multiline).optional()

/**
 * Dates a review may carry (issue 11): a home visit within the last year and not after today; a stop date
 * (停发日期) within the last year or the next three months. Outside that it is a typo (1900-01-01, 2099-12-31).
 */
export const REVIEW_DATE_WINDOW = { pastDays: 366, exitFutureDays: 92 } as const

/** A money field against its cap, and a monthly amount against standard × covered persons unless confirmed. */
export function amountIssue(kind: AmountKind, fen: number, q: { coveredCount?: number; confirmed: boolean }): string | null {
  const limits = amountLimits()
  if (fen > limits.capFen[kind]) return format(m.amountOverCap, { cap: formatYuan(limits.capFen[kind]) })
  if (kind === 'monthly' && q.coveredCount && !q.confirmed && fen > limits.standardFen * q.coveredCount) {
    return format(m.amountAboveStandard, {
      standard: formatYuan(limits.standardFen),
      count: q.coveredCount,
      limit: formatYuan(limits.standardFen * q.coveredCount),
    })
  }
  return null
}
const yuanText = z.string().trim().max(20, m.amountFormat).optional()
const dayText = z.string().trim().max(10, m.invalidDate).optional()

/** The 骗保 amount rule's findings (workflows/rules/fraud.ts) in Chinese, on the form field each belongs to. */
function fraudAmountMessages(problems: FraudAmountProblem[]): Array<{ field: 'fraudRecovered' | 'fraudFine'; message: string }> {
  return problems.map((p) =>
    p.field === 'recovered'
      ? { field: 'fraudRecovered', message: p.problem === 'required' ? m.fraudRecoveredRequired : m.fraudRecoveredPositive }
      : { field: 'fraudFine', message: format(m.fraudFineOutOfRange, { min: formatYuan(p.minFen), max: formatYuan(p.maxFen) }) },
  )
}

/** The same as conform's field errors, for a save the model refused (SaveReviewResult kind 'fraudAmounts'). */
export function fraudAmountFieldErrors(problems: FraudAmountProblem[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const { field, message } of fraudAmountMessages(problems)) (errors[field] ??= []).push(message)
  return errors
}

export function yuanProblem(problem: Exclude<YuanResult, { ok: true }>['problem']): string {
  return { format: m.amountFormat, negative: m.amountNegative, decimals: m.amountDecimals, tooLarge: m.amountTooLarge }[problem]
}

/**
 * The review form as it arrives (conform's parseWithZod: empty fields are undefined, checkboxes 'on' → true),
 * checked with zh-CN messages on the field they belong to, and turned into a ReviewInput (fen, nulls).
 */
export function reviewFormSchema({ today, coveredCount }: { today: string; coveredCount?: number }) {
  const oldest = addDays(today, -REVIEW_DATE_WINDOW.pastDays)
  const latestExit = addDays(today, REVIEW_DATE_WINDOW.exitFutureDays)
  return z
    .object({
      version: z.number({ error: t.errors.generic }).int().min(0),
      returnTo: z.string().max(500).optional(),
      homeVisitOn: dayText,
      homeVisitBy: optionalText(100, false),
      keyCheckSituations: z.array(z.enum(KEY_CHECK_SITUATIONS)).default([]),
      riskSignals: z.array(z.enum(RISK_SIGNALS)).default([]),
      outcome: z.enum(REVIEW_OUTCOMES, { error: m.outcomeRequired }),
      adjustedAmount: yuanText,
      exitReason: optionalText(300),
      exitOn: dayText,
      fraudRecovered: yuanText,
      fraudFine: yuanText,
      notes: optionalText(1000),
      confirmAmount: z.boolean().default(false),
      // the economic check's and the notes' flat fields (economicCheckForm.server.ts), checked below
      ...economicCheckShape(),
    })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
      // the amount in fen; null when left empty, undefined when it is not a valid amount (the issue is already added)
      const money = (path: string, value: string | undefined, required: boolean, positive = false, kind: AmountKind = 'monthly'): number | null | undefined => {
        if (!value) {
          if (required) issue(path, m.amountRequired)
          return required ? undefined : null
        }
        const parsed = parseYuan(value)
        if (!parsed.ok) issue(path, yuanProblem(parsed.problem))
        else if (positive && parsed.fen === 0) issue(path, m.amountPositive)
        else {
          const problem = amountIssue(kind, parsed.fen, { coveredCount, confirmed: v.confirmAmount })
          if (problem) issue(path, problem)
          else return parsed.fen
        }
        return undefined
      }
      economicCheckIssues(v, issue)
      if (v.homeVisitOn) {
        if (!isDay(v.homeVisitOn)) issue('homeVisitOn', m.invalidDate)
        else if (v.homeVisitOn > today) issue('homeVisitOn', m.homeVisitFuture)
        else if (v.homeVisitOn < oldest) issue('homeVisitOn', format(m.homeVisitTooOld, { min: oldest }))
        if (!v.homeVisitBy) issue('homeVisitBy', m.homeVisitByRequired)
      } else if (v.homeVisitBy) {
        issue('homeVisitOn', m.homeVisitOnRequired)
      }
      if (v.outcome === 'adjust') money('adjustedAmount', v.adjustedAmount, true, true)
      if (v.outcome === 'exit' && !v.exitReason) issue('exitReason', m.exitReasonRequired)
      if (v.outcome === 'exit' || v.outcome === 'fraud') {
        if (!v.exitOn) issue('exitOn', m.exitOnRequired)
        else if (!isDay(v.exitOn)) issue('exitOn', m.invalidDate)
        else if (v.exitOn < oldest || v.exitOn > latestExit) issue('exitOn', format(m.exitOnOutOfRange, { min: oldest, max: latestExit }))
      }
      if (v.outcome === 'fraud') {
        // 第六十八条: recovered required and above zero; a fine, where imposed, 1 to 3 times the amount recovered
        const recoveredFen = money('fraudRecovered', v.fraudRecovered, false, false, 'recovered')
        const fineFen = money('fraudFine', v.fraudFine, false, false, 'fine')
        if (recoveredFen !== undefined && fineFen !== undefined) {
          for (const { field, message } of fraudAmountMessages(fraudAmountProblems({ recoveredFen, fineFen }))) issue(field, message)
        }
      }
    })
    .transform((v) => {
      const fen = (value: string | undefined) => (value ? (parseYuan(value) as { ok: true; fen: number }).fen : null)
      const leaving = v.outcome === 'exit' || v.outcome === 'fraud'
      const economicCheck = economicCheckFromForm(v)
      const input: ReviewInput = {
        incomeChecked: incomesHaveSources(economicCheck),
        propertyChecked: economicCheck !== null && PROPERTY_ITEMS.every((item) => economicCheck.property[item].source !== null),
        economicCheck,
        situationNotes: situationNotesFromForm(v),
        homeVisitOn: v.homeVisitOn || null,
        homeVisitBy: v.homeVisitOn ? v.homeVisitBy || null : null,
        keyCheckSituations: KEY_CHECK_SITUATIONS.filter((k) => v.keyCheckSituations.includes(k)),
        riskSignals: RISK_SIGNALS.filter((k) => v.riskSignals.includes(k)),
        outcome: v.outcome,
        // only what belongs to the chosen outcome is kept: a changed mind leaves no stale amounts behind
        adjustedAmountFen: v.outcome === 'adjust' ? fen(v.adjustedAmount) : null,
        exitReason: leaving ? v.exitReason || null : null,
        exitOn: leaving ? v.exitOn || null : null,
        fraudRecoveredFen: v.outcome === 'fraud' ? fen(v.fraudRecovered) : null,
        fraudFineFen: v.outcome === 'fraud' ? fen(v.fraudFine) : null,
        notes: v.notes || null,
      }
      return { version: v.version, returnTo: v.returnTo, input }
    })
}

/**
 * The posted review form through conform + zod, here on the server: a route module that imported zod itself would
 * ship it (≈400 kB) to every phone that opens the form, because the bundler keeps imports of side-effectful packages.
 */
export function parseReviewSubmission(formData: FormData, options: { today: string; coveredCount?: number }) {
  return parseWithZod(formData, { schema: reviewFormSchema(options) })
}

/** ReviewValues as the form's default values (strings; checkboxes 'on'). */
export function reviewFormDefaults(values: ReviewValues, version: number): Record<string, string | string[] | undefined> {
  return {
    version: String(version),
    ...economicCheckDefaults(values.economicCheck, values.situationNotes),
    homeVisitOn: values.homeVisitOn ?? '',
    homeVisitBy: values.homeVisitBy ?? '',
    keyCheckSituations: values.keyCheckSituations,
    riskSignals: values.riskSignals,
    outcome: values.outcome ?? undefined,
    adjustedAmount: fenToYuanInput(values.adjustedAmountFen),
    exitReason: values.exitReason ?? '',
    exitOn: values.exitOn ?? '',
    fraudRecovered: fenToYuanInput(values.fraudRecoveredFen),
    fraudFine: fenToYuanInput(values.fraudFineFen),
    notes: values.notes ?? '',
  }
}
