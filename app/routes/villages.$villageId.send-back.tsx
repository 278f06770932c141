// 退回上一阶段, confirmed (issue 17): the village page links here; this page says from which phase to which the
// village goes back, asks for the reason (required) and sends the event only on 确认退回 — two steps, with or without
// JavaScript. The reason is stored in the workflow event and shown in the village's history.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseSendBack } from '~/forms/sendBack.server'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { phaseProgress, sendBack } from '~/i18n/zh-CN/inspectorDay'
import { phases, workflowRefusals } from '~/i18n/zh-CN/workflow'
import { getCurrentCampaign } from '~/models/campaign.server'
import { applyVillageEvent, getWorkflowView } from '~/models/workflow.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'
import { PHASES, type PhaseId } from '../../workflows/phases'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, phaseProgress, phases, sendBack, village, workflowRefusals }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${t.sendBack.title} · ${data.village.name} · ${t.app.name}` : t.app.name }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'lead')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const workflow = await getWorkflowView(db, campaign.id, village.id)
  if (!workflow) notFound()
  const offered = workflow.handled.includes('SEND_BACK') && workflow.phase !== 'closed' && workflow.phase !== 'mobilisation'
  const from = workflow.phase === 'closed' ? null : workflow.phase
  const to: PhaseId | null = from && offered ? PHASES[PHASES.indexOf(from) - 1] : null
  return json({ village: { id: village.id, name: village.name }, version: workflow.version, offered, from, to })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const { user, village } = await requireVillageAccess(request, params.villageId, 'lead')
  const parsed = parseSendBack(formData)
  if (!parsed.ok) {
    if (parsed.field === 'form') throw json({ message: 'bad request' }, { status: 400 })
    return json({ error: t.sendBack.reasonRequired, field: 'reason' as const }, { status: 422 })
  }
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const result = await applyVillageEvent(db, {
    campaignId: campaign.id,
    villageId: village.id,
    type: 'SEND_BACK',
    actorUserId: user.id,
    input: { reason: parsed.value.reason },
    expectedVersion: parsed.value.version,
    at: now(),
    today: today(),
  })
  if (result.ok) return redirect(`/villages/${village.id}?done=SEND_BACK`)
  switch (result.kind) {
    case 'refused':
      return json(
        { error: format(t.village.refused, { reason: format(t.workflowRefusals[result.refusal.code], result.refusal.params) }), field: null },
        { status: 422 },
      )
    case 'conflict':
      return json({ error: t.village.conflict, field: null }, { status: 409 })
    case 'outdatedSnapshot':
      return json({ error: format(t.village.outdatedSnapshot, { version: result.storedVersion }), field: null }, { status: 409 })
    default:
      notFound()
  }
}

export default function SendBackPage() {
  const { village, version, offered, from, to } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const s = t.sendBack
  const reasonInvalid = actionData?.field === 'reason'
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="no-print text-sm">
        <Link to={`/villages/${village.id}`}>{format(t.phaseProgress.back, { village: village.name })}</Link>
      </p>
      <h1>{s.title}</h1>
      {!offered || !from || !to ? (
        <p className="card text-sm">{s.notOffered}</p>
      ) : (
        <Form method="post" className="card space-y-3">
          <p>{format(s.intro, { village: village.name, from: t.phases[from], to: t.phases[to] })}</p>
          {actionData?.error ? (
            <p role="alert" id="send-back-error" className="rounded bg-red-50 p-2 text-red-800">
              {actionData.error}
            </p>
          ) : null}
          <input type="hidden" name="version" value={version} />
          <div>
            <label htmlFor="send-back-reason" className="label">
              {s.reasonLabel}
            </label>
            <textarea
              id="send-back-reason"
              name="reason"
              rows={3}
              className="field"
              required
              minLength={2}
              maxLength={500}
              aria-invalid={reasonInvalid || undefined}
              aria-describedby={reasonInvalid ? 'send-back-error send-back-hint' : 'send-back-hint'}
            />
            <p id="send-back-hint" className="text-xs text-slate-500">
              {s.reasonHint} {t.village.sendBackHint}
            </p>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row">
            <button type="submit" className="btn">
              {s.confirm}
            </button>
            <Link to={`/villages/${village.id}`} className="btn-secondary text-center no-underline">
              {s.cancel}
            </Link>
          </div>
        </Form>
      )}
    </div>
  )
}
