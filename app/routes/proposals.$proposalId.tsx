// One proposal (拟) in the approval chain (ADR 010): the household, what is proposed and why, the current step with
// its deadline, the timeline, the objections, and the forms this viewer may use now (plain POST forms, one per
// event). Who may send which event: mayActorSend(approvalRoleOf(user)) within the village/township/county scope.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ProposalActions, ProposalFacts, ProposalObjections, ProposalTimeline } from '~/components/proposal/ProposalParts'
import { parseProposalForm } from '~/forms/proposals.server'
import { format } from '~/i18n'
import { approvals } from '~/i18n/zh-CN/approvals'
import { app, errors } from '~/i18n/zh-CN/common'
import { applyProposalEvent } from '~/models/proposals/events.server'
import { getProposalPage } from '~/models/proposals/queries.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireProposalAccess } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { mayActorSend, type ApprovalEventType } from '../../workflows/approvalSteps'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvals, errors }

const a = t.approvals

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(a.page.title, { name: data.page.headName, kind: a.kinds[data.page.kind] })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, proposal, approvalRole } = await requireProposalAccess(request, params.proposalId)
  const page = await getProposalPage(getDb(), { proposalId: proposal.id, viewer: { userId: user.id, approvalRole, role: user.role }, today: today() })
  if (!page) notFound()
  const done = new URL(request.url).searchParams.get('done')
  return json({ page, today: today(), done: done && done in a.events ? (done as ApprovalEventType) : null })
}

type ActionData = { error: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, proposal, approvalRole } = await requireProposalAccess(request, params.proposalId)
  const form = parseProposalForm(await readForm(request))
  if (!form) return json<ActionData>({ error: t.errors.generic }, { status: 400 })
  if ('invalid' in form) return json<ActionData>({ error: form.invalid === 'amount' ? a.form.amountInvalid : a.form.invalid }, { status: 400 })
  // the one permission check of the chain: this role may send this event (the scope was checked above)
  if (!approvalRole || !mayActorSend(approvalRole, form.event.type)) forbidden()
  const result = await applyProposalEvent(getDb(), {
    proposalId: proposal.id,
    event: form.event,
    actor: user,
    expectedVersion: form.version,
    at: now(),
    today: today(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect(`/proposals/${proposal.id}?done=${form.event.type}`)
  switch (result.kind) {
    case 'refused':
      return json<ActionData>({ error: result.message }, { status: 422 })
    case 'conflict':
      return json<ActionData>({ error: a.page.conflict }, { status: 409 })
    case 'recused':
      return json<ActionData>({ error: a.page.recusedNote }, { status: 403 })
    case 'outdatedSnapshot':
      return json<ActionData>({ error: t.errors.generic }, { status: 409 })
    case 'notFound':
      notFound()
  }
}

export default function ProposalPage() {
  const { page, today: day, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="no-print text-sm">
        <Link to="/approvals">{a.page.back}</Link>
      </p>
      <h1>{format(a.page.title, { name: page.headName, kind: a.kinds[page.kind] })}</h1>
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {format(a.page.saved, { event: a.events[done] })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <ProposalFacts page={page} />
      <ProposalObjections page={page} />
      <ProposalActions page={page} today={day} />
      <ProposalTimeline page={page} />
    </div>
  )
}
