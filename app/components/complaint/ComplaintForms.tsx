// The forms of a report's page (举报/信访), for leaders and inspectors: record the verification (件件有核实, a
// substantiated report goes into the village's problem register), name a dedicated supervisor (专人督办) with a
// deadline, and close the case (办结). Each is a plain POST the server parses (app/forms/supervision.server.ts).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { DeadlineFields, FieldError, FormAlert } from '~/components/SupervisionParts'
import { format } from '~/i18n'
import { roles } from '~/i18n/zh-CN/common'
import { problemCategories, problems } from '~/i18n/zh-CN/problems'
import { supervision } from '~/i18n/zh-CN/supervision'
import type { ComplaintDetail } from '~/models/complaints.server'
import { COMPLAINT_RESULTS, SUPERVISION_LIMITS } from '~/models/supervisionRules'
import { PROBLEM_CATEGORIES, type RoleKey } from '../../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problemCategories, problems, roles, supervision }

const C = t.supervision.complaints
const D = t.supervision.complaint

/** What the forms read of the page: the report, the problems a verification may link to, who may supervise, today. */
export interface ComplaintFormData {
  complaint: ComplaintDetail['complaint']
  problems: ComplaintDetail['problems']
  supervisors: ComplaintDetail['supervisors']
  today: string
}

/** What the action answered when a form was refused: which form, its errors, and who saved what in between. */
export type ComplaintFormReply =
  { form: 'verify' | 'assign' | 'close'; result: SubmissionResult<string[]>; saves: Array<{ actor: string; at: string; action: string }> | null } | undefined

export function VerifyComplaintForm({ data, actionData }: { data: ComplaintFormData; actionData: ComplaintFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{
    verifiedOn: string
    result: string
    note: string
    problemLink: string
    category: string
    problemDescription: string
    problemId: number
  }>({
    id: 'verify-complaint',
    lastResult: actionData?.form === 'verify' ? actionData.result : undefined,
    defaultValue: { verifiedOn: data.today, problemLink: 'new', problemDescription: data.complaint.content.slice(0, SUPERVISION_LIMITS.problemDescription) },
    shouldValidate: 'onSubmit',
  })
  const linkChoices = [
    { value: 'new', label: D.problemNew },
    ...(data.problems.length ? [{ value: 'existing', label: D.problemExisting }] : []),
    { value: 'none', label: D.problemNone },
  ]
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'verify' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.verifiedOn.id} className="label">
          {D.verifiedOn}
        </label>
        <input {...getInputProps(fields.verifiedOn, { type: 'date' })} min={data.complaint.receivedOn} max={data.today} className="field" />
        <FieldError field={fields.verifiedOn} />
      </div>
      <fieldset>
        <legend className="label">{D.resultLabel}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {COMPLAINT_RESULTS.map((r) => (
            <label key={r} className="flex min-h-[44px] items-center gap-2">
              <input
                type="radio"
                name={fields.result.name}
                value={r}
                defaultChecked={fields.result.initialValue === r}
                className="h-4 w-4"
                aria-describedby={fields.result.errors ? fields.result.errorId : undefined}
              />
              {C.results[r]}
            </label>
          ))}
        </div>
        <FieldError field={fields.result} />
      </fieldset>
      <div>
        <label htmlFor={fields.note.id} className="label">
          {D.noteLabel}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} className="field" />
        <FieldError field={fields.note} />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-300 p-3">
        <legend className="px-1 text-sm font-medium">{D.problemLabel}</legend>
        <div className="flex flex-col gap-1">
          {linkChoices.map((c) => (
            <label key={c.value} className="flex min-h-[36px] items-center gap-2">
              <input
                type="radio"
                name={fields.problemLink.name}
                value={c.value}
                defaultChecked={(fields.problemLink.initialValue ?? 'new') === c.value}
                className="h-4 w-4"
              />
              {c.label}
            </label>
          ))}
        </div>
        <FieldError field={fields.problemLink} />
        <div>
          <label htmlFor={fields.category.id} className="label">
            {D.category}
          </label>
          <select {...getSelectProps(fields.category)} className="field">
            <option value="">{C.register.choose}</option>
            {PROBLEM_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t.problemCategories[c]}
              </option>
            ))}
          </select>
          <FieldError field={fields.category} />
        </div>
        <div>
          <label htmlFor={fields.problemDescription.id} className="label">
            {D.problemDescription}
          </label>
          <textarea {...getTextareaProps(fields.problemDescription)} rows={3} className="field" />
          <FieldError field={fields.problemDescription} />
        </div>
        {data.problems.length ? (
          <div>
            <label htmlFor={fields.problemId.id} className="label">
              {D.existingProblem}
            </label>
            <select {...getSelectProps(fields.problemId)} className="field">
              <option value="">{C.register.choose}</option>
              {data.problems.map((p) => (
                <option key={p.id} value={p.id}>
                  {format(D.problemOption, {
                    id: p.id,
                    category: t.problemCategories[p.category],
                    status: t.problems.statuses[p.status],
                    description: p.description.slice(0, 30),
                  })}
                </option>
              ))}
            </select>
            <FieldError field={fields.problemId} />
          </div>
        ) : (
          <p className="text-xs text-slate-500">{D.noProblems}</p>
        )}
      </fieldset>
      <button type="submit" name="intent" value="verify" className="btn w-full sm:w-auto" disabled={busy}>
        {D.verifySubmit}
      </button>
    </Form>
  )
}

export function AssignSupervisorForm({ data, actionData }: { data: ComplaintFormData; actionData: ComplaintFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ supervisorUserId: number; deadlineOn: string; deadlineDays: number }>({
    id: 'assign-supervisor',
    lastResult: actionData?.form === 'assign' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'assign' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.supervisorUserId.id} className="label">
          {D.supervisorLabel}
        </label>
        <select {...getSelectProps(fields.supervisorUserId)} className="field">
          <option value="">{C.register.choose}</option>
          {data.supervisors.map((s) => (
            <option key={s.id} value={s.id}>
              {format(D.supervisorOption, { name: s.name, role: t.roles[s.role as RoleKey] ?? s.role })}
            </option>
          ))}
        </select>
        <FieldError field={fields.supervisorUserId} />
      </div>
      <DeadlineFields legend={D.supervisorDeadline} dateField={fields.deadlineOn} daysField={fields.deadlineDays} min={data.today} />
      <button type="submit" name="intent" value="assign" className="btn w-full sm:w-auto" disabled={busy}>
        {data.complaint.supervisorName ? D.reassignSubmit : D.assignSubmit}
      </button>
    </Form>
  )
}

export function CloseComplaintForm({ data, actionData }: { data: ComplaintFormData; actionData: ComplaintFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ note: string }>({
    id: 'close-complaint',
    lastResult: actionData?.form === 'close' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} saves={actionData?.form === 'close' ? actionData.saves : null} />
      <input type="hidden" name="version" value={data.complaint.version} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          {D.closeNote}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={2} className="field" />
        <FieldError field={fields.note} />
      </div>
      <button type="submit" name="intent" value="close" className="btn w-full sm:w-auto" disabled={busy}>
        {D.closeSubmit}
      </button>
    </Form>
  )
}
