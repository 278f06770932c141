// 家庭成员 as a form: one fieldset a member ("成员 1（户主）"), every field with its visible label, a 删除 box on the
// stored members after the head, two blank fieldsets for new members, and "保存家庭成员". A plain POST that works
// without JavaScript on a 360-px phone; the hidden `version` (the household's) refuses to overwrite a newer save.
// Stored ID numbers are never sent to the page: the field stays empty and shows the masked number beside it.
import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { format } from '~/i18n'
import { members } from '~/i18n/zh-CN/members'
import { FieldErrors } from '~/components/TextField'
import type { MemberView } from '~/models/householdMembers.server'
import { MEMBER_DISABILITY, MEMBER_HEALTH, MEMBER_RELATIONS, MEMBER_WORK_STATUSES } from '../../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { members }

const m = t.members

type Row = {
  id: string
  name: string
  relation: string
  idNumber: string
  covered: string
  health: string
  disability: string
  workStatus: string
  remove: string
}
type MembersForm = { version: string; members: Row[] }

function Select({
  field,
  label,
  options,
  labels,
  placeholder,
}: {
  field: FieldMetadata<string>
  label: string
  options: readonly string[]
  labels: Record<string, string>
  placeholder?: string
}) {
  return (
    <div>
      <label htmlFor={field.id} className="label">
        {label}
      </label>
      <select {...getSelectProps(field)} key={field.key} className="field aria-[invalid=true]:border-red-600">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o]}
          </option>
        ))}
      </select>
      <FieldErrors field={field as FieldMetadata<unknown>} />
    </div>
  )
}

function Check({ field, label }: { field: FieldMetadata<string>; label: string }) {
  return (
    <label htmlFor={field.id} className="flex min-h-[44px] items-center gap-2">
      <input {...getInputProps(field, { type: 'checkbox' })} key={field.key} className="h-5 w-5 shrink-0" />
      <span>{label}</span>
    </label>
  )
}

export function MemberForm({
  defaults,
  stored,
  lastResult,
}: {
  defaults: { version: string; members: Array<Partial<Record<keyof Row, string>>> }
  /** the stored members, by id, for the masked ID number shown beside an empty field */
  stored: MemberView[]
  lastResult?: SubmissionResult<string[]>
}) {
  const [form, fields] = useForm<MembersForm>({ id: 'members', lastResult, defaultValue: defaults as Partial<MembersForm>, shouldValidate: 'onSubmit' })
  const storedById = new Map(stored.map((s) => [String(s.id), s]))
  const rows = fields.members.getFieldList()
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="version" value={defaults.version} />
      {form.errors?.length ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {m.errors.invalid}
        </p>
      ) : null}
      <FieldErrors field={fields.members as FieldMetadata<unknown>} />
      {rows.map((row, i) => {
        const f = row.getFieldset()
        const id = defaults.members[i]?.id ?? ''
        const member = storedById.get(id)
        const legend = i === 0 ? format(m.legendHead, { n: 1 }) : member ? format(m.legend, { n: i + 1 }) : format(m.legendNew, { n: i + 1 })
        return (
          <fieldset key={row.key} className="card space-y-2">
            <legend className="font-medium">{legend}</legend>
            <input type="hidden" name={f.id.name} value={id} />
            <div>
              <label htmlFor={f.name.id} className="label">
                {m.columns.name}
              </label>
              <input {...getInputProps(f.name, { type: 'text' })} key={f.name.key} className="field aria-[invalid=true]:border-red-600" autoComplete="off" />
              <FieldErrors field={f.name as FieldMetadata<unknown>} />
            </div>
            <Select field={f.relation} label={m.columns.relation} options={MEMBER_RELATIONS} labels={m.relations} placeholder={m.choose} />
            <div>
              <label htmlFor={f.idNumber.id} className="label">
                {m.columns.idNumber}
              </label>
              <input
                {...getInputProps(f.idNumber, { type: 'text', ariaDescribedBy: member?.maskedIdNumber ? `${f.idNumber.id}-stored` : undefined })}
                key={f.idNumber.key}
                className="field font-mono aria-[invalid=true]:border-red-600"
                inputMode="text"
                autoComplete="off"
              />
              {member?.maskedIdNumber ? (
                <p id={`${f.idNumber.id}-stored`} className="mt-1 text-xs text-slate-600">
                  {format(m.storedId, { masked: member.maskedIdNumber })}
                </p>
              ) : null}
              <FieldErrors field={f.idNumber as FieldMetadata<unknown>} />
            </div>
            <Check field={f.covered} label={m.columns.covered} />
            <Select field={f.health} label={m.columns.health} options={MEMBER_HEALTH} labels={m.health} />
            <Select field={f.disability} label={m.columns.disability} options={MEMBER_DISABILITY} labels={m.disability} />
            <Select field={f.workStatus} label={m.columns.workStatus} options={MEMBER_WORK_STATUSES} labels={m.workStatus} />
            {member && i > 0 ? <Check field={f.remove} label={m.remove} /> : null}
          </fieldset>
        )
      })}
      <button type="submit" className="btn">
        {m.save}
      </button>
    </Form>
  )
}
