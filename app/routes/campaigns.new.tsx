// 新建专项整治: a township's leader or administrator creates its campaign from a template. A GET form chooses the
// template and the start day (the defaults are generated on the server, no script needed); the POST form carries the
// name, the four windows, each phase's checklist (reword, remove, add) and the participating villages.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseCampaignCreateForm, type ChecklistFormRow } from '~/forms/campaigns.server'
import { format } from '~/i18n'
import { campaigns } from '~/i18n/zh-CN/campaigns'
import { app } from '~/i18n/zh-CN/common'
import { campaignWindows } from '~/i18n/zh-CN/dashboard'
import { phases } from '~/i18n/zh-CN/workflow'
import { createCampaign, planCampaign, templateChoices, type CreateCampaignResult } from '~/models/campaignCreate.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { chineseDate } from '~/utils/format'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { PHASES, type PhaseId } from '../../workflows/phases'
import type { WindowProblem } from '../../workflows/rules/windows'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, campaignWindows, campaigns, phases }

export const meta: MetaFunction = () => [{ title: `${t.campaigns.newTitle} · ${t.app.name}` }]

const C = t.campaigns
/** blank rows offered per phase to add items */
const BLANK_ROWS = 2

async function requireCampaignCreator(request: Request) {
  // township leaders and administrators start the township's campaign (rights: docs/decisions/003)
  const user = await requireRole(request, ['leader', 'admin'])
  if (!user.townshipId) forbidden()
  return { user, townshipId: user.townshipId }
}

/** What the form shows: the user's entries after a refusal, else the plan's defaults. */
interface Entries {
  templateKey: string
  name: string
  start: string
  windows: Record<string, string>
  rows: ChecklistFormRow[]
  villageIds: number[]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { townshipId } = await requireCampaignCreator(request)
  const url = new URL(request.url)
  const templateKey = url.searchParams.get('template') || templateChoices()[0].key
  const asked = url.searchParams.get('start') ?? ''
  let startError: string | null = null
  let result = await planCampaign(getDb(), townshipId, templateKey, asked || today())
  if (!result.ok && result.kind !== 'unknownTownship') {
    startError = C.errors[result.kind]
    result = await planCampaign(getDb(), townshipId, templateChoices()[0].key, today())
  }
  if (!result.ok) forbidden()
  const plan = result.plan
  const rows: ChecklistFormRow[] = PHASES.flatMap((phase) => {
    const items = plan.checklist.filter((c) => c.phase === phase)
    const blanks = Array.from({ length: BLANK_ROWS }, () => ({ key: '', label: '' }))
    return [...items, ...blanks].map((item, index) => ({ phase, index, label: item.label, key: item.key, remove: false }))
  })
  const defaults: Entries = {
    templateKey: plan.template.key,
    name: plan.name,
    start: plan.startOn,
    windows: Object.fromEntries(plan.windows.flatMap((w) => [[`${w.phase}.starts_on`, w.starts_on] as const, [`${w.phase}.ends_on`, w.ends_on] as const])),
    rows,
    villageIds: plan.villages.map((v) => v.id),
  }
  return json({ plan, defaults, startError })
}

function windowMessage(p: WindowProblem): string {
  if (p.code === 'overlapsPrevious') return format(t.campaignWindows.overlapsPrevious, { previous: t.phases[p.previous] })
  return t.campaignWindows[p.code]
}

