// One problem of the register (问题台账): what it is, its measure, responsible person and deadline, its history.
// The village's cadre edits it and moves it on (开始整改, 标记已整改); inspectors and leaders verify a rectified
// problem (核验通过) or send it back (退回整改), and they alone extend its deadline (批准延期, with a reason; issue 11).
// The village never rewrites a finding it did not make, nor a deadline once set. The problem must belong to the
// village in the URL. Forms are parsed on the server (app/forms/problems.server.ts, ADR 005).
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { deadlineInputOf, parseEditProblem, parseExtendDeadline, parseVerifyProblem } from '~/forms/problems.server'
import { beijingTime, format, t } from '~/i18n'
import { auditActionLabel } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { isUnresolved, isVillageOwnFinding, latestDeadline, PROBLEM_LIMITS } from '~/models/problemRules'
import { extendDeadline, updateProblem, verifyProblem, type DeadlineNotes, type ProblemWriteResult } from '~/models/problemWrites.server'
import { getProblem } from '~/models/problems.server'
import { clientAddress, type CurrentUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS, type VillageRight } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import type { PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'

type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.problems.detail.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

/** Which right each button needs: the village's own steps, or verification. */
const INTENT_RIGHTS = {
  save: 'work',
  start: 'work',
  markRectified: 'work',
  verify: 'supervise',
  sendBack: 'supervise',
  extend: 'supervise',
} as const satisfies Record<string, VillageRight>
type Intent = keyof typeof INTENT_RIGHTS
const isIntent = (value: unknown): value is Intent => typeof value === 'string' && Object.hasOwn(INTENT_RIGHTS, value)

/** Someone else's problem id: 403, like someone else's village. An id that does not exist: 404, except to a cadre. */
function refuseProblem(kind: 'notFound' | 'otherVillage', user: CurrentUser): never {
  if (kind === 'otherVillage' || user.role === 'cadre') forbidden()
  notFound()
}

function problemIdOf(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const problemId = problemIdOf(params.problemId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const day = today()
  const found = await getProblem(db, { campaignId: campaign.id, villageId: village.id, problemId, today: day })
  if (!found.ok) refuseProblem(found.kind, user)
  const { problem, history, lastSendBackNote } = found.ok ? found.detail : (undefined as never)
  return json({
    village,
    problem,
    lastSendBackNote,
    history: history.map((h) => ({
      id: h.id,
      at: h.occurredAt,
      actor: h.actorName ?? t.village.systemActor,
      action: actionLabel(h.action),
      changes: describeChanges(h.before, h.after),
      note: typeof h.after?.note === 'string' ? h.after.note : null,
    })),
    canWork: VILLAGE_RIGHTS.work.includes(user.role),
    canSupervise: VILLAGE_RIGHTS.supervise.includes(user.role),
    today: day,
    uncoveredYears: uncoveredYearsOf(new URL(request.url)),
  })
}

type EditFields = { description: string; measure: string; responsiblePerson: string; deadlineOn: string; deadlineDays: number }

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) throw json({ message: 'bad request' }, { status: 400 })
  // one permission check, for the right this button needs
  const { user, village } = await requireVillageAccess(request, params.villageId, INTENT_RIGHTS[intent])
  const problemId = problemIdOf(params.problemId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const actor = { userId: user.id, at: now(), ip: clientAddress(request) }
  const scope = { campaignId: campaign.id, villageId: village.id, problemId }

  if (intent === 'extend') {
    const submission = parseExtendDeadline(formData, { today: today() })
    if (submission.status !== 'success') return json({ form: 'extend' as const, result: submission.reply(), conflict: null }, { status: 400 })
    const v = submission.value
    const deadline = present(deadlineInputOf(v), 'a deadline')
    const result = await extendDeadline(db, { ...scope, expectedVersion: v.version, deadline, reason: v.reason, today: today(), actor })
    return answer(result, 'extend', submission, village.id, intent, user, deadline.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn')
  }
  if (intent === 'verify' || intent === 'sendBack') {
    const submission = parseVerifyProblem(formData)
    if (submission.status !== 'success') return json({ form: 'verify' as const, result: submission.reply(), conflict: null }, { status: 400 })
    const v = submission.value
    const result = await verifyProblem(db, {
      ...scope,
      expectedVersion: v.version,
      decision: v.intent === 'verify' ? 'accept' : 'sendBack',
      note: v.note ?? null,
      actor,
    })
    return answer(result, 'verify', submission, village.id, intent, user)
  }
  const submission = parseEditProblem(formData, { today: today() })
  if (submission.status !== 'success') return json({ form: 'edit' as const, result: submission.reply(), conflict: null }, { status: 400 })
  const v = submission.value
  // both deadline fields empty: keep the deadline (the village never clears one; only an extension moves it)
  const deadline = deadlineInputOf(v) ?? undefined
  const result = await updateProblem(db, {
    ...scope,
    expectedVersion: v.version,
    description: v.description,
    measure: v.measure ?? null,
    responsiblePerson: v.responsiblePerson ?? null,
    deadline,
    status: intent === 'start' ? 'rectifying' : intent === 'markRectified' ? 'rectified' : undefined,
    today: today(),
    actor,
  })
  return answer(result, 'edit', submission, village.id, intent, user, deadline?.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn')
}

type Submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }

function answer(
  result: ProblemWriteResult,
  form: 'edit' | 'verify' | 'extend',
  submission: Submission,
  villageId: number,
  intent: Intent,
  user: CurrentUser,
  deadlineField = 'deadlineOn',
) {
  if (result.ok) return redirect(`/villages/${villageId}/problems/${result.id}?done=${intent}${deadlineNoteQuery(result.deadlineNotes)}`)
  switch (result.kind) {
    case 'notFound':
    case 'otherVillage':
      return refuseProblem(result.kind, user)
    case 'invalid': {
      const fieldErrors: Record<string, string[]> = {}
      for (const [field, code] of Object.entries(result.errors)) {
        const max = code === 'deadlineTooFar' ? latestDeadline(today()) : (PROBLEM_LIMITS[field as keyof typeof PROBLEM_LIMITS] ?? '')
        fieldErrors[field === 'deadline' ? deadlineField : field] = [format(t.problems.errors[code], { max, date: result.currentDeadline ?? '' })]
      }
      return json({ form, result: submission.reply({ fieldErrors }), conflict: null }, { status: 422 })
    }
    case 'refused': {
      const message = format(t.problems.errors[result.refusal], { status: t.problems.statuses[result.status] })
      return json({ form, result: submission.reply({ formErrors: [message] }), conflict: null }, { status: 422 })
    }
    case 'conflict': {
      const saves = result.saves.map((s) => ({
        actor: s.actorName ?? t.village.systemActor,
        at: beijingTime(s.occurredAt),
        action: actionLabel(s.action),
        changes: describeChanges(Object.fromEntries(s.changes.map((c) => [c.field, c.before])), Object.fromEntries(s.changes.map((c) => [c.field, c.after]))),
      }))
      return json({ form, result: submission.reply({ formErrors: [t.problems.errors.conflict] }), conflict: { saves } }, { status: 409 })
    }
  }
}

/** A working-day deadline that ran into a year the official calendar does not hold: said on the next page. */
function deadlineNoteQuery(notes: DeadlineNotes | null): string {
  return notes?.uncoveredYears.length ? `&uncovered=${notes.uncoveredYears.join(',')}` : ''
}

function uncoveredYearsOf(url: URL): string | null {
  const years = (url.searchParams.get('uncovered') ?? '')
    .split(',')
    .filter((y) => /^\d{4}$/.test(y))
    .slice(0, 5)
  return years.length ? years.join('、') : null
}

const ACTIONS: Record<string, keyof typeof t.problems.history.actions> = {
  'problem.create': 'create',
  'problem.update': 'update',
  'problem.startRectifying': 'startRectifying',
  'problem.markRectified': 'markRectified',
  'problem.verify': 'verify',
  'problem.sendBack': 'sendBack',
  'problem.extendDeadline': 'extendDeadline',
}

function actionLabel(action: string): string {
  const key = ACTIONS[action]
  return key ? t.problems.history.actions[key] : auditActionLabel(action)
}

const FIELD_LABELS: Record<string, string> = {
  description: t.problems.fields.description,
  measure: t.problems.fields.measure,
  responsible_person: t.problems.fields.responsiblePerson,
  deadline_on: t.problems.fields.deadline,
  status: t.problems.fields.status,
}

function showValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t.problems.blank
  if (field === 'status') return t.problems.statuses[value as ProblemStatus] ?? String(value)
  return String(value)
}

/** The changed fields a person recognises, as '整改措施：旧 → 新'; what a new problem was registered with, as '整改措施：新'. */
function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  return Object.keys(after ?? {})
    .filter((field) => field in FIELD_LABELS)
    .filter((field) => before !== null || (after?.[field] ?? '') !== '')
    .map((field) =>
      before === null
        ? format(t.problems.history.value, { field: FIELD_LABELS[field], value: showValue(field, after?.[field]) })
        : format(t.problems.history.change, { field: FIELD_LABELS[field], before: showValue(field, before[field]), after: showValue(field, after?.[field]) }),
    )
}

