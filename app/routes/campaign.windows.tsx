import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { parseWindowsForm } from '~/forms/campaignWindows.server'
import { isCloseIntent, parseCampaignCloseForm } from '~/forms/campaigns.server'
import { format } from '~/i18n'
import { campaigns } from '~/i18n/zh-CN/campaigns'
import { app, errors } from '~/i18n/zh-CN/common'
import { campaignWindows } from '~/i18n/zh-CN/dashboard'
import { phases } from '~/i18n/zh-CN/workflow'
import { getCurrentCampaign } from '~/models/campaign.server'
import { campaignCloseState, closeCampaign } from '~/models/campaignCreate.server'
import { campaignWindowsVersion, saveCampaignWindows } from '~/models/campaignWindows.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { chineseDate } from '~/utils/format'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { PHASES, type PhaseId } from '../../workflows/phases'
import type { WindowProblem } from '../../workflows/rules/windows'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, campaignWindows, campaigns, errors, phases }

export const meta: MetaFunction = () => [{ title: `${t.campaignWindows.title} · ${t.app.name}` }]

async function requireCampaignLead(request: Request) {
  // township leaders and administrators set the campaign's windows (rights: docs/decisions/003)
  const user = await requireRole(request, ['leader', 'admin'])
  if (!user.townshipId) forbidden()
  const campaign = await getCurrentCampaign(getDb(), user.townshipId)
  return { user, townshipId: user.townshipId, campaign }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { campaign } = await requireCampaignLead(request)
  // no campaign yet: the page says so and links to 新建专项整治
  if (!campaign) return json({ campaign: null, version: 0, close: null })
  const close = await campaignCloseState(getDb(), campaign.id)
  return json({ campaign, version: await campaignWindowsVersion(getDb(), campaign.id), close })
}

type CloseActionData = { closeError: string; errors: Record<string, string>; values: Record<string, string>; conflict: null }

/** 结束专项整治: the close form's post. */
async function closeAction(request: Request, formData: FormData, who: { userId: number; townshipId: number; campaignId: number }) {
  const form = parseCampaignCloseForm(formData)
  const fail = (closeError: string, status: number) =>
    json({ closeError, errors: {}, values: {}, conflict: null } satisfies CloseActionData as CloseActionData, { status })
  if (!form) return fail(t.errors.generic, 400)
  const result = await closeCampaign(
    getDb(),
    { townshipId: who.townshipId, campaignId: who.campaignId, expectedVersion: form.version },
    { userId: who.userId, at: now(), ip: clientAddress(request) },
  )
  if (result.ok) return redirect('/campaign/windows?closed=1')
  const E = t.campaigns.closeErrors
  if (result.kind === 'villagesStillWorking')
    return fail(format(E.villagesStillWorking, { n: result.villages, end: result.endsOn ? chineseDate(result.endsOn) : '—' }), 422)
  return fail(E[result.kind], result.kind === 'notFound' ? 404 : 409)
}

function problemMessage(p: WindowProblem): string {
  if (p.code === 'overlapsPrevious') return format(t.campaignWindows.overlapsPrevious, { previous: t.phases[p.previous] })
  return t.campaignWindows[p.code]
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, townshipId, campaign } = await requireCampaignLead(request)
  if (!campaign) notFound()
  const formData = await readForm(request)
  if (isCloseIntent(formData)) return closeAction(request, formData, { userId: user.id, townshipId, campaignId: campaign.id })
  const form = parseWindowsForm(formData)
  if (!form)
    return json({ errors: { form: t.errors.generic } as Record<string, string>, values: {} as Record<string, string>, conflict: null }, { status: 400 })
  const values = form.dates
  const windows = PHASES.map((phase) => ({ phase, starts_on: values[`${phase}.starts_on`] ?? '', ends_on: values[`${phase}.ends_on`] ?? '' }))
  const result = await saveCampaignWindows(getDb(), campaign.id, windows, { actorUserId: user.id, at: now(), ip: clientAddress(request) }, form.version)
  if (!result.ok && 'conflict' in result) {
    // nothing saved: the form shows what is stored now (values left empty), the notice what changed
    return json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, conflict: result.conflict }, { status: 409 })
  }
  if (!result.ok) {
    const errors: Record<string, string> = {}
    for (const p of result.problems) errors[`${p.phase}.${p.field}`] ??= problemMessage(p)
    return json({ errors, values, conflict: null }, { status: 422 })
  }
  return redirect('/campaign/windows?saved=1')
}