/** A refusal as field messages (keys are the form's field names; `form` is the page's). */
function refusalErrors(result: Exclude<CreateCampaignResult, { ok: true }>, rows: readonly ChecklistFormRow[]): Record<string, string> {
  const errors: Record<string, string> = { form: C.errors[result.kind] }
  if (result.kind === 'nameInvalid') errors.name = C.errors.nameInvalid
  if (result.kind === 'noVillages' || result.kind === 'foreignVillages') errors.villageIds = C.errors[result.kind]
  if (result.kind === 'invalidWindows') for (const p of result.problems) errors[`${p.phase}.${p.field}`] ??= windowMessage(p)
  if (result.kind === 'badChecklist')
    for (const p of result.problems) {
      if (p.code === 'labelTooLong') {
        const row = rows.filter((r) => r.phase === p.phase)[p.index]
        if (row) errors[`checklist.${p.phase}.${row.index}.label`] = C.errors.labelTooLong
      } else errors[`checklist.${p.phase}`] ??= C.errors[p.code]
    }
  return errors
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, townshipId } = await requireCampaignCreator(request)
  const form = parseCampaignCreateForm(await readForm(request))
  if (!form) return json({ errors: { form: C.errors.form } as Record<string, string>, entries: null as Entries | null }, { status: 400 })
  const result = await createCampaign(
    getDb(),
    {
      townshipId,
      templateKey: form.templateKey,
      name: form.name,
      windows: form.windows,
      // a removed row goes as a blank one: blank rows are dropped, and the rows keep their positions for the messages
      checklist: form.checklist.map((r) => ({ phase: r.phase, label: r.remove ? '' : r.label, key: r.key })),
      villageIds: form.villageIds,
    },
    { userId: user.id, at: now(), ip: clientAddress(request) },
  )
  if (result.ok) return redirect('/dashboard?campaignCreated=1')
  const entries: Entries = {
    templateKey: form.templateKey,
    name: form.name,
    start: form.start,
    windows: Object.fromEntries(form.windows.flatMap((w) => [[`${w.phase}.starts_on`, w.starts_on] as const, [`${w.phase}.ends_on`, w.ends_on] as const])),
    rows: form.checklist,
    villageIds: form.villageIds,
  }
  return json({ errors: refusalErrors(result, form.checklist), entries }, { status: result.kind === 'openCampaignExists' ? 409 : 422 })
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={`${id}-error`} className="field-error">
      {message}
    </p>
  ) : null
}

const invalid = (message?: string, id?: string) => (message ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {})

