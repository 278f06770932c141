// 举报信访登记: the township's register of public reports and petitions, for its leaders, inspectors and
// administrators (cadres get 403: the register, and above all the reporter's identity, is never theirs to see).
// Leaders and inspectors register a report in two plain steps that work without JavaScript: choose the village
// (a GET form), then fill in the report with that village's households to choose from.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { COMPLAINT_STATUS_STYLE, DeadlineFields, FieldError, FormAlert } from '~/components/SupervisionParts'
import { deadlineField, deadlineInput, parseRegisterForm } from '~/forms/supervision.server'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { problems } from '~/i18n/zh-CN/problems'
import { supervision } from '~/i18n/zh-CN/supervision'
import { getCurrentCampaign } from '~/models/campaign.server'
import { listComplaints, registerChoices } from '~/models/complaints.server'
import { registerComplaint } from '~/models/complaintWrites.server'
import { COMPLAINT_CHANNELS, COMPLAINT_ROLES, COMPLAINT_STATUSES, complaintRight, SUPERVISION_LIMITS, type ComplaintStatus } from '~/models/supervisionRules'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import { deadlineNoteQuery } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, problems, supervision }

const C = t.supervision.complaints

export const meta: MetaFunction = () => [{ title: `${C.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, COMPLAINT_ROLES.view)
  if (!user.townshipId) forbidden()
  const db = getDb()
  const campaign = await getCurrentCampaign(db, user.townshipId)
  if (!campaign) notFound()
  const url = new URL(request.url)
  const asked = url.searchParams.get('status') ?? ''
  const status = (COMPLAINT_STATUSES as readonly string[]).includes(asked) ? (asked as ComplaintStatus) : undefined
  const majorOnly = url.searchParams.get('major') === '1'
  const canRegister = complaintRight(user.role, 'register')
  const villageId = Number(url.searchParams.get('village'))
  const day = today()
  const [register, choices] = await Promise.all([
    listComplaints(db, { townshipId: user.townshipId, campaignId: campaign.id, status, majorOnly, today: day }),
    canRegister
      ? registerChoices(db, { townshipId: user.townshipId, villageId: Number.isInteger(villageId) && villageId > 0 ? villageId : null })
      : Promise.resolve(null),
  ])
  return json({ register, choices, status: status ?? '', majorOnly, today: day })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, COMPLAINT_ROLES.register)
  if (!user.townshipId) forbidden()
  const day = today()
  const submission = parseRegisterForm(await readForm(request), day)
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 })
  const db = getDb()
  const campaign = await getCurrentCampaign(db, user.townshipId)
  if (!campaign) notFound()
  const v = submission.value
  const deadline = present(deadlineInput(v), 'a deadline')
  const result = await registerComplaint(db, {
    townshipId: user.townshipId,
    campaignId: campaign.id,
    channel: v.channel,
    receivedOn: v.receivedOn,
    villageId: v.villageId,
    householdId: v.householdId ?? null,
    content: v.content,
    reporterName: v.reporterName ?? null,
    reporterContact: v.reporterContact ?? null,
    deadline,
    today: day,
    actor: { userId: user.id, at: now(), ip: clientAddress(request) },
  })
  if (result.ok) return redirect(`/complaints/${result.id}?done=register${deadlineNoteQuery(result.deadlineNotes)}`)
  // a village of another township, or a household of another village, in the form: refused, nothing written
  if (result.kind === 'outOfScope') forbidden()
  if (result.kind === 'invalid') {
    const fieldErrors: Record<string, string[]> = {}
    for (const [field, code] of Object.entries(result.errors)) {
      fieldErrors[field === 'deadline' ? deadlineField(deadline) : field] = [
        format(t.supervision.errors[code], { max: SUPERVISION_LIMITS[field as keyof typeof SUPERVISION_LIMITS] ?? '' }),
      ]
    }
    return json(submission.reply({ fieldErrors }), { status: 422 })
  }
  return json(submission.reply({ formErrors: [t.errors.generic] }), { status: 400 })
}

type Choices = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['choices']>

type RegisterFields = {
  channel: string
  receivedOn: string
  villageId: number
  householdId: number
  content: string
  reporterName: string
  reporterContact: string
  deadlineOn: string
  deadlineDays: number
}

/** Step 1: which village (a GET form, so it works without JavaScript). */
function ChooseVillage({ choices }: { choices: Choices }) {
  return (
    <Form method="get" action="/complaints" className="space-y-3">
      <div>
        <label htmlFor="register-village" className="label">
          {C.fields.village}
        </label>
        <select id="register-village" name="village" className="field" defaultValue={choices.village?.id ?? ''} required>
          <option value="">{C.register.choose}</option>
          {choices.villages.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-secondary w-full sm:w-auto">
        {C.register.next}
      </button>
    </Form>
  )
}

/** Step 2: the report itself. */
function RegisterForm({ choices, today }: { choices: Choices & { village: NonNullable<Choices['village']> }; today: string }) {
  const lastResult = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<RegisterFields>({ id: 'register-complaint', lastResult, defaultValue: { receivedOn: today }, shouldValidate: 'onSubmit' })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} />
      <input type="hidden" name="villageId" value={choices.village.id} />
      <p className="rounded bg-slate-100 px-3 py-2">
        {format(C.register.chosen, { village: choices.village.name })}{' '}
        <Link to="/complaints#register" className="ml-2 text-sm">
          {C.register.changeVillage}
        </Link>
      </p>
      <FieldError field={fields.villageId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.channel.id} className="label">
            {C.fields.channel}
          </label>
          <select {...getSelectProps(fields.channel)} className="field">
            <option value="">{C.register.choose}</option>
            {COMPLAINT_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {C.channels[c]}
              </option>
            ))}
          </select>
          <FieldError field={fields.channel} />
        </div>
        <div>
          <label htmlFor={fields.receivedOn.id} className="label">
            {C.fields.receivedOn}
          </label>
          <input {...getInputProps(fields.receivedOn, { type: 'date' })} max={today} className="field" />
          <FieldError field={fields.receivedOn} />
        </div>
      </div>
      <div>
        <label htmlFor={fields.householdId.id} className="label">
          {C.fields.household}
          {t.problems.optional}
        </label>
        <select {...getSelectProps(fields.householdId)} className="field">
          <option value="">{C.register.noHousehold}</option>
          {choices.households.map((h) => (
            <option key={h.id} value={h.id}>
              {format(t.problems.householdOption, { name: h.headName, tail: h.idTail })}
            </option>
          ))}
        </select>
        <FieldError field={fields.householdId} />
      </div>
      <div>
        <label htmlFor={fields.content.id} className="label">
          {C.fields.content}
        </label>
        <textarea {...getTextareaProps(fields.content)} rows={4} className="field" />
        <FieldError field={fields.content} />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-300 p-3">
        <legend className="px-1 text-sm font-medium">{C.register.reporterTitle}</legend>
        <p className="text-xs text-slate-600">{C.register.reporterHint}</p>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={fields.reporterName.id} className="label">
              {C.fields.reporterName}
              {t.problems.optional}
            </label>
            <input {...getInputProps(fields.reporterName, { type: 'text' })} className="field" autoComplete="off" />
            <FieldError field={fields.reporterName} />
          </div>
          <div>
            <label htmlFor={fields.reporterContact.id} className="label">
              {C.fields.reporterContact}
              {t.problems.optional}
            </label>
            <input {...getInputProps(fields.reporterContact, { type: 'text' })} className="field" autoComplete="off" />
            <FieldError field={fields.reporterContact} />
          </div>
        </div>
      </fieldset>
      <DeadlineFields
        legend={C.fields.deadline}
        dateField={fields.deadlineOn}
        daysField={fields.deadlineDays}
        daysLabel={C.register.deadlineDays}
        hint={C.register.deadlineHint}
      />
      <button type="submit" className="btn w-full sm:w-auto" disabled={busy}>
        {C.register.submit}
      </button>
    </Form>
  )
}

export default function ComplaintRegisterPage() {
  const data = useLoaderData<typeof loader>()
  const { register, choices } = data
  const statusCount = (s: ComplaintStatus) => register.byStatus[s]
  const registerSection = choices ? (
    <section id="register" className="card space-y-4" aria-labelledby="register-heading">
      <h2 id="register-heading">{C.register.title}</h2>
      {choices.village ? (
        <RegisterForm choices={{ ...choices, village: choices.village }} today={data.today} />
      ) : (
        <>
          <p className="text-sm text-slate-600">{C.register.intro}</p>
          <ChooseVillage choices={choices} />
        </>
      )}
    </section>
  ) : null
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1>{C.title}</h1>
        <p className="text-sm text-slate-600">{C.intro}</p>
      </div>
      {choices && !choices.village ? (
        <nav className="no-print flex flex-wrap gap-2" aria-label={C.title}>
          <a href="#register" className="btn no-underline hover:no-underline">
            {C.register.title}
          </a>
        </nav>
      ) : null}
      {/* a village chosen: the person is registering, so the form comes first */}
      {choices?.village ? registerSection : null}

      <section className="card space-y-1" aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="sr-only">
          {C.summaryTitle}
        </h2>
        <p>{format(C.summary, { total: register.total, open: statusCount('open'), verified: statusCount('verified'), closed: statusCount('closed') })}</p>
        {register.overdue > 0 ? <p className="font-medium text-red-700">{format(C.overdueCount, { count: register.overdue })}</p> : null}
        {register.major > 0 ? <p className="text-amber-800">{format(C.majorCount, { count: register.major })}</p> : null}
      </section>

      <section className="space-y-3" aria-labelledby="list-heading">
        <h2 id="list-heading">{C.list}</h2>
        <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
          <div className="min-w-[10rem] flex-1">
            <label htmlFor="status-filter" className="label">
              {C.filter.status}
            </label>
            <select id="status-filter" name="status" defaultValue={data.status} className="field">
              <option value="">{format(C.filter.all, { count: register.total })}</option>
              {COMPLAINT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {format(C.filter.option, { status: C.statuses[s], count: statusCount(s) })}
                </option>
              ))}
            </select>
          </div>
          <label className="flex min-h-[44px] items-center gap-2 text-sm">
            <input type="checkbox" name="major" value="1" defaultChecked={data.majorOnly} className="h-4 w-4" />
            {C.filter.majorOnly}
          </label>
          <button type="submit" className="btn-secondary">
            {C.filter.apply}
          </button>
        </Form>
        {register.complaints.length === 0 ? (
          <p className="card text-slate-600">{data.status || data.majorOnly ? C.emptyFiltered : C.empty}</p>
        ) : (
          <ul className="space-y-2">
            {register.complaints.map((c) => (
              <li key={c.id} className="card space-y-1 p-3">
                <div className="flex flex-wrap items-center gap-1">
                  <span className={`badge ${COMPLAINT_STATUS_STYLE[c.status]}`}>{C.statuses[c.status]}</span>
                  {c.result ? <span className="badge bg-slate-100 text-slate-800">{C.results[c.result]}</span> : null}
                  {c.isMajor ? <span className="badge bg-red-100 text-red-800">{C.major}</span> : null}
                  {c.overdue ? <span className="badge bg-red-100 text-red-800">{format(C.overdue, { days: c.daysOverdue })}</span> : null}
                  <span className="ml-auto text-xs text-slate-500">
                    {C.channels[c.channel]} · {c.receivedOn}
                  </span>
                </div>
                <p className="break-words">
                  <Link to={`/complaints/${c.id}`}>{c.content}</Link>
                </p>
                <p className="text-sm text-slate-700">
                  {c.villageName}
                  {c.householdHead ? ` · ${c.householdHead}` : ''}
                  {c.status === 'open' ? (
                    <span className={`ml-2 ${c.overdue ? 'font-medium text-red-700' : 'text-slate-600'}`}>{format(C.dueBy, { date: c.deadlineOn })}</span>
                  ) : null}
                </p>
                {c.isMajor && c.supervisorName && c.status !== 'closed' ? (
                  <p className={`text-sm ${c.supervisorOverdue ? 'font-medium text-red-700' : 'text-amber-800'}`}>
                    {format(C.supervisedBy, { name: c.supervisorName, date: c.supervisorDeadlineOn ?? '' })}
                    {c.supervisorOverdue ? `（${C.supervisorOverdue}）` : ''}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {choices && !choices.village ? registerSection : null}
    </div>
  )
}
