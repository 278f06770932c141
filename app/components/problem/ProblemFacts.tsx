// What a problem of the register (问题台账) is: its status, finding, measure, responsible person and deadline, who
// verified it, the verifier's last note when sent back, and where it stands for the person reading.
import { beijingTime, format } from '~/i18n'
import { village } from '~/i18n/zh-CN/dashboard'
import { problemCategories, problems } from '~/i18n/zh-CN/problems'
import type { ProblemDetail } from '~/models/problems.server'
import type { PROBLEM_STATUSES } from '../../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problemCategories, problems, village }

type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

const STATUS_STYLE: Record<ProblemStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  rectifying: 'bg-blue-100 text-blue-900',
  rectified: 'bg-violet-100 text-violet-900',
  verified: 'bg-green-100 text-green-900',
}

export function ProblemFacts({
  problem,
  lastSendBackNote,
  canSupervise,
}: {
  problem: ProblemDetail['problem']
  lastSendBackNote: string | null
  canSupervise: boolean
}) {
  return (
    <section className="card space-y-3" aria-labelledby="problem-heading">
      <h2 id="problem-heading" className="flex flex-wrap items-center gap-2">
        {t.problems.detail.facts}
        <span className={`badge ${STATUS_STYLE[problem.status]}`}>{t.problems.statuses[problem.status]}</span>
        {problem.overdue ? <span className="badge bg-red-100 text-red-800">{format(t.problems.overdue, { days: problem.daysOverdue })}</span> : null}
      </h2>
      <p className="whitespace-pre-line break-words">{problem.description}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">{t.problems.fields.category}</dt>
        <dd>{t.problemCategories[problem.category]}</dd>
        <dt className="text-slate-500">{t.problems.fields.source}</dt>
        <dd>{t.problems.sources[problem.source]}</dd>
        <dt className="text-slate-500">{t.problems.fields.household}</dt>
        <dd>{problem.householdHead ?? t.problems.noHousehold}</dd>
        <dt className="text-slate-500">{t.problems.fields.foundOn}</dt>
        <dd>
          {problem.foundOn}
          {problem.createdByName ? `（${problem.createdByName}）` : ''}
        </dd>
        <dt className="text-slate-500">{t.problems.fields.measure}</dt>
        <dd className="whitespace-pre-line break-words">{problem.measure ?? t.problems.notSet}</dd>
        <dt className="text-slate-500">{t.problems.fields.responsiblePerson}</dt>
        <dd>{problem.responsiblePerson ?? t.problems.notSet}</dd>
        <dt className="text-slate-500">{t.problems.fields.deadline}</dt>
        <dd className={problem.overdue ? 'font-medium text-red-700' : undefined}>
          {problem.deadlineOn ?? t.problems.noDeadline}
          {problem.extendedFrom !== null ? (
            <span className="badge ml-2 bg-amber-100 text-amber-900">
              {problem.extendedFrom ? format(t.problems.detail.extendedFrom, { date: problem.extendedFrom }) : t.problems.detail.extended}
            </span>
          ) : null}
        </dd>
        {problem.verifiedAt ? (
          <>
            <dt className="text-slate-500">{t.problems.fields.verified}</dt>
            <dd>{format(t.problems.detail.verifiedBy, { name: problem.verifiedByName ?? t.village.systemActor, time: beijingTime(problem.verifiedAt) })}</dd>
          </>
        ) : null}
      </dl>
      {lastSendBackNote ? (
        <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{format(t.problems.detail.sentBackNote, { note: lastSendBackNote })}</p>
      ) : null}
      {problem.status === 'rectified' && !canSupervise ? (
        <p className="rounded bg-violet-50 p-2 text-sm text-violet-900">{t.problems.detail.awaitingVerification}</p>
      ) : null}
      {problem.status === 'verified' ? <p className="rounded bg-green-50 p-2 text-sm text-green-900">{t.problems.detail.closed}</p> : null}
    </section>
  )
}

export interface ProblemHistoryItem {
  id: number
  /** when, as an ISO instant */
  at: string
  actor: string
  action: string
  changes: string[]
  note: string | null
}

/** The problem's history, oldest first: who did what, the fields it changed and the note it carried. */
export function ProblemHistory({ history }: { history: ProblemHistoryItem[] }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t.problems.history.title}</h2>
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">{t.problems.history.none}</p>
      ) : (
        <ol className="mt-2 space-y-2 text-sm">
          {history.map((h) => (
            <li key={h.id} className="border-b border-slate-100 pb-1">
              <time dateTime={h.at} className="text-slate-500">
                {beijingTime(h.at)}
              </time>{' '}
              {format(t.problems.history.entry, { actor: h.actor, action: h.action })}
              {h.changes.length ? <span className="block break-words text-slate-700">{h.changes.join('；')}</span> : null}
              {h.note ? <span className="block break-words text-slate-700">{format(t.problems.history.note, { note: h.note })}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
