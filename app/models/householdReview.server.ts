// One household's review (复核认定情况登记表): reading it for the form and the print view, and saving it.
// A save is one transaction with its audit row; it refuses to overwrite someone else's newer save (optimistic
// concurrency on household_reviews.version, app/models/versioned.server.ts) and says what they changed.
// Full ID numbers (身份证号) never leave towards a page: views carry maskIdNumber() only.
import type { DB } from '../../db/connection.server'
import { fraudAmountProblems, type FraudAmountProblem } from '../../workflows/rules/fraud'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import type { Enrolment, HouseholdStatus } from '../../workflows/rules/vocabulary'
import { assessReview, loadReviewContext, type ReviewAssessment } from './reviewAssessment.server'
import { changedFields, recordAudit } from './audit.server'
import { assertVersion, casUpdate, missedAuditRows, Rollback, VersionConflict } from './versioned.server'
import { findHousehold, findReview, valuesOf, type HouseholdRow } from './householdReviewRows.server'
import { type ReviewValues, type ReviewField, type ReviewInput, REVIEW_FIELDS } from './householdReviewForm.server'
import { getReviewAccess, type MustReviewBy } from './nearRelatives.server'
import { concludeReview, type ConcludeResult } from './proposals/create.server'
import { shanghaiDay } from '../../workflows/rules/dates'

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
  enrolment: Enrolment
  status: HouseholdStatus
}

