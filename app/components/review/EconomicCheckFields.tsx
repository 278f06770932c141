// The review form's 家庭经济状况核查 (monthly income by kind with its source, property with its source, the deposit
// amount) and a 情况说明 per flagged 重点核查 situation. Plain fields of the review's conform form (flat names, see
// app/models/economicCheckForm.server.ts), each with a visible label.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import { format } from '~/i18n'
import { economicCheck, reviewCompleteness } from '~/i18n/zh-CN/economicCheck'
import { FieldErrors, TextField } from '~/components/TextField'
import { yuanBrief } from '~/utils/format'
import { DEPOSIT_THRESHOLD_FEN, FIGURE_SOURCES, INCOME_KINDS, PROPERTY_ITEMS } from '../../../workflows/rules/economicCheck'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { economicCheck, reviewCompleteness }

const ec = t.economicCheck
const rc = t.reviewCompleteness

type Fields = Record<string, FieldMetadata<string>>

function SourceSelect({ field, item }: { field: FieldMetadata<string>; item: string }) {
  return (
    <div>
      <label htmlFor={field.id} className="label">
        {format(ec.figureSource, { item })}
      </label>
      <select {...getSelectProps(field)} key={field.key} className="field aria-[invalid=true]:border-red-600">
        <option value="">{ec.sourceNone}</option>
        {FIGURE_SOURCES.map((s) => (
          <option key={s} value={s}>
            {ec.figureSources[s]}
          </option>
        ))}
      </select>
      <FieldErrors field={field} />
    </div>
  )
}

export function EconomicCheckFields({ fields }: { fields: Fields }) {
  return (
    <fieldset className="card min-w-0 space-y-3">
      <legend className="px-1 font-semibold">{ec.section}</legend>
      <p className="text-xs text-slate-500">{ec.hint}</p>
      <h3 className="text-sm font-semibold">{ec.incomesTitle}</h3>
      {INCOME_KINDS.map((kind) => (
        <div key={kind} className="grid gap-2 border-t border-slate-100 pt-2 sm:grid-cols-2">
          <TextField field={fields[`income_${kind}`]} label={format(ec.incomeAmount, { kind: ec.incomeKinds[kind] })} inputMode="decimal" />
          <SourceSelect field={fields[`incomeSource_${kind}`]} item={ec.incomeKinds[kind]} />
        </div>
      ))}
      <h3 className="text-sm font-semibold">{ec.propertyTitle}</h3>
      {PROPERTY_ITEMS.map((item) => {
        const present = fields[`property_${item}`]
        return (
          <div key={item} className="grid gap-2 border-t border-slate-100 pt-2 sm:grid-cols-2">
            <label htmlFor={present.id} className="flex min-h-[44px] items-center gap-2">
              <input {...getInputProps(present, { type: 'checkbox' })} key={present.key} className="h-5 w-5 shrink-0" />
              <span>{format(ec.propertyPresent, { item: ec.propertyItems[item] })}</span>
            </label>
            <SourceSelect field={fields[`propertySource_${item}`]} item={ec.propertyItems[item]} />
            {item === 'deposits' ? (
              <TextField
                field={fields.depositAmount}
                label={ec.depositAmount}
                hint={format(ec.depositThreshold, { amount: yuanBrief(DEPOSIT_THRESHOLD_FEN) })}
                inputMode="decimal"
              />
            ) : null}
          </div>
        )
      })}
    </fieldset>
  )
}

/** A note per flagged situation (the household's 重点核查 reasons as last saved). */
export function SituationNoteFields({ fields, reasons }: { fields: Fields; reasons: readonly string[] }) {
  if (reasons.length === 0) return null
  const labels = rc.reasons as Record<string, string>
  return (
    <fieldset className="card min-w-0 space-y-3">
      <legend className="px-1 font-semibold">{rc.keyCheckTitle}</legend>
      <p className="text-sm">{format(rc.keyCheckHousehold, { reasons: reasons.map((r) => labels[r] ?? r).join('、') })}</p>
      {reasons.map((reason) => {
        const field = fields[`note_${reason}`]
        return (
          <div key={reason}>
            <label htmlFor={field.id} className="label">
              {format(rc.situationNote, { situation: labels[reason] ?? reason })}
            </label>
            <textarea {...getTextareaProps(field)} key={field.key} rows={2} className="field aria-[invalid=true]:border-red-600" />
            <FieldErrors field={field} />
          </div>
        )
      })}
    </fieldset>
  )
}
