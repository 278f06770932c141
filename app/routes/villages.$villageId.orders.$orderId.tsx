// One rectification order (责令整改): what was ordered and by when, who answers for it, the village's answer, the
// inspector's decision, and its whole history (writes and the workflow steps they drove). The village's cadre
// answers an open order (报送整改情况); inspectors and township leaders accept an answered one or reject it with a
// reason (退回重新整改). The order must belong to the village in the URL.
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { EvidencePanel } from '~/components/EvidencePanel'
import { HistorySection, RecordHeading, SavedNotices } from '~/components/RecordPage'
import { DeadlineFields, FieldError, FormAlert, ORDER_STATUS_STYLE, ResponsibleList } from '~/components/SupervisionParts'
import { deadlineField, deadlineInput, parseAnswerForm, parseDecisionForm } from '~/forms/supervision.server'
import { beijingTime, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { supervision } from '~/i18n/zh-CN/supervision'
import { states, workflowEvents, workflowRefusals } from '~/i18n/zh-CN/workflow'
import { auditActionLabel } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { evidencePanelData } from '~/models/evidence/panel.server'
import { answerOrder, decideOrder, type OrderWriteResult } from '~/models/supervisionSteps.server'
import { getOrder, type OrderHistoryEntry } from '~/models/supervisionOrder.server'
import { SUPERVISION_LIMITS } from '~/models/supervisionRules'
import { clientAddress, type CurrentUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS, type VillageRight } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { deadlineNoteQuery, uncoveredYearsOf } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, states, supervision, village, workflowEvents, workflowRefusals }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.supervision.order.heading, { id: data.order.id })} · ${data.village.name} · ${t.app.name}` : t.app.name },
]

/** Which right each button needs: the village's answer, or the inspector's decision. */
const INTENT_RIGHTS = { answer: 'work', accept: 'supervise', reject: 'supervise' } as const satisfies Record<string, VillageRight>
type Intent = keyof typeof INTENT_RIGHTS
const isIntent = (value: unknown): value is Intent => typeof value === 'string' && Object.hasOwn(INTENT_RIGHTS, value)

/** Someone else's order id: 403, like someone else's village. An id that does not exist: 404, except to a cadre. */
function refuseOrder(kind: 'notFound' | 'otherVillage', user: CurrentUser): never {
  if (kind === 'otherVillage' || user.role === 'cadre') forbidden()
  notFound()
}

function orderIdOf(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

const S = t.supervision

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const orderId = orderIdOf(params.orderId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const day = today()
  const found = await getOrder(db, { campaignId: campaign.id, villageId: village.id, orderId, today: day })
  if (!found.ok) refuseOrder(found.kind, user)
  const { order, visit, workflowState, responsible, history } = found.ok ? found.detail : (undefined as never)
  const canWork = VILLAGE_RIGHTS.work.includes(user.role)
  const canSupervise = VILLAGE_RIGHTS.supervise.includes(user.role)
  const url = new URL(request.url)
  // 佐证材料 of the answer: the village's cadre adds them (while the order is not yet accepted)
  const evidence = await evidencePanelData(db, {
    recordType: 'orderAnswer',
    recordId: order.id,
    villageId: village.id,
    viewer: { userId: user.id, role: user.role, townshipId: user.townshipId },
    mayUpload: canWork,
  })
  return json({
    village,
    order,
    evidence,
    visit,
    responsible,
    today: day,
    workflowState: workflowState ? (t.states[workflowState] ?? workflowState) : null,
    history: history.map(describeEntry),
    canWork,
    canSupervise,
    // the machine takes an answer only while the village is 已责令整改, a decision only while it is 整改待验收
    answerOpen: canWork && order.status === 'open',
    answerNow: workflowState === 'supervision.orderedToRectify',
    decisionOpen: canSupervise && order.status === 'answered',
    decisionNow: workflowState === 'supervision.awaitingVerification',
    done: doneOf(url),
    uncoveredYears: uncoveredYearsOf(url),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) throw json({ message: 'bad request' }, { status: 400 })
  // one permission check, for the right this button needs
  const { user, village } = await requireVillageAccess(request, params.villageId, INTENT_RIGHTS[intent])
  const orderId = orderIdOf(params.orderId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const day = today()
  const scope = { campaignId: campaign.id, villageId: village.id, orderId, today: day, actor: { userId: user.id, at: now(), ip: clientAddress(request) } }

  if (intent === 'answer') {
    const submission = parseAnswerForm(formData)
    if (submission.status !== 'success') return json({ form: 'answer' as const, result: submission.reply(), saves: null }, { status: 400 })
    const result = await answerOrder(db, { ...scope, expectedVersion: submission.value.version, response: submission.value.response })
    return answer(result, 'answer', submission, village.id, intent, user, null)
  }
  const submission = parseDecisionForm(formData, day)
  if (submission.status !== 'success') return json({ form: 'decide' as const, result: submission.reply(), saves: null }, { status: 400 })
  const v = submission.value
  const deadline = v.intent === 'reject' ? deadlineInput(v) : null
  const result = await decideOrder(db, { ...scope, expectedVersion: v.version, decision: v.intent, note: v.note ?? null, deadline })
  return answer(result, 'decide', submission, village.id, intent, user, deadline)
}

type Submission = {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ReturnType<ReturnType<typeof parseAnswerForm>['reply']>
}

function answer(
  result: OrderWriteResult,
  form: 'answer' | 'decide',
  submission: Submission,
  villageId: number,
  intent: Intent,
  user: CurrentUser,
  deadline: ReturnType<typeof deadlineInput>,
) {
  if (result.ok) return redirect(`/villages/${villageId}/orders/${result.id}?done=${intent}${deadlineNoteQuery(result.deadlineNotes)}`)
  const fail = (status: number, formErrors: string[], saves: Array<{ actor: string; at: string; action: string }> | null = null) =>
    json({ form, result: submission.reply({ formErrors }), saves }, { status })
  switch (result.kind) {
    case 'notFound':
    case 'otherVillage':
      return refuseOrder(result.kind, user)
    case 'invalid': {
      const fieldErrors: Record<string, string[]> = {}
      for (const [field, code] of Object.entries(result.errors)) {
        fieldErrors[field === 'deadline' ? deadlineField(deadline) : field] = [
          format(S.errors[code], { max: SUPERVISION_LIMITS[field as keyof typeof SUPERVISION_LIMITS] ?? '' }),
        ]
      }
      return json({ form, result: submission.reply({ fieldErrors }), saves: null }, { status: 422 })
    }
    case 'notNow':
      return fail(422, [format(S.errors.orderNotNow, { status: S.orders.statuses[result.status] })])
    case 'conflict':
      return fail(
        409,
        [S.order.conflict],
        result.saves.map((s) => ({ actor: s.actorName ?? t.village.systemActor, at: beijingTime(s.occurredAt), action: actionLabel(s.action) })),
      )
    case 'refused':
      return fail(422, [
        format(S.refused, { reason: format(t.workflowRefusals[result.refusal.code], result.refusal.params), state: t.states[result.state] ?? result.state }),
      ])
    case 'workflowConflict':
      return fail(409, [S.workflowConflict])
    case 'outdatedSnapshot':
      return fail(409, [format(t.village.outdatedSnapshot, { version: result.storedVersion })])
    default:
      return fail(422, [S.noWorkflow])
  }
}

function doneOf(url: URL): Intent | null {
  const done = url.searchParams.get('done')
  return isIntent(done) ? done : null
}

function actionLabel(action: string): string {
  return S.history.actions[action] ?? (t.workflowEvents as Record<string, string>)[action] ?? auditActionLabel(action)
}

/** A history step as a person reads it: who did what, and what was written. */
function describeEntry(h: OrderHistoryEntry) {
  const actor = h.actorName ?? t.village.systemActor
  if (h.kind === 'workflow') {
    return {
      key: h.key,
      at: h.at,
      text: format(S.history.workflow, {
        actor,
        event: actionLabel(h.action),
        from: t.states[h.fromState ?? ''] ?? h.fromState ?? '',
        to: t.states[h.toState ?? ''] ?? h.toState ?? '',
      }),
      details: [] as string[],
      workflow: true,
    }
  }
  const after = h.after ?? {}
  const details: string[] = []
  const text = (key: string) => (typeof after[key] === 'string' && after[key] ? String(after[key]) : null)
  const reason = text('reason')
  const response = text('response')
  const decisionNote = text('decision_note')
  const deadlineOn = text('deadline_on')
  if (h.action === 'rectificationOrder.create' && reason) details.push(format(S.history.reason, { text: reason }))
  if (response) details.push(format(S.history.response, { text: response }))
  if (decisionNote) details.push(format(S.history.note, { text: decisionNote }))
  if (deadlineOn) {
    details.push(
      h.before && typeof h.before.deadline_on === 'string'
        ? format(S.history.deadlineChange, { before: h.before.deadline_on, after: deadlineOn })
        : format(S.history.deadline, { value: deadlineOn }),
    )
  }
  // the write and the workflow move it drove are one line (getOrder joins them)
  const line =
    h.fromState && h.toState
      ? format(S.history.workflow, { actor, event: actionLabel(h.action), from: t.states[h.fromState] ?? h.fromState, to: t.states[h.toState] ?? h.toState })
      : format(S.history.entry, { actor, action: actionLabel(h.action) })
  return { key: h.key, at: h.at, text: line, details, workflow: false }
}

type PageData = SerializeFrom<typeof loader>
type ActionData = SerializeFrom<typeof action> | undefined

function AnswerForm({ order, actionData }: { order: PageData['order']; actionData: ActionData }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ response: string; version: number; intent: string }>({
    id: 'answer-order',
    lastResult: actionData?.form === 'answer' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'answer' ? actionData.saves : null} />
      <input type="hidden" name="version" value={order.version} />
      <div>
        <label htmlFor={fields.response.id} className="label">
          {S.order.responseLabel}
        </label>
        <textarea {...getTextareaProps(fields.response)} rows={4} className="field" />
        <FieldError field={fields.response} />
      </div>
      <button type="submit" name="intent" value="answer" className="btn w-full sm:w-auto" disabled={busy}>
        {S.order.answerSubmit}
      </button>
    </Form>
  )
}

function DecisionForm({ order, actionData, today }: { order: PageData['order']; actionData: ActionData; today: string }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ note: string; deadlineOn: string; deadlineDays: number; version: number; intent: string }>({
    id: 'decide-order',
    lastResult: actionData?.form === 'decide' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'decide' ? actionData.saves : null} />
      <input type="hidden" name="version" value={order.version} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          {S.order.noteLabel}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} className="field" />
        <FieldError field={fields.note} />
      </div>
      <DeadlineFields legend={S.order.newDeadline} dateField={fields.deadlineOn} daysField={fields.deadlineDays} min={today} />
      <div className="flex flex-col gap-2 sm:flex-row">
        {/* the first button is what Enter in a field does: never the acceptance */}
        <button type="submit" name="intent" value="reject" className="btn-secondary sm:order-2" disabled={busy}>
          {S.order.reject}
        </button>
        <button type="submit" name="intent" value="accept" className="btn sm:order-1" disabled={busy}>
          {S.order.accept}
        </button>
      </div>
    </Form>
  )
}

export default function OrderPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { village, order, visit } = data
  const showDone = data.done && !actionData && searchParams.get('done')
  const stateLine = data.workflowState ? format(S.state, { state: data.workflowState }) : null

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <RecordHeading
        kicker={format(S.title, { village: village.name })}
        heading={format(S.order.heading, { id: order.id })}
        backTo={`/villages/${village.id}/visits`}
        backLabel={format(S.order.back, { village: village.name })}
      />
      {showDone ? <SavedNotices done={data.done ? S.order.done[data.done] : null} uncoveredYears={data.uncoveredYears} /> : null}

      <section className="card space-y-3" aria-labelledby="order-heading">
        <h2 id="order-heading" className="flex flex-wrap items-center gap-2">
          {S.order.facts}
          <span className={`badge ${ORDER_STATUS_STYLE[order.status]}`}>{S.orders.statuses[order.status]}</span>
          {order.overdue ? <span className="badge bg-red-100 text-red-800">{format(S.orders.overdue, { days: order.daysOverdue })}</span> : null}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{S.order.reason}</dt>
          <dd className="whitespace-pre-line break-words">{order.reason}</dd>
          <dt className="text-slate-500">{S.order.deadline}</dt>
          <dd className={order.overdue ? 'font-medium text-red-700' : undefined}>{order.deadlineOn}</dd>
          <dt className="text-slate-500">{S.order.issued}</dt>
          <dd>{format(S.order.issuedBy, { name: order.createdByName ?? t.village.systemActor, time: beijingTime(order.createdAt) })}</dd>
          {visit ? (
            <>
              <dt className="text-slate-500">{S.order.fromVisit}</dt>
              <dd className="break-words">{format(S.order.visitSummary, { date: visit.visitedOn, findings: visit.findings })}</dd>
            </>
          ) : null}
        </dl>
        {stateLine ? <p className="text-sm text-slate-600">{stateLine}</p> : null}
        {order.lastRejectNote ? (
          <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{format(S.order.rejectNote, { note: order.lastRejectNote })}</p>
        ) : null}
        {order.status === 'open' && !data.answerOpen ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{S.order.awaitingAnswer}</p> : null}
        {order.status === 'answered' && !data.decisionOpen ? (
          <p className="rounded bg-violet-50 p-2 text-sm text-violet-900">{S.order.awaitingVerification}</p>
        ) : null}
        {order.status === 'accepted' ? (
          <p className="rounded bg-green-50 p-2 text-sm text-green-900">
            {S.order.accepted}
            {order.decidedAt ? ` ${format(S.order.decidedBy, { name: order.decidedByName ?? t.village.systemActor, time: beijingTime(order.decidedAt) })}` : ''}
          </p>
        ) : null}
      </section>

      <section className="card space-y-2" aria-labelledby="response-heading">
        <h2 id="response-heading">{S.order.response}</h2>
        {order.response ? (
          <>
            <p className="whitespace-pre-line break-words">{order.response}</p>
            {order.respondedAt ? (
              <p className="text-xs text-slate-500">
                {format(S.order.respondedBy, { name: order.respondedByName ?? t.village.systemActor, time: beijingTime(order.respondedAt) })}
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">{S.order.noResponse}</p>
        )}
      </section>

      {data.evidence ? <EvidencePanel {...data.evidence} /> : null}

      <section className="card space-y-2" aria-labelledby="responsible-heading">
        <h2 id="responsible-heading">{S.responsible.title}</h2>
        <ResponsibleList responsible={data.responsible} extra={[{ label: S.responsible.inspector, value: data.responsible.inspector }]} />
      </section>

      {data.answerOpen ? (
        <section className="card space-y-3" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{S.order.answerTitle}</h2>
          {data.answerNow ? (
            <>
              <p className="text-sm text-slate-600">{S.order.answerIntro}</p>
              <AnswerForm key={order.version} order={order} actionData={actionData} />
            </>
          ) : (
            <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{format(S.order.answerWaits, { state: data.workflowState ?? '' })}</p>
          )}
        </section>
      ) : null}

      {data.decisionOpen ? (
        <section className="card space-y-3" aria-labelledby="decide-heading">
          <h2 id="decide-heading">{S.order.decideTitle}</h2>
          {data.decisionNow ? (
            <>
              <p className="text-sm text-slate-600">{S.order.decideIntro}</p>
              <DecisionForm key={order.version} order={order} actionData={actionData} today={data.today} />
            </>
          ) : (
            <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{format(S.order.decisionWaits, { state: data.workflowState ?? '' })}</p>
          )}
        </section>
      ) : null}

      <HistorySection title={S.history.title} empty={S.history.none} items={data.history.map((h) => ({ ...h, muted: h.workflow }))} />
    </div>
  )
}
