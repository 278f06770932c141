// 问题台账: a village's problem register. Everyone who may see the village reads it; the village's cadre
// registers what the village found itself (source 自查), inspectors and leaders register what they find (督查发现):
// the server sets the source from the role, a `source` field in the post is ignored (issue 11).
// Plain forms: the filter is a GET form, registering a POST that works without JS; the form is parsed on the
// server (app/forms/problems.server.ts, ADR 005).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { deadlineInputOf, parseRegisterProblem } from '~/forms/problems.server'
import { SupervisionLine } from '~/components/problem/ProblemSupervision'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { problemCategories, problems } from '~/i18n/zh-CN/problems'
import { getCurrentCampaign } from '~/models/campaign.server'
import { latestDeadline, PROBLEM_LIMITS } from '~/models/problemRules'
import { createProblem } from '~/models/problemWrites.server'
import { getProblemRegister } from '~/models/problems.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS, type VillageRight } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'
import { deadlineNoteQuery, uncoveredYearsOf } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, problemCategories, problems }

type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.problems.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

/** Which right each register intent needs: the cadre's own register, or an inspector's / leader's finding. */
const REGISTER_RIGHTS = { register: 'work', registerFinding: 'supervise' } as const satisfies Record<string, VillageRight>

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const url = new URL(request.url)
  const asked = url.searchParams.get('status') ?? ''
  const status = (PROBLEM_STATUSES as readonly string[]).includes(asked) ? (asked as ProblemStatus) : undefined
  const registerIntent = VILLAGE_RIGHTS.work.includes(user.role) ? 'register' : VILLAGE_RIGHTS.supervise.includes(user.role) ? 'registerFinding' : null
  const day = today()
  const register = await getProblemRegister(db, { campaignId: campaign.id, villageId: village.id, status, today: day, withHouseholds: registerIntent !== null })
  const created = Number(url.searchParams.get('created'))
  return json({
    village,
    register,
    status: status ?? '',
    registerIntent,
    today: day,
    created: Number.isInteger(created) && created > 0 ? created : null,
    uncoveredYears: uncoveredYearsOf(url),
  })
}

type RegisterFields = {
  category: string
  householdId: number
  description: string
  measure: string
  responsiblePerson: string
  deadlineOn: string
  deadlineDays: number
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const submission = parseRegisterProblem(formData, { today: today() })
  // the right follows from what is asked; an unknown intent is nobody's right
  const intent = formData.get('intent')
  if (intent !== 'register' && intent !== 'registerFinding') throw json({ message: 'bad request' }, { status: 400 })
  const { user, village } = await requireVillageAccess(request, params.villageId, REGISTER_RIGHTS[intent as keyof typeof REGISTER_RIGHTS])
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 })
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const v = submission.value
  const deadline = deadlineInputOf(v)
  const result = await createProblem(db, {
    campaignId: campaign.id,
    villageId: village.id,
    category: v.category,
    // the source follows from the role, never from the form: a cadre's entry is the village's own finding
    source: user.role === 'cadre' ? 'selfInspection' : 'inspector',
    householdId: v.householdId ?? null,
    description: v.description,
    measure: v.measure ?? null,
    responsiblePerson: v.responsiblePerson ?? null,
    deadline,
    today: today(),
    actor: { userId: user.id, at: now(), ip: clientAddress(request) },
  })
  if (result.ok) return redirect(`/villages/${village.id}/problems?created=${result.id}${deadlineNoteQuery(result.deadlineNotes)}`)
  // a household of another village in the form: refused like another village's URL, nothing written
  if (result.kind === 'otherVillage') forbidden()
  if (result.kind === 'invalid') {
    const fieldErrors: Record<string, string[]> = {}
    for (const [field, code] of Object.entries(result.errors)) {
      const name = field === 'deadline' ? (deadline?.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn') : field
      fieldErrors[name] = [
        format(t.problems.errors[code], {
          max: code === 'deadlineTooFar' ? latestDeadline(today()) : (PROBLEM_LIMITS[field as keyof typeof PROBLEM_LIMITS] ?? ''),
        }),
      ]
    }
    return json(submission.reply({ fieldErrors }), { status: 422 })
  }
  return json(submission.reply({ formErrors: [t.errors.generic] }), { status: 400 })
}

const STATUS_STYLE: Record<ProblemStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  rectifying: 'bg-blue-100 text-blue-900',
  rectified: 'bg-violet-100 text-violet-900',
  verified: 'bg-green-100 text-green-900',
}

type ListedProblem = SerializeFrom<typeof loader>['register']['problems'][number]

