// 低保标准 (/county/standards): the county's 城市/农村 standards by effective day with their 分类施保; every county user
// sees them, the county administrator adds a new one (a change is a new effective day, nothing is edited in place).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseAllowanceStandardForm } from '~/forms/allowanceStandards.server'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { allowanceStandards, economicCheck } from '~/i18n/zh-CN/economicCheck'
import { addAllowanceStandard, listAllowanceStandards } from '~/models/allowanceStandards.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { yuan } from '~/utils/format'
import { readForm } from '~/utils/forms.server'
import { forbidden, requireCountyAdmin, requireRole } from '~/utils/permissions.server'
import { HOUSEHOLD_AREAS, SUPPLEMENT_KINDS } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { allowanceStandards, app, economicCheck, errors }

const s = t.allowanceStandards
const ec = t.economicCheck

export const meta: MetaFunction = () => [{ title: `${s.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county'])
  if (!user.countyName) forbidden()
  const standards = await listAllowanceStandards(getDb(), user.countyName, today())
  return json({ countyName: user.countyName, canAdd: user.countyAdmin, standards, today: today() })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCountyAdmin(request)
  const parsed = parseAllowanceStandardForm(await readForm(request))
  if (!parsed.ok) return json({ error: parsed.message }, { status: 400 })
  const result = await addAllowanceStandard(getDb(), user.countyName, parsed.input, { actorUserId: user.id, at: now(), ip: clientAddress(request) })
  if (!result.ok) return json({ error: result.problem === 'duplicate' ? s.duplicate : t.errors.generic }, { status: 422 })
  return redirect(`/county/standards?added=${parsed.input.area}:${parsed.input.effectiveFrom}`)
}

export default function AllowanceStandardsPage() {
  const { countyName, canAdd, standards } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const added = /^(urban|rural):(\d{4}-\d{2}-\d{2})$/.exec(params.get('added') ?? '')
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1>
        {countyName} · {s.title}
      </h1>
      <p className="text-sm">{s.intro}</p>
      {added && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(s.added, { area: ec.areas[added[1] as 'urban' | 'rural'], from: added[2] })}
        </p>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="standards-heading">
        <h2 id="standards-heading">{s.title}</h2>
        {standards.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">{canAdd ? s.noneAdmin : s.noneViewer}</p>
        ) : (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">{s.area}</th>
                <th scope="col">{s.effectiveFrom}</th>
                <th scope="col" className="text-right">
                  {s.monthly}
                </th>
                <th scope="col">{s.supplements}</th>
                <th scope="col">{s.createdBy}</th>
              </tr>
            </thead>
            <tbody>
              {standards.map((st) => (
                <tr key={st.id}>
                  <td className="whitespace-nowrap">
                    {ec.areas[st.area]}
                    {st.inForce ? <span className="ml-1 rounded bg-green-100 px-1 text-xs text-green-800">{s.inForce}</span> : null}
                  </td>
                  <td className="whitespace-nowrap">{st.effectiveFrom}</td>
                  <td className="whitespace-nowrap text-right">{yuan(st.monthlyFen)}</td>
                  <td className="text-sm">
                    {SUPPLEMENT_KINDS.filter((k) => st.supplementsFen[k] > 0)
                      .map((k) => `${ec.supplementKinds[k]} ${yuan(st.supplementsFen[k])}`)
                      .join('；') || s.supplementNone}
                  </td>
                  <td>{st.createdBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canAdd ? (
        <section className="card space-y-3" aria-labelledby="add-standard-heading">
          <h2 id="add-standard-heading">{s.addTitle}</h2>
          <p className="text-sm text-slate-600">{s.addHint}</p>
          {actionData?.error ? (
            <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
              {actionData.error}
            </p>
          ) : null}
          <Form method="post" className="space-y-3">
            <fieldset>
              <legend className="label">{s.area}</legend>
              {HOUSEHOLD_AREAS.map((area) => (
                <label key={area} className="mr-4 inline-flex min-h-[44px] items-center gap-2">
                  <input type="radio" name="area" value={area} required className="h-5 w-5" />
                  <span>{ec.areas[area]}</span>
                </label>
              ))}
            </fieldset>
            <div>
              <label htmlFor="standard-from" className="label">
                {s.effectiveFrom}
              </label>
              <input id="standard-from" name="effectiveFrom" type="date" required className="field" />
            </div>
            <div>
              <label htmlFor="standard-monthly" className="label">
                {s.monthlyField}
              </label>
              <input id="standard-monthly" name="monthly" inputMode="decimal" required maxLength={20} className="field" />
            </div>
            {SUPPLEMENT_KINDS.map((kind) => (
              <div key={kind}>
                <label htmlFor={`standard-${kind}`} className="label">
                  {format(s.supplementField, { kind: ec.supplementKinds[kind] })}
                </label>
                <input id={`standard-${kind}`} name={`supplement_${kind}`} inputMode="decimal" maxLength={20} className="field" />
              </div>
            ))}
            <button type="submit" className="btn">
              {s.submit}
            </button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to="/county">{s.back}</Link>
      </p>
    </div>
  )
}
