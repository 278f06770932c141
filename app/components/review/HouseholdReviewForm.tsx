// 复核认定情况登记表 as a form: a plain POST that works without JavaScript, errors in Chinese next to the field, the
// hidden `version` that keeps anyone from silently overwriting a newer save. Read-only (every field disabled, no
// button) for those who may only look. The server parses it (parseReviewSubmission).
import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { format } from '~/i18n'
import { households } from '~/i18n/zh-CN/households'
import { FieldErrors, TextField } from '~/components/TextField'
import { EconomicCheckFields, SituationNoteFields } from '~/components/review/EconomicCheckFields'
import { ReviewAssessmentPanel, ReviewCompletenessNotice } from '~/components/review/ReviewAssessmentPanel'
import type { ReviewAssessment } from '~/models/reviewAssessment.server'
import { yuanBrief } from '~/utils/format'
import { fineRangeFen } from '../../../workflows/rules/fraud'
import { KEY_CHECK_SITUATIONS, REVIEW_OUTCOMES, RISK_SIGNALS } from '../../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { households }

const h = t.households
const f = h.form

type ReviewForm = {
  version: string
  homeVisitOn: string
  homeVisitBy: string
  keyCheckSituations: string[]
  riskSignals: string[]
  outcome: string
  adjustedAmount: string
  exitReason: string
  exitOn: string
  fraudRecovered: string
  fraudFine: string
  notes: string
}

// Without :has() support every outcome's fields simply stay visible; with it, only the chosen outcome's.
export const OUTCOME_CSS = `
.outcome-box:has(input[name=outcome]:checked) .only-adjust,.outcome-box:has(input[name=outcome]:checked) .only-leaving,.outcome-box:has(input[name=outcome]:checked) .only-fraud{display:none}
.outcome-box:has(input[name=outcome][value=adjust]:checked) .only-adjust,.outcome-box:has(input[name=outcome][value=exit]:checked) .only-leaving,.outcome-box:has(input[name=outcome][value=fraud]:checked) .only-leaving,.outcome-box:has(input[name=outcome][value=fraud]:checked) .only-fraud{display:block}`

function Choices({
  field,
  options,
  labels,
  type,
}: {
  field: FieldMetadata<string[]> | FieldMetadata<string>
  options: readonly string[]
  labels: Record<string, string>
  type: 'checkbox' | 'radio'
}) {
  return (
    <>
      {getCollectionProps(field as FieldMetadata<string[]>, { type, options: [...options] }).map((props) => (
        <label key={props.value} htmlFor={props.id} className="flex min-h-[44px] items-center gap-2 py-1">
          <input {...props} key={props.key} className="h-5 w-5 shrink-0" />
          <span>{labels[props.value]}</span>
        </label>
      ))}
      <FieldErrors field={field as FieldMetadata<unknown>} />
    </>
  )
}

/** 第六十八条 on the form before it is sent: the rule, and the range for the amount recovered already saved. */
function fineHint(recoveredFen: number | null): string {
  if (!recoveredFen || recoveredFen <= 0) return f.fraudFineHint
  const { minFen, maxFen } = fineRangeFen(recoveredFen)
  return `${f.fraudFineHint}${format(f.fraudFineRange, { recovered: yuanBrief(recoveredFen), min: yuanBrief(minFen), max: yuanBrief(maxFen) })}`
}