/** One problem in the list: what it is, where it stands, who answers for it and by when. */
function ProblemCard({ problem: p, href, highlight }: { problem: ListedProblem; href: string; highlight: boolean }) {
  return (
    <article className={`card space-y-1 p-3 ${highlight ? 'ring-2 ring-green-500' : ''}`}>
      <div className="flex flex-wrap items-center gap-1">
        <span className="badge bg-slate-100 text-slate-800">{t.problemCategories[p.category]}</span>
        <span className={`badge ${STATUS_STYLE[p.status]}`}>{t.problems.statuses[p.status]}</span>
        {p.overdue ? <span className="badge bg-red-100 text-red-800">{format(t.problems.overdue, { days: p.daysOverdue })}</span> : null}
        {p.extendedFrom !== null ? (
          <span className="badge bg-amber-100 text-amber-900">
            {p.extendedFrom ? format(t.problems.detail.extendedFrom, { date: p.extendedFrom }) : t.problems.detail.extended}
          </span>
        ) : null}
        <span className="ml-auto text-xs text-slate-500">{t.problems.sources[p.source]}</span>
      </div>
      {p.supervision ? (
        <p>
          <SupervisionLine supervision={p.supervision} />
        </p>
      ) : null}
      <p className="break-words">
        <Link to={href}>{p.description}</Link>
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-sm text-slate-700">
        {p.householdHead ? (
          <>
            <dt className="text-slate-500">{t.problems.fields.household}</dt>
            <dd>{p.householdHead}</dd>
          </>
        ) : null}
        <dt className="text-slate-500">{t.problems.fields.responsiblePerson}</dt>
        <dd>{p.responsiblePerson ?? t.problems.notSet}</dd>
        <dt className="text-slate-500">{t.problems.fields.deadline}</dt>
        <dd className={p.overdue ? 'font-medium text-red-700' : undefined}>{p.deadlineOn ?? t.problems.noDeadline}</dd>
      </dl>
    </article>
  )
}

