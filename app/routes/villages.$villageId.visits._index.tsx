// 督查与整改: a village's inspection visits (督查记录) and rectification orders (责令整改). Everyone who may see the
// village reads it; inspectors and township leaders record a visit — marked as the key inspection of a
// zero-report village, or flagged as superficial work (流于形式、走过场), which raises an order with a deadline
// and moves the village to 已责令整改 in the same transaction.
import type { ReactNode } from 'react'
import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { DeadlineFields, FieldError, FormAlert, ORDER_STATUS_STYLE, ResponsibleList } from '~/components/SupervisionParts'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { problems } from '~/i18n/zh-CN/problems'
import { supervision } from '~/i18n/zh-CN/supervision'
import { states, workflowRefusals } from '~/i18n/zh-CN/workflow'
import { getCurrentCampaign } from '~/models/campaign.server'
import { deadlineField, deadlineInput, parseVisitForm } from '~/forms/supervision.server'
import { getSupervisionPage } from '~/models/supervision.server'
import { recordVisit } from '~/models/supervisionSteps.server'
import { SUPERVISION_LIMITS } from '~/models/supervisionRules'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import { deadlineNoteQuery, uncoveredYearsOf } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, problems, states, supervision, village, workflowRefusals }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.supervision.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  const canSupervise = VILLAGE_RIGHTS.supervise.includes(user.role)
  const day = today()
  const page = campaign ? await getSupervisionPage(db, { campaignId: campaign.id, villageId: village.id, today: day, withHouseholds: canSupervise }) : null
  const url = new URL(request.url)
  const order = Number(url.searchParams.get('order'))
  return json({
    village,
    page,
    canSupervise,
    today: day,
    userName: user.displayName,
    saved: url.searchParams.get('saved') === 'visit',
    savedOrder: Number.isInteger(order) && order > 0 ? order : null,
    uncoveredYears: uncoveredYearsOf(url),
  })
}

const E = t.supervision.errors

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  if (formData.get('intent') !== 'recordVisit') throw json({ message: 'bad request' }, { status: 400 })
  const { user, village } = await requireVillageAccess(request, params.villageId, 'supervise')
  const day = today()
  const submission = parseVisitForm(formData, day)
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const v = submission.value
  const deadline = deadlineInput(v)
  const result = await recordVisit(db, {
    campaignId: campaign.id,
    villageId: village.id,
    visitedOn: v.visitedOn,
    inspectors: v.inspectors,
    checked: v.checked,
    findings: v.findings,
    householdIds: v.householdIds ?? [],
    keyInspection: v.keyInspection ?? false,
    superficial: v.superficial ? { reason: v.reason ?? '', deadline: present(deadline, 'a deadline for a superficial visit') } : null,
    today: day,
    actor: { userId: user.id, at: now(), ip: clientAddress(request) },
  })
  if (result.ok) {
    const order = result.orderId ? `&order=${result.orderId}${deadlineNoteQuery(result.deadlineNotes)}` : ''
    return redirect(`/villages/${village.id}/visits?saved=visit${order}`)
  }
  switch (result.kind) {
    case 'otherVillage':
      return forbidden()
    case 'invalid': {
      const fieldErrors: Record<string, string[]> = {}
      for (const [field, code] of Object.entries(result.errors)) {
        const name = field === 'deadline' ? deadlineField(deadline) : field
        fieldErrors[name] = [format(E[code], { max: SUPERVISION_LIMITS[field as keyof typeof SUPERVISION_LIMITS] ?? '' })]
      }
      return json({ result: submission.reply({ fieldErrors }) }, { status: 422 })
    }
    case 'refused': {
      const message = format(t.supervision.refused, {
        reason: format(t.workflowRefusals[result.refusal.code], result.refusal.params),
        state: t.states[result.state] ?? result.state,
      })
      return json({ result: submission.reply({ formErrors: [message] }) }, { status: 422 })
    }
    case 'workflowConflict':
      return json({ result: submission.reply({ formErrors: [t.supervision.workflowConflict] }) }, { status: 409 })
    case 'outdatedSnapshot':
      return json({ result: submission.reply({ formErrors: [format(t.village.outdatedSnapshot, { version: result.storedVersion })] }) }, { status: 409 })
    default:
      return json({ result: submission.reply({ formErrors: [t.supervision.noWorkflow] }) }, { status: 422 })
  }
}

/** The visit form's fields, as the page renders them (the schema is server-side: docs/decisions/005). */
type VisitFields = {
  intent: string
  visitedOn: string
  inspectors: string
  checked: string
  findings: string
  householdIds: number[]
  keyInspection: boolean
  superficial: boolean
  reason: string
  deadlineOn: string
  deadlineDays: number
}

type Page = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['page']>

