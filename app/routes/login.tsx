import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseSignInForm, SIGN_IN_LIMITS } from '~/forms/signIn.server'
import { format } from '~/i18n'
import { app, login } from '~/i18n/zh-CN/common'
import { loginHelp } from '~/i18n/zh-CN/inspectorDay'
import { clientAddress, getCurrentUser, landingPath, safeRedirect, signIn, startSession } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { getSiteSetting } from '~/models/siteSettings.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, login, loginHelp }

export const meta: MetaFunction = () => [{ title: `${t.login.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request)
  if (user) throw redirect(landingPath(user))
  // whom to contact for a forgotten password: the county administrator's text, or the default sentence
  const help = (await getSiteSetting(getDb(), 'loginHelp')).value
  return json({ signedOut: new URL(request.url).searchParams.has('signedOut'), help: help || t.loginHelp.fallback })
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseSignInForm(await readForm(request, SIGN_IN_LIMITS))
  if (submission.status !== 'success') return json(submission.reply({ hideFields: ['password'] }), { status: 400 })
  const { username, password, redirectTo } = submission.value
  const result = await signIn(getDb(), { username, password, ip: clientAddress(request) })
  if (!result.ok) {
    const message = result.reason === 'rateLimited' ? format(t.login.rateLimited, { minutes: result.retryAfterMinutes }) : t.login.invalid
    return json(submission.reply({ formErrors: [message], hideFields: ['password'] }), { status: result.reason === 'rateLimited' ? 429 : 401 })
  }
  return startSession(request, result.user, safeRedirect(redirectTo, landingPath(result.user)))
}

export default function LoginPage() {
  const { signedOut, help } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
  })
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <div className="card">
        <h1>{t.login.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{t.login.intro}</p>
        {signedOut ? <p className="mt-3 rounded bg-green-50 p-2 text-sm text-green-800">{t.login.signedOut}</p> : null}
        <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
          {form.errors?.length ? (
            <p role="alert" id={form.errorId} className="rounded bg-red-50 p-2 text-sm text-red-800">
              {form.errors.join(' ')}
            </p>
          ) : null}
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <div>
            <label htmlFor={fields.username.id} className="label">
              {t.login.username}
            </label>
            <input {...getInputProps(fields.username, { type: 'text' })} className="field" autoComplete="username" autoCapitalize="none" autoFocus />
            {fields.username.errors ? (
              <p id={fields.username.errorId} className="field-error">
                {fields.username.errors.join(' ')}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor={fields.password.id} className="label">
              {t.login.password}
            </label>
            <input {...getInputProps(fields.password, { type: 'password' })} className="field" autoComplete="current-password" />
            {fields.password.errors ? (
              <p id={fields.password.errorId} className="field-error">
                {fields.password.errors.join(' ')}
              </p>
            ) : null}
          </div>
          <button type="submit" className="btn w-full">
            {t.login.submit}
          </button>
        </Form>
        <section aria-labelledby="login-help-heading" className="mt-4 border-t border-slate-100 pt-3 text-sm">
          <h2 id="login-help-heading" className="text-sm font-semibold">
            {t.loginHelp.heading}
          </h2>
          <p className="mt-1 whitespace-pre-line break-words text-slate-700">{help}</p>
        </section>
      </div>
    </div>
  )
}
