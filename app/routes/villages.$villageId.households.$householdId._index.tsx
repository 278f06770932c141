// 复核认定情况登记表 as a form. A plain POST that works without JavaScript; errors in Chinese next to the field;
// the hidden `version` makes sure nobody silently overwrites a newer save (the loser sees what changed).
// Only the village's own cadre saves; leaders, inspectors and the county see the form read-only — except on a household
// filed as a cadre's near relative (近亲属备案), where the related official gets no form and a leader, an inspector or a
// 包村干部 may review in the village's place (workflows/rules/nearRelatives.ts).
import { type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { HouseholdFindings } from '~/components/crosscheck/HouseholdFindings'
import { EvidencePanel } from '~/components/EvidencePanel'
import { HouseholdFacts, HouseholdHistory } from '~/components/household/HouseholdPanels'
import { HouseholdReviewForm, OUTCOME_CSS } from '~/components/review/HouseholdReviewForm'
import { ReviewConflictNotice } from '~/components/review/ReviewConflictNotice'
import { format } from '~/i18n'
import { approvals } from '~/i18n/zh-CN/approvals'
import { app } from '~/i18n/zh-CN/common'
import { evidence } from '~/i18n/zh-CN/evidence'
import { households } from '~/i18n/zh-CN/households'
import { members } from '~/i18n/zh-CN/members'
import { getCurrentCampaign } from '~/models/campaign.server'
import { evidencePanelData } from '~/models/evidence/panel.server'
import { homeVisitRecordOf } from '~/models/evidence/records.server'
import { listHouseholdFindings } from '~/models/departmentLists/queries.server'
import { getHouseholdReview, saveHouseholdReview } from '~/models/householdReview.server'
import { fraudAmountFieldErrors, parseReviewSubmission, reviewFormDefaults } from '~/models/householdReviewForm.server'
import { ROSTER_FILTERS, WORK_STATUSES } from '~/models/householdRoster.server'
import { getHouseholdHistory } from '~/models/householdHistory.server'
import { getHouseholdOpenProposal } from '~/models/proposals/queries.server'
import { NearRelativePanel, RecusalNotice, recusalMessage } from '~/components/household/NearRelativePanel'
import { getNearRelativeFiling, getReviewAccess } from '~/models/nearRelatives.server'
import { MemberTable, memberSectionTitle } from '~/components/household/MemberTable'
import { listHouseholdMembers } from '~/models/householdMembers.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvals, evidence, households, members }

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
  const status = given.get('status')
  if (status && (WORK_STATUSES as readonly string[]).includes(status)) kept.set('status', status)
  const page = given.get('page')
  if (page && /^[1-9]\d{0,3}$/.test(page) && page !== '1') kept.set('page', page)
  return kept.toString()
}

