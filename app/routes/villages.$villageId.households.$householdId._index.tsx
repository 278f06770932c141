// 复核认定情况登记表 as a form. A plain POST that works without JavaScript; errors in Chinese next to the field;
// the hidden `version` makes sure nobody silently overwrites a newer save (the loser sees what changed).
// Only the village's own cadre saves; leaders, inspectors and the county see the form read-only.
import { type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { HouseholdFacts, HouseholdHistory } from '~/components/household/HouseholdPanels'
import { HouseholdReviewForm, OUTCOME_CSS } from '~/components/review/HouseholdReviewForm'
import { ReviewConflictNotice } from '~/components/review/ReviewConflictNotice'
import { format, t } from '~/i18n'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getHouseholdReview, saveHouseholdReview } from '~/models/householdReview.server'
import { parseReviewSubmission, reviewFormDefaults } from '~/models/householdReviewForm.server'
import { ROSTER_FILTERS } from '~/models/householdRoster.server'
import { getHouseholdHistory } from '~/models/householdHistory.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.households.form.pageTitle, { name: data.page.household.headName })} · ${t.app.name}` : t.app.name },
]

function householdIdOf(param: string | undefined): number {
  const id = Number(param)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

/** Only the roster's own filter and search come back from the form: never a free redirect target. */
function rosterQuery(back: string | null | undefined): string {
  const given = new URLSearchParams(back ?? '')
  const kept = new URLSearchParams()
  const filter = given.get('filter')
  if (filter && filter !== 'all' && (ROSTER_FILTERS as readonly string[]).includes(filter)) kept.set('filter', filter)
  const q = given.get('q')?.trim().slice(0, 30)
  if (q) kept.set('q', q)
  return kept.toString()
}

async function loadReview(request: Request, params: LoaderFunctionArgs['params'], right: 'view' | 'work') {
  const { user, village } = await requireVillageAccess(request, params.villageId, right)
  const householdId = householdIdOf(params.householdId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const page = await getHouseholdReview(db, { campaignId: campaign.id, villageId: village.id, householdId })
  // a household of another village (or none at all): the same 403, nothing read, nothing changed
  if (!page) forbidden()
  return { user, village, campaign, page }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village, page } = await loadReview(request, params, 'view')
  return json({
    village,
    page,
    history: await getHouseholdHistory(getDb(), page.household.id),
    defaults: reviewFormDefaults(page.values, page.version),
    canWork: VILLAGE_RIGHTS.work.includes(user.role),
    back: rosterQuery(new URL(request.url).searchParams.get('back')),
    today: today(),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village, campaign, page } = await loadReview(request, params, 'work')
  const submission = parseReviewSubmission(await readForm(request), { today: today(), coveredCount: page.household.coveredCount })
  if (submission.status !== 'success') return json({ kind: 'invalid' as const, result: submission.reply() }, { status: 400 })
  const { version, returnTo, input } = submission.value
  const result = await saveHouseholdReview(getDb(), {
    campaignId: campaign.id,
    villageId: village.id,
    householdId: page.household.id,
    actor: user,
    input,
    expectedVersion: version,
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) {
    const query = new URLSearchParams(rosterQuery(returnTo))
    query.set('saved', String(page.household.id))
    return redirect(`/villages/${village.id}/households?${query}`)
  }
  if (result.kind === 'notFound') forbidden()
  if (result.kind !== 'conflict') throw new Error('unreachable')
  return json(
    {
      kind: 'conflict' as const,
      version: result.version,
      defaults: reviewFormDefaults(result.theirs, result.version),
      changes: result.changes,
      unsaved: result.unsaved,
      reviewedBy: result.reviewedBy,
      reviewedAt: result.reviewedAt,
    },
    { status: 409 },
  )
}

const h = t.households

export default function HouseholdReviewPage() {
  const { village, page, defaults, canWork, back, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const conflict = actionData?.kind === 'conflict' ? actionData : null
  const lastResult = actionData?.kind === 'invalid' ? (actionData.result as SubmissionResult<string[]>) : undefined
  const { household } = page
  const roster = `/villages/${village.id}/households${back ? `?${back}` : ''}`
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <style>{OUTCOME_CSS}</style>
      <div>
        <p className="text-sm">
          <Link to={roster}>{h.backToRoster}</Link>
        </p>
        <h1>
          {household.headName}
          <span className="ml-2 text-base font-normal text-slate-600">{h.form.title}</span>
        </h1>
      </div>

      <HouseholdFacts page={page} printPath={`/villages/${village.id}/households/${household.id}/print`} />

      {!canWork ? <p className="rounded bg-slate-100 p-2 text-sm text-slate-700">{h.form.readOnly}</p> : null}

      {conflict ? <ReviewConflictNotice changes={conflict.changes} unsaved={conflict.unsaved} /> : null}

      <HouseholdReviewForm
        key={conflict ? `conflict-${conflict.version}` : `v-${page.version}`}
        defaults={conflict ? conflict.defaults : defaults}
        lastResult={lastResult}
        readOnly={!canWork}
        back={back}
      />
      <HouseholdHistory history={history} />
    </div>
  )
}
