import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { LiaisonVillagesField } from '~/components/LiaisonVillagesField'
import { parseUserCreate } from '~/forms/users.server'
import { users } from '~/i18n/zh-CN/admin'
import { app, roles } from '~/i18n/zh-CN/common'
import { listVillageChoices } from '~/models/townshipAdmin.server'
import { TOWNSHIP_ROLES } from '~/models/userRules'
import { createTownshipUser } from '~/models/users.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, roles, users }

export const meta: MetaFunction = () => [{ title: `${t.users.newTitle} · ${t.app.name}` }]

async function requireTownshipAdmin(request: Request) {
  const admin = await requireRole(request, ['admin'])
  if (!admin.townshipId) forbidden()
  return { admin, townshipId: admin.townshipId }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { townshipId } = await requireTownshipAdmin(request)
  const villages = await listVillageChoices(getDb(), townshipId)
  return json({ villages })
}

export async function action({ request }: ActionFunctionArgs) {
  const { admin, townshipId } = await requireTownshipAdmin(request)
  const input = parseUserCreate(await readForm(request))
  if (!input) return json({ error: t.users.problems.invalid }, { status: 400 })
  const result = await createTownshipUser(getDb(), townshipId, input, { actorUserId: admin.id, at: now(), ip: clientAddress(request) })
  if (!result.ok) return json({ error: t.users.problems[result.problem] }, { status: 422 })
  return redirect(`/admin/users/${result.userId}?done=create`)
}

export default function NewUserPage() {
  const { villages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="text-sm">
        <Link to="/admin">{t.users.back}</Link>
      </p>
      <h1>{t.users.newTitle}</h1>
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <Form method="post" className="card space-y-3">
        <div>
          <label htmlFor="username" className="label">
            {t.users.username}
          </label>
          <input id="username" name="username" required maxLength={40} autoCapitalize="none" className="field" />
        </div>
        <div>
          <label htmlFor="displayName" className="label">
            {t.users.displayName}
          </label>
          <input id="displayName" name="displayName" required maxLength={40} className="field" />
        </div>
        <div>
          <label htmlFor="role" className="label">
            {t.users.role}
          </label>
          <select id="role" name="role" defaultValue="cadre" className="field">
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
          <select id="villageId" name="villageId" defaultValue="" className="field">
            <option value="">{t.users.noVillage}</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <LiaisonVillagesField villages={villages} />
        <div>
          <div className="flex items-center gap-2">
            <input id="civilAffairs" name="civilAffairs" type="checkbox" aria-describedby="civilAffairs-hint" className="h-5 w-5" />
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
          <input id="phone" name="phone" type="tel" inputMode="numeric" pattern="[0-9]{7,20}" maxLength={20} autoComplete="off" className="field" />
        </div>
        <div>
          <label htmlFor="password" className="label">
            {t.users.initialPassword}
          </label>
          <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required className="field" />
        </div>
        <button type="submit" className="btn">
          {t.users.create}
        </button>
      </Form>
    </div>
  )
}
