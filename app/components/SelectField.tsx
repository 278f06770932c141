// A labelled <select> of plain options (filters, an assignee, a step's choice): the label visible above it, the first
// option an "all" or "—" when the form allows none. Forms validated with conform keep their own (household/MemberForm).

export interface SelectOption {
  value: string | number
  label: string
}

export function SelectField({
  id,
  name,
  label,
  options,
  none,
  defaultValue,
  required,
}: {
  id: string
  name: string
  label: string
  options: readonly SelectOption[]
  /** the text of a first, empty option (全部 …, —) */
  none?: string
  defaultValue?: string | number
  required?: boolean
}) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} required={required} className="field">
        {none !== undefined ? <option value="">{none}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
