// Small pieces the supervision pages share: a field's error, a deadline given as a date or as working days,
// who answers for a case (问责), a form-level alert with who wrote in between.
import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { format } from '~/i18n'
import { supervision } from '~/i18n/zh-CN/supervision'
import type { ComplaintStatus, OrderStatus } from '~/models/supervisionRules'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { supervision }

export const ORDER_STATUS_STYLE: Record<OrderStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  answered: 'bg-violet-100 text-violet-900',
  accepted: 'bg-green-100 text-green-900',
}

export const COMPLAINT_STATUS_STYLE: Record<ComplaintStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  verified: 'bg-blue-100 text-blue-900',
  closed: 'bg-green-100 text-green-900',
}

export function FieldError({ field }: { field: { errors?: string[]; errorId: string } }) {
  return field.errors?.length ? (
    <p id={field.errorId} className="field-error">
      {field.errors.join(' ')}
    </p>
  ) : null
}

/** A deadline: a date, or N working days (the count wins when both are filled). */
export function DeadlineFields({
  legend,
  dateField,
  daysField,
  min,
  dateLabel = t.supervision.record.deadlineDate,
  daysLabel = t.supervision.record.deadlineDays,
  hint = t.supervision.record.deadlineHint,
}: {
  legend: string
  dateField: FieldMetadata<string | undefined>
  daysField: FieldMetadata<number | undefined>
  min?: string
  dateLabel?: string
  daysLabel?: string
  hint?: string
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="label">{legend}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={dateField.id} className="label font-normal">
            {dateLabel}
          </label>
          <input {...getInputProps(dateField, { type: 'date' })} min={min} className="field" />
          <FieldError field={dateField} />
        </div>
        <div>
          <label htmlFor={daysField.id} className="label font-normal">
            {daysLabel}
          </label>
          <input {...getInputProps(daysField, { type: 'number' })} inputMode="numeric" className="field" />
          <FieldError field={daysField} />
        </div>
      </div>
      <p className="text-xs text-slate-500">{hint}</p>
    </fieldset>
  )
}

export interface ResponsibleView {
  villageLeader: string | null
  villageCadres: string[]
  householdCadres?: Array<{ householdId: number; headName: string; cadre: string | null }>
}

/** 问责: who answers for this case, in the order a township official asks. */
export function ResponsibleList({ responsible, extra = [] }: { responsible: ResponsibleView; extra?: Array<{ label: string; value: string | null }> }) {
  const r = t.supervision.responsible
  const rows: Array<{ label: string; value: string }> = [
    { label: r.villageLeader, value: responsible.villageLeader ?? r.notSet },
    { label: r.villageCadres, value: responsible.villageCadres.length ? responsible.villageCadres.join('、') : r.notSet },
  ]
  if (responsible.householdCadres) {
    rows.push({
      label: r.householdCadres,
      value: responsible.householdCadres.length
        ? responsible.householdCadres.map((h) => format(r.householdCadre, { household: h.headName, cadre: h.cadre ?? r.notSet })).join('；')
        : r.noHouseholds,
    })
  }
  for (const e of extra) rows.push({ label: e.label, value: e.value ?? r.notSet })
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className="text-slate-500">{row.label}</dt>
          <dd className="break-words">{row.value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The form-level message: a refusal, or a conflict with who wrote in between. */
export function FormAlert({
  errors,
  id,
  saves,
}: {
  errors: string[] | undefined
  id: string
  saves?: Array<{ actor: string; at: string; action: string }> | null
}) {
  if (!errors?.length) return null
  return (
    <div role="alert" id={id} className="rounded bg-red-50 p-2 text-sm text-red-800">
      <p>{errors.join(' ')}</p>
      {saves?.length ? (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {saves.map((s, i) => (
            <li key={i}>{format(t.supervision.history.conflictEntry, { actor: s.actor, time: s.at, action: s.action })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