function VisitForm({ page, today, userName }: { page: Page; today: string; userName: string }) {
  const lastResult = useActionData<typeof action>()?.result
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<VisitFields>({
    id: 'record-visit',
    lastResult,
    defaultValue: { visitedOn: today, inspectors: userName },
    shouldValidate: 'onSubmit',
  })
  const R = t.supervision.record
  const chosen = new Set(([] as unknown[]).concat(fields.householdIds.initialValue ?? []).map(String))
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.visitedOn.id} className="label">
            {R.visitedOn}
          </label>
          <input {...getInputProps(fields.visitedOn, { type: 'date' })} max={today} className="field" />
          <FieldError field={fields.visitedOn} />
        </div>
        <div>
          <label htmlFor={fields.inspectors.id} className="label">
            {R.inspectors}
          </label>
          <input
            {...getInputProps(fields.inspectors, { type: 'text' })}
            className="field"
            autoComplete="off"
            aria-describedby={`${fields.inspectors.id}-hint`}
          />
          <p id={`${fields.inspectors.id}-hint`} className="mt-1 text-xs text-slate-500">
            {R.inspectorsHint}
          </p>
          <FieldError field={fields.inspectors} />
        </div>
      </div>
      <div>
        <label htmlFor={fields.checked.id} className="label">
          {R.checked}
        </label>
        <textarea {...getTextareaProps(fields.checked)} rows={2} className="field" placeholder={R.checkedHint} />
        <FieldError field={fields.checked} />
      </div>
      <div>
        <label htmlFor={fields.findings.id} className="label">
          {R.findings}
        </label>
        <textarea {...getTextareaProps(fields.findings)} rows={3} className="field" />
        <FieldError field={fields.findings} />
      </div>
      {page.households.length ? (
        <fieldset>
          <legend className="label">{R.households}</legend>
          <details className="rounded-md border border-slate-300 bg-white">
            <summary className="cursor-pointer px-3 py-2 text-sm">{R.householdsOpen}</summary>
            <ul className="grid max-h-72 gap-1 overflow-y-auto border-t border-slate-200 p-2 sm:grid-cols-2">
              {page.households.map((h) => (
                <li key={h.id}>
                  <label className="flex min-h-[36px] items-center gap-2 text-sm">
                    <input type="checkbox" name={fields.householdIds.name} value={h.id} defaultChecked={chosen.has(String(h.id))} className="h-4 w-4" />
                    {format(R.householdOption, { name: h.headName, tail: h.idTail })}
                  </label>
                </li>
              ))}
            </ul>
          </details>
          <FieldError field={fields.householdIds} />
        </fieldset>
      ) : null}
      {page.workflow?.keySupervision ? (
        <div>
          <label className="flex items-start gap-2">
            <input {...getInputProps(fields.keyInspection, { type: 'checkbox' })} className="mt-1 h-4 w-4" />
            <span>{R.keyInspection}</span>
          </label>
          <p className="mt-1 text-xs text-slate-500">{R.keyInspectionHint}</p>
          <FieldError field={fields.keyInspection} />
        </div>
      ) : null}
      <fieldset className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3">
        <legend className="px-1 text-sm font-medium text-amber-900">{t.supervision.orders.title}</legend>
        <label className="flex items-start gap-2">
          <input {...getInputProps(fields.superficial, { type: 'checkbox' })} className="mt-1 h-4 w-4" />
          <span>{R.superficial}</span>
        </label>
        <p className="text-xs text-slate-600">{R.superficialHint}</p>
        <div>
          <label htmlFor={fields.reason.id} className="label">
            {R.reason}
          </label>
          <textarea {...getTextareaProps(fields.reason)} rows={2} className="field" />
          <FieldError field={fields.reason} />
        </div>
        <DeadlineFields legend={R.deadline} dateField={fields.deadlineOn} daysField={fields.deadlineDays} min={today} />
      </fieldset>
      <button type="submit" name="intent" value="recordVisit" className="btn w-full sm:w-auto" disabled={busy}>
        {R.submit}
      </button>
    </Form>
  )
}

/** A titled list of cards, or the words for none. */
function CardList<T>({ id, title, empty, items, children: card }: { id: string; title: string; empty: string; items: T[]; children: (item: T) => ReactNode }) {
  return (
    <section className="space-y-2" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? <p className="card text-slate-600">{empty}</p> : <ul className="space-y-2">{items.map(card)}</ul>}
    </section>
  )
}

