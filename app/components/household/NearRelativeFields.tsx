// The 近亲属备案 fields (是否村(居)干部/经办人员近亲属, 相关干部, 备案日期, 备案说明): plain inputs, so the form works
// without JavaScript. Used by the household's filing form and the 漏保 form; `prefix` keeps their names apart there.
import { format } from '~/i18n'
import { roles } from '~/i18n/zh-CN/common'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import type { OfficialOption } from '~/models/nearRelatives.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { nearRelatives, roles }

const n = t.nearRelatives

export interface NearRelativeDefaults {
  filed: boolean
  officialUserId: number | null
  officialName: string | null
  filedOn: string | null
  note: string | null
}

export function officialLabel(o: OfficialOption): string {
  return format(n.officialOption, { name: o.name, role: t.roles[o.role], village: o.villageName ? `·${o.villageName}` : '' })
}

export function NearRelativeFields({
  defaults,
  officials,
  today,
  errors = {},
  prefix = '',
}: {
  defaults: NearRelativeDefaults
  officials: OfficialOption[]
  today: string
  errors?: { filedOn?: string; official?: string }
  prefix?: string
}) {
  const name = (field: string) => (prefix ? `${prefix}${field[0].toUpperCase()}${field.slice(1)}` : field)
  const id = (field: string) => `nr-${name(field)}`
  return (
    <fieldset className="space-y-3 rounded border border-slate-300 p-3">
      <legend className="px-1 font-semibold">{n.section}</legend>
      <label htmlFor={id('filed')} className="flex min-h-[44px] items-center gap-2">
        <input type="checkbox" id={id('filed')} name={name('filed')} defaultChecked={defaults.filed} className="h-5 w-5 shrink-0" />
        <span>{n.filed}</span>
      </label>
      <div>
        <label htmlFor={id('officialUserId')} className="label">
          {n.official}
        </label>
        <select
          id={id('officialUserId')}
          name={name('officialUserId')}
          defaultValue={defaults.officialUserId ?? ''}
          className="field"
          aria-describedby={`${id('officialUserId')}-hint${errors.official ? ` ${id('official')}-error` : ''}`}
          aria-invalid={errors.official ? true : undefined}
        >
          <option value="">{n.officialNone}</option>
          {officials.map((o) => (
            <option key={o.id} value={o.id}>
              {officialLabel(o)}
            </option>
          ))}
        </select>
        <p id={`${id('officialUserId')}-hint`} className="text-xs text-slate-600">
          {n.officialHint}
        </p>
      </div>
      <div>
        <label htmlFor={id('officialName')} className="label">
          {n.officialName}
        </label>
        <input
          id={id('officialName')}
          name={name('officialName')}
          defaultValue={defaults.officialName ?? ''}
          maxLength={50}
          autoComplete="off"
          className="field"
        />
        {errors.official ? (
          <p id={`${id('official')}-error`} className="field-error">
            {errors.official}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={id('filedOn')} className="label">
          {n.filedOn}
        </label>
        <input
          id={id('filedOn')}
          name={name('filedOn')}
          type="date"
          max={today}
          defaultValue={defaults.filedOn ?? ''}
          className="field"
          aria-invalid={errors.filedOn ? true : undefined}
          aria-describedby={errors.filedOn ? `${id('filedOn')}-error` : undefined}
        />
        {errors.filedOn ? (
          <p id={`${id('filedOn')}-error`} className="field-error">
            {errors.filedOn}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={id('note')} className="label">
          {n.note}
        </label>
        <input id={id('note')} name={name('note')} defaultValue={defaults.note ?? ''} maxLength={300} autoComplete="off" className="field" />
      </div>
    </fieldset>
  )
}