async function loadReview(request: Request, params: LoaderFunctionArgs['params'], right: 'view' | 'work') {
  const { user, village } = await requireVillageAccess(request, params.villageId, right)
  const householdId = householdIdOf(params.householdId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const page = await getHouseholdReview(db, { campaignId: campaign.id, villageId: village.id, householdId, today: today() })
  // a household of another village (or none at all): the same 403, nothing read, nothing changed
  if (!page) forbidden()
  // 近亲属回避: the related official gets no form (and the save refuses them); on a filed household a leader,
  // an inspector or a 包村干部 may review in the village's place (workflows/rules/nearRelatives.ts)
  const access = await getReviewAccess(db, { villageId: village.id, householdId, userId: user.id })
  return { user, village, campaign, page, access }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village, campaign, page, access } = await loadReview(request, params, 'view')
  const db = getDb()
  // 入户调查's 佐证材料 hang on the review row: none before the review is first saved
  const homeVisitId = await homeVisitRecordOf(db, { campaignId: campaign.id, householdId: page.household.id })
  const evidence = homeVisitId
    ? await evidencePanelData(db, {
        recordType: 'homeVisit',
        recordId: homeVisitId,
        villageId: village.id,
        viewer: { userId: user.id, role: user.role, townshipId: user.townshipId },
        mayUpload: access?.access === 'review' && VILLAGE_RIGHTS.work.includes(user.role),
      })
    : null
  // independent reads of the household's other parts, side by side
  const [nearRelative, history, proposal, members, crosscheck] = await Promise.all([
    getNearRelativeFiling(db, { villageId: village.id, householdId: page.household.id }),
    getHouseholdHistory(db, page.household.id),
    // the household's proposal (拟) in the approval chain, if any (ADR 010)
    getHouseholdOpenProposal(db, page.household.id),
    listHouseholdMembers(db, page.household.id),
    // 信息核对发现: other departments' records of the household's people
    listHouseholdFindings(db, page.household.id),
  ])
  return json({
    nearRelative,
    recusal: access?.access === 'recused' ? access.mustReviewBy : null,
    standIn: access?.access === 'review' && user.role !== 'cadre',
    // the village's cadre and the township's leaders and administrators file it (the related official is refused there)
    canFile: VILLAGE_RIGHTS.work.includes(user.role) || VILLAGE_RIGHTS.lead.includes(user.role),
    nearRelativeSaved: new URL(request.url).searchParams.get('nearRelativeSaved') === '1',
    village,
    page,
    history,
    proposal,
    members,
    crosscheck,
    defaults: reviewFormDefaults(page.values, page.version),
    canWork: access?.access === 'review',
    evidence,
    back: rosterQuery(new URL(request.url).searchParams.get('back')),
    today: today(),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village, campaign, page, access } = await loadReview(request, params, 'view')
  // the related official is refused by the save itself (below), whatever this page showed them
  if (access?.access === 'readOnly') forbidden()
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
  if (result.kind === 'recused') return json({ kind: 'recused' as const, message: recusalMessage(result.mustReviewBy) }, { status: 403 })
  // the conclusion cannot become or change its proposal (拟) now: the model's sentence, at its field when it has one
  if (result.kind === 'proposal')
    return json(
      {
        kind: 'invalid' as const,
        result: submission.reply(result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] }),
      },
      { status: 422 },
    )
  if (result.kind === 'fraudAmounts')
    return json({ kind: 'invalid' as const, result: submission.reply({ fieldErrors: fraudAmountFieldErrors(result.problems) }) }, { status: 400 })
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
  const { village, page, defaults, canWork, back, history, nearRelative, recusal, canFile, nearRelativeSaved, standIn, evidence } =
    useLoaderData<typeof loader>()
  const { members } = useLoaderData<typeof loader>()
  const { proposal, crosscheck } = useLoaderData<typeof loader>()
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

      <section className="card space-y-2" aria-labelledby="household-members">
        <h2 id="household-members" className="text-base">
          {memberSectionTitle(members)}
        </h2>
        <MemberTable members={members} caption={format(t.members.caption, { name: household.headName })} />
        <p className="text-sm">
          <Link to={`/villages/${village.id}/households/${household.id}/members`}>{canWork ? t.members.edit : t.members.view}</Link>
        </p>
      </section>

      <HouseholdFindings findings={crosscheck} />
      {proposal ? (
        <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">
          {format(t.approvals.householdLine, { kind: t.approvals.kinds[proposal.kind], state: t.approvals.states[proposal.state] })}{' '}
          <Link to={`/proposals/${proposal.id}`}>{t.approvals.householdLink}</Link>
        </p>
      ) : null}
      {nearRelative ? (
        <NearRelativePanel
          filing={nearRelative}
          editPath={canFile && !recusal ? `/villages/${village.id}/households/${household.id}/near-relative` : null}
          saved={nearRelativeSaved}
          standIn={standIn}
        />
      ) : null}
      {actionData?.kind === 'recused' || recusal ? (
        <RecusalNotice message={actionData?.kind === 'recused' ? actionData.message : null} mustReviewBy={recusal} />
      ) : null}
      {!canWork && !recusal ? <p className="rounded bg-slate-100 p-2 text-sm text-slate-700">{h.form.readOnly}</p> : null}

      {conflict ? <ReviewConflictNotice changes={conflict.changes} unsaved={conflict.unsaved} /> : null}

      {recusal ? null : (
        <HouseholdReviewForm
          key={conflict ? `conflict-${conflict.version}` : `v-${page.version}`}
          defaults={conflict ? conflict.defaults : defaults}
          lastResult={lastResult}
          readOnly={!canWork}
          back={back}
          savedRecoveredFen={page.values.outcome === 'fraud' ? page.values.fraudRecoveredFen : null}
          assessment={page.assessment}
          reviewed={page.version > 0}
        />
      )}
      {evidence ? (
        <EvidencePanel {...evidence} />
      ) : canWork ? (
        <p id="evidence" className="text-sm text-slate-600">
          {t.evidence.homeVisitFirst}
        </p>
      ) : null}
      <HouseholdHistory history={history} />
    </div>
  )
}