export default function ProblemRegisterPage() {
  const data = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const { village, register } = data
  const [form, fields] = useForm<RegisterFields>({ lastResult, shouldValidate: 'onSubmit' })
  const isFinding = data.registerIntent === 'registerFinding'
  const statusCount = (s: ProblemStatus) => register.byStatus[s]
  const error = (field: { errors?: string[]; errorId: string }) =>
    field.errors?.length ? (
      <p id={field.errorId} className="field-error">
        {field.errors.join(' ')}
      </p>
    ) : null

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1>{format(t.problems.title, { village: village.name })}</h1>
        <p className="text-sm text-slate-600">{t.problems.intro}</p>
      </div>
      <nav className="no-print flex flex-wrap gap-2" aria-label={format(t.problems.title, { village: village.name })}>
        <Link to={`/villages/${village.id}`} className="btn-secondary no-underline">
          {format(t.problems.backToVillage, { village: village.name })}
        </Link>
        {data.registerIntent ? (
          <a href="#register" className="btn no-underline hover:no-underline">
            {t.problems.register.title}
          </a>
        ) : null}
      </nav>

      {data.created && !lastResult ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.problems.register.created} <Link to={`/villages/${village.id}/problems/${data.created}`}>{t.problems.openOne}</Link>
        </p>
      ) : null}
      {data.created && data.uncoveredYears && !lastResult ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-amber-900">
          {format(t.problems.deadline.uncovered, { years: data.uncoveredYears })}
        </p>
      ) : null}

      <section className="card space-y-3" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t.problems.summary}</h2>
        <p>
          {format(t.problems.total, { count: register.total })}
          {register.overdue > 0 ? <span className="ml-2 font-medium text-red-700">{format(t.problems.overdueCount, { count: register.overdue })}</span> : null}
        </p>
        <h3 className="text-sm font-medium text-slate-700">{t.problems.byCategory}</h3>
        <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          {PROBLEM_CATEGORIES.map((c) => (
            <li key={c} className="flex justify-between gap-2 border-b border-slate-100 py-0.5">
              <span>{t.problemCategories[c]}</span>
              <span className="font-medium tabular-nums">{register.byCategory[c]}</span>
            </li>
          ))}
        </ul>
        <h3 className="text-sm font-medium text-slate-700">{t.problems.byStatus}</h3>
        <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          {PROBLEM_STATUSES.map((s) => (
            <li key={s} className="flex justify-between gap-2 border-b border-slate-100 py-0.5">
              <span>{t.problems.statuses[s]}</span>
              <span className="font-medium tabular-nums">{statusCount(s)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="space-y-3" aria-labelledby="list-heading">
        <h2 id="list-heading">{t.problems.list}</h2>
        <Form method="get" className="card flex flex-wrap items-end gap-2" role="search">
          <div className="min-w-[10rem] flex-1">
            <label htmlFor="status-filter" className="label">
              {t.problems.filter.status}
            </label>
            <select id="status-filter" name="status" defaultValue={data.status} className="field">
              <option value="">{format(t.problems.filter.all, { count: register.total })}</option>
              {PROBLEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {format(t.problems.filter.option, { status: t.problems.statuses[s], count: statusCount(s) })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t.problems.filter.apply}
          </button>
        </Form>
        {data.status ? (
          <p className="text-sm text-slate-600">
            {format(t.problems.filter.showing, { status: t.problems.statuses[data.status as ProblemStatus], count: register.problems.length })}
          </p>
        ) : null}
        {register.problems.length === 0 ? (
          <p className="card text-slate-600">{data.status ? t.problems.emptyFiltered : t.problems.empty}</p>
        ) : (
          <ul className="space-y-2">
            {register.problems.map((p) => (
              <li key={p.id} id={`problem-${p.id}`}>
                <ProblemCard problem={p} href={`/villages/${village.id}/problems/${p.id}`} highlight={p.id === data.created} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.registerIntent ? (
        <section id="register" className="card space-y-4" aria-labelledby="register-heading">
          <h2 id="register-heading">{t.problems.register.title}</h2>
          <p className="text-sm text-slate-600">{isFinding ? t.problems.register.findingIntro : t.problems.register.intro}</p>
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            {form.errors?.length ? (
              <p role="alert" id={form.errorId} className="rounded bg-red-50 p-2 text-sm text-red-800">
                {form.errors.join(' ')}
              </p>
            ) : null}
            <div>
              <label htmlFor={fields.category.id} className="label">
                {t.problems.fields.category}
              </label>
              <select {...getSelectProps(fields.category)} className="field">
                <option value="">{t.problems.register.choose}</option>
                {PROBLEM_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t.problemCategories[c]}
                  </option>
                ))}
              </select>
              {error(fields.category)}
            </div>
            <div>
              <span className="label">{t.problems.fields.source}</span>
              <p className="rounded bg-slate-100 px-3 py-2">{isFinding ? t.problems.sources.inspector : t.problems.sources.selfInspection}</p>
              <p className="mt-1 text-xs text-slate-500">{isFinding ? t.problems.register.findingSource : t.problems.register.selfSource}</p>
            </div>
            <div>
              <label htmlFor={fields.householdId.id} className="label">
                {t.problems.fields.household}
                {t.problems.optional}
              </label>
              <select {...getSelectProps(fields.householdId)} className="field">
                <option value="">{t.problems.noHousehold}</option>
                {register.households.map((h) => (
                  <option key={h.id} value={h.id}>
                    {format(t.problems.householdOption, { name: h.headName, tail: h.idTail })}
                  </option>
                ))}
              </select>
              {error(fields.householdId)}
            </div>
            <div>
              <label htmlFor={fields.description.id} className="label">
                {t.problems.fields.description}
              </label>
              <textarea {...getTextareaProps(fields.description)} rows={3} className="field" />
              {error(fields.description)}
            </div>
            <div>
              <label htmlFor={fields.measure.id} className="label">
                {t.problems.fields.measure}
                {t.problems.optional}
              </label>
              <textarea {...getTextareaProps(fields.measure)} rows={2} className="field" />
              {error(fields.measure)}
            </div>
            <div>
              <label htmlFor={fields.responsiblePerson.id} className="label">
                {t.problems.fields.responsiblePerson}
                {t.problems.optional}
              </label>
              <input {...getInputProps(fields.responsiblePerson, { type: 'text' })} className="field" autoComplete="off" />
              {error(fields.responsiblePerson)}
            </div>
            <fieldset className="space-y-2">
              <legend className="label">
                {t.problems.fields.deadline}
                {t.problems.optional}
              </legend>
              <div className="grid gap-3 sm:grid-cols-2">
                <div>
                  <label htmlFor={fields.deadlineOn.id} className="label font-normal">
                    {t.problems.deadline.date}
                  </label>
                  <input {...getInputProps(fields.deadlineOn, { type: 'date' })} min={data.today} max={latestDeadline(data.today)} className="field" />
                  {error(fields.deadlineOn)}
                </div>
                <div>
                  <label htmlFor={fields.deadlineDays.id} className="label font-normal">
                    {t.problems.deadline.workingDays}
                  </label>
                  <input {...getInputProps(fields.deadlineDays, { type: 'number' })} inputMode="numeric" className="field" />
                  {error(fields.deadlineDays)}
                </div>
              </div>
              <p className="text-xs text-slate-500">{t.problems.deadline.hint}</p>
            </fieldset>
            <button type="submit" name="intent" value={data.registerIntent} className="btn w-full sm:w-auto" disabled={navigation.state === 'submitting'}>
              {t.problems.register.submit}
            </button>
          </Form>
        </section>
      ) : null}
      <p className="no-print text-sm">
        <Link to={`/villages/${village.id}`}>{format(t.problems.backToVillage, { village: village.name })}</Link>
      </p>
    </div>
  )
}
