// 低保户: the village roster (名册), the review form (复核认定情况登记表) and missed families (漏保).
// One module for the cadre's household work, so the roster, the form, the print view and the tests agree.
//
// Rules kept here:
// - full ID numbers (身份证号) never leave this module towards a page: rows carry maskIdNumber() only;
// - money is integer fen (分); the form speaks yuan, converted exactly (no floating point) by parseYuan;
// - a review save is one transaction with its audit row; it refuses to overwrite someone else's newer save
//   (optimistic concurrency on household_reviews.version) and says what they changed.
import { parseWithZod } from '@conform-to/zod/v4'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../db/connection.server'
import type { Database } from '../../db/schema'
import { addDays, isDay } from '../../workflows/rules/dates'
import { hasControlCharacters } from '../../workflows/rules/text'
import { maskIdNumber, parseIdNumber } from '../../workflows/rules/idNumber'
import { KEY_CHECK_SITUATIONS, REVIEW_OUTCOMES, RISK_SIGNALS, type KeyCheckSituation, type RiskSignal } from '../../workflows/rules/vocabulary'
import { format, t } from '../i18n'
import { changedFields, recordAudit } from './audit.server'
import { amountLimits, yuanText as formatYuan, type AmountKind } from './amountLimits.server'

export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]
type Tx = Transaction<Database>

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
  if (fen === null) return ''
  const whole = Math.floor(fen / 100)
  const rest = fen % 100
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`
}

// ————————————————————————————————————————— the review —————————————————————————————————————————

/** What the review form (复核认定情况登记表) records, in the form's own words; audit rows and conflicts use these keys. */
export interface ReviewValues {
  incomeChecked: boolean
  propertyChecked: boolean
  /** 入户调查 date and who went */
  homeVisitOn: string | null
  homeVisitBy: string | null
  keyCheckSituations: KeyCheckSituation[]
  riskSignals: RiskSignal[]
  /** 近亲属备案 (kept on the household) */
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

export type ReviewInput = ReviewValues & { outcome: ReviewOutcome }

export const REVIEW_FIELDS = [
  'incomeChecked', 'propertyChecked', 'homeVisitOn', 'homeVisitBy', 'keyCheckSituations', 'riskSignals', 'nearRelativeFiling',
  'nearRelativeNote', 'outcome', 'adjustedAmountFen', 'exitReason', 'exitOn', 'fraudRecoveredFen', 'fraudFineFen', 'notes',
] as const satisfies readonly (keyof ReviewValues)[]
export type ReviewField = (typeof REVIEW_FIELDS)[number]

const m = t.households.errors
/** Text without control characters (issue 11): long text keeps newlines and tabs, a one-line field none. */
const safe = (max: number, multiline: boolean, required?: string) =>
  (required ? z.string({ error: required }).trim().min(1, required) : z.string().trim())
    .max(max, format(m.tooLong, { max }))
    .refine((v) => !hasControlCharacters(v, { multiline }), m.controlCharacters)
const optionalText = (max: number, multiline = true) => safe(max, multiline).optional()

/**
 * Dates a review may carry (issue 11): a home visit within the last year and not after today; a stop date
 * (停发日期) within the last year or the next three months. Outside that it is a typo (1900-01-01, 2099-12-31).
 */
export const REVIEW_DATE_WINDOW = { pastDays: 366, exitFutureDays: 92 } as const

/** A money field against its cap, and a monthly amount against standard × covered persons unless confirmed. */
function amountIssue(kind: AmountKind, fen: number, q: { coveredCount?: number; confirmed: boolean }): string | null {
  const limits = amountLimits()
  if (fen > limits.capFen[kind]) return format(m.amountOverCap, { cap: formatYuan(limits.capFen[kind]) })
  if (kind === 'monthly' && q.coveredCount && !q.confirmed && fen > limits.standardFen * q.coveredCount) {
    return format(m.amountAboveStandard, { standard: formatYuan(limits.standardFen), count: q.coveredCount, limit: formatYuan(limits.standardFen * q.coveredCount) })
  }
  return null
}
const yuanText = z.string().trim().max(20, m.amountFormat).optional()
const dayText = z.string().trim().max(10, m.invalidDate).optional()

function yuanProblem(problem: Exclude<YuanResult, { ok: true }>['problem']): string {
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
      incomeChecked: z.boolean().default(false),
      propertyChecked: z.boolean().default(false),
      homeVisitOn: dayText,
      homeVisitBy: optionalText(100, false),
      keyCheckSituations: z.array(z.enum(KEY_CHECK_SITUATIONS)).default([]),
      riskSignals: z.array(z.enum(RISK_SIGNALS)).default([]),
      nearRelativeFiling: z.boolean().default(false),
      nearRelativeNote: optionalText(300),
      outcome: z.enum(REVIEW_OUTCOMES, { error: m.outcomeRequired }),
      adjustedAmount: yuanText,
      exitReason: optionalText(300),
      exitOn: dayText,
      fraudRecovered: yuanText,
      fraudFine: yuanText,
      notes: optionalText(1000),
      confirmAmount: z.boolean().default(false),
    })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
      const money = (path: string, value: string | undefined, required: boolean, positive = false, kind: AmountKind = 'monthly') => {
        if (!value) {
          if (required) issue(path, m.amountRequired)
          return
        }
        const parsed = parseYuan(value)
        if (!parsed.ok) issue(path, yuanProblem(parsed.problem))
        else if (positive && parsed.fen === 0) issue(path, m.amountPositive)
        else {
          const problem = amountIssue(kind, parsed.fen, { coveredCount, confirmed: v.confirmAmount })
          if (problem) issue(path, problem)
        }
      }
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
        money('fraudRecovered', v.fraudRecovered, true, false, 'recovered')
        money('fraudFine', v.fraudFine, true, false, 'fine')
      }
    })
    .transform((v) => {
      const fen = (value: string | undefined) => (value ? (parseYuan(value) as { ok: true; fen: number }).fen : null)
      const leaving = v.outcome === 'exit' || v.outcome === 'fraud'
      const input: ReviewInput = {
        incomeChecked: v.incomeChecked,
        propertyChecked: v.propertyChecked,
        homeVisitOn: v.homeVisitOn || null,
        homeVisitBy: v.homeVisitOn ? v.homeVisitBy || null : null,
        keyCheckSituations: KEY_CHECK_SITUATIONS.filter((k) => v.keyCheckSituations.includes(k)),
        riskSignals: RISK_SIGNALS.filter((k) => v.riskSignals.includes(k)),
        nearRelativeFiling: v.nearRelativeFiling,
        nearRelativeNote: v.nearRelativeNote || null,
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
    incomeChecked: values.incomeChecked ? 'on' : undefined,
    propertyChecked: values.propertyChecked ? 'on' : undefined,
    homeVisitOn: values.homeVisitOn ?? '',
    homeVisitBy: values.homeVisitBy ?? '',
    keyCheckSituations: values.keyCheckSituations,
    riskSignals: values.riskSignals,
    nearRelativeFiling: values.nearRelativeFiling ? 'on' : undefined,
    nearRelativeNote: values.nearRelativeNote ?? '',
    outcome: values.outcome ?? undefined,
    adjustedAmount: fenToYuanInput(values.adjustedAmountFen),
    exitReason: values.exitReason ?? '',
    exitOn: values.exitOn ?? '',
    fraudRecovered: fenToYuanInput(values.fraudRecoveredFen),
    fraudFine: fenToYuanInput(values.fraudFineFen),
    notes: values.notes ?? '',
  }
}

function parseList<T extends string>(json: string | null | undefined, allowed: readonly T[]): T[] {
  try {
    const list = JSON.parse(json ?? '[]') as unknown
    return Array.isArray(list) ? allowed.filter((k) => list.includes(k)) : []
  } catch {
    return []
  }
}

interface ReviewRow {
  id: number
  income_checked: number
  property_checked: number
  home_visit_on: string | null
  home_visit_by: string | null
  key_check_situations: string
  risk_signals: string
  outcome: ReviewOutcome | null
  adjusted_amount_fen: number | null
  exit_reason: string | null
  exit_on: string | null
  fraud_recovered_fen: number | null
  fraud_fine_fen: number | null
  notes: string | null
  reviewed_by_user_id: number | null
  reviewed_at: string | null
  version: number
}

interface HouseholdRow {
  id: number
  village_id: number
  head_name: string
  id_number: string
  member_count: number
  covered_count: number
  category: string
  monthly_amount_fen: number
  responsible_cadre: string | null
  key_check_situations: string
  near_relative_filing: number
  near_relative_note: string | null
  enrolment: 'roster' | 'newlyEnrolled'
  status: 'active' | 'exited'
  version: number
}

function valuesOf(household: HouseholdRow, review: ReviewRow | undefined): ReviewValues {
  return {
    incomeChecked: review?.income_checked === 1,
    propertyChecked: review?.property_checked === 1,
    homeVisitOn: review?.home_visit_on ?? null,
    homeVisitBy: review?.home_visit_by ?? null,
    // before the first review, the situations the roster already flags are ticked
    keyCheckSituations: parseList(review ? review.key_check_situations : household.key_check_situations, KEY_CHECK_SITUATIONS),
    riskSignals: parseList(review?.risk_signals, RISK_SIGNALS),
    nearRelativeFiling: household.near_relative_filing === 1,
    nearRelativeNote: household.near_relative_note,
    outcome: review?.outcome ?? null,
    adjustedAmountFen: review?.adjusted_amount_fen ?? null,
    exitReason: review?.exit_reason ?? null,
    exitOn: review?.exit_on ?? null,
    fraudRecoveredFen: review?.fraud_recovered_fen ?? null,
    fraudFineFen: review?.fraud_fine_fen ?? null,
    notes: review?.notes ?? null,
  }
}

const HOUSEHOLD_COLUMNS = [
  'id', 'village_id', 'head_name', 'id_number', 'member_count', 'covered_count', 'category', 'monthly_amount_fen', 'responsible_cadre',
  'key_check_situations', 'near_relative_filing', 'near_relative_note', 'enrolment', 'status', 'version',
] as const

async function findHousehold(db: DB | Tx, villageId: number, householdId: number): Promise<HouseholdRow | undefined> {
  // the village is part of the lookup: a household id of another village is simply not found here
  return db.selectFrom('households').select(HOUSEHOLD_COLUMNS).where('id', '=', householdId).where('village_id', '=', villageId).executeTakeFirst()
}

async function findReview(db: DB | Tx, campaignId: number, householdId: number): Promise<ReviewRow | undefined> {
  return db
    .selectFrom('household_reviews')
    .select([
      'id', 'income_checked', 'property_checked', 'home_visit_on', 'home_visit_by', 'key_check_situations', 'risk_signals', 'outcome',
      'adjusted_amount_fen', 'exit_reason', 'exit_on', 'fraud_recovered_fen', 'fraud_fine_fen', 'notes', 'reviewed_by_user_id', 'reviewed_at', 'version',
    ])
    .where('campaign_id', '=', campaignId)
    .where('household_id', '=', householdId)
    .executeTakeFirst()
}

/** The household as a page may see it: the ID number masked. */
export interface HouseholdView {
  id: number
  villageId: number
  headName: string
  maskedIdNumber: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  responsibleCadre: string | null
  enrolment: 'roster' | 'newlyEnrolled'
  status: 'active' | 'exited'
}

function householdView(h: HouseholdRow): HouseholdView {
  return {
    id: h.id, villageId: h.village_id, headName: h.head_name, maskedIdNumber: maskIdNumber(h.id_number), memberCount: h.member_count,
    coveredCount: h.covered_count, category: h.category, monthlyAmountFen: h.monthly_amount_fen, responsibleCadre: h.responsible_cadre,
    enrolment: h.enrolment, status: h.status,
  }
}

export interface HouseholdReviewPage {
  household: HouseholdView
  values: ReviewValues
  /** the review's version the form must send back (0: not reviewed yet) */
  version: number
  householdVersion: number
  reviewedAt: string | null
  reviewedBy: string | null
}

/** The household with its review in this campaign (an empty one before the first save), or null if not in this village. */
export async function getHouseholdReview(db: DB, q: { campaignId: number; villageId: number; householdId: number }): Promise<HouseholdReviewPage | null> {
  const household = await findHousehold(db, q.villageId, q.householdId)
  if (!household) return null
  const review = await findReview(db, q.campaignId, household.id)
  const reviewer = review?.reviewed_by_user_id
    ? await db.selectFrom('users').select('display_name').where('id', '=', review.reviewed_by_user_id).executeTakeFirst()
    : undefined
  return {
    household: householdView(household),
    values: valuesOf(household, review),
    version: review?.version ?? 0,
    householdVersion: household.version,
    reviewedAt: review?.reviewed_at ?? null,
    reviewedBy: reviewer?.display_name ?? null,
  }
}

export interface FieldChange {
  field: ReviewField
  /** their value, now stored */
  theirs: unknown
  /** what this person had sent */
  mine: unknown
  by: string | null
  at: string | null
}

export type SaveReviewResult =
  | { ok: true; version: number; reviewId: number }
  | { ok: false; kind: 'notFound' }
  | {
      ok: false
      kind: 'conflict'
      theirs: ReviewValues
      version: number
      /** what the other person changed since this form was opened: their value, who, when */
      changes: FieldChange[]
      /** what this person typed that differs from the stored values in fields the other person did not touch */
      unsaved: Array<{ field: ReviewField; theirs: unknown; mine: unknown }>
      reviewedBy: string | null
      reviewedAt: string | null
    }

class ConflictSignal extends Error {}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '')
}

/**
 * Save the review form in one transaction: the review (upserted, version + 1, reviewed_at/by), the household's
 * near-relative filing and status (清退/骗保 → exited; 维持/调整 → active), and one audit row with what changed.
 * If someone saved since `expectedVersion`, nothing is written and the result says what they changed.
 */
export async function saveHouseholdReview(
  db: DB,
  req: { campaignId: number; villageId: number; householdId: number; actor: { id: number }; input: ReviewInput; expectedVersion: number; at: Date; ip?: string | null },
): Promise<SaveReviewResult> {
  const at = req.at.toISOString()
  try {
    return await db.transaction().execute(async (tx): Promise<SaveReviewResult> => {
      const household = await findHousehold(tx, req.villageId, req.householdId)
      if (!household) return { ok: false, kind: 'notFound' }
      const review = await findReview(tx, req.campaignId, household.id)
      const stored = review?.version ?? 0
      if (stored !== req.expectedVersion) throw new ConflictSignal()

      const before = valuesOf(household, review)
      const input = req.input
      const reviewColumns = {
        income_checked: input.incomeChecked ? 1 : 0,
        property_checked: input.propertyChecked ? 1 : 0,
        home_visit_on: input.homeVisitOn,
        home_visit_by: input.homeVisitBy,
        key_check_situations: JSON.stringify(input.keyCheckSituations),
        risk_signals: JSON.stringify(input.riskSignals),
        outcome: input.outcome,
        adjusted_amount_fen: input.adjustedAmountFen,
        exit_reason: input.exitReason,
        exit_on: input.exitOn,
        fraud_recovered_fen: input.fraudRecoveredFen,
        fraud_fine_fen: input.fraudFineFen,
        notes: input.notes,
        reviewed_by_user_id: req.actor.id,
        reviewed_at: at,
        version: stored + 1,
        updated_at: at,
      }
      let reviewId: number
      if (review) {
        // compare-and-set: a concurrent save of the same version leaves no row to update here
        const updated = await tx.updateTable('household_reviews').set(reviewColumns).where('id', '=', review.id).where('version', '=', stored).executeTakeFirst()
        if (Number(updated.numUpdatedRows) !== 1) throw new ConflictSignal()
        reviewId = review.id
      } else {
        const inserted = await tx
          .insertInto('household_reviews')
          .values({ campaign_id: req.campaignId, household_id: household.id, village_id: household.village_id, ...reviewColumns })
          .returning('id')
          .executeTakeFirstOrThrow()
        reviewId = inserted.id
      }

      const status = input.outcome === 'exit' || input.outcome === 'fraud' ? 'exited' : 'active'
      const householdChanges = { near_relative_filing: input.nearRelativeFiling ? 1 : 0, near_relative_note: input.nearRelativeNote, status } as const
      const householdChanged =
        householdChanges.near_relative_filing !== household.near_relative_filing ||
        householdChanges.near_relative_note !== household.near_relative_note ||
        householdChanges.status !== household.status
      if (householdChanged) {
        await tx.updateTable('households').set({ ...householdChanges, version: household.version + 1, updated_at: at }).where('id', '=', household.id).execute()
      }

      const diff = changedFields({ ...before, householdStatus: household.status } as Record<string, unknown>, { ...input, householdStatus: status })
      await recordAudit(tx, {
        actorUserId: req.actor.id, action: 'householdReview.save', entityType: 'household_review', entityId: reviewId,
        villageId: household.village_id, before: { householdId: household.id, ...diff.before }, after: { householdId: household.id, ...diff.after }, ip: req.ip, at: req.at,
      })
      return { ok: true, version: stored + 1, reviewId }
    })
  } catch (error) {
    // a conflict found inside the transaction, or a first save racing another first save (unique campaign+household)
    if (error instanceof ConflictSignal || isUniqueViolation(error)) return describeConflict(db, req)
    throw error
  }
}

/** What the other person saved since `expectedVersion`: from the audit rows of the saves in between. */
async function describeConflict(db: DB, req: { campaignId: number; villageId: number; householdId: number; input: ReviewInput; expectedVersion: number }): Promise<SaveReviewResult> {
  const household = await findHousehold(db, req.villageId, req.householdId)
  if (!household) return { ok: false, kind: 'notFound' }
  const review = await findReview(db, req.campaignId, household.id)
  const theirs = valuesOf(household, review)
  const version = review?.version ?? 0
  const reviewer = review?.reviewed_by_user_id
    ? await db.selectFrom('users').select('display_name').where('id', '=', review.reviewed_by_user_id).executeTakeFirst()
    : undefined
  const changes = new Map<ReviewField, FieldChange>()
  const missedSaves = version - req.expectedVersion
  if (review && missedSaves > 0) {
    // every save writes exactly one audit row, so the newest (version − expected) rows are the saves this person missed
    const rows = await db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['audit_log.after', 'audit_log.occurred_at', 'users.display_name'])
      .where('audit_log.entity_type', '=', 'household_review')
      .where('audit_log.entity_id', '=', review.id)
      .where('audit_log.action', '=', 'householdReview.save')
      .orderBy('audit_log.id', 'desc')
      .limit(missedSaves)
      .execute()
    for (const row of rows) {
      const after = JSON.parse(row.after ?? '{}') as Record<string, unknown>
      for (const field of REVIEW_FIELDS) {
        // newest first: the first row that touched a field says who set its current value, and when
        if (field in after && !changes.has(field)) changes.set(field, { field, theirs: theirs[field], mine: req.input[field], by: row.display_name, at: row.occurred_at })
      }
    }
  }
  if (changes.size === 0) {
    // no audit trail for those saves (e.g. imported data): show every field where theirs differs from what was sent
    for (const field of REVIEW_FIELDS) {
      if (JSON.stringify(theirs[field]) !== JSON.stringify(req.input[field])) {
        changes.set(field, { field, theirs: theirs[field], mine: req.input[field], by: reviewer?.display_name ?? null, at: review?.reviewed_at ?? null })
      }
    }
  }
  const differs = (field: ReviewField) => JSON.stringify(theirs[field]) !== JSON.stringify(req.input[field])
  return {
    ok: false, kind: 'conflict', theirs, version,
    changes: REVIEW_FIELDS.filter((f) => changes.has(f)).map((f) => changes.get(f)!),
    unsaved: REVIEW_FIELDS.filter((f) => !changes.has(f) && differs(f)).map((f) => ({ field: f, theirs: theirs[f], mine: req.input[f] })),
    reviewedBy: reviewer?.display_name ?? null, reviewedAt: review?.reviewed_at ?? null,
  }
}

// ————————————————————————————————————————— the roster —————————————————————————————————————————

export const ROSTER_FILTERS = ['all', 'unreviewed', 'notVisited', 'keyCheck', 'risk', 'keep', 'adjust', 'exit', 'fraud', 'newlyEnrolled'] as const
export type RosterFilter = (typeof ROSTER_FILTERS)[number]
/** 未复核 / 已复核 / 已入户 */
export type ReviewStatus = 'unreviewed' | 'reviewed' | 'visited'

export interface RosterRow {
  id: number
  headName: string
  maskedIdNumber: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  adjustedAmountFen: number | null
  enrolment: 'roster' | 'newlyEnrolled'
  status: 'active' | 'exited'
  reviewStatus: ReviewStatus
  outcome: ReviewOutcome | null
  keyCheck: boolean
  risk: boolean
  nearRelativeFiling: boolean
}

export interface Roster {
  rows: RosterRow[]
  /** how many households each filter holds (before the search), for the filter list */
  counts: Record<RosterFilter, number>
  /** coverage of the original roster, counted as listVillageProgress counts it */
  coverage: { households: number; reviewed: number; homeVisited: number }
  /** a search by ID number that may not be run (not ID_SEARCH_MIN–ID_SEARCH_MAX characters): no rows, and the page says why */
  searchRefused: boolean
}

function matchesFilter(row: RosterRow, filter: RosterFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'unreviewed':
      return row.reviewStatus === 'unreviewed'
    // what still stands between the village and 100%: not reviewed, or reviewed without a home visit (入户调查)
    case 'notVisited':
      return row.enrolment === 'roster' && row.reviewStatus !== 'visited'
    case 'keyCheck':
      return row.keyCheck
    case 'risk':
      return row.risk
    case 'newlyEnrolled':
      return row.enrolment === 'newlyEnrolled'
    default:
      return row.outcome === filter
  }
}

/** How many trailing characters of an ID number the mask shows (3715**********0018 → 4), from the mask itself. */
export const ID_VISIBLE_TAIL = /[^*]*$/.exec(maskIdNumber('0'.repeat(18)))![0].length

/**
 * A search by ID number takes its last ID_SEARCH_MIN to ID_SEARCH_MAX characters, and never more than the mask shows:
 * a longer suffix would confirm hidden digits one at a time (the whole number in ~70 searches), a shorter one is
 * no use on a roster. With today's mask that is exactly the last four, which every row already shows.
 */
export const ID_SEARCH_MIN = 4
export const ID_SEARCH_MAX = Math.min(6, ID_VISIBLE_TAIL)

export type RosterSearch = { kind: 'none' } | { kind: 'idSuffix'; value: string } | { kind: 'name'; value: string } | { kind: 'idSuffixRefused'; length: number }

/** A search is either part of the head's name or the last characters of the ID number (e.g. '002X'). */
export function normaliseSearch(search: string | null | undefined): RosterSearch {
  const text = (search ?? '').replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]/g, '').slice(0, 30)
  if (!text) return { kind: 'none' }
  if (/^\d*[\dxXｘＸ]$/.test(text)) {
    if (text.length < ID_SEARCH_MIN || text.length > ID_SEARCH_MAX) return { kind: 'idSuffixRefused', length: text.length }
    return { kind: 'idSuffix', value: text.replace(/[xｘＸ]/g, 'X').toUpperCase() }
  }
  return { kind: 'name', value: text }
}

/** Every household of the village with its review status in this campaign; filtered and searched. */
export async function listRoster(db: DB, q: { campaignId: number; villageId: number; filter?: RosterFilter; search?: string | null }): Promise<Roster> {
  const rows = await db
    .selectFrom('households')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', '=', q.campaignId))
    .select([
      'households.id', 'households.head_name', 'households.id_number', 'households.member_count', 'households.covered_count', 'households.category',
      'households.monthly_amount_fen', 'households.enrolment', 'households.status', 'households.key_check_situations', 'households.near_relative_filing',
      'r.reviewed_at', 'r.home_visit_on', 'r.outcome', 'r.adjusted_amount_fen', 'r.risk_signals', 'r.key_check_situations as review_situations',
    ])
    .where('households.village_id', '=', q.villageId)
    // the original roster first, then the newly enrolled (漏保) families
    .orderBy('households.enrolment', 'desc')
    .orderBy('households.id')
    .execute()

  const search = normaliseSearch(q.search)
  const all: Array<RosterRow & { idNumber: string }> = rows.map((r) => ({
    id: r.id,
    idNumber: r.id_number,
    headName: r.head_name,
    maskedIdNumber: maskIdNumber(r.id_number),
    memberCount: r.member_count,
    coveredCount: r.covered_count,
    category: r.category,
    monthlyAmountFen: r.monthly_amount_fen,
    adjustedAmountFen: r.outcome === 'adjust' ? r.adjusted_amount_fen : null,
    enrolment: r.enrolment,
    status: r.status,
    reviewStatus: !r.reviewed_at ? 'unreviewed' : r.home_visit_on ? 'visited' : 'reviewed',
    outcome: r.reviewed_at ? r.outcome : null,
    keyCheck: parseList(r.key_check_situations, KEY_CHECK_SITUATIONS).length > 0 || parseList(r.review_situations, KEY_CHECK_SITUATIONS).length > 0,
    risk: parseList(r.risk_signals, RISK_SIGNALS).length > 0,
    nearRelativeFiling: r.near_relative_filing === 1,
  }))

  const counts = Object.fromEntries(ROSTER_FILTERS.map((f) => [f, all.filter((row) => matchesFilter(row, f)).length])) as Record<RosterFilter, number>
  const onRoster = all.filter((row) => row.enrolment === 'roster')
  const coverage = {
    households: onRoster.length,
    // counted as listVillageProgress counts them: reviews with reviewed_at, reviews with home_visit_on
    reviewed: onRoster.filter((row) => row.reviewStatus !== 'unreviewed').length,
    homeVisited: rows.filter((r) => r.enrolment === 'roster' && r.home_visit_on !== null).length,
  }

  const filter = q.filter ?? 'all'
  // a refused ID search matches nothing: it must not confirm a single hidden digit
  const searchRefused = search.kind === 'idSuffixRefused'
  const matches = (row: { idNumber: string; headName: string }): boolean => {
    switch (search.kind) {
      case 'none':
        return true
      case 'idSuffix':
        return row.idNumber.endsWith(search.value)
      case 'name':
        return row.headName.includes(search.value)
      default:
        return false
    }
  }
  const selected = all
    .filter((row) => matchesFilter(row, filter))
    .filter(matches)
    // the full number stays here: the page gets the masked one only
    .map(({ idNumber: _full, ...row }) => row)
  return { rows: selected, counts, coverage, searchRefused }
}

// ————————————————————————————————————————— missed families (漏保) —————————————————————————————————————————

export interface MissedHouseholdInput {
  headName: string
  idNumber: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  responsibleCadre: string | null
  phone: string | null
  notes: string | null
}

function idNumberMessage(problem: string): string {
  return (m.idNumber as Record<string, string>)[problem] ?? m.idNumber.length
}

export function missedHouseholdSchema() {
  return z
    .object({
      headName: safe(50, false, m.headNameRequired),
      idNumber: z.string({ error: m.idNumber.empty }).trim().max(40, m.idNumber.length),
      memberCount: z.number({ error: m.memberCount }).int(m.memberCount).min(1, m.memberCount).max(30, m.memberCount),
      coveredCount: z.number({ error: m.coveredCount }).int(m.coveredCount).min(1, m.coveredCount).max(30, m.coveredCount),
      category: safe(50, false, m.categoryRequired),
      monthlyAmount: z.string({ error: m.amountRequired }).trim().max(20, m.amountFormat),
      responsibleCadre: optionalText(50, false),
      phone: z.string().trim().max(20, m.phone).regex(/^[0-9+\- ]{7,20}$/, m.phone).optional(),
      notes: optionalText(1000),
      confirmAmount: z.boolean().default(false),
    })
    .superRefine((v, ctx) => {
      const id = parseIdNumber(v.idNumber)
      if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: idNumberMessage(id.problem) })
      if (v.coveredCount > v.memberCount) ctx.addIssue({ code: 'custom', path: ['coveredCount'], message: m.coveredMoreThanMembers })
      const amount = parseYuan(v.monthlyAmount)
      if (!amount.ok) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: yuanProblem(amount.problem) })
      else if (amount.fen === 0) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: m.amountPositive })
      else {
        const problem = amountIssue('monthly', amount.fen, { coveredCount: v.coveredCount, confirmed: v.confirmAmount })
        if (problem) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: problem })
      }
    })
    .transform(
      (v): MissedHouseholdInput => ({
        headName: v.headName,
        idNumber: (parseIdNumber(v.idNumber) as { ok: true; value: string }).value,
        memberCount: v.memberCount,
        coveredCount: v.coveredCount,
        category: v.category,
        monthlyAmountFen: (parseYuan(v.monthlyAmount) as { ok: true; fen: number }).fen,
        responsibleCadre: v.responsibleCadre || null,
        phone: v.phone || null,
        notes: v.notes || null,
      }),
    )
}

/** The posted 漏保 form, parsed on the server (see parseReviewSubmission). */
export function parseMissedHouseholdSubmission(formData: FormData) {
  return parseWithZod(formData, { schema: missedHouseholdSchema() })
}

export type AddMissedResult =
  | { ok: true; householdId: number }
  | { ok: false; kind: 'invalidIdNumber'; problem: string }
  /** already on this village's roster (the cadre sees their own roster anyway) */
  | { ok: false; kind: 'duplicate' }
  /** enrolled in another village or another township: which, is not said (the attempt is audited) */
  | { ok: false; kind: 'notAddableHere' }

/**
 * 漏保: enrol a newly found eligible family. It is `newlyEnrolled`, so the village's coverage (自查面) keeps
 * counting the original roster only and the report counts new enrolments apart. One transaction with its audit row.
 */
export async function addMissedHousehold(
  db: DB,
  req: { villageId: number; actor: { id: number }; input: MissedHouseholdInput; at: Date; ip?: string | null },
): Promise<AddMissedResult> {
  const id = parseIdNumber(req.input.idNumber)
  if (!id.ok) return { ok: false, kind: 'invalidIdNumber', problem: id.problem }
  // Whether the number is enrolled in another village of the township or in another township is not said: the
  // form would be an oracle of anyone's enrolment. The refusal is recorded (masked number) for the township office,
  // which resolves a family that moved, and sees anyone trying numbers.
  const duplicate = async (): Promise<AddMissedResult | null> => {
    const existing = await db.selectFrom('households').select('village_id').where('id_number', '=', id.value).executeTakeFirst()
    if (!existing) return null
    if (existing.village_id === req.villageId) return { ok: false, kind: 'duplicate' }
    await recordAudit(db, {
      actorUserId: req.actor.id, action: 'household.addMissedRefused', entityType: 'household', villageId: req.villageId,
      after: { headName: req.input.headName, idNumber: maskIdNumber(id.value) }, ip: req.ip, at: req.at,
    })
    return { ok: false, kind: 'notAddableHere' }
  }
  const found = await duplicate()
  if (found) return found
  const at = req.at.toISOString()
  try {
    return await db.transaction().execute(async (tx) => {
      const values = {
        village_id: req.villageId,
        head_name: req.input.headName,
        id_number: id.value,
        member_count: req.input.memberCount,
        covered_count: req.input.coveredCount,
        category: req.input.category,
        monthly_amount_fen: req.input.monthlyAmountFen,
        responsible_cadre: req.input.responsibleCadre,
        phone: req.input.phone,
        notes: req.input.notes,
        key_check_situations: '[]',
        near_relative_filing: 0,
        enrolment: 'newlyEnrolled' as const,
        status: 'active' as const,
        updated_at: at,
      }
      const row = await tx.insertInto('households').values(values).returning('id').executeTakeFirstOrThrow()
      await recordAudit(tx, {
        actorUserId: req.actor.id, action: 'household.addMissed', entityType: 'household', entityId: row.id, villageId: req.villageId,
        // the audit log is read by more people than the roster: it keeps the masked number too
        after: { headName: values.head_name, idNumber: maskIdNumber(values.id_number), memberCount: values.member_count, coveredCount: values.covered_count, category: values.category, monthlyAmountFen: values.monthly_amount_fen, responsibleCadre: values.responsible_cadre, enrolment: values.enrolment },
        ip: req.ip, at: req.at,
      })
      return { ok: true, householdId: row.id } as const
    })
  } catch (error) {
    // another person enrolled the same number a moment earlier: the unique index has the last word
    if (isUniqueViolation(error)) return (await duplicate()) ?? { ok: false, kind: 'notAddableHere' }
    throw error
  }
}

// ————————————————————————————————————————— small look-ups for the pages —————————————————————————————————————————

/** The head's name of a household of this village (for "已保存：…户"), or null. */
export async function getHouseholdName(db: DB, villageId: number, householdId: number): Promise<string | null> {
  if (!Number.isInteger(householdId) || householdId <= 0) return null
  const row = await db.selectFrom('households').select('head_name').where('id', '=', householdId).where('village_id', '=', villageId).executeTakeFirst()
  return row?.head_name ?? null
}

/** The review with what the printed form's header needs: county, township and village. */
export async function getHouseholdReviewForPrint(db: DB, q: { campaignId: number; villageId: number; householdId: number }) {
  const page = await getHouseholdReview(db, q)
  if (!page) return null
  const place = await db
    .selectFrom('villages')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select(['villages.name as village', 'townships.name as township', 'townships.county_name as county'])
    .where('villages.id', '=', q.villageId)
    .executeTakeFirstOrThrow()
  return { ...page, place }
}

// ————————————————————————————————————————— history —————————————————————————————————————————

export interface HouseholdHistoryEntry {
  id: number
  at: string
  actorName: string | null
  action: string
  /** the fields the change touched (form field names, as the audit row records them) */
  fields: string[]
}

/** Who changed this household or its reviews, when, and which fields: read from the append-only audit log. */
export async function getHouseholdHistory(db: DB, householdId: number): Promise<HouseholdHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.occurred_at', 'audit_log.action', 'audit_log.after', 'users.display_name as actorName'])
    .where((eb) =>
      eb.or([
        eb.and([eb('audit_log.entity_type', '=', 'household'), eb('audit_log.entity_id', '=', householdId)]),
        eb.and([
          eb('audit_log.entity_type', '=', 'household_review'),
          eb('audit_log.entity_id', 'in', eb.selectFrom('household_reviews').select('id').where('household_id', '=', householdId)),
        ]),
      ]),
    )
    .orderBy('audit_log.id', 'desc')
    .limit(50)
    .execute()
  return rows.map((r) => {
    const after = r.after ? (JSON.parse(r.after) as Record<string, unknown>) : {}
    return { id: r.id, at: r.occurred_at, actorName: r.actorName, action: r.action, fields: Object.keys(after).filter((k) => k !== 'householdId') }
  })
}
