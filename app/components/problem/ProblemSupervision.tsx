// 专人督办 of a serious problem (issue 15): the line the register and the problem show ("专人督办：姓名，期限"), and
// the leader's or inspector's form that marks the problem serious and names the supervisor and deadline (plain POST).
import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { DeadlineFields, FieldError } from '~/components/SupervisionParts'
import { format } from '~/i18n'
import { roles } from '~/i18n/zh-CN/common'
import { problemSupervision } from '~/i18n/zh-CN/problemSupervision'
import type { ProblemDetail, ProblemSupervisionView } from '~/models/problems.server'
import type { SupervisorChoice } from '~/models/problemSupervision.server'
import { FormAlert, type ProblemFormReply } from './ProblemForms'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problemSupervision, roles }

/** "专人督办：郑督办，期限 2026-12-10", red when past the deadline. */
export function SupervisionLine({ supervision }: { supervision: ProblemSupervisionView | null }) {
  if (!supervision) return null
  const s = t.problemSupervision
  const text = format(supervision.overdue ? s.lineOverdue : s.line, { name: supervision.supervisorName ?? s.noName, date: supervision.deadlineOn })
  return <span className={supervision.overdue ? 'badge bg-red-100 text-red-800' : 'badge bg-amber-100 text-amber-900'}>{text}</span>
}

/** 列为严重问题，派专人督办 (or change the supervisor or deadline). */
export function AssignSupervisorForm({
  problem,
  supervisors,
  actionData,
}: {
  problem: ProblemDetail['problem']
  supervisors: SupervisorChoice[]
  actionData: ProblemFormReply
}) {
  const s = t.problemSupervision
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm<{ supervisorUserId: number; deadlineOn: string; deadlineDays: number }>({
    id: 'assign-supervisor',
    lastResult: actionData?.form === 'supervise' ? actionData.result : undefined,
    defaultValue: {
      supervisorUserId: problem.supervision?.supervisorUserId ?? undefined,
      deadlineOn: problem.supervision?.deadlineOn ?? '',
    },
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <FormAlert errors={form.errors} id={form.errorId} conflict={actionData?.form === 'supervise' ? actionData.conflict : null} />
      <input type="hidden" name="version" value={problem.version} />
      <div>
        <label htmlFor={fields.supervisorUserId.id} className="label">
          {s.supervisor}
        </label>
        <select {...getSelectProps(fields.supervisorUserId)} className="field">
          <option value="">{s.chooseSupervisor}</option>
          {supervisors.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}（{t.roles[u.role]}）
            </option>
          ))}
        </select>
        <FieldError field={fields.supervisorUserId} />
      </div>
      <DeadlineFields
        legend={s.deadlineOn}
        dateField={fields.deadlineOn}
        daysField={fields.deadlineDays}
        dateLabel={s.deadlineOn}
        daysLabel={s.deadlineDays}
        hint={s.deadlineHint}
      />
      <button type="submit" name="intent" value="assignSupervisor" className="btn-secondary" disabled={busy}>
        {problem.supervision ? s.change : s.submit}
      </button>
    </Form>
  )
}
