// One public report or petition (举报/信访): what was reported, about which village and household, who answers for
// it (包村领导, 包户干部, the dedicated supervisor), its verification record (件件有核实) and its history. Leaders and
// inspectors record the verification — a substantiated report goes into the village's problem register; a leader
// assigns a dedicated supervisor (专人督办) and closes the case (办结). Cadres get 403; the reporter's identity is
// read only for leaders and inspectors.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { HistorySection, RecordHeading, SavedNotices } from '~/components/RecordPage'
import { COMPLAINT_STATUS_STYLE, DeadlineFields, FieldError, FormAlert, ResponsibleList } from '~/components/SupervisionParts'
import { deadlineField, deadlineInput, parseAssignForm, parseCloseForm, parseVerifyForm } from '~/forms/supervision.server'
import { beijingTime, format, t } from '~/i18n'
import { auditActionLabel } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { assignSupervisor, closeComplaint, verifyComplaint, type ComplaintWriteResult } from '~/models/complaintWrites.server'
import { getComplaint, type ComplaintHistoryEntry, type DeadlineNotes } from '~/models/complaints.server'
import { COMPLAINT_RESULTS, COMPLAINT_ROLES, complaintRight, SUPERVISION_LIMITS, type ComplaintRight } from '~/models/supervisionRules'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import { PROBLEM_CATEGORIES, type PROBLEM_STATUSES, type RoleKey } from '../../workflows/rules/vocabulary'

type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

