// 县级入户抽查 (/county/sample): the county's list per township (sampled / checked / inconsistent, the 100% lists'
// progress), the townships behind, the household list with its filters; the county administrator draws a list and
// assigns households to the county's staff. A township leader reads their own township's results; nobody else.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseCountySampleForm, parseSampleFilters } from '~/forms/countySample.server'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { countySample } from '~/i18n/zh-CN/countySample'
import { assignSampleHouseholds } from '~/models/countySample/check.server'
import { createCountySample } from '~/models/countySample/draw.server'
import { getCountySamplePage, sampleViewerOf } from '~/models/countySample/page.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { forbidden, notFound, requireCountyAdmin, requireRole } from '~/utils/permissions.server'
import { MIN_SAMPLE_PERCENT, SAMPLE_LIST_MAX, SEED_MAX_LENGTH } from '../../workflows/rules/countySample'
import { SampleFigures, SampleAttention } from '~/components/CountySample'
import { SelectField } from '~/components/SelectField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, countySample, errors }

const s = t.countySample

export const meta: MetaFunction = () => [{ title: `${s.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county', 'leader'])
  const viewer = sampleViewerOf(user) ?? forbidden()
  const page = await getCountySamplePage(getDb(), viewer, parseSampleFilters(new URL(request.url).searchParams), today())
  if (!page) notFound()
  return json({ ...page, today: today() })
}

export async function action({ request }: ActionFunctionArgs) {
  const form = parseCountySampleForm(await readForm(request))
  if (!form) return json({ error: t.errors.generic }, { status: 400 })
  const user = await requireCountyAdmin(request)
  const actor = { userId: user.id, at: now(), ip: clientAddress(request) }
  if (form.intent === 'draw') {
    const result = await createCountySample(
      getDb(),
      { countyName: user.countyName, seed: form.seed, percent: form.percent, note: form.note, today: today() },
      actor,
    )
    if (!result.ok) return json({ error: s.errors[result.problem] }, { status: 422 })
    return redirect(`/county/sample?drawn=${result.sampleId}`)
  }
  if (form.assigneeUserId === null) return json({ error: s.errors.assignee }, { status: 422 })
  const result = await assignSampleHouseholds(
    getDb(),
    { countyName: user.countyName, sampleId: form.sampleId, assigneeUserId: form.assigneeUserId, rowIds: form.rowIds, townshipId: form.townshipId },
    actor,
  )
  if (!result.ok) return json({ error: s.errors[result.problem] }, { status: result.problem === 'notFound' ? 404 : 422 })
  return redirect(`/county/sample?assigned=${result.count}`)
}

function DrawForm() {
  return (
    <section className="card space-y-3" aria-labelledby="draw-heading">
      <h2 id="draw-heading">{s.drawTitle}</h2>
      <p className="text-sm text-slate-600">{s.drawHint}</p>
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="draw" />
        <div>
          <label htmlFor="sample-seed" className="label">
            {s.seed}
          </label>
          <input id="sample-seed" name="seed" maxLength={SEED_MAX_LENGTH} className="field" aria-describedby="sample-seed-hint" />
          <p id="sample-seed-hint" className="text-xs text-slate-600">
            {s.seedHint}
          </p>
        </div>
        <div>
          <label htmlFor="sample-percent" className="label">
            {s.percent}
          </label>
          <input
            id="sample-percent"
            name="percent"
            type="number"
            inputMode="numeric"
            min={MIN_SAMPLE_PERCENT}
            max={100}
            step={1}
            defaultValue={MIN_SAMPLE_PERCENT}
            required
            className="field"
            aria-describedby="sample-percent-hint"
          />
          <p id="sample-percent-hint" className="text-xs text-slate-600">
            {s.percentHint}
          </p>
        </div>
        <div>
          <label htmlFor="sample-note" className="label">
            {s.note}
          </label>
          <input id="sample-note" name="note" maxLength={200} className="field" />
        </div>
        <button type="submit" className="btn">
          {s.drawSubmit}
        </button>
      </Form>
    </section>
  )
}

export default function CountySamplePage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { summary, list, canManage, staff, townships } = data
  const assigned = params.get('assigned')
  const filterTownship = params.get('township') ?? ''
  const filterAssignee = params.get('assignee') ?? ''
  const filterStatus = params.get('status') ?? ''
  const isCounty = data.canCheck
  return (
    <div className="space-y-4">
      <div>
        <h1>
          {data.countyName} · {s.title}
        </h1>
        <p className="mt-1 text-sm">{isCounty ? s.intro : s.leaderIntro}</p>
        {isCounty ? (
          <p className="no-print mt-1 text-sm">
            <Link to="/county">{s.back}</Link>
          </p>
        ) : null}
      </div>
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {summary && params.get('drawn') === String(summary.sample.id) && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(s.drawn, { seed: summary.sample.seed, count: summary.sample.households })}
        </p>
      ) : null}
      {assigned && /^\d+$/.test(assigned) && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(s.assigned, { count: assigned })}
        </p>
      ) : null}

      {summary ? (
        <>
          <p className="text-sm font-medium">
            {format(s.current, { date: summary.sample.drawnOn, seed: summary.sample.seed, percent: summary.sample.percent, count: summary.sample.households })}
            {summary.sample.drawnBy ? ` ${format(s.drawnBy, { name: summary.sample.drawnBy })}` : null}
          </p>
          <SampleAttention attention={summary.attention} />
          <SampleFigures summary={summary} />
        </>
      ) : (
        <p className="card text-sm">{isCounty ? s.none : s.noneLeader}</p>
      )}

      {canManage ? <DrawForm /> : null}

      {summary ? (
        <section className="card space-y-3" aria-labelledby="list-heading">
          <h2 id="list-heading">{s.list}</h2>
          <p className="text-xs text-slate-600">{format(s.listHint, { max: SAMPLE_LIST_MAX })}</p>
          <Form method="get" className="flex flex-wrap items-end gap-3">
            {isCounty ? (
              <SelectField
                id="filter-township"
                name="township"
                label={s.filterTownship}
                none={s.allTownships}
                defaultValue={filterTownship}
                options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
              />
            ) : null}
            {isCounty ? (
              <SelectField
                id="filter-assignee"
                name="assignee"
                label={s.filterAssignee}
                none={s.allAssignees}
                defaultValue={filterAssignee}
                options={[{ value: 'none', label: s.unassigned }, ...staff.map((u) => ({ value: u.id, label: u.name }))]}
              />
            ) : null}
            <SelectField
              id="filter-status"
              name="status"
              label={s.filterStatus}
              none={s.allStatuses}
              defaultValue={filterStatus}
              options={(['unchecked', 'checked', 'inconsistent'] as const).map((st) => ({ value: st, label: s.statuses[st] }))}
            />
            <button type="submit" className="btn-secondary">
              {s.filterSubmit}
            </button>
          </Form>
          {canManage ? (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="sampleId" value={summary.sample.id} />
              <fieldset className="space-y-2 rounded border border-slate-200 p-2">
                <legend className="px-1 font-medium">{s.assignTitle}</legend>
                <p className="text-xs text-slate-600">{s.assignHint}</p>
                <div className="flex flex-wrap items-end gap-3">
                  <SelectField
                    id="assign-to"
                    name="assigneeUserId"
                    label={s.assignTo}
                    none="—"
                    required
                    options={staff.map((u) => ({ value: u.id, label: u.name }))}
                  />
                  <SelectField
                    id="assign-township"
                    name="townshipId"
                    label={s.assignTownship}
                    none="—"
                    options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
                  />
                  <button type="submit" name="intent" value="assignSelected" className="btn">
                    {s.assignSelected}
                  </button>
                  <button type="submit" name="intent" value="assignTownship" className="btn-secondary">
                    {s.assignWholeTownship}
                  </button>
                </div>
              </fieldset>
              <SampleList rows={list.rows} selectable />
            </Form>
          ) : (
            <SampleList rows={list.rows} selectable={false} />
          )}
        </section>
      ) : null}
    </div>
  )
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['list']['rows'][number]

function SampleList({ rows, selectable }: { rows: Row[]; selectable: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">{s.empty}</p>
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            {selectable ? (
              <th scope="col">
                <span className="sr-only">{s.selectColumn}</span>
              </th>
            ) : null}
            <th scope="col">{s.head}</th>
            <th scope="col">{s.township}</th>
            <th scope="col">{s.village}</th>
            <th scope="col">{s.reasons}</th>
            <th scope="col">{s.assignee}</th>
            <th scope="col">{s.visitedOn}</th>
            <th scope="col">{s.finding}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {selectable ? (
                <td>
                  <input
                    type="checkbox"
                    name="rowIds"
                    value={r.id}
                    id={`row-${r.id}`}
                    className="h-5 w-5"
                    aria-label={format(s.select, { name: r.headName })}
                  />
                </td>
              ) : null}
              <th scope="row" className="whitespace-nowrap">
                <Link to={r.path}>{r.headName}</Link>
              </th>
              <td className="whitespace-nowrap">{r.townshipName}</td>
              <td className="whitespace-nowrap">{r.villageName}</td>
              <td>{r.reasons.map((reason) => s.reasonLabels[reason]).join('、')}</td>
              <td className="whitespace-nowrap">{r.assignee ?? s.unassigned}</td>
              <td className="whitespace-nowrap">{r.visitedOn ?? s.notChecked}</td>
              <td className={r.finding === 'inconsistent' ? 'font-medium text-red-700' : undefined}>{r.finding ? s.findings[r.finding] : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
