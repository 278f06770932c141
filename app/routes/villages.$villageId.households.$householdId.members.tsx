// 家庭成员 of one household: everyone who may view the village sees the member table; the village's cadre (or whoever
// reviews in the village's place on a filed household: getReviewAccess) edits them. The related official of a filed
// household gets no form (the model refuses them too). A plain POST that works without JavaScript; the hidden
// `version` (the household's) refuses to overwrite a newer save (409, the members now shown).
import { type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MemberForm } from '~/components/household/MemberForm'
import { MemberTable, memberSectionTitle } from '~/components/household/MemberTable'
import { RecusalNotice, recusalMessage } from '~/components/household/NearRelativePanel'
import { beijingTime, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { members } from '~/i18n/zh-CN/members'
import { memberFieldErrors, membersFormDefaults, parseMembersSubmission } from '~/forms/householdMembers.server'
import { getHouseholdMembersPage, saveHouseholdMembers } from '~/models/householdMembers.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { forbidden, notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, members }

const m = t.members

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(m.pageTitle, { name: data.page.headName })} · ${t.app.name}` : t.app.name },
]

function householdIdOf(param: string | undefined): number {
  const id = Number(param)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const page = await getHouseholdMembersPage(getDb(), { villageId: village.id, householdId: householdIdOf(params.householdId), userId: user.id })
  // a household of another village (or none at all): the same 403, nothing read
  if (!page) forbidden()
  return json({
    village,
    page,
    canEdit: page.access?.access === 'review',
    recusal: page.access?.access === 'recused' ? page.access.mustReviewBy : null,
    defaults: membersFormDefaults(page.members, page.version, page.headName),
    saved: new URL(request.url).searchParams.get('saved') === '1',
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const householdId = householdIdOf(params.householdId)
  const submission = parseMembersSubmission(await readForm(request))
  if (submission.status !== 'success') return json({ kind: 'invalid' as const, result: submission.reply() }, { status: 400 })
  const { version, members, rows } = submission.value
  const result = await saveHouseholdMembers(getDb(), {
    villageId: village.id,
    householdId,
    members,
    expectedVersion: version,
    actor: user,
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect(`/villages/${village.id}/households/${householdId}/members?saved=1`)
  switch (result.kind) {
    case 'notFound':
    case 'readOnly':
      return forbidden()
    case 'recused':
      return json({ kind: 'recused' as const, message: recusalMessage(result.mustReviewBy) }, { status: 403 })
    case 'invalid':
      return json(
        { kind: 'invalid' as const, result: submission.reply({ fieldErrors: memberFieldErrors(result.problems, rows, result.headName) }) },
        { status: 400 },
      )
    case 'conflict':
      return json(
        {
          kind: 'conflict' as const,
          members: result.members,
          defaults: membersFormDefaults(result.members, result.version, result.headName),
          intro: format(m.errors.conflict, { name: result.by ?? '—', time: result.at ? beijingTime(result.at) : '—' }),
        },
        { status: 409 },
      )
  }
}

export default function HouseholdMembersPage() {
  const { village, page, canEdit, recusal, defaults, saved } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const conflict = answer?.kind === 'conflict' ? answer : null
  const lastResult = answer?.kind === 'invalid' ? (answer.result as SubmissionResult<string[]>) : undefined
  const members = conflict ? conflict.members : page.members
  const back = `/villages/${village.id}/households/${page.householdId}`
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <p className="text-sm">
        <Link to={back}>{m.back}</Link>
      </p>
      <h1>{format(m.pageTitle, { name: page.headName })}</h1>
      {saved && !answer ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {m.saved}
        </p>
      ) : null}
      {answer?.kind === 'recused' || recusal ? <RecusalNotice message={answer?.kind === 'recused' ? answer.message : null} mustReviewBy={recusal} /> : null}
      {conflict ? (
        <section role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          <h2 className="text-base">{m.errors.conflictTitle}</h2>
          <p className="mt-1 text-sm">{conflict.intro}</p>
        </section>
      ) : null}
      <section className="card space-y-2" aria-labelledby="members-now">
        <h2 id="members-now" className="text-base">
          {memberSectionTitle(members)}
        </h2>
        <MemberTable members={members} caption={format(m.caption, { name: page.headName })} />
      </section>
      {canEdit ? (
        <>
          <p className="text-sm text-slate-600">{m.intro}</p>
          <MemberForm
            key={conflict ? `conflict-${conflict.defaults.version}` : `v-${page.version}`}
            defaults={conflict ? conflict.defaults : defaults}
            stored={members}
            lastResult={lastResult}
          />
        </>
      ) : recusal ? null : (
        <p className="rounded bg-slate-100 p-2 text-sm text-slate-700">{m.readOnly}</p>
      )}
    </div>
  )
}