function householdView(h: HouseholdRow): HouseholdView {
  return {
    id: h.id,
    villageId: h.village_id,
    headName: h.head_name,
    maskedIdNumber: maskIdNumber(h.id_number),
    memberCount: h.member_count,
    coveredCount: h.covered_count,
    category: h.category,
    monthlyAmountFen: h.monthly_amount_fen,
    responsibleCadre: h.responsible_cadre,
    enrolment: h.enrolment,
    status: h.status,
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
  /** the stored flag: the saved review had everything its household requires (coverage counts it) */
  complete: boolean
  /** 重点核查 reasons, what is missing, the standard in force and the amount the rules give, as of `today` (null when not asked) */
  assessment: ReviewAssessment | null
}

/**
 * The household with its review in this campaign (an empty one before the first save), or null if not in this village.
 * With `today`, also the assessment the page shows beside the conclusion.
 */
export async function getHouseholdReview(
  db: DB,
  q: { campaignId: number; villageId: number; householdId: number; today?: string },
): Promise<HouseholdReviewPage | null> {
  const household = await findHousehold(db, q.villageId, q.householdId)
  if (!household) return null
  const review = await findReview(db, q.campaignId, household.id)
  const reviewer = review?.reviewed_by_user_id
    ? await db.selectFrom('users').select('display_name').where('id', '=', review.reviewed_by_user_id).executeTakeFirst()
    : undefined
  const values = valuesOf(household, review)
  const assessment = q.today ? assessReview(await loadReviewContext(db, { campaignId: q.campaignId, household, onDay: q.today }), values) : null
  return {
    household: householdView(household),
    values,
    version: review?.version ?? 0,
    householdVersion: household.version,
    reviewedAt: review?.reviewed_at ?? null,
    reviewedBy: reviewer?.display_name ?? null,
    complete: review?.complete === 1,
    assessment,
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
  /** 骗保 amounts against 第六十八条 (the form checks them first; this is the model's own guard): nothing written */
  | { ok: false; kind: 'fraudAmounts'; problems: FraudAmountProblem[] }
  /** 近亲属回避: the actor is the household's related official; nothing written, and who must review instead */
  | { ok: false; kind: 'recused'; mustReviewBy: MustReviewBy }
  /** the conclusion cannot become or change a proposal (拟) now (app/models/proposals): nothing written, a Chinese message */
  | Extract<ConcludeResult, { kind: 'proposal' }>
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

export function isUniqueViolation(error: unknown): boolean {
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
  req: {
    campaignId: number
    villageId: number
    householdId: number
    actor: { id: number }
    input: ReviewInput
    expectedVersion: number
    at: Date
    ip?: string | null
  },
): Promise<SaveReviewResult> {
  const at = req.at.toISOString()
  if (req.input.outcome === 'fraud') {
    const problems = fraudAmountProblems({ recoveredFen: req.input.fraudRecoveredFen, fineFen: req.input.fraudFineFen })
    if (problems.length) return { ok: false, kind: 'fraudAmounts', problems }
  }
  try {
    return await db.transaction().execute(async (tx): Promise<SaveReviewResult> => {
      const household = await findHousehold(tx, req.villageId, req.householdId)
      if (!household) return { ok: false, kind: 'notFound' }
      const recusal = await getReviewAccess(tx, { villageId: req.villageId, householdId: household.id, userId: req.actor.id })
      if (recusal?.access === 'recused') return { ok: false, kind: 'recused', mustReviewBy: recusal.mustReviewBy }
      const review = await findReview(tx, req.campaignId, household.id)
      const stored = review?.version ?? 0
      assertVersion(stored, req.expectedVersion)

      const before = valuesOf(household, review)
      // the filing belongs to its own page: whatever a caller sends, the household's own filing stands
      const input: ReviewValues & { outcome: NonNullable<ReviewValues['outcome']> } = {
        ...req.input,
        economicCheck: req.input.economicCheck ?? null,
        situationNotes: req.input.situationNotes ?? {},
        nearRelativeFiling: before.nearRelativeFiling,
        nearRelativeNote: before.nearRelativeNote,
      }
      // complete is computed here with the rules, never taken from the form
      const context = await loadReviewContext(tx, { campaignId: req.campaignId, household, onDay: shanghaiDay(req.at) })
      const { complete } = assessReview(context, input)
      const reviewColumns = {
        economic_check: input.economicCheck ? JSON.stringify(input.economicCheck) : null,
        situation_notes: JSON.stringify(input.situationNotes),
        complete: complete ? 1 : 0,
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
        updated_at: at,
      }
      let reviewId: number
      if (review) {
        // compare-and-set: a concurrent save of the same version leaves no row to update here
        await casUpdate(tx, 'household_reviews', review.id, stored, reviewColumns)
        reviewId = review.id
      } else {
        const inserted = await tx
          .insertInto('household_reviews')
          .values({ campaign_id: req.campaignId, household_id: household.id, village_id: household.village_id, ...reviewColumns, version: stored + 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
        reviewId = inserted.id
      }

      // 调整/清退/骗保 become a proposal (拟) at 镇审核: only the county's approval changes the household (ADR 010)
      const concluded = await concludeReview(tx, {
        conclusion: {
          campaignId: req.campaignId,
          villageId: household.village_id,
          household,
          reviewId,
          outcome: input.outcome,
          adjustedAmountFen: input.adjustedAmountFen,
          exitReason: input.exitReason,
          exitOn: input.exitOn,
          fraudRecoveredFen: input.fraudRecoveredFen,
          fraudFineFen: input.fraudFineFen,
          notes: input.notes,
        },
        actor: req.actor,
        at: req.at,
        today: shanghaiDay(req.at),
        ip: req.ip,
      })
      if (!concluded.ok) throw new Rollback<SaveReviewResult>(concluded)
      const householdChanges = { near_relative_filing: input.nearRelativeFiling ? 1 : 0, near_relative_note: input.nearRelativeNote } as const
      const householdChanged =
        householdChanges.near_relative_filing !== household.near_relative_filing || householdChanges.near_relative_note !== household.near_relative_note
      if (householdChanged) {
        await tx
          .updateTable('households')
          .set({ ...householdChanges, version: household.version + 1, updated_at: at })
          .where('id', '=', household.id)
          .execute()
      }

      const diff = changedFields(before as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>)
      await recordAudit(tx, {
        actorUserId: req.actor.id,
        action: 'householdReview.save',
        entityType: 'household_review',
        entityId: reviewId,
        villageId: household.village_id,
        before: { householdId: household.id, ...diff.before },
        after: { householdId: household.id, ...diff.after },
        ip: req.ip,
        at: req.at,
      })
      return { ok: true, version: stored + 1, reviewId }
    })
  } catch (error) {
    // the conclusion could not become (or change) a proposal: nothing of the save is kept
    if (error instanceof Rollback) return error.answer as SaveReviewResult
    // a conflict found inside the transaction, or a first save racing another first save (unique campaign+household)
    if (error instanceof VersionConflict || isUniqueViolation(error)) return describeConflict(db, req)
    throw error
  }
}

/** What the other person saved since `expectedVersion`: from the audit rows of the saves in between. */
async function describeConflict(
  db: DB,
  req: { campaignId: number; villageId: number; householdId: number; input: ReviewInput; expectedVersion: number },
): Promise<SaveReviewResult> {
  const household = await findHousehold(db, req.villageId, req.householdId)
  if (!household) return { ok: false, kind: 'notFound' }
  const review = await findReview(db, req.campaignId, household.id)
  const theirs = valuesOf(household, review)
  const version = review?.version ?? 0
  const reviewer = review?.reviewed_by_user_id
    ? await db.selectFrom('users').select('display_name').where('id', '=', review.reviewed_by_user_id).executeTakeFirst()
    : undefined
  const changes = new Map<ReviewField, FieldChange>()
  if (review) {
    // every save writes exactly one audit row, so the newest (version − expected) rows are the saves this person missed
    const rows = await missedAuditRows(db, {
      entityType: 'household_review',
      entityId: review.id,
      actions: ['householdReview.save'],
      missed: version - req.expectedVersion,
    })
    for (const row of rows) {
      const after = JSON.parse(row.after ?? '{}') as Record<string, unknown>
      for (const field of REVIEW_FIELDS) {
        // newest first: the first row that touched a field says who set its current value, and when
        if (field in after && !changes.has(field))
          changes.set(field, { field, theirs: theirs[field], mine: req.input[field], by: row.display_name, at: row.occurred_at })
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
    ok: false,
    kind: 'conflict',
    theirs,
    version,
    changes: REVIEW_FIELDS.flatMap((f) => changes.get(f) ?? []),
    unsaved: REVIEW_FIELDS.filter((f) => !changes.has(f) && differs(f)).map((f) => ({ field: f, theirs: theirs[f], mine: req.input[f] })),
    reviewedBy: reviewer?.display_name ?? null,
    reviewedAt: review?.reviewed_at ?? null,
  }
}
