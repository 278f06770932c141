import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { ProgressBar } from '~/components/ProgressBar'
import { SelfInspectionNarrative } from '~/components/SelfInspectionNarrative'
import { NARRATIVE_MAX, isNarrativePost, parseNarrative } from '~/forms/selfInspection.server'
import { parseReportSubmission } from '~/forms/villageActions.server'
import { beijingTime, format } from '~/i18n'
import { selfInspection } from '~/i18n/zh-CN/checklistRules'
import { app, errors } from '~/i18n/zh-CN/common'
import { report, village } from '~/i18n/zh-CN/dashboard'
import { problemCategories } from '~/i18n/zh-CN/problems'
import { workflowRefusals } from '~/i18n/zh-CN/workflow'
import { getCurrentCampaign } from '~/models/campaign.server'
import { saveNarrative } from '~/models/selfInspectionNarrative.server'
import { getSelfInspectionPage } from '~/models/selfInspectionPage.server'
import { applyVillageEvent } from '~/models/workflow.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, problemCategories, report, selfInspection, village, workflowRefusals }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.report.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const page = await getSelfInspectionPage(db, campaign.id, village.id)
  return json({ village, ...page, canWork: VILLAGE_RIGHTS.work.includes(user.role), narrativeMax: NARRATIVE_MAX })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { user, village } = await requireVillageAccess(request, params.villageId, 'work')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  if (isNarrativePost(form)) {
    const narrative = parseNarrative(form)
    if (!narrative) return json({ error: format(t.selfInspection.tooLong, { max: NARRATIVE_MAX }) }, { status: 400 })
    const { workDone, problemsFound, measures, nextSteps } = narrative
    const saved = await saveNarrative(db, {
      campaignId: campaign.id,
      villageId: village.id,
      text: { workDone, problemsFound, measures, nextSteps },
      expectedVersion: narrative.version,
      actor: { userId: user.id, at: now(), ip: clientAddress(request) },
    })
    if (saved.ok) return redirect(`/villages/${village.id}/report?saved=narrative`)
    return json({ error: null, narrativeConflict: saved.changes }, { status: 409 })
  }
  const parsed = parseReportSubmission(form)
  if (!parsed) return json({ error: t.errors.generic }, { status: 400 })
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
  const { village, report, figures, narrative, submittedAt, submitRefusal, state, canWork, version, narrativeMax } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const s = t.selfInspection
  const refusalText = submitRefusal
    ? submitRefusal.code === 'notNow'
      ? t.report.notInPhase
      : format(t.workflowRefusals[submitRefusal.code], submitRefusal.params)
    : null
  // once submitted, the page says so; before, a worker sees the button — enabled only when the machine accepts it now
  const showSubmit = canWork && (state === 'fullInspection.selfInspecting' || (!submittedAt && submitRefusal !== null))
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{format(t.report.title, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{t.report.intro}</p>
      <nav aria-label={s.narrativeHeading} className="no-print flex flex-wrap gap-2">
        <Link to={`/villages/${village.id}/report/print`} className="btn-secondary no-underline">
          {s.print}
        </Link>
        <a href={`/villages/${village.id}/report.docx`} className="btn-secondary no-underline" download>
          {s.docx}
        </a>
      </nav>
      {submittedAt ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(t.report.submitted, { date: beijingTime(submittedAt) })}
        </p>
      ) : null}
      {searchParams.get('saved') === 'narrative' && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {s.saved}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {actionData && 'narrativeConflict' in actionData && actionData.narrativeConflict ? (
        <ConflictNotice
          title={s.conflictTitle}
          intro={s.conflictIntro}
          items={actionData.narrativeConflict.map((c) => ({
            key: c.field,
            label: s.sections[c.field as keyof typeof s.sections] ?? c.field,
            theirs: shownValue(c.theirs),
            mine: shownValue(c.mine),
            by: c.by,
            at: c.at,
          }))}
        />
      ) : null}
      <section className="card space-y-3" aria-labelledby="coverage">
        <h2 id="coverage">{t.report.coverage}</h2>
        <ProgressBar label={t.village.reviewed} done={report.reviewed} total={report.households} />
        <ProgressBar label={t.village.homeVisited} done={report.homeVisited} total={report.households} />
      </section>
      <section className="card" aria-labelledby="figures">
        <h2 id="figures">{s.figures}</h2>
        <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
          {figures.map(([label, value]) => (
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
      {/* after a conflict the form shows what is saved now (the loader ran again) */}
      <SelfInspectionNarrative key={narrative.version} narrative={narrative} canWork={canWork} maxLength={narrativeMax} />
      {showSubmit ? (
        <Form method="post" className="card space-y-3">
          <input type="hidden" name="version" value={version} />
          {refusalText ? (
            <p id="submit-blocked" className="rounded bg-amber-50 p-2 text-amber-900">
              {format(s.submitBlocked, { reason: refusalText })}
            </p>
          ) : null}
          {report.zeroReport ? <p className="rounded bg-amber-50 p-2 font-medium text-amber-900">{t.report.zeroWarning}</p> : null}
          <button
            type="submit"
            className="btn disabled:opacity-60"
            disabled={refusalText !== null}
            aria-describedby={refusalText ? 'submit-blocked' : undefined}
          >
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
