import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseVillageForm, parseVillageListForm } from '~/forms/villages.server'
import { format } from '~/i18n'
import { users, villagesAdmin } from '~/i18n/zh-CN/admin'
import { app } from '~/i18n/zh-CN/common'
import { listActiveLeaders } from '~/models/townshipAdmin.server'
import { createVillage, createVillagesFromList, listTownshipVillages } from '~/models/villages.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, users, villagesAdmin }

export const meta: MetaFunction = () => [{ title: `${t.villagesAdmin.title} · ${t.app.name}` }]

async function requireTownshipAdmin(request: Request) {
  const admin = await requireRole(request, ['admin'])
  if (!admin.townshipId) forbidden()
  return { admin, townshipId: admin.townshipId }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { townshipId } = await requireTownshipAdmin(request)
  const db = getDb()
  const [villages, leaders] = await Promise.all([listTownshipVillages(db, townshipId), listActiveLeaders(db, townshipId)])
  return json({ villages, leaders })
}

export async function action({ request }: ActionFunctionArgs) {
  const { admin, townshipId } = await requireTownshipAdmin(request)
  const form = await readForm(request)
  const actor = { actorUserId: admin.id, at: now(), ip: clientAddress(request) }
  if (form.get('intent') === 'list') {
    const list = parseVillageListForm(form)
    if (!list) return json({ error: t.villagesAdmin.problems.invalid, listResult: null }, { status: 400 })
    const result = await createVillagesFromList(getDb(), townshipId, list.names, actor)
    if (!result.ok) return json({ error: t.villagesAdmin.problems[result.problem], listResult: null }, { status: 422 })
    const counts = format(t.villagesAdmin.batchResult, { created: result.created.length, skipped: result.skipped.length })
    const skipped = result.skipped.length ? format(t.villagesAdmin.batchSkipped, { names: result.skipped.join('、') }) : ''
    return json({ error: null, listResult: counts + skipped })
  }
  const input = parseVillageForm(form)
  if (!input) return json({ error: t.villagesAdmin.problems.invalid, listResult: null }, { status: 400 })
  const result = await createVillage(getDb(), townshipId, input, actor)
  if (!result.ok) return json({ error: t.villagesAdmin.problems[result.problem], listResult: null }, { status: 422 })
  return redirect('/admin/villages?created=1')
}

export default function VillagesAdminPage() {
  const { villages, leaders } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <Link to="/admin">{t.users.back}</Link>
      </p>
      <h1>{t.villagesAdmin.title}</h1>
      {params.get('created') && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.villagesAdmin.created}
        </p>
      ) : null}
      {actionData?.listResult ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {actionData.listResult}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="village-list">
        <h2 id="village-list">{t.villagesAdmin.list}</h2>
        {villages.length === 0 ? (
          <p className="text-sm text-slate-600">{t.villagesAdmin.empty}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {villages.map((v) => (
              <li key={v.id} className="flex flex-wrap justify-between gap-2 py-1">
                <Link to={`/villages/${v.id}`}>{v.name}</Link>
                <span className="text-slate-600">
                  {v.code} · {v.leaderName ?? '—'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Form method="post" className="card space-y-3">
        <h2>{t.villagesAdmin.add}</h2>
        <div>
          <label htmlFor="name" className="label">
            {t.villagesAdmin.name}
          </label>
          <input id="name" name="name" required maxLength={30} className="field" />
        </div>
        <div>
          <label htmlFor="code" className="label">
            {t.villagesAdmin.code}
          </label>
          <input id="code" name="code" required maxLength={30} autoCapitalize="none" className="field" />
        </div>
        <div>
          <label htmlFor="kind" className="label">
            {t.villagesAdmin.kind}
          </label>
          <select id="kind" name="kind" className="field" defaultValue="village">
            <option value="village">{t.villagesAdmin.village}</option>
            <option value="community">{t.villagesAdmin.community}</option>
          </select>
        </div>
        <div>
          <label htmlFor="leaderUserId" className="label">
            {t.villagesAdmin.leader}
          </label>
          <select id="leaderUserId" name="leaderUserId" className="field" defaultValue="">
            <option value="">{t.users.noVillage}</option>
            {leaders.map((l) => (
              <option key={l.id} value={l.id}>
                {l.display_name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t.villagesAdmin.submit}
        </button>
      </Form>
      <Form method="post" className="card space-y-3">
        <h2>{t.villagesAdmin.batchTitle}</h2>
        <input type="hidden" name="intent" value="list" />
        <div>
          <label htmlFor="names" className="label">
            {t.villagesAdmin.batchNames}
          </label>
          <textarea id="names" name="names" required rows={6} maxLength={4000} aria-describedby="names-hint" className="field" />
          <p id="names-hint" className="mt-1 text-xs text-slate-600">
            {t.villagesAdmin.batchHint}
          </p>
        </div>
        <button type="submit" className="btn">
          {t.villagesAdmin.batchSubmit}
        </button>
      </Form>
    </div>
  )
}
