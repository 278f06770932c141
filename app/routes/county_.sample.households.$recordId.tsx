// One household of the county's sample (/county/sample/households/:recordId): its check record — 入户日期 and the
// finding (一致 / 不一致 with what was found) — saved by a county user with the version it was loaded with; an
// inconsistent finding registers a 县级抽查 problem in the village's register (once). A township leader reads it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { parseSampleCheckForm } from '~/forms/countySample.server'
import { format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { countySample } from '~/i18n/zh-CN/countySample'
import { problemCategories } from '~/i18n/zh-CN/problems'
import { saveSampleCheck } from '~/models/countySample/check.server'
import { getSampleRecordPage, sampleViewerOf } from '~/models/countySample/page.server'
import type { FieldConflict } from '~/models/versioned.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { yuan } from '~/utils/format'
import { readForm } from '~/utils/forms.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'
import { PROBLEM_CATEGORIES, SAMPLE_FINDINGS } from '../../workflows/rules/vocabulary'
import { SelectField } from '~/components/SelectField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, countySample, errors, problemCategories }

const s = t.countySample

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(s.recordTitle, { name: data.record.household.headName })} · ${t.app.name}` : t.app.name },
]

function recordId(raw: string | undefined): number {
  const id = Number(raw)
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : notFound()
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county', 'leader'])
  const viewer = sampleViewerOf(user) ?? forbidden()
  const page = await getSampleRecordPage(getDb(), viewer, recordId(params.recordId))
  if (page === 'forbidden') forbidden()
  if (!page) notFound()
  return json({ ...page, today: today() })
}

type ActionData = { error: string | null; conflict: FieldConflict[] | null }

export async function action({ request, params }: ActionFunctionArgs) {
  const form = parseSampleCheckForm(await readForm(request))
  if (!form) return json<ActionData>({ error: t.errors.generic, conflict: null }, { status: 400 })
  const user = await requireRole(request, ['county'])
  if (!user.countyName) forbidden()
  if ('missing' in form) return json<ActionData>({ error: s.errors.finding, conflict: null }, { status: 422 })
  const id = recordId(params.recordId)
  const result = await saveSampleCheck(
    getDb(),
    {
      countyName: user.countyName,
      recordId: id,
      visitedOn: form.visitedOn,
      finding: form.finding,
      findingReasons: form.findingReasons || null,
      category: form.category,
      expectedVersion: form.version,
      today: today(),
    },
    { userId: user.id, at: now(), ip: clientAddress(request) },
  )
  if (result.ok) return redirect(`/county/sample/households/${id}?saved=1`)
  if (result.kind === 'notFound') notFound()
  if (result.kind === 'conflict') return json<ActionData>({ error: null, conflict: result.changes }, { status: 409 })
  return json<ActionData>({ error: s.errors[result.field], conflict: null }, { status: 422 })
}

export default function SampleRecordPage() {
  const { record, canCheck, today: day } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const h = record.household
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p className="no-print text-sm">
        <Link to={`/county/sample?township=${record.townshipId}`}>{s.title}</Link>
      </p>
      <h1>{format(s.recordTitle, { name: h.headName })}</h1>
      <p className="text-sm text-slate-600">
        {record.townshipName} · {record.villageName}
      </p>
      {params.get('saved') === '1' && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {s.saved}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {actionData?.conflict ? (
        <ConflictNotice
          title={s.conflictTitle}
          intro={s.conflictIntro}
          items={actionData.conflict.map((c) => ({
            key: c.field,
            label: s.conflictFields[c.field as keyof typeof s.conflictFields] ?? c.field,
            theirs: shownValue(c.field === 'finding' && typeof c.theirs === 'string' ? s.findings[c.theirs as 'consistent'] : c.theirs),
            mine: shownValue(c.field === 'finding' && typeof c.mine === 'string' ? s.findings[c.mine as 'consistent'] : c.mine),
            by: c.by,
            at: c.at,
          }))}
        />
      ) : null}

      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{s.householdFacts}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt>{s.idNumber}</dt>
          <dd>{h.idNumberMasked}</dd>
          <dt>{s.category}</dt>
          <dd>{h.category}</dd>
          <dt>{s.memberCount}</dt>
          <dd>{h.memberCount}</dd>
          <dt>{s.monthlyAmount}</dt>
          <dd>{yuan(h.monthlyAmountFen)}</dd>
          <dt>{s.reasons}</dt>
          <dd>{record.reasons.map((r) => s.reasonLabels[r]).join('、')}</dd>
          <dt>{s.assignee}</dt>
          <dd>{record.assignee ?? s.unassigned}</dd>
        </dl>
      </section>

      {record.problemId !== null ? (
        <p role="note" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
          <Link to={`/villages/${record.villageId}/problems/${record.problemId}`}>{s.problemLinked}</Link>
        </p>
      ) : null}

      {canCheck ? (
        // keyed by version: after a conflict the form shows what is stored now, with the version to save over
        <Form key={`v-${record.version}`} method="post" className="card space-y-3" aria-labelledby="check-heading">
          <h2 id="check-heading">{s.checkTitle}</h2>
          <input type="hidden" name="version" value={record.version} />
          <div>
            <label htmlFor="visitedOn" className="label">
              {s.visitedOn}
            </label>
            <input id="visitedOn" name="visitedOn" type="date" required max={day} defaultValue={record.visitedOn ?? day} className="field" />
          </div>
          <fieldset>
            <legend className="label">{s.finding}</legend>
            {SAMPLE_FINDINGS.map((f) => (
              <label key={f} className="mr-4 inline-flex min-h-[44px] items-center gap-2">
                <input type="radio" name="finding" value={f} required defaultChecked={record.finding === f} className="h-5 w-5" />
                <span>{s.findings[f]}</span>
              </label>
            ))}
          </fieldset>
          <div>
            <label htmlFor="findingReasons" className="label">
              {s.findingReasons}
            </label>
            <textarea
              id="findingReasons"
              name="findingReasons"
              rows={4}
              maxLength={500}
              defaultValue={record.findingReasons ?? ''}
              className="field"
              aria-describedby="findingReasons-hint"
            />
            <p id="findingReasons-hint" className="text-xs text-slate-600">
              {s.findingReasonsHint}
            </p>
          </div>
          {record.problemId === null ? (
            <SelectField
              id="category"
              name="category"
              label={s.problemCategory}
              defaultValue="wrongful"
              options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t.problemCategories[c] }))}
            />
          ) : null}
          <button type="submit" className="btn">
            {s.save}
          </button>
        </Form>
      ) : (
        <section className="card space-y-1 text-sm" aria-labelledby="check-heading">
          <h2 id="check-heading">{s.checkTitle}</h2>
          <p>
            {s.visitedOn}：{record.visitedOn ?? s.notChecked}
          </p>
          <p>
            {s.finding}：{record.finding ? s.findings[record.finding] : '—'}
          </p>
          {record.findingReasons ? (
            <p>
              {s.findingReasons}：{record.findingReasons}
            </p>
          ) : null}
          <p className="text-slate-600">{s.readOnly}</p>
        </section>
      )}
    </div>
  )
}