const S = t.supervision
const C = S.complaints
const D = S.complaint

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${format(D.title, { id: data.complaint.id })} · ${t.app.name}` : t.app.name }]

/** Which right each button needs. */
const INTENT_RIGHTS = { verify: 'verify', assign: 'assignSupervisor', close: 'close' } as const satisfies Record<string, ComplaintRight>
type Intent = keyof typeof INTENT_RIGHTS
const isIntent = (value: unknown): value is Intent => typeof value === 'string' && Object.hasOwn(INTENT_RIGHTS, value)

function complaintIdOf(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, COMPLAINT_ROLES.view)
  if (!user.townshipId) forbidden()
  const complaintId = complaintIdOf(params.complaintId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, user.townshipId)
  if (!campaign) notFound()
  const found = await getComplaint(db, {
    townshipId: user.townshipId,
    campaignId: campaign.id,
    complaintId,
    today: today(),
    withReporter: complaintRight(user.role, 'reporter'),
  })
  if (!found.ok) notFound()
  const detail = found.ok ? found.detail : (undefined as never)
  const url = new URL(request.url)
  const done = url.searchParams.get('done')
  return json({
    complaint: detail.complaint,
    reporter: detail.reporter,
    responsible: detail.responsible,
    problem: detail.problem,
    problems: detail.problems,
    supervisors: detail.supervisors,
    history: detail.history.map((h) => describeEntry(h, detail.userNames)),
    can: { verify: complaintRight(user.role, 'verify'), assign: complaintRight(user.role, 'assignSupervisor'), close: complaintRight(user.role, 'close') },
    today: today(),
    done: done === 'register' || isIntent(done) ? (done as Intent | 'register') : null,
    uncoveredYears: uncoveredYearsOf(url),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) throw json({ message: 'bad request' }, { status: 400 })
  // one permission check, for the right this button needs
  const user = await requireRole(request, COMPLAINT_ROLES[INTENT_RIGHTS[intent]])
  if (!user.townshipId) forbidden()
  const complaintId = complaintIdOf(params.complaintId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, user.townshipId)
  if (!campaign) notFound()
  const day = today()
  const scope = { townshipId: user.townshipId, campaignId: campaign.id, complaintId }
  const actor = { userId: user.id, at: now(), ip: clientAddress(request) }

  if (intent === 'verify') {
    const submission = parseVerifyForm(formData, day)
    if (submission.status !== 'success') return json({ form: intent, result: submission.reply(), saves: null }, { status: 400 })
    const v = submission.value
    const link = v.result === 'unsubstantiated' ? 'none' : (v.problemLink ?? 'none')
    const problem =
      link === 'new'
        ? { kind: 'new' as const, category: present(v.category, 'a category for a new problem'), description: v.problemDescription ?? '' }
        : link === 'existing'
          ? { kind: 'existing' as const, problemId: present(v.problemId, 'the linked problem') }
          : { kind: 'none' as const }
    const result = await verifyComplaint(db, {
      ...scope,
      expectedVersion: v.version,
      verifiedOn: v.verifiedOn,
      result: v.result,
      note: v.note ?? null,
      problem,
      today: day,
      actor,
    })
    return answer(result, intent, submission, null)
  }
  if (intent === 'assign') {
    const submission = parseAssignForm(formData, day)
    if (submission.status !== 'success') return json({ form: intent, result: submission.reply(), saves: null }, { status: 400 })
    const v = submission.value
    const deadline = present(deadlineInput(v), 'a deadline')
    const result = await assignSupervisor(db, { ...scope, expectedVersion: v.version, supervisorUserId: v.supervisorUserId, deadline, today: day, actor })
    return answer(result, intent, submission, deadline)
  }
  const submission = parseCloseForm(formData)
  if (submission.status !== 'success') return json({ form: intent, result: submission.reply(), saves: null }, { status: 400 })
  const result = await closeComplaint(db, { ...scope, expectedVersion: submission.value.version, note: submission.value.note ?? null, actor })
  return answer(result, intent, submission, null)
}

type Submission = {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ReturnType<ReturnType<typeof parseCloseForm>['reply']>
}

/** Which form field a model error belongs to. */
const FIELD_NAMES: Partial<Record<string, string>> = { problem: 'problemLink', problemDescription: 'problemDescription' }

function answer(result: ComplaintWriteResult, form: Intent, submission: Submission, deadline: ReturnType<typeof deadlineInput>) {
  if (result.ok) return redirect(`/complaints/${result.id}?done=${form}${deadlineNoteQuery(result.deadlineNotes)}`)
  const fail = (status: number, formErrors: string[], saves: Array<{ actor: string; at: string; action: string }> | null = null) =>
    json({ form, result: submission.reply({ formErrors }), saves }, { status })
  switch (result.kind) {
    case 'notFound':
      return notFound()
    case 'outOfScope':
      return forbidden()
    case 'invalid': {
      const fieldErrors: Record<string, string[]> = {}
      for (const [field, code] of Object.entries(result.errors)) {
        const name = field === 'deadline' ? deadlineField(deadline) : (FIELD_NAMES[field] ?? field)
        fieldErrors[name] = [format(S.errors[code], { max: SUPERVISION_LIMITS[field as keyof typeof SUPERVISION_LIMITS] ?? '' })]
      }
      return json({ form, result: submission.reply({ fieldErrors }), saves: null }, { status: 422 })
    }
    case 'notNow':
      return fail(422, [format(S.errors.complaintNotNow, { status: C.statuses[result.status] })])
    case 'conflict':
      return fail(
        409,
        [D.conflict],
        result.saves.map((s) => ({
          actor: s.actorName ?? t.village.systemActor,
          at: beijingTime(s.occurredAt),
          action: S.history.actions[s.action] ?? auditActionLabel(s.action),
        })),
      )
  }
}

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

/** A history step as a person reads it. The reporter's identity is never in the log (the model leaves it out). */
function describeEntry(h: ComplaintHistoryEntry, names: Record<number, string>) {
  const after = h.after ?? {}
  const details: string[] = []
  const text = (key: string) => (typeof after[key] === 'string' && after[key] ? String(after[key]) : null)
  if (h.action === 'complaint.create' && text('deadline_on')) details.push(`${C.fields.deadline}：${text('deadline_on')}`)
  const verificationResult = text('verification_result')
  const verificationNote = text('verification_note')
  if (verificationResult) details.push(format(S.history.result, { value: C.results[verificationResult as keyof typeof C.results] ?? verificationResult }))
  if (verificationNote) details.push(format(S.history.note, { text: verificationNote }))
  if (typeof after.problem_id === 'number')
    details.push(format(after.problem_created ? S.history.problemCreated : S.history.problemLinked, { id: after.problem_id }))
  if (h.action === 'complaint.assignSupervisor') {
    const id = typeof after.supervisor_user_id === 'number' ? after.supervisor_user_id : null
    details.push(format(S.history.supervisor, { name: id ? (names[id] ?? String(id)) : S.responsible.notSet, date: text('supervisor_deadline_on') ?? '' }))
  }
  const closingNote = text('note')
  if (h.action === 'complaint.close' && closingNote) details.push(format(S.history.note, { text: closingNote }))
  return {
    id: h.id,
    at: h.occurredAt,
    text: format(S.history.entry, { actor: h.actorName ?? t.village.systemActor, action: S.history.actions[h.action] ?? auditActionLabel(h.action) }),
    details,
  }
}

type PageData = SerializeFrom<typeof loader>
type ActionData = SerializeFrom<typeof action> | undefined

function VerifyForm({ data, actionData }: { data: PageData; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{
    verifiedOn: string
    result: string
    note: string
    problemLink: string
    category: string
    problemDescription: string
    problemId: number
  }>({
    id: 'verify-complaint',
    lastResult: actionData?.form === 'verify' ? actionData.result : undefined,
    defaultValue: { verifiedOn: data.today, problemLink: 'new', problemDescription: data.complaint.content.slice(0, SUPERVISION_LIMITS.problemDescription) },
    shouldValidate: 'onSubmit',
  })
  const linkChoices = [
    { value: 'new', label: D.problemNew },
    ...(data.problems.length ? [{ value: 'existing', label: D.problemExisting }] : []),
    { value: 'none', label: D.problemNone },
  ]
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'verify' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.verifiedOn.id} className="label">
          {D.verifiedOn}
        </label>
        <input {...getInputProps(fields.verifiedOn, { type: 'date' })} min={data.complaint.receivedOn} max={data.today} className="field" />
        <FieldError field={fields.verifiedOn} />
      </div>
      <fieldset>
        <legend className="label">{D.resultLabel}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {COMPLAINT_RESULTS.map((r) => (
            <label key={r} className="flex min-h-[44px] items-center gap-2">
              <input
                type="radio"
                name={fields.result.name}
                value={r}
                defaultChecked={fields.result.initialValue === r}
                className="h-4 w-4"
                aria-describedby={fields.result.errors ? fields.result.errorId : undefined}
              />
              {C.results[r]}
            </label>
          ))}
        </div>
        <FieldError field={fields.result} />
      </fieldset>
      <div>
        <label htmlFor={fields.note.id} className="label">
          {D.noteLabel}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} className="field" />
        <FieldError field={fields.note} />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-300 p-3">
        <legend className="px-1 text-sm font-medium">{D.problemLabel}</legend>
        <div className="flex flex-col gap-1">
          {linkChoices.map((c) => (
            <label key={c.value} className="flex min-h-[36px] items-center gap-2">
              <input
                type="radio"
                name={fields.problemLink.name}
                value={c.value}
                defaultChecked={(fields.problemLink.initialValue ?? 'new') === c.value}
                className="h-4 w-4"
              />
              {c.label}
            </label>
          ))}
        </div>
        <FieldError field={fields.problemLink} />
        <div>
          <label htmlFor={fields.category.id} className="label">
            {D.category}
          </label>
          <select {...getSelectProps(fields.category)} className="field">
            <option value="">{C.register.choose}</option>
            {PROBLEM_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t.problemCategories[c]}
              </option>
            ))}
          </select>
          <FieldError field={fields.category} />
        </div>
        <div>
          <label htmlFor={fields.problemDescription.id} className="label">
            {D.problemDescription}
          </label>
          <textarea {...getTextareaProps(fields.problemDescription)} rows={3} className="field" />
          <FieldError field={fields.problemDescription} />
        </div>
        {data.problems.length ? (
          <div>
            <label htmlFor={fields.problemId.id} className="label">
              {D.existingProblem}
            </label>
            <select {...getSelectProps(fields.problemId)} className="field">
              <option value="">{C.register.choose}</option>
              {data.problems.map((p) => (
                <option key={p.id} value={p.id}>
                  {format(D.problemOption, {
                    id: p.id,
                    category: t.problemCategories[p.category],
                    status: t.problems.statuses[p.status as ProblemStatus],
                    description: p.description.slice(0, 30),
                  })}
                </option>
              ))}
            </select>
            <FieldError field={fields.problemId} />
          </div>
        ) : (
          <p className="text-xs text-slate-500">{D.noProblems}</p>
        )}
      </fieldset>
      <button type="submit" name="intent" value="verify" className="btn w-full sm:w-auto" disabled={busy}>
        {D.verifySubmit}
      </button>
    </Form>
  )
}

function AssignForm({ data, actionData }: { data: PageData; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ supervisorUserId: number; deadlineOn: string; deadlineDays: number }>({
    id: 'assign-supervisor',
    lastResult: actionData?.form === 'assign' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'assign' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.supervisorUserId.id} className="label">
          {D.supervisorLabel}
        </label>
        <select {...getSelectProps(fields.supervisorUserId)} className="field">
          <option value="">{C.register.choose}</option>
          {data.supervisors.map((s) => (
            <option key={s.id} value={s.id}>
              {format(D.supervisorOption, { name: s.name, role: t.roles[s.role as RoleKey] ?? s.role })}
            </option>
          ))}
        </select>
        <FieldError field={fields.supervisorUserId} />
      </div>
      <DeadlineFields legend={D.supervisorDeadline} dateField={fields.deadlineOn} daysField={fields.deadlineDays} min={data.today} />
      <button type="submit" name="intent" value="assign" className="btn w-full sm:w-auto" disabled={busy}>
        {data.complaint.supervisorName ? D.reassignSubmit : D.assignSubmit}
      </button>
    </Form>
  )
}

function CloseForm({ data, actionData }: { data: PageData; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ note: string }>({
    id: 'close-complaint',
    lastResult: actionData?.form === 'close' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'close' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          {D.closeNote}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={2} className="field" />
        <FieldError field={fields.note} />
      </div>
      <button type="submit" name="intent" value="close" className="btn w-full sm:w-auto" disabled={busy}>
        {D.closeSubmit}
      </button>
    </Form>
  )
}

export default function ComplaintPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { complaint, reporter, responsible } = data
  const showDone = data.done && !actionData && searchParams.get('done')
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <RecordHeading
        kicker={C.title}
        heading={format(D.heading, { id: complaint.id, village: complaint.villageName })}
        backTo="/complaints"
        backLabel={D.back}
      />
      {showDone ? <SavedNotices done={data.done ? D.done[data.done] : null} uncoveredYears={data.uncoveredYears} /> : null}

      <section className="card space-y-3" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="flex flex-wrap items-center gap-2">
          {D.facts}
          <span className={`badge ${COMPLAINT_STATUS_STYLE[complaint.status]}`}>{C.statuses[complaint.status]}</span>
          {complaint.isMajor ? <span className="badge bg-red-100 text-red-800">{C.major}</span> : null}
          {complaint.overdue ? <span className="badge bg-red-100 text-red-800">{format(C.overdue, { days: complaint.daysOverdue })}</span> : null}
        </h2>
        <p className="whitespace-pre-line break-words">{complaint.content}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{C.fields.channel}</dt>
          <dd>{C.channels[complaint.channel]}</dd>
          <dt className="text-slate-500">{C.fields.receivedOn}</dt>
          <dd>{complaint.receivedOn}</dd>
          <dt className="text-slate-500">{C.fields.village}</dt>
          <dd>
            <Link to={`/villages/${complaint.villageId}`}>{complaint.villageName}</Link>
          </dd>
          <dt className="text-slate-500">{C.fields.household}</dt>
          <dd>{complaint.householdHead ?? C.register.noHousehold}</dd>
          <dt className="text-slate-500">{C.fields.deadline}</dt>
          <dd className={complaint.overdue ? 'font-medium text-red-700' : undefined}>{complaint.deadlineOn}</dd>
        </dl>
        {complaint.createdByName ? (
          <p className="text-xs text-slate-500">{format(D.registeredBy, { name: complaint.createdByName, time: beijingTime(complaint.createdAt) })}</p>
        ) : null}
      </section>

      <section className="card space-y-2" aria-labelledby="reporter-heading">
        <h2 id="reporter-heading">{D.reporter}</h2>
        {reporter ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">{C.fields.reporterName}</dt>
            <dd>{reporter.name ?? D.anonymous}</dd>
            <dt className="text-slate-500">{C.fields.reporterContact}</dt>
            <dd>{reporter.contact ?? D.noContact}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">{D.reporterHidden}</p>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="responsible-heading">
        <h2 id="responsible-heading">{S.responsible.title}</h2>
        <ResponsibleList
          responsible={responsible}
          extra={[
            {
              label: S.responsible.householdCadres,
              value: complaint.householdHead
                ? format(S.responsible.householdCadre, { household: complaint.householdHead, cadre: responsible.householdCadre ?? S.responsible.notSet })
                : S.responsible.noHouseholds,
            },
            {
              label: S.responsible.supervisor,
              value: responsible.supervisor
                ? format(D.supervisorNow, { name: responsible.supervisor, date: responsible.supervisorDeadlineOn ?? '' })
                : D.supervisorNone,
            },
            { label: S.responsible.verifier, value: responsible.verifier },
          ]}
        />
      </section>

      <section className="card space-y-2" aria-labelledby="verification-heading">
        <h2 id="verification-heading">{D.verification}</h2>
        {complaint.status === 'open' ? (
          <p className="text-sm text-slate-600">{D.notVerified}</p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">{D.result}</dt>
            <dd>
              {complaint.result ? C.results[complaint.result] : ''}（
              {format(D.verifiedBy, { name: complaint.verifiedByName ?? t.village.systemActor, date: complaint.verifiedOn ?? '' })}）
            </dd>
            {complaint.verificationNote ? (
              <>
                <dt className="text-slate-500">{D.note}</dt>
                <dd className="whitespace-pre-line break-words">{complaint.verificationNote}</dd>
              </>
            ) : null}
            {data.problem ? (
              <>
                <dt className="text-slate-500">{D.problem}</dt>
                <dd className="break-words">
                  <Link to={`/villages/${complaint.villageId}/problems/${data.problem.id}`}>
                    {format(D.openProblem, { id: data.problem.id, description: data.problem.description })}
                  </Link>
                  （{t.problems.statuses[data.problem.status as ProblemStatus]}）
                </dd>
              </>
            ) : null}
          </dl>
        )}
        {complaint.status === 'closed' ? <p className="rounded bg-green-50 p-2 text-sm text-green-900">{D.closed}</p> : null}
      </section>

      {data.can.verify && complaint.status === 'open' ? (
        <section className="card space-y-3" aria-labelledby="verify-heading">
          <h2 id="verify-heading">{D.verifyTitle}</h2>
          <p className="text-sm text-slate-600">{D.verifyIntro}</p>
          <VerifyForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      {data.can.assign && complaint.status !== 'closed' ? (
        <section className="card space-y-3" aria-labelledby="assign-heading">
          <h2 id="assign-heading">{D.supervisorTitle}</h2>
          <p className="text-sm text-slate-600">{D.supervisorIntro}</p>
          <AssignForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      {data.can.close && complaint.status === 'verified' ? (
        <section className="card space-y-3" aria-labelledby="close-heading">
          <h2 id="close-heading">{D.closeTitle}</h2>
          <p className="text-sm text-slate-600">{D.closeIntro}</p>
          <CloseForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      <HistorySection title={S.history.title} empty={S.history.none} items={data.history.map((h) => ({ ...h, key: h.id }))} />
    </div>
  )
}
