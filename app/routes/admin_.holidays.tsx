// /admin/holidays — 节假日与调休: the administrator's corrections to the official holiday calendar that working-day
// deadlines follow (workflows/rules/workingDays.ts), and which years that calendar holds. Administrators only.
// Plain forms (a POST per save and per delete) that work without JavaScript.
// The file is admin_.holidays (not admin.holidays) so the page does not render inside admin.tsx, which has no <Outlet />.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { parseHolidayOverride } from '~/forms/holidays.server'
import { beijingTime, format } from '~/i18n'
import { holidays } from '~/i18n/zh-CN/admin'
import { app, errors } from '~/i18n/zh-CN/common'
import {
  deleteHolidayOverride,
  getHolidaySettings,
  HOLIDAY_OVERRIDE_LIMITS,
  holidayScopeOf,
  saveHolidayOverride,
  type HolidayOverrideProblem,
  type HolidayOverrideView,
} from '~/models/holidays.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { isDay } from '../../workflows/rules/dates'
import type { DayReason } from '../../workflows/rules/workingDays'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, holidays }

export const meta: MetaFunction = () => [{ title: `${t.holidays.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  // the administrator's own township's corrections only (issue 11)
  const settings = await getHolidaySettings(getDb(), today(), holidayScopeOf(user))
  return json({ ...settings, limits: HOLIDAY_OVERRIDE_LIMITS })
}

type Limits = { note: number; firstYear: number; lastYear: number }

const PROBLEM_FIELD: Record<HolidayOverrideProblem, 'day' | 'kind' | 'note'> = {
  invalidDay: 'day',
  yearOutOfRange: 'day',
  invalidKind: 'kind',
  noteTooLong: 'note',
  noteControlCharacters: 'note',
}

function problemMessage(problem: HolidayOverrideProblem): string {
  const l = HOLIDAY_OVERRIDE_LIMITS
  switch (problem) {
    case 'invalidDay':
      return t.holidays.errors.invalidDay
    case 'yearOutOfRange':
      return format(t.holidays.errors.yearOutOfRange, { first: l.firstYear, last: l.lastYear })
    case 'invalidKind':
      return t.holidays.errors.kindRequired
    case 'noteTooLong':
      return format(t.holidays.errors.noteTooLong, { max: l.note })
    case 'noteControlCharacters':
      return t.errors.controlCharacters
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  const formData = await readForm(request)
  // the scope is the administrator's township, never a form field: another township's corrections are out of reach
  const who = { actorUserId: user.id, townshipId: user.townshipId, at: now(), ip: clientAddress(request) }
  if (formData.get('intent') === 'delete') {
    const day = String(formData.get('day') ?? '').trim()
    const deleted = await deleteHolidayOverride(getDb(), day, who)
    if (!deleted) return json({ intent: 'delete' as const, error: format(t.holidays.errors.notFound, { day: isDay(day) ? day : '' }) }, { status: 404 })
    return redirect(`/admin/holidays?deleted=${day}`)
  }
  const submission = parseHolidayOverride(formData)
  if (submission.status !== 'success') return json({ intent: 'save' as const, result: submission.reply() }, { status: 400 })
  const { day, kind, note } = submission.value
  const result = await saveHolidayOverride(getDb(), { day, kind, note: note ?? null }, who)
  if (!result.ok) {
    return json(
      { intent: 'save' as const, result: submission.reply({ fieldErrors: { [PROBLEM_FIELD[result.problem]]: [problemMessage(result.problem)] } }) },
      { status: 422 },
    )
  }
  return redirect(`/admin/holidays?saved=${day}`)
}

function yearsText(ranges: Array<[number, number]>): string {
  return ranges
    .map(([first, last]) => (first === last ? format(t.holidays.yearSingle, { year: first }) : format(t.holidays.yearRange, { first, last })))
    .join(t.holidays.yearSeparator)
}

function officialText(o: HolidayOverrideView): string {
  const s = o.official
  // the official calendar alone: never 'override'
  const text = format(t.holidays.officialStatus[s.reason as Exclude<DayReason, 'override'>], { name: s.name ?? '' })
  return s.covered ? text : `${text}${t.holidays.officialStatus.notCovered}`
}

export default function HolidaysPage() {
  const { overrides, officialYears, yearsAheadNotCovered, limits } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const saved = searchParams.get('saved')
  const deleted = searchParams.get('deleted')
  const busy = navigation.state === 'submitting'
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link to="/admin">{t.holidays.backToAdmin}</Link>
      </p>
      <h1>{t.holidays.title}</h1>
      <p className="text-sm text-slate-600">{t.holidays.intro}</p>

      {saved && isDay(saved) && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(t.holidays.saved, { day: saved })}
        </p>
      ) : null}
      {deleted && isDay(deleted) && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(t.holidays.deleted, { day: deleted })}
        </p>
      ) : null}
      {actionData?.intent === 'delete' ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}

      <section className="card space-y-2" aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">{t.holidays.coverageTitle}</h2>
        <p>{format(t.holidays.covered, { years: yearsText(officialYears) })}</p>
        {yearsAheadNotCovered.length ? (
          <p role="note" className="rounded bg-amber-50 p-2 text-amber-900">
            {format(t.holidays.notCovered, { years: yearsText(yearsAheadNotCovered.map((y) => [y, y] as [number, number])) })}
          </p>
        ) : null}
        <p className="text-sm text-slate-600">{t.holidays.scope}</p>
      </section>

      <section className="card overflow-x-auto" aria-labelledby="overrides-heading">
        <h2 id="overrides-heading">{t.holidays.listTitle}</h2>
        {overrides.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t.holidays.none}</p>
        ) : (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">{t.holidays.day}</th>
                <th scope="col">{t.holidays.kind}</th>
                <th scope="col">{t.holidays.note}</th>
                <th scope="col">{t.holidays.official}</th>
                <th scope="col">{t.holidays.updatedAt}</th>
                <th scope="col">{t.holidays.actions}</th>
              </tr>
            </thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.day}>
                  <td className="whitespace-nowrap">{o.day}</td>
                  <td className="whitespace-nowrap">{t.holidays.kinds[o.kind]}</td>
                  <td className="break-words">{o.note ?? ''}</td>
                  <td>
                    {officialText(o)}
                    {o.sameAsOfficial ? <span className="block text-xs text-slate-500">{t.holidays.sameAsOfficial}</span> : null}
                  </td>
                  <td className="whitespace-nowrap">{beijingTime(o.updatedAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="day" value={o.day} />
                      <button type="submit" className="btn-secondary" disabled={busy}>
                        {t.holidays.delete}
                        <span className="sr-only">{format(t.holidays.deleteDay, { day: o.day })}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {/* a fresh form after each save or delete (the URL changes), so the fields empty */}
      <OverrideForm key={searchParams.toString()} limits={limits} lastResult={actionData?.intent === 'save' ? actionData.result : undefined} busy={busy} />
    </div>
  )
}

function OverrideForm({ limits, lastResult, busy }: { limits: Limits; lastResult: SubmissionResult<string[]> | undefined; busy: boolean }) {
  // validated on the server (app/forms/holidays.server.ts, ADR 005): no schema in the browser
  const [form, fields] = useForm({ id: 'holiday-override', lastResult, shouldValidate: 'onSubmit' })
  return (
    <section className="card" aria-labelledby="override-form-heading">
      <h2 id="override-form-heading">{t.holidays.formTitle}</h2>
      <p className="mt-1 text-sm text-slate-600">{t.holidays.formHint}</p>
      <Form method="post" className="mt-3 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <div>
          <label htmlFor={fields.day.id} className="label">
            {t.holidays.day}
          </label>
          <input
            {...getInputProps(fields.day, { type: 'date' })}
            className="field"
            aria-describedby={fields.day.errors ? `${fields.day.errorId} ${fields.day.descriptionId}` : fields.day.descriptionId}
          />
          <p id={fields.day.descriptionId} className="mt-1 text-xs text-slate-500">
            {t.holidays.dayHint}
          </p>
          {fields.day.errors ? (
            <p id={fields.day.errorId} className="field-error">
              {fields.day.errors.join(' ')}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={fields.kind.id} className="label">
            {t.holidays.kind}
          </label>
          <select {...getSelectProps(fields.kind)} className="field">
            <option value="">{t.holidays.kindPlaceholder}</option>
            <option value="holiday">{t.holidays.kinds.holiday}</option>
            <option value="workday">{t.holidays.kinds.workday}</option>
          </select>
          {fields.kind.errors ? (
            <p id={fields.kind.errorId} className="field-error">
              {fields.kind.errors.join(' ')}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={fields.note.id} className="label">
            {t.holidays.note}
          </label>
          <input
            {...getInputProps(fields.note, { type: 'text' })}
            className="field"
            maxLength={limits.note}
            aria-describedby={fields.note.errors ? `${fields.note.errorId} ${fields.note.descriptionId}` : fields.note.descriptionId}
          />
          <p id={fields.note.descriptionId} className="mt-1 text-xs text-slate-500">
            {format(t.holidays.noteHint, { max: limits.note })}
          </p>
          {fields.note.errors ? (
            <p id={fields.note.errorId} className="field-error">
              {fields.note.errors.join(' ')}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn" disabled={busy}>
          {t.holidays.save}
        </button>
      </Form>
    </section>
  )
}
