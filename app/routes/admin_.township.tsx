// 举报电话: the township administrator sets the phone every notice (公示) of the township prints. A plain POST form
// that works without JavaScript; the hidden version refuses to overwrite a newer save (409).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { beijingTime, format } from '~/i18n'
import { app, requestLimits } from '~/i18n/zh-CN/common'
import { reportPhone } from '~/i18n/zh-CN/publicNotices'
import { parseReportPhoneForm } from '~/forms/reportPhone.server'
import { getTownshipReportPhone, saveTownshipReportPhone } from '~/models/reportPhone.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, reportPhone, requestLimits }

const r = t.reportPhone

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(r.pageTitle, { township: data.township })} · ${t.app.name}` : t.app.name },
]

async function requireTownshipAdmin(request: Request) {
  const user = await requireRole(request, ['admin'])
  if (!user.townshipId) forbidden()
  return { user, townshipId: user.townshipId }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { townshipId } = await requireTownshipAdmin(request)
  return json(await getTownshipReportPhone(getDb(), townshipId))
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, townshipId } = await requireTownshipAdmin(request)
  const form = parseReportPhoneForm(await readForm(request))
  if (!form) return json({ kind: 'malformed' as const, message: t.requestLimits.malformed }, { status: 400 })
  const result = await saveTownshipReportPhone(getDb(), {
    townshipId,
    phone: form.phone,
    expectedVersion: form.version,
    actor: user,
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect('/admin/township?saved=1')
  if (result.kind === 'invalid') return json({ kind: 'invalid' as const, message: r.errors[result.problem] }, { status: 422 })
  return json(
    {
      kind: 'conflict' as const,
      message: format(r.conflict, { name: result.by ?? '—', time: result.at ? beijingTime(result.at) : '—' }),
      version: result.current.version,
      phone: result.current.phone,
    },
    { status: 409 },
  )
}

export default function ReportPhonePage() {
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [search] = useSearchParams()
  const conflict = answer?.kind === 'conflict' ? answer : null
  const version = conflict ? conflict.version : data.version
  const phone = conflict ? conflict.phone : data.phone
  return (
    <div className="mx-auto max-w-xl space-y-3">
      <p className="text-sm">
        <Link to="/admin">{r.back}</Link>
      </p>
      <h1>{format(r.pageTitle, { township: data.township })}</h1>
      <p className="text-sm text-slate-600">{r.intro}</p>
      {search.get('saved') && !answer ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {r.saved}
        </p>
      ) : null}
      {answer ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {answer.message}
        </p>
      ) : null}
      <p>{phone ? format(r.current, { phone }) : r.none}</p>
      <Form method="post" className="card space-y-3" key={`v-${version}`}>
        <input type="hidden" name="intent" value="saveReportPhone" />
        <input type="hidden" name="version" value={version} />
        <div>
          <label htmlFor="report-phone" className="label">
            {r.label}
          </label>
          <input
            id="report-phone"
            name="phone"
            type="tel"
            inputMode="tel"
            maxLength={20}
            className="field"
            defaultValue={phone ?? ''}
            aria-describedby="report-phone-hint"
            aria-invalid={answer?.kind === 'invalid' ? true : undefined}
          />
          <p id="report-phone-hint" className="text-xs text-slate-600">
            {r.hint}
          </p>
        </div>
        <button type="submit" className="btn">
          {r.save}
        </button>
      </Form>
    </div>
  )
}
