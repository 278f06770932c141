// 复核认定情况登记表 as a form. A plain POST that works without JavaScript; errors in Chinese next to the field;
// the hidden `version` makes sure nobody silently overwrites a newer save (the loser sees what changed).
// Only the village's own cadre saves; leaders, inspectors and the county see the form read-only.
import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { ConflictNotice } from '~/components/ConflictNotice'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { beijingTime, format, t, yuan } from '~/i18n'
import { bracketed } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getHouseholdReview, saveHouseholdReview, type FieldChange } from '~/models/householdReview.server'
import { parseReviewSubmission, reviewFormDefaults } from '~/models/householdReviewForm.server'
import { ROSTER_FILTERS } from '~/models/householdRoster.server'
import { getHouseholdHistory } from '~/models/householdHistory.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { KEY_CHECK_SITUATIONS, REVIEW_OUTCOMES, RISK_SIGNALS } from '../../workflows/rules/vocabulary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.households.form.pageTitle, { name: data.page.household.headName })} · ${t.app.name}` : t.app.name },
]

function householdIdOf(param: string | undefined): number {
  const id = Number(param)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

/** Only the roster's own filter and search come back from the form: never a free redirect target. */
function rosterQuery(back: string | null | undefined): string {
  const given = new URLSearchParams(back ?? '')
  const kept = new URLSearchParams()
  const filter = given.get('filter')
  if (filter && filter !== 'all' && (ROSTER_FILTERS as readonly string[]).includes(filter)) kept.set('filter', filter)
  const q = given.get('q')?.trim().slice(0, 30)
  if (q) kept.set('q', q)
  return kept.toString()
}

async function loadReview(request: Request, params: LoaderFunctionArgs['params'], right: 'view' | 'work') {
  const { user, village } = await requireVillageAccess(request, params.villageId, right)
  const householdId = householdIdOf(params.householdId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const page = await getHouseholdReview(db, { campaignId: campaign.id, villageId: village.id, householdId })
  // a household of another village (or none at all): the same 403, nothing read, nothing changed
  if (!page) forbidden()
  return { user, village, campaign, page }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village, page } = await loadReview(request, params, 'view')
  return json({
    village,
    page,
    history: await getHouseholdHistory(getDb(), page.household.id),
    defaults: reviewFormDefaults(page.values, page.version),
    canWork: VILLAGE_RIGHTS.work.includes(user.role),
    back: rosterQuery(new URL(request.url).searchParams.get('back')),
    today: today(),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village, campaign, page } = await loadReview(request, params, 'work')
  const submission = parseReviewSubmission(await readForm(request), { today: today(), coveredCount: page.household.coveredCount })
  if (submission.status !== 'success') return json({ kind: 'invalid' as const, result: submission.reply() }, { status: 400 })
  const { version, returnTo, input } = submission.value
  const result = await saveHouseholdReview(getDb(), {
    campaignId: campaign.id,
    villageId: village.id,
    householdId: page.household.id,
    actor: user,
    input,
    expectedVersion: version,
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) {
    const query = new URLSearchParams(rosterQuery(returnTo))
    query.set('saved', String(page.household.id))
    return redirect(`/villages/${village.id}/households?${query}`)
  }
  if (result.kind === 'notFound') forbidden()
  if (result.kind !== 'conflict') throw new Error('unreachable')
  return json(
    {
      kind: 'conflict' as const,
      version: result.version,
      defaults: reviewFormDefaults(result.theirs, result.version),
      changes: result.changes,
      unsaved: result.unsaved,
      reviewedBy: result.reviewedBy,
      reviewedAt: result.reviewedAt,
    },
    { status: 409 },
  )
}

const h = t.households
const f = h.form

const FIELD_LABELS: Record<FieldChange['field'], string> = {
  incomeChecked: f.incomeChecked,
  propertyChecked: f.propertyChecked,
  homeVisitOn: f.homeVisitOn,
  homeVisitBy: f.homeVisitBy,
  keyCheckSituations: f.keyCheck,
  riskSignals: f.risk,
  nearRelativeFiling: f.nearRelative,
  nearRelativeNote: f.nearRelativeNote,
  outcome: f.outcome,
  adjustedAmountFen: f.adjustedAmount,
  exitReason: f.exitReason,
  exitOn: f.exitOn,
  fraudRecoveredFen: f.fraudRecovered,
  fraudFineFen: f.fraudFine,
  notes: f.notes,
}

function shown(field: FieldChange['field'], value: unknown): string {
  const c = h.conflict
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return c.empty
  if (typeof value === 'boolean') return value ? c.yes : c.no
  if (field === 'keyCheckSituations') return (value as string[]).map((k) => (h.keyCheckSituations as Record<string, string>)[k] ?? k).join('、')
  if (field === 'riskSignals') return (value as string[]).map((k) => (h.riskSignals as Record<string, string>)[k] ?? k).join('、')
  if (field === 'outcome') return (h.outcomes as Record<string, string>)[value as string] ?? String(value)
  if (field.endsWith('Fen') && typeof value === 'number') return yuan(value)
  return String(value)
}

type ReviewForm = {
  version: string
  incomeChecked: string
  propertyChecked: string
  homeVisitOn: string
  homeVisitBy: string
  keyCheckSituations: string[]
  riskSignals: string[]
  nearRelativeFiling: string
  nearRelativeNote: string
  outcome: string
  adjustedAmount: string
  exitReason: string
  exitOn: string
  fraudRecovered: string
  fraudFine: string
  notes: string
}

// Without :has() support every outcome's fields simply stay visible; with it, only the chosen outcome's.
const OUTCOME_CSS = `
.outcome-box:has(input[name=outcome]:checked) .only-adjust,.outcome-box:has(input[name=outcome]:checked) .only-leaving,.outcome-box:has(input[name=outcome]:checked) .only-fraud{display:none}
.outcome-box:has(input[name=outcome][value=adjust]:checked) .only-adjust,.outcome-box:has(input[name=outcome][value=exit]:checked) .only-leaving,.outcome-box:has(input[name=outcome][value=fraud]:checked) .only-leaving,.outcome-box:has(input[name=outcome][value=fraud]:checked) .only-fraud{display:block}`

function Errors({ field }: { field: FieldMetadata<unknown> }) {
  return field.errors?.length ? (
    <p id={field.errorId} className="field-error">
      {field.errors.join(' ')}
    </p>
  ) : null
}

function TextField({
  field,
  label,
  type = 'text',
  hint,
  inputMode,
}: {
  field: FieldMetadata<string>
  label: string
  type?: 'text' | 'date'
  hint?: string
  inputMode?: 'decimal'
}) {
  return (
    <div>
      <label htmlFor={field.id} className="label">
        {label}
      </label>
      <input
        {...getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined })}
        key={field.key}
        className="field aria-[invalid=true]:border-red-600"
        inputMode={inputMode}
      />
      {hint ? (
        <p id={`${field.id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <Errors field={field} />
    </div>
  )
}

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
      <Errors field={field as FieldMetadata<unknown>} />
    </>
  )
}

