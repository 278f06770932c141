import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { LiaisonVillagesField } from '~/components/LiaisonVillagesField'
import { parseUserEdit } from '~/forms/users.server'
import { format } from '~/i18n'
import { admin, users } from '~/i18n/zh-CN/admin'
import { app, roles } from '~/i18n/zh-CN/common'
import { listVillageChoices } from '~/models/townshipAdmin.server'
import { TOWNSHIP_ROLES } from '~/models/userRules'
import { getTownshipUser, resetTownshipUserPassword, updateTownshipUser } from '~/models/users.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { admin, app, roles, users }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.users.editTitle, { name: data.user.display_name })} · ${t.app.name}` : t.app.name },
]

async function requireTownshipAdmin(request: Request) {
  const admin = await requireRole(request, ['admin'])
  if (!admin.townshipId) forbidden()
  return { admin, townshipId: admin.townshipId }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { townshipId } = await requireTownshipAdmin(request)
  const db = getDb()
  const user = await getTownshipUser(db, townshipId, Number(params.userId))
  if (!user) notFound()
  const villages = await listVillageChoices(db, townshipId)
  return json({ user, villages })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, townshipId } = await requireTownshipAdmin(request)
  const input = parseUserEdit(await readForm(request))
  if (!input) return json({ error: t.users.problems.invalid, conflict: null }, { status: 400 })
  const actor = { actorUserId: admin.id, at: now(), ip: clientAddress(request) }
  const userId = Number(params.userId)
  const result =
    input.intent === 'update'
      ? await updateTownshipUser(
          getDb(),
          townshipId,
          userId,
          {
            displayName: input.displayName,
            role: input.role,
            villageId: input.villageId,
            active: input.active,
            phone: input.phone,
            liaisonVillageIds: input.liaisonVillageIds,
            civilAffairs: input.civilAffairs,
            expectedVersion: input.version,
          },
          actor,
        )
      : await resetTownshipUserPassword(getDb(), townshipId, userId, input.password, actor)
  if (!result.ok) {
    if (result.problem === 'notFound') notFound()
    if (result.problem === 'conflict') return json({ error: null, conflict: { version: result.version, changes: result.changes } }, { status: 409 })
    return json({ error: t.users.problems[result.problem], conflict: null }, { status: 422 })
  }
  return redirect(`/admin/users/${userId}?done=${input.intent}&ended=${result.sessionsEnded}`)
}

export default function EditUserPage() {
  const { user, villages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('done')
  const ended = Number(params.get('ended') ?? 0)
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="text-sm">
        <Link to="/admin">{t.users.back}</Link>
      </p>
      <h1>{format(t.users.editTitle, { name: user.display_name })}</h1>
      <p className="text-sm text-slate-600">{user.username}</p>
      {done && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {done === 'resetPassword'
            ? t.users.passwordReset
            : done === 'create'
              ? t.users.created
              : ended > 0
                ? format(t.users.savedSessionsEnded, { count: ended })
                : t.users.saved}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {actionData?.conflict ? (
        <ConflictNotice
          title={t.users.conflictTitle}
          intro={t.users.conflictIntro}
          items={actionData.conflict.changes.map((c) => {
            const shown = (v: unknown) =>
              c.field === 'role'
                ? ((t.roles as Record<string, string>)[String(v)] ?? shownValue(v))
                : c.field === 'villageId'
                  ? (villages.find((x) => x.id === v)?.name ?? t.users.noVillage)
                  : c.field === 'active' || c.field === 'civilAffairs'
                    ? v
                      ? t.admin.activeYes
                      : t.admin.activeNo
                    : shownValue(v)
            const labels: Record<string, string> = {
              displayName: t.users.displayName,
              role: t.users.role,
              villageId: t.users.village,
              active: t.users.active,
              phone: t.users.phone,
              liaisonVillages: t.users.liaisonScope,
              civilAffairs: t.users.civilAffairs,
            }
            return { key: c.field, label: labels[c.field] ?? c.field, theirs: shown(c.theirs), mine: shown(c.mine), by: c.by, at: c.at }
          })}
        />
      ) : null}
      {/* keyed by version: after a conflict the form shows what is stored now, with the version to save over */}
      <Form key={`v-${user.version}`} method="post" className="card space-y-3">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="version" value={user.version} />
        <div>
          <label htmlFor="displayName" className="label">
            {t.users.displayName}
          </label>
          <input id="displayName" name="displayName" defaultValue={user.display_name} maxLength={40} className="field" />
        </div>
        <div>
          <label htmlFor="role" className="label">
            {t.users.role}
          </label>
          <select id="role" name="role" defaultValue={user.role} className="field">
            {TOWNSHIP_ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="villageId" className="label">
            {t.users.village}
          </label>
          <select id="villageId" name="villageId" defaultValue={user.village_id ?? ''} className="field">
            <option value="">{t.users.noVillage}</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <LiaisonVillagesField villages={villages} checked={user.liaisonVillages.map((v) => v.id)} />
        <div>
          <div className="flex items-center gap-2">
            <input
              id="civilAffairs"
              name="civilAffairs"
              type="checkbox"
              aria-describedby="civilAffairs-hint"
              defaultChecked={user.civil_affairs === 1}
              className="h-5 w-5"
            />
            <label htmlFor="civilAffairs">{t.users.civilAffairs}</label>
          </div>
          <p id="civilAffairs-hint" className="mt-1 text-xs text-slate-600">
            {t.users.civilAffairsHint}
          </p>
        </div>
        <div>
          <label htmlFor="phone" className="label">
            {t.users.phone}
          </label>
          <input
            id="phone"
            name="phone"
            type="tel"
            inputMode="numeric"
            pattern="[0-9]{7,20}"
            maxLength={20}
            autoComplete="off"
            defaultValue={user.phone ?? ''}
            className="field"
          />
        </div>
        <div className="flex items-center gap-2">
          <input id="active" name="active" type="checkbox" defaultChecked={user.active === 1} className="h-5 w-5" />
          <label htmlFor="active">{t.users.active}</label>
        </div>
        <button type="submit" className="btn">
          {t.users.save}
        </button>
      </Form>
      <Form method="post" className="card space-y-3">
        <input type="hidden" name="intent" value="resetPassword" />
        <div>
          <label htmlFor="password" className="label">
            {t.users.password}
          </label>
          <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required className="field" />
        </div>
        <button type="submit" className="btn-secondary">
          {t.users.resetPassword}
        </button>
      </Form>
    </div>
  )
}