export default function VisitsPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { village, page } = data
  const S = t.supervision
  if (!page) {
    return (
      <div className="card">
        <h1>{format(S.title, { village: village.name })}</h1>
        <p className="mt-2">{S.noCampaign}</p>
      </div>
    )
  }
  const ordersById = new Map(page.orders.map((o) => [o.id, o]))
  const justSaved = data.saved && !actionData && searchParams.get('saved')
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1>{format(S.title, { village: village.name })}</h1>
        <p className="text-sm text-slate-600">{S.intro}</p>
      </div>
      <nav className="no-print flex flex-wrap gap-2" aria-label={format(S.title, { village: village.name })}>
        <Link to={`/villages/${village.id}`} className="btn-secondary no-underline">
          {format(S.backToVillage, { village: village.name })}
        </Link>
        {data.canSupervise ? (
          <a href="#record" className="btn no-underline hover:no-underline">
            {S.record.title}
          </a>
        ) : null}
      </nav>

      {justSaved ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {data.savedOrder ? S.record.savedWithOrder : S.record.saved}{' '}
          {data.savedOrder ? <Link to={`/villages/${village.id}/orders/${data.savedOrder}`}>{S.record.openOrder}</Link> : null}
        </p>
      ) : null}
      {justSaved && data.uncoveredYears ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-amber-900">
          {format(t.problems.deadline.uncovered, { years: data.uncoveredYears })}
        </p>
      ) : null}

      <section className="card space-y-2" aria-labelledby="status-heading">
        <h2 id="status-heading">{page.workflow ? format(S.state, { state: t.states[page.workflow.state] ?? page.workflow.state }) : S.noWorkflow}</h2>
        {page.workflow?.keySupervision ? (
          <p className={`rounded p-2 text-sm ${page.keyInspections > 0 ? 'bg-green-50 text-green-900' : 'bg-amber-50 text-amber-900'}`}>
            {S.keySupervision}
            {page.keyInspections > 0 ? format(S.keyInspectionDone, { count: page.keyInspections }) : S.keyInspectionPending}
          </p>
        ) : null}
        <h3 className="pt-1 text-sm font-medium text-slate-700">{S.responsible.title}</h3>
        <ResponsibleList responsible={{ villageLeader: page.responsible.villageLeader, villageCadres: page.responsible.villageCadres }} />
      </section>

      <CardList id="orders-heading" title={S.orders.title} empty={S.orders.empty} items={page.orders}>
        {(o) => (
          <li key={o.id} className="card space-y-1 p-3">
            <div className="flex flex-wrap items-center gap-1">
              <span className={`badge ${ORDER_STATUS_STYLE[o.status]}`}>{S.orders.statuses[o.status]}</span>
              {o.overdue ? <span className="badge bg-red-100 text-red-800">{format(S.orders.overdue, { days: o.daysOverdue })}</span> : null}
              <span className="ml-auto text-xs text-slate-500">{format(S.orders.item, { id: o.id })}</span>
            </div>
            <p className="break-words">
              <Link to={`/villages/${village.id}/orders/${o.id}`}>{o.reason}</Link>
            </p>
            <p className={`text-sm ${o.overdue ? 'font-medium text-red-700' : 'text-slate-600'}`}>
              {S.orders.deadline}：{o.deadlineOn}
            </p>
          </li>
        )}
      </CardList>

      <CardList id="visits-heading" title={S.visits.title} empty={S.visits.empty} items={page.visits}>
        {(v) => (
          <li key={v.id} className="card space-y-2 p-3">
            <h3 className="flex flex-wrap items-center gap-2 font-medium">
              {format(S.visits.heading, { date: v.visitedOn })}
              {v.keyInspection ? <span className="badge bg-blue-100 text-blue-900">{S.visits.keyInspection}</span> : null}
              {v.superficial ? <span className="badge bg-red-100 text-red-800">{S.visits.superficial}</span> : null}
            </h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">{S.visits.inspectors}</dt>
              <dd className="break-words">{v.inspectors}</dd>
              <dt className="text-slate-500">{S.visits.checked}</dt>
              <dd className="whitespace-pre-line break-words">{v.checked}</dd>
              <dt className="text-slate-500">{S.visits.findings}</dt>
              <dd className="whitespace-pre-line break-words">{v.findings}</dd>
              {v.households.length ? (
                <>
                  <dt className="text-slate-500">{S.visits.households}</dt>
                  <dd className="break-words">
                    {v.households
                      .map((h) => `${h.headName}${h.responsibleCadre ? `（${S.responsible.householdCadres}：${h.responsibleCadre}）` : ''}`)
                      .join('、')}
                  </dd>
                </>
              ) : null}
              {v.orderIds.length ? (
                <>
                  <dt className="text-slate-500">{S.visits.orders}</dt>
                  <dd className="flex flex-wrap gap-2">
                    {v.orderIds.map((id) => (
                      <Link key={id} to={`/villages/${village.id}/orders/${id}`}>
                        {format(S.orders.item, { id })}（{S.orders.statuses[ordersById.get(id)?.status ?? 'open']}）
                      </Link>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
            {v.createdByName ? <p className="text-xs text-slate-500">{format(S.visits.recordedBy, { name: v.createdByName })}</p> : null}
          </li>
        )}
      </CardList>

      {data.canSupervise ? (
        <section id="record" className="card space-y-4" aria-labelledby="record-heading">
          <h2 id="record-heading">{S.record.title}</h2>
          <p className="text-sm text-slate-600">{S.record.intro}</p>
          <VisitForm page={page} today={data.today} userName={data.userName} />
        </section>
      ) : null}

      <p className="no-print text-sm">
        <Link to={`/villages/${village.id}`}>{format(S.backToVillage, { village: village.name })}</Link>
      </p>
    </div>
  )
}
