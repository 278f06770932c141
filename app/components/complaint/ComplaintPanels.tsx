// What a report (举报/信访) is, shown on its page: the facts (what was reported, about which village and household,
// its deadline), the reporter (only for leaders and inspectors; the model leaves it out for anyone else), who answers
// for it (问责), and its verification record (件件有核实) with the problem it went into.
import { Link } from '@remix-run/react'
import { ResponsibleList, COMPLAINT_STATUS_STYLE } from '~/components/SupervisionParts'
import { beijingTime, format } from '~/i18n'
import { village } from '~/i18n/zh-CN/dashboard'
import { problems } from '~/i18n/zh-CN/problems'
import { supervision } from '~/i18n/zh-CN/supervision'
import type { ComplaintDetail } from '~/models/complaints.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problems, supervision, village }

const S = t.supervision
const C = S.complaints
const D = S.complaint

type Complaint = ComplaintDetail['complaint']

export function ComplaintFacts({ complaint }: { complaint: Complaint }) {
  return (
    <section className="card space-y-3" aria-labelledby="facts-heading">
      <h2 id="facts-heading" className="flex flex-wrap items-center gap-2">
        {D.facts}
        <span className={`badge ${COMPLAINT_STATUS_STYLE[complaint.status]}`}>{C.statuses[complaint.status]}</span>
        {complaint.isMajor ? <span className="badge bg-red-100 text-red-800">{C.major}</span> : null}
        {complaint.overdue ? <span className="badge bg-red-100 text-red-800">{format(C.overdue, { days: complaint.daysOverdue })}</span> : null}
      </h2>
      <p className="whitespace-pre-line break-words">{complaint.content}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">{C.fields.channel}</dt>
        <dd>{C.channels[complaint.channel]}</dd>
        <dt className="text-slate-500">{C.fields.receivedOn}</dt>
        <dd>{complaint.receivedOn}</dd>
        <dt className="text-slate-500">{C.fields.village}</dt>
        <dd>
          <Link to={`/villages/${complaint.villageId}`}>{complaint.villageName}</Link>
        </dd>
        <dt className="text-slate-500">{C.fields.household}</dt>
        <dd>{complaint.householdHead ?? C.register.noHousehold}</dd>
        <dt className="text-slate-500">{C.fields.deadline}</dt>
        <dd className={complaint.overdue ? 'font-medium text-red-700' : undefined}>{complaint.deadlineOn}</dd>
      </dl>
      {complaint.createdByName ? (
        <p className="text-xs text-slate-500">{format(D.registeredBy, { name: complaint.createdByName, time: beijingTime(complaint.createdAt) })}</p>
      ) : null}
    </section>
  )
}

/** The reporter's name and contact, or the note that they are not shown to this person. */
export function ComplaintReporter({ reporter }: { reporter: ComplaintDetail['reporter'] }) {
  return (
    <section className="card space-y-2" aria-labelledby="reporter-heading">
      <h2 id="reporter-heading">{D.reporter}</h2>
      {reporter ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{C.fields.reporterName}</dt>
          <dd>{reporter.name ?? D.anonymous}</dd>
          <dt className="text-slate-500">{C.fields.reporterContact}</dt>
          <dd>{reporter.contact ?? D.noContact}</dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{D.reporterHidden}</p>
      )}
    </section>
  )
}

/** 问责: the village's leader and cadres, the household's 包户干部, the dedicated supervisor and the verifier. */
export function ComplaintResponsible({ complaint, responsible }: { complaint: Complaint; responsible: ComplaintDetail['responsible'] }) {
  return (
    <section className="card space-y-2" aria-labelledby="responsible-heading">
      <h2 id="responsible-heading">{S.responsible.title}</h2>
      <ResponsibleList
        responsible={responsible}
        extra={[
          {
            label: S.responsible.householdCadres,
            value: complaint.householdHead
              ? format(S.responsible.householdCadre, { household: complaint.householdHead, cadre: responsible.householdCadre ?? S.responsible.notSet })
              : S.responsible.noHouseholds,
          },
          {
            label: S.responsible.supervisor,
            value: responsible.supervisor
              ? format(D.supervisorNow, { name: responsible.supervisor, date: responsible.supervisorDeadlineOn ?? '' })
              : D.supervisorNone,
          },
          { label: S.responsible.verifier, value: responsible.verifier },
        ]}
      />
    </section>
  )
}

/** The verification record: its result, who verified it and when, the note, and the problem it went into. */
export function ComplaintVerification({ complaint, problem }: { complaint: Complaint; problem: ComplaintDetail['problem'] }) {
  return (
    <section className="card space-y-2" aria-labelledby="verification-heading">
      <h2 id="verification-heading">{D.verification}</h2>
      {complaint.status === 'open' ? (
        <p className="text-sm text-slate-600">{D.notVerified}</p>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{D.result}</dt>
          <dd>
            {complaint.result ? C.results[complaint.result] : ''}（
            {format(D.verifiedBy, { name: complaint.verifiedByName ?? t.village.systemActor, date: complaint.verifiedOn ?? '' })}）
          </dd>
          {complaint.verificationNote ? (
            <>
              <dt className="text-slate-500">{D.note}</dt>
              <dd className="whitespace-pre-line break-words">{complaint.verificationNote}</dd>
            </>
          ) : null}
          {problem ? (
            <>
              <dt className="text-slate-500">{D.problem}</dt>
              <dd className="break-words">
                <Link to={`/villages/${complaint.villageId}/problems/${problem.id}`}>
                  {format(D.openProblem, { id: problem.id, description: problem.description })}
                </Link>
                （{t.problems.statuses[problem.status]}）
              </dd>
            </>
          ) : null}
        </dl>
      )}
      {complaint.status === 'closed' ? <p className="rounded bg-green-50 p-2 text-sm text-green-900">{D.closed}</p> : null}
    </section>
  )
}
