// The forms of a problem's page: the village cadre's (edit, 开始整改, 报送整改情况), and the leader's or inspector's
// (批准延期 with a reason; 验收销号 or 退回整改 with a note). Each is a plain POST; the server parses it
// (app/forms/problems.server.ts) and answers with the form it was for, its errors and any conflict.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { DeadlineFields, FieldError } from '~/components/SupervisionParts'
import { format } from '~/i18n'
import { problems } from '~/i18n/zh-CN/problems'
import { isVillageOwnFinding } from '~/models/problemRules'
import type { ProblemDetail } from '~/models/problems.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problems }

type Problem = ProblemDetail['problem']

/** What the action answered when a form was refused: which form, its errors, and who saved what in between. */
export type ProblemFormReply =
  | {
      form: 'edit' | 'verify' | 'extend' | 'supervise'
      result: SubmissionResult<string[]>
      conflict: { saves: Array<{ actor: string; at: string; action: string; changes: string[] }> } | null
    }
  | undefined

type Conflict = NonNullable<NonNullable<ProblemFormReply>['conflict']>

/** The form-level message: a refusal, or a conflict with who saved what in between. */
export function FormAlert({ errors, id, conflict }: { errors: string[] | undefined; id: string; conflict: Conflict | null }) {
  if (!errors?.length) return null
  return (
    <div role="alert" id={id} className="rounded bg-red-50 p-2 text-sm text-red-800">
      <p>{errors.join(' ')}</p>
      {conflict ? (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {conflict.saves.map((s, i) => (
            <li key={i}>
              {format(t.problems.history.entry, { actor: s.actor, action: s.action })}（{s.at}）{s.changes.length ? `：${s.changes.join('；')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** A deadline as a day or as N working days (the village's first deadline, or an extension). */
function ProblemDeadlineFields({
  fields,
}: {
  fields: { deadlineOn: Parameters<typeof DeadlineFields>[0]['dateField']; deadlineDays: Parameters<typeof DeadlineFields>[0]['daysField'] }
}) {
  return (
    <DeadlineFields
      legend={t.problems.fields.deadline}
      dateField={fields.deadlineOn}
      daysField={fields.deadlineDays}
      dateLabel={t.problems.deadline.date}
      daysLabel={t.problems.deadline.workingDays}
      hint={t.problems.deadline.hint}
    />
  )
}

type EditFields = { description: string; measure: string; responsiblePerson: string; deadlineOn: string; deadlineDays: number }

/** The cadre's form: the fields, saved alone or with the next step of the status. */
export function EditProblemForm({ problem, actionData }: { problem: Problem; actionData: ProblemFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<EditFields>({
    id: 'edit-problem',
    lastResult: actionData?.form === 'edit' ? actionData.result : undefined,
    defaultValue: {
      description: problem.description,
      measure: problem.measure ?? '',
      responsiblePerson: problem.responsiblePerson ?? '',
      deadlineOn: problem.deadlineOn ?? '',
    },
    shouldValidate: 'onSubmit',
  })
  // a finding someone else made is theirs to describe; a deadline once set moves only by an extension
  const ownFinding = isVillageOwnFinding(problem.source)
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'edit' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      {ownFinding ? (
        <div>
          <label htmlFor={fields.description.id} className="label">
            {t.problems.fields.description}
          </label>
          <textarea {...getTextareaProps(fields.description)} rows={3} className="field" />
          <FieldError field={fields.description} />
        </div>
      ) : (
        <p className="text-sm text-slate-600">{format(t.problems.detail.descriptionFixed, { source: t.problems.sources[problem.source] })}</p>
      )}
      <div>
        <label htmlFor={fields.measure.id} className="label">
          {t.problems.fields.measure}
        </label>
        <textarea {...getTextareaProps(fields.measure)} rows={3} className="field" />
        <FieldError field={fields.measure} />
      </div>
      <div>
        <label htmlFor={fields.responsiblePerson.id} className="label">
          {t.problems.fields.responsiblePerson}
        </label>
        <input {...getInputProps(fields.responsiblePerson, { type: 'text' })} className="field" autoComplete="off" />
        <FieldError field={fields.responsiblePerson} />
      </div>
      {problem.deadlineOn === null ? (
        <ProblemDeadlineFields fields={fields} />
      ) : (
        <div>
          <span className="label">{t.problems.fields.deadline}</span>
          <p>{problem.deadlineOn}</p>
          <p className="text-xs text-slate-500">{t.problems.detail.deadlineFixed}</p>
          <FieldError field={fields.deadlineOn} />
        </div>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        {/* the first button is what Enter does: saving, never a status change */}
        <button type="submit" name="intent" value="save" className="btn-secondary" disabled={busy}>
          {t.problems.detail.save}
        </button>
        {problem.status === 'open' ? (
          <button type="submit" name="intent" value="start" className="btn" disabled={busy}>
            {t.problems.detail.start}
          </button>
        ) : (
          <button type="submit" name="intent" value="markRectified" className="btn" disabled={busy}>
            {t.problems.detail.markRectified}
          </button>
        )}
      </div>
      <p className="text-xs text-slate-500">{problem.status === 'open' ? t.problems.detail.startHint : t.problems.detail.markRectifiedHint}</p>
    </Form>
  )
}

/** 批准延期: leaders and inspectors move an unresolved problem's deadline later, with a reason. */
export function ExtendDeadlineForm({ problem, actionData }: { problem: Problem; actionData: ProblemFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ reason: string; deadlineOn: string; deadlineDays: number }>({
    id: 'extend-deadline',
    lastResult: actionData?.form === 'extend' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'extend' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      <ProblemDeadlineFields fields={fields} />
      <div>
        <label htmlFor={fields.reason.id} className="label">
          {t.problems.detail.extendReason}
        </label>
        <textarea {...getTextareaProps(fields.reason)} rows={2} className="field" />
        <FieldError field={fields.reason} />
      </div>
      <button type="submit" name="intent" value="extend" className="btn-secondary" disabled={busy}>
        {t.problems.detail.extend}
      </button>
    </Form>
  )
}

/** The verifier's form: accept, or send back with a note. */
export function VerifyProblemForm({ problem, actionData }: { problem: Problem; actionData: ProblemFormReply }) {
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ note: string }>({
    id: 'verify-problem',
    lastResult: actionData?.form === 'verify' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'verify' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          {t.problems.detail.note}
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} className="field" />
        <FieldError field={fields.note} />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" name="intent" value="verify" className="btn" disabled={busy}>
          {t.problems.detail.verify}
        </button>
        <button type="submit" name="intent" value="sendBack" className="btn-secondary" disabled={busy}>
          {t.problems.detail.sendBack}
        </button>
      </div>
    </Form>
  )
}