function ReviewFormView({
  defaults,
  lastResult,
  readOnly,
  back,
}: {
  defaults: Record<string, unknown>
  lastResult?: SubmissionResult<string[]>
  readOnly: boolean
  back: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm<ReviewForm>({ id: 'review', lastResult, defaultValue: defaults as Partial<ReviewForm>, shouldValidate: 'onSubmit' })
  const errorCount = Object.values(form.allErrors).filter((e) => e.length).length
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      {errorCount ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {format(f.errorSummary, { count: errorCount })}
        </p>
      ) : null}
      <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
      <input type="hidden" name="returnTo" value={back} />
      <fieldset disabled={readOnly} className="min-w-0 space-y-3">
        <fieldset className="card min-w-0">
          <legend className="px-1 font-semibold">{f.checks}</legend>
          <label htmlFor={fields.incomeChecked.id} className="flex min-h-[44px] items-center gap-2">
            <input {...getInputProps(fields.incomeChecked, { type: 'checkbox' })} key={fields.incomeChecked.key} className="h-5 w-5" />
            <span>{f.incomeChecked}</span>
          </label>
          <label htmlFor={fields.propertyChecked.id} className="flex min-h-[44px] items-center gap-2">
            <input {...getInputProps(fields.propertyChecked, { type: 'checkbox' })} key={fields.propertyChecked.key} className="h-5 w-5" />
            <span>{f.propertyChecked}</span>
          </label>
        </fieldset>

        <fieldset className="card min-w-0 space-y-3">
          <legend className="px-1 font-semibold">{f.homeVisit}</legend>
          <TextField field={fields.homeVisitOn} label={f.homeVisitOn} type="date" />
          <TextField field={fields.homeVisitBy} label={f.homeVisitBy} hint={f.homeVisitByHint} />
        </fieldset>

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

        <fieldset className="card min-w-0 space-y-2">
          <legend className="px-1 font-semibold">{f.nearRelative}</legend>
          <label htmlFor={fields.nearRelativeFiling.id} className="flex min-h-[44px] items-center gap-2">
            <input {...getInputProps(fields.nearRelativeFiling, { type: 'checkbox' })} key={fields.nearRelativeFiling.key} className="h-5 w-5 shrink-0" />
            <span>{f.nearRelativeFiling}</span>
          </label>
          <TextField field={fields.nearRelativeNote} label={f.nearRelativeNote} />
        </fieldset>

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
            <TextField field={fields.fraudRecovered} label={f.fraudRecovered} hint={f.amountHint} inputMode="decimal" />
            <TextField field={fields.fraudFine} label={f.fraudFine} inputMode="decimal" />
          </div>
        </fieldset>

        <div className="card">
          <label htmlFor={fields.notes.id} className="label">
            {f.notes}
          </label>
          <textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} rows={3} className="field aria-[invalid=true]:border-red-600" />
          <Errors field={fields.notes} />
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