export default function NewCampaignPage() {
  const { plan, defaults, startError } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const entries = actionData?.entries ?? defaults
  const errors: Record<string, string> = actionData?.errors ?? {}
  const phaseLabel = (phase: PhaseId) => t.phases[phase]
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{C.newTitle}</h1>
      <p className="text-sm text-slate-600">{C.newIntro}</p>
      {plan.openCampaign ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-amber-900">
          {format(C.openExists, { name: plan.openCampaign.name })} <Link to="/dashboard">{C.openExistsLink}</Link>
        </p>
      ) : null}
      {errors.form ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {errors.form}
        </p>
      ) : null}
      <Form method="get" className="card space-y-3">
        <h2 className="text-base font-medium">{C.planLegend}</h2>
        <div>
          <label htmlFor="plan-template" className="label">
            {C.template}
          </label>
          <select id="plan-template" name="template" defaultValue={plan.template.key} className="field">
            {plan.templates.map((tpl) => (
              <option key={tpl.key} value={tpl.key}>
                {tpl.name}
              </option>
            ))}
          </select>
          <p className="text-sm text-slate-600">{format(C.templateSource, { source: plan.template.source })}</p>
        </div>
        <div>
          <label htmlFor="plan-start" className="label">
            {C.start}
          </label>
          <input id="plan-start" name="start" type="date" defaultValue={plan.startOn} className="field" {...invalid(startError ?? undefined, 'plan-start')} />
          <FieldError id="plan-start" message={startError ?? undefined} />
        </div>
        <button type="submit" className="btn-secondary">
          {C.generate}
        </button>
      </Form>
      {plan.openCampaign ? null : (
        // keyed by the plan: a new template or start day replaces the defaults
        <Form key={`${plan.template.key}-${plan.startOn}`} method="post" className="card space-y-4" noValidate>
          <input type="hidden" name="templateKey" value={entries.templateKey} />
          <input type="hidden" name="start" value={entries.start} />
          <div>
            <label htmlFor="name" className="label">
              {C.name}
            </label>
            <input id="name" name="name" type="text" defaultValue={entries.name} maxLength={60} className="field" {...invalid(errors.name, 'name')} />
            <FieldError id="name" message={errors.name} />
          </div>
          <fieldset className="space-y-3">
            <legend className="mb-1 font-medium">{C.windowsLegend}</legend>
            {plan.windows.map((w) => (
              <fieldset key={w.phase} className="grid gap-3 sm:grid-cols-2">
                <legend className="mb-1">
                  {phaseLabel(w.phase)}
                  <span className="ml-2 text-sm text-slate-600">{format(C.workingDays, { n: w.workingDays })}</span>
                </legend>
                {(['starts_on', 'ends_on'] as const).map((field) => {
                  const name = `${w.phase}.${field}`
                  return (
                    <div key={field}>
                      <label htmlFor={name} className="label">
                        {format(field === 'starts_on' ? C.startsOn : C.endsOn, { phase: phaseLabel(w.phase) })}
                      </label>
                      <input id={name} name={name} type="date" defaultValue={entries.windows[name] ?? ''} className="field" {...invalid(errors[name], name)} />
                      <FieldError id={name} message={errors[name]} />
                    </div>
                  )
                })}
              </fieldset>
            ))}
          </fieldset>
          {PHASES.map((phase) => (
            <ChecklistFieldset key={phase} phase={phase} rows={entries.rows.filter((r) => r.phase === phase)} errors={errors} />
          ))}
          <fieldset>
            <legend className="mb-1 font-medium">{C.villagesLegend}</legend>
            {plan.villages.length === 0 ? <p className="text-sm text-slate-600">{C.noVillages}</p> : null}
            <div className="grid gap-1 sm:grid-cols-3">
              {plan.villages.map((v) => (
                <div key={v.id} className="flex items-center gap-2">
                  <input id={`village-${v.id}`} type="checkbox" name="villageIds" value={v.id} defaultChecked={entries.villageIds.includes(v.id)} />
                  <label htmlFor={`village-${v.id}`}>{v.name}</label>
                </div>
              ))}
            </div>
            <FieldError id="villageIds" message={errors.villageIds} />
          </fieldset>
          <section aria-labelledby="township-tasks">
            <h2 id="township-tasks" className="text-base font-medium">
              {C.townshipTasksLegend}
            </h2>
            <ul className="list-disc pl-5 text-sm">
              {plan.townshipTasks.map((task) => (
                <li key={task.label}>{task.dueOn ? format(C.townshipTaskDue, { label: task.label, date: chineseDate(task.dueOn) }) : task.label}</li>
              ))}
            </ul>
          </section>
          <button type="submit" className="btn">
            {C.create}
          </button>
        </Form>
      )}
    </div>
  )
}

function ChecklistFieldset({ phase, rows, errors }: { phase: PhaseId; rows: ChecklistFormRow[]; errors: Record<string, string> }) {
  const phaseError = errors[`checklist.${phase}`]
  let added = 0
  return (
    <fieldset className="space-y-2" aria-describedby={phaseError ? `checklist.${phase}-error` : undefined}>
      <legend className="mb-1 font-medium">{format(C.checklistLegend, { phase: t.phases[phase] })}</legend>
      {rows.map((row, position) => {
        const base = `checklist.${phase}.${row.index}`
        const error = errors[`${base}.label`]
        const fromTemplate = row.key !== ''
        const label = fromTemplate
          ? format(C.checklistItem, { phase: t.phases[phase], n: position + 1 })
          : format(C.checklistNew, { phase: t.phases[phase], n: ++added })
        return (
          <div key={base}>
            <label htmlFor={`${base}.label`} className="label">
              {label}
            </label>
            <input id={`${base}.label`} name={`${base}.label`} type="text" defaultValue={row.label} className="field" {...invalid(error, `${base}.label`)} />
            <input type="hidden" name={`${base}.key`} value={row.key} />
            {fromTemplate ? (
              <div className="mt-1 flex items-center gap-2 text-sm">
                <input id={`${base}.remove`} name={`${base}.remove`} type="checkbox" defaultChecked={row.remove} />
                <label htmlFor={`${base}.remove`}>
                  {C.remove}
                  <span className="sr-only">（{label}）</span>
                </label>
              </div>
            ) : null}
            <FieldError id={`${base}.label`} message={error} />
          </div>
        )
      })}
      <FieldError id={`checklist.${phase}`} message={phaseError} />
    </fieldset>
  )
}
