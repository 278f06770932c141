// 登录页提示: the text under 忘记密码？ on the login page — whom to contact and how. The county administrator edits it:
// the login page is read before anyone is signed in, so it cannot know a township, and the county administrator is
// the installation's highest administrator (the one who creates the townships' administrators, who reset passwords).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { LOGIN_HELP_MAX, parseLoginHelp } from '~/forms/loginHelp.server'
import { app } from '~/i18n/zh-CN/common'
import { countyAdmin } from '~/i18n/zh-CN/countyAdmin'
import { loginHelp } from '~/i18n/zh-CN/inspectorDay'
import { getSiteSetting, saveSiteSetting } from '~/models/siteSettings.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { requireCountyAdmin } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, countyAdmin, loginHelp }

export const meta: MetaFunction = () => [{ title: `${t.loginHelp.adminTitle} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCountyAdmin(request)
  const setting = await getSiteSetting(getDb(), 'loginHelp')
  return json({ value: setting.value, version: setting.version })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCountyAdmin(request)
  const parsed = parseLoginHelp(await readForm(request))
  if (!parsed.ok) {
    if (parsed.problem === 'form') throw json({ message: 'bad request' }, { status: 400 })
    return json({ error: t.loginHelp[parsed.problem], conflict: null }, { status: 422 })
  }
  const { loginHelp, version } = parsed.value
  const result = await saveSiteSetting(getDb(), {
    key: 'loginHelp',
    value: loginHelp,
    expectedVersion: version,
    actor: { userId: user.id, at: now(), ip: clientAddress(request) },
  })
  if (result.ok) return redirect('/county/admin/login-help?saved=1')
  const current = result.current
  return json(
    { error: null, conflict: { theirs: current.value, mine: loginHelp, by: current.updatedByName, at: current.updatedAt, version: current.version } },
    { status: 409 },
  )
}

export default function LoginHelpAdminPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const h = t.loginHelp
  const conflict = actionData?.conflict ?? null
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="no-print text-sm">
        <Link to="/county/admin">{t.countyAdmin.title}</Link>
      </p>
      <h1>{h.adminTitle}</h1>
      <p className="text-sm text-slate-600">{h.adminIntro}</p>
      {searchParams.get('saved') && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {h.saved}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {conflict ? (
        <ConflictNotice
          title={h.conflictTitle}
          intro={h.conflict}
          items={[{ key: 'loginHelp', label: h.label, theirs: shownValue(conflict.theirs), mine: shownValue(conflict.mine), by: conflict.by, at: conflict.at }]}
        />
      ) : null}
      {/* after a conflict the form holds what is saved now, at its version: what to keep is the person's choice */}
      <Form method="post" className="card space-y-3" key={conflict ? `c${conflict.version}` : `v${data.version}`}>
        <input type="hidden" name="version" value={conflict ? conflict.version : data.version} />
        <div>
          <label htmlFor="login-help" className="label">
            {h.label}
          </label>
          <textarea
            id="login-help"
            name="loginHelp"
            rows={3}
            maxLength={LOGIN_HELP_MAX}
            defaultValue={conflict ? conflict.theirs : data.value}
            placeholder={h.fallback}
            aria-describedby="login-help-hint"
            className="field"
          />
          <p id="login-help-hint" className="text-xs text-slate-500">
            {h.hint}
          </p>
        </div>
        <button type="submit" className="btn">
          {h.save}
        </button>
      </Form>
    </div>
  )
}