export default function CampaignWindowsPage() {
  const { campaign, version, close } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  if (!campaign) return <NoCampaign />
  const valueOf = (phase: PhaseId, field: 'starts_on' | 'ends_on') =>
    actionData?.values[`${phase}.${field}`] ?? campaign.windows.find((w) => w.phase === phase)?.[field] ?? ''
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{t.campaignWindows.title}</h1>
      <p className="text-sm text-slate-600">{format(t.campaignWindows.intro, { campaign: campaign.name })}</p>
      {searchParams.get('saved') && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.campaignWindows.saved}
        </p>
      ) : null}
      {actionData?.errors.form ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.errors.form}
        </p>
      ) : null}
      {actionData?.conflict ? (
        <ConflictNotice
          title={t.campaignWindows.conflictTitle}
          intro={t.campaignWindows.conflictIntro}
          items={actionData.conflict.changes.map((c) => {
            const [phase, field] = c.field.split('.') as [PhaseId, 'starts_on' | 'ends_on']
            const label = format(field === 'starts_on' ? t.campaignWindows.startsOn : t.campaignWindows.endsOn, { phase: t.phases[phase] ?? phase })
            return { key: c.field, label, theirs: shownValue(c.theirs), mine: shownValue(c.mine), by: c.by, at: c.at }
          })}
        />
      ) : null}
      {/* keyed by version: after a conflict the form shows the stored windows, with the version to save over */}
      <Form key={`v-${version}`} method="post" className="card space-y-4" noValidate>
        <input type="hidden" name="version" value={version} />
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
                  <input
                    id={name}
                    name={name}
                    type="date"
                    defaultValue={valueOf(phase, field)}
                    className="field"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${name}-error` : undefined}
                  />
                  {error ? (
                    <p id={`${name}-error`} className="field-error">
                      {error}
                    </p>
                  ) : null}
                </div>
              )
            })}
          </fieldset>
        ))}
        <button type="submit" className="btn">
          {t.campaignWindows.save}
        </button>
      </Form>
      <CloseSection
        close={close}
        lastEnd={campaign.windows.at(-1)?.ends_on ?? null}
        closedNow={Boolean(searchParams.get('closed')) && !actionData}
        error={(actionData as { closeError?: string } | undefined)?.closeError ?? null}
      />
    </div>
  )
}

function NoCampaign() {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{t.campaignWindows.title}</h1>
      <p role="status">{t.campaigns.noCampaign}</p>
      <p>
        <Link to="/campaigns/new" className="btn no-underline hover:no-underline">
          {t.campaigns.newLink}
        </Link>
      </p>
    </div>
  )
}

/** 结束本次专项整治 (leader, admin): open → closed when the villages are done or the last window has passed. */
function CloseSection(props: {
  close: { status: string; version: number; closed_on: string | null; villagesWorking: number } | null
  lastEnd: string | null
  closedNow: boolean
  error: string | null
}) {
  const { close, lastEnd, closedNow, error } = props
  const C = t.campaigns
  if (!close) return null
  return (
    <section aria-labelledby="close-campaign" className="card space-y-3">
      <h2 id="close-campaign" className="text-base font-medium">
        {C.closeTitle}
      </h2>
      {closedNow ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {C.closedNow}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {error}
        </p>
      ) : null}
      {close.status === 'closed' ? (
        <>
          <p>{format(C.closed, { date: close.closed_on ? chineseDate(close.closed_on) : '—' })}</p>
          <p>
            <Link to="/campaigns/new">{C.newLink}</Link>
          </p>
        </>
      ) : (
        <Form key={`close-${close.version}`} method="post" className="space-y-3">
          <p className="text-sm text-slate-600">{format(C.closeIntro, { end: lastEnd ? chineseDate(lastEnd) : '—' })}</p>
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="version" value={close.version} />
          <button type="submit" className="btn-secondary">
            {C.close}
          </button>
        </Form>
      )}
    </section>
  )
}