export default function HouseholdReviewPage() {
  const { village, page, defaults, canWork, back, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const conflict = actionData?.kind === 'conflict' ? actionData : null
  const lastResult = actionData?.kind === 'invalid' ? (actionData.result as SubmissionResult<string[]>) : undefined
  const { household } = page
  const roster = `/villages/${village.id}/households${back ? `?${back}` : ''}`
  const facts: Array<[string, string]> = [
    [f.idNumber, household.maskedIdNumber],
    [f.members, `${household.memberCount}`],
    [f.covered, `${household.coveredCount}`],
    [f.category, household.category],
    [f.monthly, yuan(household.monthlyAmountFen)],
    [f.responsibleCadre, household.responsibleCadre ?? '—'],
    [f.enrolment, household.enrolment === 'roster' ? f.enrolmentRoster : f.enrolmentNew],
    [f.status, household.status === 'active' ? f.statusActive : f.statusExited],
  ]
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <style>{OUTCOME_CSS}</style>
      <div>
        <p className="text-sm">
          <Link to={roster}>{h.backToRoster}</Link>
        </p>
        <h1>
          {household.headName}
          <span className="ml-2 text-base font-normal text-slate-600">{f.title}</span>
        </h1>
      </div>

      <section className="card" aria-label={f.household}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className={label === f.idNumber ? 'font-mono' : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-slate-600">
          {page.reviewedAt ? format(f.lastSaved, { name: page.reviewedBy ?? '—', time: beijingTime(page.reviewedAt) }) : f.notReviewed}
        </p>
        <p className="mt-1 text-sm">
          <Link to={`/villages/${village.id}/households/${household.id}/print`}>{f.printView}</Link>
        </p>
      </section>

      {!canWork ? <p className="rounded bg-slate-100 p-2 text-sm text-slate-700">{f.readOnly}</p> : null}

      {conflict ? (
        <ConflictNotice
          title={h.conflict.title}
          intro={h.conflict.intro}
          items={conflict.changes.map((c) => ({
            key: c.field,
            label: FIELD_LABELS[c.field],
            theirs: shown(c.field, c.theirs),
            mine: shown(c.field, c.mine),
            by: c.by,
            at: c.at,
          }))}
        >
          {conflict.unsaved.length ? (
            <>
              <h3 className="mt-3 text-sm font-semibold">{h.conflict.unsaved}</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {conflict.unsaved.map((c) => (
                  <li key={c.field} className="rounded bg-white p-2">
                    <span className="font-medium">{FIELD_LABELS[c.field]}</span>：{shown(c.field, c.mine)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </ConflictNotice>
      ) : null}

      <ReviewFormView
        key={conflict ? `conflict-${conflict.version}` : `v-${page.version}`}
        defaults={conflict ? conflict.defaults : defaults}
        lastResult={lastResult}
        readOnly={!canWork}
        back={back}
      />
      <section className="card" aria-labelledby="household-history">
        <h2 id="household-history" className="text-base">
          {h.history.title}
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-600">{h.history.empty}</p>
        ) : (
          <ol className="mt-1 space-y-1 text-sm">
            {history.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at} className="text-slate-500">
                  {beijingTime(e.at)}
                </time>{' '}
                {e.actorName ?? '—'}：{e.label}
                {bracketed(e.details)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}
