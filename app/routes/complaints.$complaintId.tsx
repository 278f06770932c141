// One public report or petition (举报/信访): what was reported, about which village and household, who answers for
// it (包村领导, 包户干部, the dedicated supervisor), its verification record (件件有核实) and its history. Leaders and
// inspectors record the verification — a substantiated report goes into the village's problem register; a leader
// assigns a dedicated supervisor (专人督办) and closes the case (办结). Cadres get 403; the reporter's identity is
// read only for leaders and inspectors.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { HistorySection, RecordHeading, SavedNotices } from '~/components/RecordPage'
import { AssignSupervisorForm, CloseComplaintForm, VerifyComplaintForm } from '~/components/complaint/ComplaintForms'
import { ComplaintFacts, ComplaintReporter, ComplaintResponsible, ComplaintVerification } from '~/components/complaint/ComplaintPanels'
import { deadlineField, deadlineInput, parseAssignForm, parseCloseForm, parseVerifyForm } from '~/forms/supervision.server'
import { beijingTime, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { supervision } from '~/i18n/zh-CN/supervision'
import { auditActionLabel } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { assignSupervisor, closeComplaint, verifyComplaint, type ComplaintWriteResult } from '~/models/complaintWrites.server'
import { getComplaint, type ComplaintHistoryEntry } from '~/models/complaints.server'
import { COMPLAINT_ROLES, complaintRight, SUPERVISION_LIMITS, type ComplaintRight } from '~/models/supervisionRules'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import { deadlineNoteQuery, uncoveredYearsOf } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, supervision, village }

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

      <ComplaintFacts complaint={complaint} />
      <ComplaintReporter reporter={reporter} />
      <ComplaintResponsible complaint={complaint} responsible={responsible} />
      <ComplaintVerification complaint={complaint} problem={data.problem} />

      {data.can.verify && complaint.status === 'open' ? (
        <section className="card space-y-3" aria-labelledby="verify-heading">
          <h2 id="verify-heading">{D.verifyTitle}</h2>
          <p className="text-sm text-slate-600">{D.verifyIntro}</p>
          <VerifyComplaintForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      {data.can.assign && complaint.status !== 'closed' ? (
        <section className="card space-y-3" aria-labelledby="assign-heading">
          <h2 id="assign-heading">{D.supervisorTitle}</h2>
          <p className="text-sm text-slate-600">{D.supervisorIntro}</p>
          <AssignSupervisorForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      {data.can.close && complaint.status === 'verified' ? (
        <section className="card space-y-3" aria-labelledby="close-heading">
          <h2 id="close-heading">{D.closeTitle}</h2>
          <p className="text-sm text-slate-600">{D.closeIntro}</p>
          <CloseComplaintForm key={complaint.version} data={data} actionData={actionData} />
        </section>
      ) : null}

      <HistorySection title={S.history.title} empty={S.history.none} items={data.history.map((h) => ({ ...h, key: h.id }))} />
    </div>
  )
}
