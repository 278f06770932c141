import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { SummaryLine } from '~/components/TownshipTasks'
import { parseTownshipTaskForm } from '~/forms/townshipTasks.server'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { townshipTasks } from '~/i18n/zh-CN/townshipTasks'
import { submitSummaryReport } from '~/models/summarySubmission.server'
import { getTownshipTaskPage, updateTownshipTask } from '~/models/townshipTasks.server'
import type { FieldConflict } from '~/models/versioned.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, townshipTasks }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.townshipTasks.pageTitle, { task: data.task.label })} · ${t.app.name}` : t.app.name },
]

// One township duty (乡镇工作清单): its owner, due day, done day and evidence, edited by the township's leaders and
// administrators; on the summary duty, also the submission of the summary report to the county (the dashboard's
// button posts here).
async function requireTask(request: Request, taskId: string | undefined) {
  const user = await requireRole(request, ['leader', 'admin'])
  if (!user.townshipId) forbidden()
  const id = Number(taskId)
  if (!Number.isInteger(id) || id <= 0) notFound()
  const page = await getTownshipTaskPage(getDb(), user.townshipId, id, today())
  if (!page) notFound()
  return { user: { ...user, townshipId: user.townshipId }, page }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await requireTask(request, params.taskId)
  return json({ ...page, today: today() })
}

type ActionData = { error: string | null; conflict: { title: string; intro: string; changes: FieldConflict[]; summary: boolean } | null }

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, page } = await requireTask(request, params.taskId)
  const form = parseTownshipTaskForm(await readForm(request))
  if (!form) return json<ActionData>({ error: t.errors.generic, conflict: null }, { status: 400 })
  const actor = { userId: user.id, at: now(), ip: clientAddress(request) }
  const tt = t.townshipTasks
  if (form.intent === 'submitSummary') {
    const result = await submitSummaryReport(getDb(), { townshipId: user.townshipId, campaignId: form.campaignId, expectedVersion: form.version }, actor)
    if (result.ok) return redirect('/dashboard?summarySubmitted=1#township-tasks')
    if (result.kind === 'notFound') notFound()
    if (result.kind === 'conflict')
      return json<ActionData>(
        { error: null, conflict: { title: tt.summary.conflictTitle, intro: tt.summary.conflictIntro, changes: result.changes, summary: true } },
        { status: 409 },
      )
    const error = result.kind === 'alreadySubmitted' ? format(tt.summary.alreadySubmitted, { date: result.submittedOn ?? '' }) : tt.summary.closed
    return json<ActionData>({ error, conflict: null }, { status: 409 })
  }
  const { intent: _intent, version, ...fields } = form
  const result = await updateTownshipTask(getDb(), { townshipId: user.townshipId, taskId: page.task.id, ...fields, expectedVersion: version }, actor)
  if (result.ok) return redirect('/dashboard?taskSaved=1#township-tasks')
  if (result.kind === 'conflict')
    return json<ActionData>(
      { error: null, conflict: { title: tt.conflictTitle, intro: tt.conflictIntro, changes: result.changes, summary: false } },
      { status: 409 },
    )
  return json<ActionData>({ error: tt.errors[result.kind], conflict: null }, { status: result.kind === 'notFound' ? 404 : 422 })
}

export default function TownshipTaskPage() {
  const { task, owners, campaign, isSummary, today: day } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const tt = t.townshipTasks
  const conflict = actionData?.conflict
  const fieldLabels: Record<string, string> = conflict?.summary ? tt.summary.fields : tt.fields
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="no-print text-sm">
        <a href="/dashboard#township-tasks">{tt.back}</a>
      </p>
      <h1>{format(tt.pageTitle, { task: task.label })}</h1>
      <p className="text-sm text-slate-600">{campaign.name}</p>
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {conflict ? (
        <ConflictNotice
          title={conflict.title}
          intro={conflict.intro}
          items={conflict.changes.map((c) => ({
            key: c.field,
            label: fieldLabels[c.field] ?? c.field,
            theirs: shownValue(c.theirs),
            mine: shownValue(c.mine),
            by: c.by,
            at: c.at,
          }))}
        />
      ) : null}
      {isSummary ? <SummaryLine state={{ campaignId: campaign.id, ...campaign }} today={day} submitTo={`/township-tasks/${task.id}`} canSubmit /> : null}
      {campaign.closed ? (
        <p role="note" className="rounded bg-slate-50 p-2 text-sm">
          {tt.closedNote}
        </p>
      ) : (
        // keyed by version: after a conflict the form shows what is stored now, with the version to save over
        <Form key={`v-${task.version}`} method="post" className="card space-y-3" noValidate>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={task.version} />
          <div>
            <label htmlFor="ownerUserId" className="label">
              {tt.ownerUser}
            </label>
            <select id="ownerUserId" name="ownerUserId" defaultValue={task.ownerUserId ?? ''} className="field">
              <option value="">{tt.ownerNone}</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="ownerName" className="label">
              {tt.ownerName}
            </label>
            <input id="ownerName" name="ownerName" defaultValue={task.ownerName ?? ''} maxLength={50} className="field" aria-describedby="owner-hint" />
            <p id="owner-hint" className="text-xs text-slate-600">
              {tt.ownerHint}
            </p>
          </div>
          <div>
            <label htmlFor="dueOn" className="label">
              {tt.dueOnLabel}
            </label>
            <input id="dueOn" name="dueOn" type="date" defaultValue={task.dueOn ?? ''} className="field" />
          </div>
          <div className="flex items-center gap-2">
            <input id="done" name="done" type="checkbox" defaultChecked={task.doneOn !== null} className="h-5 w-5" />
            <label htmlFor="done">{tt.done}</label>
          </div>
          <div>
            <label htmlFor="doneOn" className="label">
              {tt.doneOnLabel}
            </label>
            <input id="doneOn" name="doneOn" type="date" max={day} defaultValue={task.doneOn ?? day} className="field" />
          </div>
          <div>
            <label htmlFor="evidenceNote" className="label">
              {tt.evidenceLabel}
            </label>
            <textarea id="evidenceNote" name="evidenceNote" rows={2} maxLength={200} defaultValue={task.evidenceNote ?? ''} className="field" />
          </div>
          <button type="submit" className="btn">
            {tt.save}
          </button>
        </Form>
      )}
    </div>
  )
}
