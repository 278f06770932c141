import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseWindowsForm } from '~/forms/campaignWindows.server'
import { format, t } from '~/i18n'
import { getCurrentCampaign } from '~/models/campaign.server'
import { saveCampaignWindows } from '~/models/campaignWindows.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { PHASES, type PhaseId } from '../../workflows/phases'
import type { WindowProblem } from '../../workflows/rules/windows'

export const meta: MetaFunction = () => [{ title: `${t.campaignWindows.title} · ${t.app.name}` }]

async function requireCampaignLead(request: Request) {
  // township leaders and administrators set the campaign's windows (rights: docs/decisions/003)
  const user = await requireRole(request, ['leader', 'admin'])
  if (!user.townshipId) forbidden()
  const campaign = await getCurrentCampaign(getDb(), user.townshipId!)
  if (!campaign) notFound()
  return { user, campaign: campaign! }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { campaign } = await requireCampaignLead(request)
  return json({ campaign })
}

function problemMessage(p: WindowProblem): string {
  if (p.code === 'overlapsPrevious') return format(t.campaignWindows.overlapsPrevious, { previous: t.phases[p.previous] })
  return t.campaignWindows[p.code]
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, campaign } = await requireCampaignLead(request)
  const values = parseWindowsForm(await request.formData())
  if (!values) return json({ errors: { form: t.errors.generic } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 })
  const windows = PHASES.map((phase) => ({ phase, starts_on: values[`${phase}.starts_on`] ?? '', ends_on: values[`${phase}.ends_on`] ?? '' }))
  const result = await saveCampaignWindows(getDb(), campaign.id, windows, { actorUserId: user.id, at: now(), ip: clientAddress(request) })
  if (!result.ok) {
    const errors: Record<string, string> = {}
    for (const p of result.problems) errors[`${p.phase}.${p.field}`] ??= problemMessage(p)
    return json({ errors, values }, { status: 422 })
  }
  return redirect('/campaign/windows?saved=1')
}

export default function CampaignWindowsPage() {
  const { campaign } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const valueOf = (phase: PhaseId, field: 'starts_on' | 'ends_on') =>
    actionData?.values[`${phase}.${field}`] ?? campaign.windows.find((w) => w.phase === phase)?.[field] ?? ''
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{t.campaignWindows.title}</h1>
      <p className="text-sm text-slate-600">{format(t.campaignWindows.intro, { campaign: campaign.name })}</p>
      {searchParams.get('saved') && !actionData ? <p role="status" className="rounded bg-green-50 p-2 text-green-800">{t.campaignWindows.saved}</p> : null}
      {actionData?.errors.form ? <p role="alert" className="rounded bg-red-50 p-2 text-red-800">{actionData.errors.form}</p> : null}
      <Form method="post" className="card space-y-4" noValidate>
        {PHASES.map((phase) => (
          <fieldset key={phase} className="grid gap-3 sm:grid-cols-2">
            <legend className="mb-1 font-medium">{t.phases[phase]}</legend>
            {(['starts_on', 'ends_on'] as const).map((field) => {
              const name = `${phase}.${field}`
              const error = actionData?.errors[name]
              return (
                <div key={field}>
                  <label htmlFor={name} className="label">
                    {format(field === 'starts_on' ? t.campaignWindows.startsOn : t.campaignWindows.endsOn, { phase: t.phases[phase] })}
                  </label>
                  <input id={name} name={name} type="date" defaultValue={valueOf(phase, field)} className="field" aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
                  {error ? <p id={`${name}-error`} className="field-error">{error}</p> : null}
                </div>
              )
            })}
          </fieldset>
        ))}
        <button type="submit" className="btn">{t.campaignWindows.save}</button>
      </Form>
    </div>
  )
}
