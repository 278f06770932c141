// 乡镇工作清单 on the dashboard: the township's own duties (owner, due day — overdue said in words, not colour only —,
// done day, evidence), apart from the villages' table; and the summary report's line: due by, submitted on, or the
// button that submits it to the county (a plain POST, works without JavaScript).
import { Form } from '@remix-run/react'
import { format } from '~/i18n'
import { townshipTasks } from '~/i18n/zh-CN/townshipTasks'
import type { CampaignDuties } from '~/models/summarySubmission.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { townshipTasks }

export interface SummaryState {
  campaignId: number
  version: number
  closed: boolean
  summaryDueOn: string | null
  summarySubmittedOn: string | null
  summarySubmittedBy: string | null
}

/** "汇总上报总结报告：截止 X" and either "已于 Y 上报县民政局" or, for those who may, the button that submits it. */
export function SummaryLine({ state, today, submitTo, canSubmit }: { state: SummaryState; today: string; submitTo: string | null; canSubmit: boolean }) {
  const s = t.townshipTasks.summary
  const overdue = !state.summarySubmittedOn && state.summaryDueOn !== null && state.summaryDueOn < today
  return (
    <div className="space-y-2 rounded border border-slate-200 p-2 text-sm">
      <p>
        {state.summaryDueOn ? format(s.due, { date: state.summaryDueOn }) : s.label}
        {overdue ? <span className="ml-2 font-medium text-red-700">{s.overdue}</span> : null}
      </p>
      {state.summarySubmittedOn ? (
        <p className="font-medium text-green-800">
          {format(s.submitted, { date: state.summarySubmittedOn })}
          {state.summarySubmittedBy ? format(s.submittedBy, { name: state.summarySubmittedBy }) : null}
        </p>
      ) : canSubmit && !state.closed && submitTo ? (
        <Form method="post" action={submitTo} className="space-y-1">
          <input type="hidden" name="intent" value="submitSummary" />
          <input type="hidden" name="campaignId" value={state.campaignId} />
          <input type="hidden" name="version" value={state.version} />
          <p id="summary-confirm" className="text-xs text-slate-700">
            {s.confirm}
          </p>
          <button type="submit" className="btn" aria-describedby="summary-confirm">
            {s.submit}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

/** The township's duties of the campaign shown, with an edit link each for leaders and administrators (open campaign only). */
export function TownshipTaskSection({ duties, today, canEdit }: { duties: CampaignDuties; today: string; canEdit: boolean }) {
  const tt = t.townshipTasks
  const { campaign, tasks } = duties
  const editable = canEdit && campaign.status === 'open'
  return (
    <section aria-labelledby="township-tasks" className="card">
      <h2 id="township-tasks">{tt.title}</h2>
      <p className="mt-1 text-xs text-slate-600">{tt.intro}</p>
      <div className="mt-2">
        <SummaryLine
          state={{
            campaignId: campaign.id,
            version: campaign.version,
            closed: campaign.status === 'closed',
            summaryDueOn: campaign.summaryDueOn,
            summarySubmittedOn: campaign.summarySubmittedOn,
            summarySubmittedBy: campaign.summarySubmittedBy,
          }}
          today={today}
          submitTo={duties.summaryTaskId ? `/township-tasks/${duties.summaryTaskId}` : null}
          canSubmit={canEdit}
        />
      </div>
      {tasks.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{tt.empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {tasks.map((task) => (
            <li key={task.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5">
              <span className="font-medium">{task.label}</span>
              <span>
                {tt.owner}：{task.owner ?? <span className="text-slate-500">{tt.noOwner}</span>}
              </span>
              {task.dueOn ? (
                <span className={task.overdue ? 'font-medium text-red-700' : undefined}>
                  {tt.dueOn}：{task.dueOn}
                  {task.overdue ? `（${tt.overdue}）` : null}
                </span>
              ) : null}
              <span className={task.doneOn ? 'text-green-800' : 'text-slate-600'}>{task.doneOn ? format(tt.doneText, { date: task.doneOn }) : tt.notDone}</span>
              {task.evidenceNote ? (
                <span className="text-slate-700">
                  {tt.evidence}：{task.evidenceNote}
                </span>
              ) : null}
              {editable ? (
                <a href={`/township-tasks/${task.id}`} aria-label={format(tt.editLabel, { task: task.label })}>
                  {tt.edit}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
