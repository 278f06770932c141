// The public notice's settings: kind (两榜公示 / 长期公示), period and the month whose allowance is listed. A plain GET form, so it works without
// JavaScript and the chosen period stays in the address (printable, bookmarkable). Used on the village's
// 打印与导出 page and on the notice page itself.
import { Form } from '@remix-run/react'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { standingNotice } from '~/i18n/zh-CN/publicNotices'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { exports: exportStrings, standingNotice }

const n = t.exports.notice

export type NoticeFormField = 'kind' | 'startOn' | 'endOn' | 'month'

export function NoticePeriodForm({
  action,
  values,
  errors = {},
  idPrefix = 'notice',
}: {
  action: string
  values: Record<Exclude<NoticeFormField, 'month'>, string> & { month?: string }
  errors?: Partial<Record<NoticeFormField, string>>
  idPrefix?: string
}) {
  const id = (field: string) => `${idPrefix}-${field}`
  const error = (field: NoticeFormField) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="field-error">
        {errors[field]}
      </p>
    ) : null
  return (
    <Form method="get" action={action} className="space-y-3" aria-label={n.form}>
      {Object.keys(errors).length ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {n.invalid}
        </p>
      ) : null}
      <fieldset>
        <legend className="label">{n.kind}</legend>
        <div className="flex flex-wrap gap-x-6">
          {(['twoLists', 'standing'] as const).map((kind) => (
            <label key={kind} className="inline-flex min-h-[44px] items-center gap-2">
              <input type="radio" name="kind" value={kind} defaultChecked={values.kind === kind} />
              {n.kinds[kind]}
            </label>
          ))}
        </div>
        {error('kind')}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={id('start')}>
            {n.startOn}
          </label>
          <input
            id={id('start')}
            name="start"
            type="date"
            className="field"
            defaultValue={values.startOn}
            required
            aria-invalid={errors.startOn ? true : undefined}
            aria-describedby={errors.startOn ? id('startOn-error') : undefined}
          />
          {error('startOn')}
        </div>
        <div>
          <label className="label" htmlFor={id('end')}>
            {n.endOn}
          </label>
          <input
            id={id('end')}
            name="end"
            type="date"
            className="field"
            defaultValue={values.endOn}
            aria-invalid={errors.endOn ? true : undefined}
            aria-describedby={errors.endOn ? id('endOn-error') : id('endOn-hint')}
          />
          {error('endOn') ?? (
            <p id={id('endOn-hint')} className="mt-1 text-xs text-slate-600">
              {n.endOnHint}
            </p>
          )}
        </div>
        <div>
          <label className="label" htmlFor={id('month')}>
            {t.standingNotice.month}
          </label>
          <input
            id={id('month')}
            name="month"
            type="month"
            className="field"
            defaultValue={values.month ?? ''}
            placeholder="2026-11"
            aria-invalid={errors.month ? true : undefined}
            aria-describedby={errors.month ? id('month-error') : id('month-hint')}
          />
          {error('month') ?? (
            <p id={id('month-hint')} className="mt-1 text-xs text-slate-600">
              {t.standingNotice.monthHint}
            </p>
          )}
        </div>
      </div>
      <button type="submit" className="btn">
        {n.submit}
      </button>
    </Form>
  )
}
