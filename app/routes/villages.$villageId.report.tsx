import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseReportSubmission } from '~/forms/villageActions.server'
import { ProgressBar } from '~/components/ProgressBar'
import { beijingTime, format, t, yuan } from '~/i18n'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getSelfInspectionReport } from '~/models/selfInspection.server'
import { applyVillageEvent, getWorkflowHistory, getWorkflowView } from '~/models/workflow.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.report.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const [report, workflow, history] = await Promise.all([
    getSelfInspectionReport(db, campaign.id, village.id),
    getWorkflowView(db, campaign.id, village.id),
    getWorkflowHistory(db, campaign.id, village.id),
  ])
  const submittedAt = [...history].reverse().find((h) => h.eventType === 'SUBMIT_SELF_INSPECTION')?.occurredAt ?? null
  const canSubmit = workflow?.state === 'fullInspection.selfInspecting' && VILLAGE_RIGHTS.work.includes(user.role)
  return json({ village, report, state: workflow?.state ?? null, version: workflow?.version ?? 0, submittedAt, canSubmit })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseReportSubmission(await readForm(request))
  if (!parsed) return json({ error: t.errors.generic }, { status: 400 })
  const { user, village } = await requireVillageAccess(request, params.villageId, 'work')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const result = await applyVillageEvent(db, {
    campaignId: campaign.id,
    villageId: village.id,
    type: 'SUBMIT_SELF_INSPECTION',
    actorUserId: user.id,
    expectedVersion: parsed.version,
    at: now(),
    today: today(),
  })
  if (result.ok) return redirect(`/villages/${village.id}?done=SUBMIT_SELF_INSPECTION`)
  if (result.kind === 'refused') {
    const reason = result.refusal.code === 'notNow' ? t.report.notInPhase : format(t.workflowRefusals[result.refusal.code], result.refusal.params)
    return json({ error: format(t.village.refused, { reason }) }, { status: 422 })
  }
  return json({ error: result.kind === 'conflict' ? t.village.conflict : t.errors.generic }, { status: 409 })
}

export default function SelfInspectionReportPage() {
  const { village, report, submittedAt, canSubmit, version } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const rows: Array<[string, string | number]> = [
    [t.report.households, report.households],
    [t.report.reviewed, report.reviewed],
    [t.report.homeVisited, report.homeVisited],
    [t.report.problems, report.problems],
    [t.report.exits, report.exits],
    [t.report.adjusted, report.adjusted],
    [t.report.newEnrolments, report.newEnrolments],
    [t.report.fraudCases, report.fraudCases],
    [t.report.fraudRecovered, yuan(report.fraudRecoveredFen)],
    [t.report.fraudFine, yuan(report.fraudFineFen)],
  ]
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{format(t.report.title, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{t.report.intro}</p>
      {submittedAt ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(t.report.submitted, { date: beijingTime(submittedAt) })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <section className="card space-y-3" aria-labelledby="coverage">
        <h2 id="coverage">{t.report.coverage}</h2>
        <ProgressBar label={t.village.reviewed} done={report.reviewed} total={report.households} />
        <ProgressBar label={t.village.homeVisited} done={report.homeVisited} total={report.households} />
      </section>
      <section className="card" aria-labelledby="figures">
        <h2 id="figures" className="sr-only">
          {t.report.link}
        </h2>
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-700">{label}</dt>
              <dd className="text-right font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <h3 className="mt-3 font-medium">{t.report.byCategory}</h3>
        <ul className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-4">
          {PROBLEM_CATEGORIES.map((c) => (
            <li key={c}>
              {t.problemCategories[c]}：{report.problemsByCategory[c]}
            </li>
          ))}
        </ul>
      </section>
      {canSubmit ? (
        <Form method="post" className="card space-y-3">
          <input type="hidden" name="version" value={version} />
          {!report.fullCoverage ? (
            <p className="rounded bg-amber-50 p-2 text-amber-900">
              {format(t.report.coverageWarning, { reviewLeft: report.households - report.reviewed, visitLeft: report.households - report.homeVisited })}
            </p>
          ) : null}
          {report.zeroReport ? <p className="rounded bg-amber-50 p-2 font-medium text-amber-900">{t.report.zeroWarning}</p> : null}
          <button type="submit" className="btn">
            {report.zeroReport ? t.report.submitZero : t.report.submit}
          </button>
        </Form>
      ) : null}
      <p className="text-sm">
        <Link to={`/villages/${village.id}`}>{format(t.village.title, { village: village.name })}</Link>
      </p>
    </div>
  )
}