const STATUS_STYLE: Record<ProblemStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  rectifying: 'bg-blue-100 text-blue-900',
  rectified: 'bg-violet-100 text-violet-900',
  verified: 'bg-green-100 text-green-900',
}

function FieldError({ field }: { field: { errors?: string[]; errorId: string } }) {
  return field.errors?.length ? (
    <p id={field.errorId} className="field-error">
      {field.errors.join(' ')}
    </p>
  ) : null
}

type PageData = SerializeFrom<typeof loader>
type ActionData = SerializeFrom<typeof action> | undefined
type Conflict = NonNullable<NonNullable<ActionData>['conflict']>

/** The form-level message: a refusal, or a conflict with who saved what in between. */
function FormAlert({ errors, id, conflict }: { errors: string[] | undefined; id: string; conflict: Conflict | null }) {
  if (!errors?.length) return null
  return (
    <div role="alert" id={id} className="rounded bg-red-50 p-2 text-sm text-red-800">
      <p>{errors.join(' ')}</p>
      {conflict ? (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {conflict.saves.map((s, i) => (
            <li key={i}>
              {format(t.problems.history.entry, { actor: s.actor, action: s.action })}（{s.at}）{s.changes.length ? `：${s.changes.join('；')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** The cadre's form: the fields, saved alone or with the next step of the status. */
function EditForm({ problem, actionData }: { problem: PageData['problem']; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<EditFields>({
    id: 'edit-problem',
    lastResult: actionData?.form === 'edit' ? actionData.result : undefined,
    defaultValue: {
      description: problem.description,
      measure: problem.measure ?? '',
      responsiblePerson: problem.responsiblePerson ?? '',
      deadlineOn: problem.deadlineOn ?? '',
    },
    shouldValidate: 'onSubmit',
  })
  // a finding someone else made is theirs to describe; a deadline once set moves only by an extension
  const ownFinding = isVillageOwnFinding(problem.source)
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'edit' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      {ownFinding ? (
        <div>
          <label htmlFor={fields.description.id} className="label">
            {t.problems.fields.description}
          </label>
          <textarea {...getTextareaProps(fields.description)} rows={3} className="field" />
          <FieldError field={fields.description} />
        </div>
      ) : (
        <p className="text-sm text-slate-600">{format(t.problems.detail.descriptionFixed, { source: t.problems.sources[problem.source] })}</p>
      )}
      <div>
        <label htmlFor={fields.measure.id} className="label">
          {t.problems.fields.measure}
        </label>
        <textarea {...getTextareaProps(fields.measure)} rows={3} className="field" />
        <FieldError field={fields.measure} />
      </div>
      <div>
        <label htmlFor={fields.responsiblePerson.id} className="label">
          {t.problems.fields.responsiblePerson}
        </label>
        <input {...getInputProps(fields.responsiblePerson, { type: 'text' })} className="field" autoComplete="off" />
        <FieldError field={fields.responsiblePerson} />
      </div>
      {problem.deadlineOn === null ? (
        <DeadlineFields fields={fields} />
      ) : (
        <div>
          <span className="label">{t.problems.fields.deadline}</span>
          <p>{problem.deadlineOn}</p>
          <p className="text-xs text-slate-500">{t.problems.detail.deadlineFixed}</p>
          <FieldError field={fields.deadlineOn} />
        </div>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        {/* the first button is what Enter does: saving, never a status change */}
        <button type="submit" name="intent" value="save" className="btn-secondary" disabled={busy}>
          {t.problems.detail.save}
        </button>
        {problem.status === 'open' ? (
          <button type="submit" name="intent" value="start" className="btn" disabled={busy}>
            {t.problems.detail.start}
          </button>
        ) : (
          <button type="submit" name="intent" value="markRectified" className="btn" disabled={busy}>
            {t.problems.detail.markRectified}
          </button>
        )}
      </div>
      <p className="text-xs text-slate-500">{problem.status === 'open' ? t.problems.detail.startHint : t.problems.detail.markRectifiedHint}</p>
    </Form>
  )
}

type DeadlineFieldMeta = { id: string; name: string; errorId: string; errors?: string[] }

/** A deadline as a day or as N working days (the village's first deadline, or an extension). */
function DeadlineFields({
  fields,
}: {
  fields: { deadlineOn: Parameters<typeof getInputProps>[0] & DeadlineFieldMeta; deadlineDays: Parameters<typeof getInputProps>[0] & DeadlineFieldMeta }
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="label">{t.problems.fields.deadline}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.deadlineOn.id} className="label font-normal">
            {t.problems.deadline.date}
          </label>
          <input {...getInputProps(fields.deadlineOn, { type: 'date' })} className="field" />
          <FieldError field={fields.deadlineOn} />
        </div>
        <div>
          <label htmlFor={fields.deadlineDays.id} className="label font-normal">
            {t.problems.deadline.workingDays}
          </label>
          <input {...getInputProps(fields.deadlineDays, { type: 'number' })} inputMode="numeric" className="field" />
          <FieldError field={fields.deadlineDays} />
        </div>
      </div>
      <p className="text-xs text-slate-500">{t.problems.deadline.hint}</p>
    </fieldset>
  )
}

/** 批准延期: leaders and inspectors move an unresolved problem's deadline later, with a reason. */
function ExtendForm({ problem, actionData }: { problem: PageData['problem']; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ reason: string; deadlineOn: string; deadlineDays: number }>({
    id: 'extend-deadline',
    lastResult: actionData?.form === 'extend' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'extend' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      <DeadlineFields fields={fields} />
      <div>
        <label htmlFor={fields.reason.id} className="label">
          {t.problems.detail.extendReason}
        </label>
        <textarea {...getTextareaProps(fields.reason)} rows={2} className="field" />
        <FieldError field={fields.reason} />
      </div>
      <button type="submit" name="intent" value="extend" className="btn-secondary" disabled={busy}>
        {t.problems.detail.extend}
      </button>
    </Form>
  )
}

/** The verifier's form: accept, or send back with a note. */
function VerifyForm({ problem, actionData }: { problem: PageData['problem']; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ note: string }>({
    id: 'verify-problem',
    lastResult: actionData?.form === 'verify' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'verify' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          {t.problems.detail.note}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} className="field" />
        <FieldError field={fields.note} />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" name="intent" value="verify" className="btn" disabled={busy}>
          {t.problems.detail.verify}
        </button>
        <button type="submit" name="intent" value="sendBack" className="btn-secondary" disabled={busy}>
          {t.problems.detail.sendBack}
        </button>
      </div>
    </Form>
  )
}

export default function ProblemPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { village, problem } = data
  const done = searchParams.get('done')
  const doneMessage = done && done in t.problems.detail.done ? t.problems.detail.done[done as keyof typeof t.problems.detail.done] : null
  const editable = data.canWork && isUnresolved(problem.status)

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <p className="text-sm text-slate-600">{format(t.problems.title, { village: village.name })}</p>
        <h1 className="break-words">{format(t.problems.detail.heading, { category: t.problemCategories[problem.category], id: problem.id })}</h1>
      </div>
      <p className="no-print text-sm">
        <Link to={`/villages/${village.id}/problems`}>{format(t.problems.detail.back, { village: village.name })}</Link>
      </p>
      {doneMessage && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {doneMessage}
        </p>
      ) : null}
      {doneMessage && data.uncoveredYears && !actionData ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-amber-900">
          {format(t.problems.deadline.uncovered, { years: data.uncoveredYears })}
        </p>
      ) : null}

      <section className="card space-y-3" aria-labelledby="problem-heading">
        <h2 id="problem-heading" className="flex flex-wrap items-center gap-2">
          {t.problems.detail.facts}
          <span className={`badge ${STATUS_STYLE[problem.status]}`}>{t.problems.statuses[problem.status]}</span>
          {problem.overdue ? <span className="badge bg-red-100 text-red-800">{format(t.problems.overdue, { days: problem.daysOverdue })}</span> : null}
        </h2>
        <p className="whitespace-pre-line break-words">{problem.description}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{t.problems.fields.category}</dt>
          <dd>{t.problemCategories[problem.category]}</dd>
          <dt className="text-slate-500">{t.problems.fields.source}</dt>
          <dd>{t.problems.sources[problem.source]}</dd>
          <dt className="text-slate-500">{t.problems.fields.household}</dt>
          <dd>{problem.householdHead ?? t.problems.noHousehold}</dd>
          <dt className="text-slate-500">{t.problems.fields.foundOn}</dt>
          <dd>
            {problem.foundOn}
            {problem.createdByName ? `（${problem.createdByName}）` : ''}
          </dd>
          <dt className="text-slate-500">{t.problems.fields.measure}</dt>
          <dd className="whitespace-pre-line break-words">{problem.measure ?? t.problems.notSet}</dd>
          <dt className="text-slate-500">{t.problems.fields.responsiblePerson}</dt>
          <dd>{problem.responsiblePerson ?? t.problems.notSet}</dd>
          <dt className="text-slate-500">{t.problems.fields.deadline}</dt>
          <dd className={problem.overdue ? 'font-medium text-red-700' : undefined}>
            {problem.deadlineOn ?? t.problems.noDeadline}
            {problem.extendedFrom !== null ? (
              <span className="badge ml-2 bg-amber-100 text-amber-900">
                {problem.extendedFrom ? format(t.problems.detail.extendedFrom, { date: problem.extendedFrom }) : t.problems.detail.extended}
              </span>
            ) : null}
          </dd>
          {problem.verifiedAt ? (
            <>
              <dt className="text-slate-500">{t.problems.fields.verified}</dt>
              <dd>{format(t.problems.detail.verifiedBy, { name: problem.verifiedByName ?? t.village.systemActor, time: beijingTime(problem.verifiedAt) })}</dd>
            </>
          ) : null}
        </dl>
        {data.lastSendBackNote ? (
          <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{format(t.problems.detail.sentBackNote, { note: data.lastSendBackNote })}</p>
        ) : null}
        {problem.status === 'rectified' && !data.canSupervise ? (
          <p className="rounded bg-violet-50 p-2 text-sm text-violet-900">{t.problems.detail.awaitingVerification}</p>
        ) : null}
        {problem.status === 'verified' ? <p className="rounded bg-green-50 p-2 text-sm text-green-900">{t.problems.detail.closed}</p> : null}
      </section>

      {editable ? (
        <section className="card space-y-4" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t.problems.detail.edit}</h2>
          {/* keyed by version: a saved change, or someone else's, starts the form from what is stored now */}
          <EditForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      {data.canSupervise && isUnresolved(problem.status) ? (
        <section className="card space-y-4" aria-labelledby="extend-heading">
          <h2 id="extend-heading">{t.problems.detail.extendTitle}</h2>
          <p className="text-sm text-slate-600">{t.problems.detail.extendIntro}</p>
          <ExtendForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      {data.canSupervise && problem.status === 'rectified' ? (
        <section className="card space-y-4" aria-labelledby="verify-heading">
          <h2 id="verify-heading">{t.problems.detail.verifyTitle}</h2>
          <p className="text-sm text-slate-600">{t.problems.detail.verifyIntro}</p>
          <VerifyForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t.problems.history.title}</h2>
        {data.history.length === 0 ? (
          <p className="text-sm text-slate-600">{t.problems.history.none}</p>
        ) : (
          <ol className="mt-2 space-y-2 text-sm">
            {data.history.map((h) => (
              <li key={h.id} className="border-b border-slate-100 pb-1">
                <time dateTime={h.at} className="text-slate-500">
                  {beijingTime(h.at)}
                </time>{' '}
                {format(t.problems.history.entry, { actor: h.actor, action: h.action })}
                {h.changes.length ? <span className="block break-words text-slate-700">{h.changes.join('；')}</span> : null}
                {h.note ? <span className="block break-words text-slate-700">{format(t.problems.history.note, { note: h.note })}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}
