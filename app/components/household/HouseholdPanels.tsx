// A household on its review page: the facts from the roster (ID number masked), when its review was last saved and
// by whom, the link to the printable form; and its history from the audit log.
import { Link } from '@remix-run/react'
import { beijingTime, bracketed, format, yuan } from '~/i18n'
import { households } from '~/i18n/zh-CN/households'
import type { HouseholdHistoryEntry } from '~/models/householdHistory.server'
import type { HouseholdReviewPage } from '~/models/householdReview.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { households }

const h = t.households
const f = h.form

export function HouseholdFacts({ page, printPath }: { page: HouseholdReviewPage; printPath: string }) {
  const { household } = page
  const facts: Array<[string, string]> = [
    [f.idNumber, household.maskedIdNumber],
    [f.members, `${household.memberCount}`],
    [f.covered, `${household.coveredCount}`],
    [f.category, household.category],
    [f.monthly, yuan(household.monthlyAmountFen)],
    [f.responsibleCadre, household.responsibleCadre ?? '—'],
    [f.enrolment, household.enrolment === 'roster' ? f.enrolmentRoster : f.enrolmentNew],
    [f.status, household.status === 'active' ? f.statusActive : f.statusExited],
  ]
  return (
    <section className="card" aria-label={f.household}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className={label === f.idNumber ? 'font-mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-600">
        {page.reviewedAt ? format(f.lastSaved, { name: page.reviewedBy ?? '—', time: beijingTime(page.reviewedAt) }) : f.notReviewed}
      </p>
      <p className="mt-1 text-sm">
        <Link to={printPath}>{f.printView}</Link>
      </p>
    </section>
  )
}

/** Who changed this household or its reviews (or printed its form), when, and what. */
export function HouseholdHistory({ history }: { history: HouseholdHistoryEntry[] }) {
  return (
    <section className="card" aria-labelledby="household-history">
      <h2 id="household-history" className="text-base">
        {h.history.title}
      </h2>
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">{h.history.empty}</p>
      ) : (
        <ol className="mt-1 space-y-1 text-sm">
          {history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at} className="text-slate-500">
                {beijingTime(e.at)}
              </time>{' '}
              {e.actorName ?? '—'}：{e.label}
              {bracketed(e.details)}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