export function HouseholdReviewForm({
  defaults,
  lastResult,
  readOnly,
  back,
  savedRecoveredFen = null,
  assessment = null,
  reviewed = false,
}: {
  defaults: Record<string, unknown>
  lastResult?: SubmissionResult<string[]>
  readOnly: boolean
  back: string
  /** the saved 骗保 amount recovered, for the fine's range in the hint (第六十八条) */
  savedRecoveredFen?: number | null
  /** 重点核查 reasons, what is missing and the amount the rules give, as last saved */
  assessment?: ReviewAssessment | null
  /** a review has been saved (so an incomplete one is said not to count) */
  reviewed?: boolean
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm<ReviewForm>({ id: 'review', lastResult, defaultValue: defaults as Partial<ReviewForm>, shouldValidate: 'onSubmit' })
  const errorCount = Object.values(form.allErrors).filter((e) => e.length).length
  // the economic check's and the notes' flat fields (income_wages, note_vehicle …) by name
  const flat = fields as unknown as Record<string, FieldMetadata<string>>
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      {errorCount ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {format(f.errorSummary, { count: errorCount })}
        </p>
      ) : null}
      <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
      <input type="hidden" name="returnTo" value={back} />
      {assessment ? <ReviewCompletenessNotice assessment={assessment} reviewed={reviewed} /> : null}
      <fieldset disabled={readOnly} className="min-w-0 space-y-3">
        <fieldset className="card min-w-0 space-y-3">
          <legend className="px-1 font-semibold">{f.homeVisit}</legend>
          <TextField field={fields.homeVisitOn} label={f.homeVisitOn} type="date" />
          <TextField field={fields.homeVisitBy} label={f.homeVisitBy} hint={f.homeVisitByHint} />
        </fieldset>

        <EconomicCheckFields fields={flat} />

        <fieldset className="card min-w-0">
          <legend className="px-1 font-semibold">{f.keyCheck}</legend>
          <p className="text-xs text-slate-500">{f.keyCheckHint}</p>
          <Choices field={fields.keyCheckSituations} options={KEY_CHECK_SITUATIONS} labels={h.keyCheckSituations} type="checkbox" />
        </fieldset>

        <fieldset className="card min-w-0">
          <legend className="px-1 font-semibold">{f.risk}</legend>
          <p className="text-xs text-slate-500">{f.riskHint}</p>
          <Choices field={fields.riskSignals} options={RISK_SIGNALS} labels={h.riskSignals} type="checkbox" />
        </fieldset>

        <SituationNoteFields fields={flat} reasons={assessment?.reasons ?? []} />

        {assessment ? <ReviewAssessmentPanel assessment={assessment} /> : null}

        <fieldset className="outcome-box card min-w-0 space-y-3">
          <legend className="px-1 font-semibold">{f.outcome}</legend>
          <div>
            <Choices field={fields.outcome} options={REVIEW_OUTCOMES} labels={h.outcomes} type="radio" />
          </div>
          <div className="only-adjust space-y-1 border-t border-slate-100 pt-2">
            <p className="text-xs text-slate-500">{format(f.onlyFor, { outcome: h.outcomes.adjust })}</p>
            <TextField field={fields.adjustedAmount} label={f.adjustedAmount} hint={f.amountHint} inputMode="decimal" />
            <label className="flex min-h-[44px] items-center gap-2 text-sm">
              <input type="checkbox" name="confirmAmount" className="h-5 w-5" />
              <span>{f.confirmAmount}</span>
            </label>
          </div>
          <div className="only-leaving space-y-2 border-t border-slate-100 pt-2">
            <p className="text-xs text-slate-500">{f.exitOnHint}</p>
            <TextField field={fields.exitReason} label={f.exitReason} />
            <TextField field={fields.exitOn} label={f.exitOn} type="date" />
          </div>
          <div className="only-fraud space-y-2 border-t border-slate-100 pt-2">
            <p className="text-xs text-slate-500">{format(f.onlyFor, { outcome: h.outcomes.fraud })}</p>
            <TextField field={fields.fraudRecovered} label={f.fraudRecovered} hint={f.fraudRecoveredHint} inputMode="decimal" />
            <TextField field={fields.fraudFine} label={f.fraudFine} hint={fineHint(savedRecoveredFen)} inputMode="decimal" />
          </div>
        </fieldset>

        <div className="card">
          <label htmlFor={fields.notes.id} className="label">
            {f.notes}
          </label>
          <textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} rows={3} className="field aria-[invalid=true]:border-red-600" />
          <FieldErrors field={fields.notes} />
        </div>
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className="btn w-full sm:w-auto" disabled={navigation.state === 'submitting'}>
          {f.save}
        </button>
      )}
    </Form>
  )
}
