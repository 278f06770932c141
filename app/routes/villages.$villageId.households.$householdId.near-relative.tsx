// 近亲属备案 of one household: 是否村(居)干部/经办人员近亲属, 相关干部, 备案日期. The village's cadre and the township's
// leaders and administrators file it; the related official may not (the model refuses: recusal). A plain POST that
// works without JavaScript; the hidden `version` (the household's) refuses to overwrite a newer save (409).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { NearRelativeFields } from '~/components/household/NearRelativeFields'
import { format, beijingTime } from '~/i18n'
import { app, requestLimits } from '~/i18n/zh-CN/common'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import { parseNearRelativeFilingForm } from '~/forms/nearRelatives.server'
import { getNearRelativeFiling, getReviewAccess, listOfficialOptions, saveNearRelativeFiling } from '~/models/nearRelatives.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, nearRelatives, requestLimits }

const n = t.nearRelatives

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(n.editTitle, { name: data.filing.headName })} · ${t.app.name}` : t.app.name },
]

/** The village's cadre, the township's leaders and administrators; anyone else in scope gets a 403. */
async function requireFiler(request: Request, villageId: string | undefined) {
  const access = await requireVillageAccess(request, villageId, 'view')
  if (!VILLAGE_RIGHTS.work.includes(access.user.role) && !VILLAGE_RIGHTS.lead.includes(access.user.role)) forbidden()
  return access
}

function householdIdOf(param: string | undefined): number {
  const id = Number(param)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireFiler(request, params.villageId)
  const db = getDb()
  const filing = await getNearRelativeFiling(db, { villageId: village.id, householdId: householdIdOf(params.householdId) })
  if (!filing) forbidden()
  const access = await getReviewAccess(db, { villageId: village.id, householdId: filing.householdId, userId: user.id })
  return json({
    village,
    filing,
    recused: access?.access === 'recused',
    officials: await listOfficialOptions(db, { townshipId: village.townshipId, villageId: village.id }),
    today: today(),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireFiler(request, params.villageId)
  const form = parseNearRelativeFilingForm(await readForm(request))
  if (!form) return json({ kind: 'malformed' as const, message: t.requestLimits.malformed }, { status: 400 })
  const result = await saveNearRelativeFiling(getDb(), {
    townshipId: village.townshipId,
    villageId: village.id,
    householdId: householdIdOf(params.householdId),
    actor: user,
    input: form,
    expectedVersion: form.version,
    today: today(),
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect(`/villages/${village.id}/households/${params.householdId}?nearRelativeSaved=1`)
  switch (result.kind) {
    case 'notFound':
      return forbidden()
    case 'recused':
      return json({ kind: 'recused' as const, message: n.recusedFiling }, { status: 403 })
    case 'unknownOfficial':
      return json({ kind: 'invalid' as const, sent: form, errors: { official: n.errors.unknownOfficial } as Record<string, string> }, { status: 422 })
    case 'invalid':
      return json(
        {
          kind: 'invalid' as const,
          sent: form,
          errors: Object.fromEntries(result.problems.map((p) => [p.field, n.errors[p.problem]])) as Record<string, string>,
        },
        { status: 422 },
      )
    case 'conflict':
      return json({ kind: 'conflict' as const, sent: form, theirs: result.theirs, by: result.by, at: result.at }, { status: 409 })
  }
}

export default function NearRelativeFilingPage() {
  const { village, filing, recused, officials, today: day } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const back = `/villages/${village.id}/households/${filing.householdId}`
  const conflict = answer?.kind === 'conflict' ? answer : null
  const invalid = answer?.kind === 'invalid' ? answer : null
  const shown = conflict ? conflict.theirs : (invalid?.sent ?? filing)
  const version = conflict ? conflict.theirs.version : filing.version
  const officialOf = (v: { officialUserId: number | null; officialName: string | null }) =>
    v.officialUserId !== null ? (officials.find((o) => o.id === v.officialUserId)?.name ?? v.officialName) : v.officialName
  return (
    <div className="mx-auto max-w-xl space-y-3">
      <p className="text-sm">
        <Link to={back}>{n.cancel}</Link>
      </p>
      <h1>{format(n.editTitle, { name: filing.headName })}</h1>
      <p className="text-sm text-slate-600">{n.intro}</p>
      {answer && 'message' in answer ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {answer.message}
        </p>
      ) : null}
      {conflict ? (
        <ConflictNotice
          title={n.section}
          intro={format(n.errors.conflict, { name: conflict.by ?? '—', time: conflict.at ? beijingTime(conflict.at) : '—' })}
          items={[
            {
              key: 'filed',
              label: n.filed,
              theirs: shownValue(conflict.theirs.filed),
              mine: shownValue(conflict.sent.filed),
              by: conflict.by,
              at: conflict.at,
            },
            {
              key: 'official',
              label: n.official,
              theirs: shownValue(officialOf(conflict.theirs)),
              mine: shownValue(officialOf(conflict.sent)),
              by: conflict.by,
              at: conflict.at,
            },
            {
              key: 'filedOn',
              label: n.filedOn,
              theirs: shownValue(conflict.theirs.filedOn),
              mine: shownValue(conflict.sent.filedOn),
              by: conflict.by,
              at: conflict.at,
            },
            { key: 'note', label: n.note, theirs: shownValue(conflict.theirs.note), mine: shownValue(conflict.sent.note), by: conflict.by, at: conflict.at },
          ]}
        />
      ) : null}
      {recused ? (
        <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
          {n.recusedFiling}
        </p>
      ) : (
        <Form method="post" className="card space-y-3" key={`v-${version}`}>
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="intent" value="saveFiling" />
          <NearRelativeFields defaults={shown} officials={officials} today={day} errors={invalid?.errors} />
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="btn">
              {n.save}
            </button>
            <Link to={back}>{n.cancel}</Link>
          </div>
        </Form>
      )}
    </div>
  )
}
