import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { formIntent, parseCountyAdminForm, type CountyAdminInput } from '~/forms/countyAdmin.server'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { countyAdmin } from '~/i18n/zh-CN/countyAdmin'
import { allowanceStandards } from '~/i18n/zh-CN/economicCheck'
import { loginHelp } from '~/i18n/zh-CN/inspectorDay'
import { createCountyBureauUser, createCountyTownship, createCountyTownshipAdmin, getCountyAdminOverview } from '~/models/countyAdmin.server'
import { MIN_PASSWORD_LENGTH } from '~/models/userRules'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { requireCountyAdmin } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { allowanceStandards, app, countyAdmin, loginHelp }

export const meta: MetaFunction = () => [{ title: `${t.countyAdmin.title} · ${t.app.name}` }]

type Intent = CountyAdminInput['intent']
const DONE = t.countyAdmin.done

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCountyAdmin(request)
  const overview = await getCountyAdminOverview(getDb(), user.countyName)
  return json({ countyName: user.countyName, ...overview })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCountyAdmin(request)
  const form = await readForm(request)
  const parsed = parseCountyAdminForm(form)
  if (!parsed.ok) return json({ intent: formIntent(form), error: parsed.message }, { status: 400 })
  const { input } = parsed
  const actor = { actorUserId: user.id, at: now(), ip: clientAddress(request) }
  const db = getDb()
  const result =
    input.intent === 'township'
      ? await createCountyTownship(db, user.countyName, input, actor)
      : input.intent === 'townshipAdmin'
        ? await createCountyTownshipAdmin(db, user.countyName, input, actor)
        : await createCountyBureauUser(db, user.countyName, input, actor)
  if (!result.ok)
    return json({ intent: input.intent, error: t.countyAdmin.problems[result.problem] }, { status: result.problem === 'townshipNotInCounty' ? 403 : 422 })
  return redirect(`/county/admin?done=${input.intent}`)
}

function Problem({ intent }: { intent: Intent }) {
  const actionData = useActionData<typeof action>()
  if (!actionData?.error || (actionData.intent !== intent && actionData.intent !== null)) return null
  return (
    <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
      {actionData.error}
    </p>
  )
}

function AccountFields({ prefix }: { prefix: string }) {
  return (
    <>
      <div>
        <label htmlFor={`${prefix}-username`} className="label">
          {t.countyAdmin.username}
        </label>
        <input id={`${prefix}-username`} name="username" required maxLength={40} autoCapitalize="none" autoComplete="off" className="field" />
      </div>
      <div>
        <label htmlFor={`${prefix}-displayName`} className="label">
          {t.countyAdmin.displayName}
        </label>
        <input id={`${prefix}-displayName`} name="displayName" required maxLength={40} className="field" />
      </div>
      <div>
        <label htmlFor={`${prefix}-password`} className="label">
          {t.countyAdmin.password}
        </label>
        <input
          id={`${prefix}-password`}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
          className="field"
        />
      </div>
    </>
  )
}

export default function CountyAdminPage() {
  const { countyName, townships, bureauUsers } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const actionData = useActionData<typeof action>()
  const done = params.get('done')
  const doneText = !actionData && (done === 'township' || done === 'townshipAdmin' || done === 'bureauUser') ? DONE[done] : null
  const c = t.countyAdmin
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1>{c.title}</h1>
      <p className="text-sm text-slate-600">{format(c.county, { county: countyName })}</p>
      <p className="text-sm">{c.intro}</p>
      <p className="text-sm">
        <Link to="/county/standards">{t.allowanceStandards.link}</Link>
        {' · '}
        <Link to="/county/admin/login-help">{t.loginHelp.adminTitle}</Link>
      </p>
      {doneText ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {doneText}
        </p>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="townships-heading">
        <h2 id="townships-heading">{c.townships}</h2>
        {townships.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{c.townshipsEmpty}</p>
        ) : (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col" className="whitespace-nowrap">
                  {c.township}
                </th>
                <th scope="col">{c.villages}</th>
                <th scope="col">{c.admins}</th>
              </tr>
            </thead>
            <tbody>
              {townships.map((ts) => (
                <tr key={ts.id}>
                  <td className="whitespace-nowrap">
                    <Link to={`/townships/${ts.id}`}>{ts.name}</Link>
                  </td>
                  <td>{ts.villages.length ? `${format(c.villagesCount, { n: ts.villages.length })}：${ts.villages.join('、')}` : c.villagesNone}</td>
                  <td>{ts.admins.length ? ts.admins.map((a) => `${a.displayName}（${a.username}）${a.active ? '' : c.inactive}`).join('、') : c.adminsNone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="new-township-heading">
        <h2 id="new-township-heading">{c.newTownship}</h2>
        <Problem intent="township" />
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="township" />
          <div>
            <label htmlFor="township-name" className="label">
              {c.townshipName}
            </label>
            <input id="township-name" name="name" required maxLength={30} className="field" />
          </div>
          <button type="submit" className="btn">
            {c.createTownship}
          </button>
        </Form>
      </section>
      <section className="card space-y-3" aria-labelledby="new-admin-heading">
        <h2 id="new-admin-heading">{c.newTownshipAdmin}</h2>
        <p className="text-sm text-slate-600">{c.townshipAdminHint}</p>
        <Problem intent="townshipAdmin" />
        {townships.length === 0 ? (
          <p className="text-sm text-slate-600">{c.townshipsEmpty}</p>
        ) : (
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="townshipAdmin" />
            <div>
              <label htmlFor="admin-township" className="label">
                {c.chooseTownship}
              </label>
              <select id="admin-township" name="townshipId" required className="field">
                {townships.map((ts) => (
                  <option key={ts.id} value={ts.id}>
                    {ts.name}
                  </option>
                ))}
              </select>
            </div>
            <AccountFields prefix="admin" />
            <button type="submit" className="btn">
              {c.createTownshipAdmin}
            </button>
          </Form>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="new-bureau-heading">
        <h2 id="new-bureau-heading">{c.newBureauUser}</h2>
        <p className="text-sm text-slate-600">{c.bureauUserHint}</p>
        <Problem intent="bureauUser" />
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="bureauUser" />
          <AccountFields prefix="bureau" />
          <div className="flex items-center gap-2">
            <input id="bureau-countyAdmin" name="countyAdmin" type="checkbox" />
            <label htmlFor="bureau-countyAdmin">{c.countyAdminBox}</label>
          </div>
          <button type="submit" className="btn">
            {c.createBureauUser}
          </button>
        </Form>
      </section>
      <section className="card overflow-x-auto" aria-labelledby="bureau-users-heading">
        <h2 id="bureau-users-heading">{c.bureauUsers}</h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">{c.usernameColumn}</th>
              <th scope="col">{c.displayName}</th>
              <th scope="col">{c.role}</th>
              <th scope="col">{c.status}</th>
            </tr>
          </thead>
          <tbody>
            {bureauUsers.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.countyAdmin ? c.roleAdmin : c.roleViewer}</td>
                <td>{u.active ? c.active : c.inactiveShort}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
