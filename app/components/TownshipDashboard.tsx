import { Link } from '@remix-run/react'
import { format, t } from '~/i18n'
import { ProgressBar } from './ProgressBar'
import { ScheduleBadge } from './ScheduleBadge'
import type { FollowUp, TownshipOverview } from '~/models/campaign.server'
import { daysBetween } from '../../workflows/rules/dates'

type Overview = Omit<TownshipOverview, never>

function FollowUpList({ items, today, empty, overdue }: { items: FollowUp[]; today: string; empty: string; overdue: boolean }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>
  return (
    <ul className="space-y-1 text-sm">
      {items.map((f) => (
        <li key={`${f.kind}-${f.id}`} className="flex flex-wrap gap-x-2">
          <span className={overdue ? 'font-medium text-red-700' : 'text-amber-700'}>
            {overdue ? format(t.dashboard.daysOverdue, { days: daysBetween(f.deadline, today) }) : format(t.dashboard.dueOn, { date: f.deadline })}
          </span>
          <span className="badge bg-slate-100">{t.followUps[f.kind]}</span>
          <Link to={`/villages/${f.villageId}`}>{f.villageName}</Link>
          <span className="text-slate-700">{f.title}</span>
          {f.responsible ? <span className="text-slate-500">（{f.responsible}）</span> : null}
        </li>
      ))}
    </ul>
  )
}

export function TownshipDashboard({ overview, today }: { overview: Overview; today: string }) {
  const { township, campaign, villages, attention, plannedPhase } = overview
  return (
    <div className="space-y-4">
      <div>
        <h1>{format(t.dashboard.title, { township: township.name })}</h1>
        {campaign ? (
          <p className="mt-1 text-sm text-slate-600">
            {format(t.dashboard.campaign, { name: campaign.name })} ·{' '}
            {format(t.dashboard.today, { date: today, phase: plannedPhase ? t.phases[plannedPhase] : t.phases.closed })} ·{' '}
            {format(t.dashboard.villageCount, { count: villages.length })}
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t.village.noCampaign}</p>
        )}
      </div>

      <section aria-labelledby="attention" className="card">
        <h2 id="attention">{t.dashboard.attention}</h2>
        <div className="mt-2 grid gap-4 md:grid-cols-2">
          <div>
            <h3 className="font-medium">{t.dashboard.zeroReportVillages}</h3>
            {attention.zeroReport.length === 0 ? (
              <p className="text-sm text-slate-600">{t.dashboard.zeroReportNone}</p>
            ) : (
              <ul className="text-sm">
                {attention.zeroReport.map((v) => (
                  <li key={v.id}>
                    <Link to={`/villages/${v.id}`}>{v.name}</Link>{' '}
                    <span className={v.keyInspections > 0 ? 'text-green-700' : 'font-medium text-red-700'}>
                      {v.keyInspections > 0 ? t.dashboard.keyInspectionDone : t.dashboard.keyInspectionPending}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="font-medium">{t.dashboard.behindVillages}</h3>
            {attention.behind.length === 0 ? (
              <p className="text-sm text-slate-600">{t.dashboard.behindNone}</p>
            ) : (
              <ul className="text-sm">
                {attention.behind.map((v) => (
                  <li key={v.id}>
                    <Link to={`/villages/${v.id}`}>{v.name}</Link> {t.states[v.state] ?? v.state} <ScheduleBadge status={v.schedule} />
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="font-medium">{t.dashboard.overdue}</h3>
            <FollowUpList items={[...attention.overdue].sort((a, b) => a.deadline.localeCompare(b.deadline))} today={today} empty={t.dashboard.overdueNone} overdue />
          </div>
          <div>
            <h3 className="font-medium">{t.dashboard.dueSoon}</h3>
            <FollowUpList items={attention.dueSoon} today={today} empty={t.dashboard.dueSoonNone} overdue={false} />
          </div>
        </div>
      </section>

      <section aria-labelledby="village-table" className="card overflow-x-auto">
        <h2 id="village-table">{t.dashboard.villageTable}</h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">{t.dashboard.village}</th>
              <th scope="col">{t.dashboard.phase}</th>
              <th scope="col">{t.dashboard.schedule}</th>
              <th scope="col">{t.dashboard.selfInspection}</th>
              <th scope="col">{t.dashboard.homeVisits}</th>
              <th scope="col">{t.dashboard.problems}</th>
              <th scope="col">{t.dashboard.keySupervision}</th>
              <th scope="col">{t.dashboard.leader}</th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => (
              <tr key={v.id}>
                <th scope="row" className="font-medium">
                  <Link to={`/villages/${v.id}`}>{v.name}</Link>
                </th>
                <td>{t.states[v.state] ?? v.state}</td>
                <td>
                  <ScheduleBadge status={v.schedule} />
                </td>
                <td>
                  <ProgressBar label={`${v.name}${t.dashboard.selfInspection}`} done={v.reviewed} total={v.households} showLabel={false} />
                </td>
                <td>
                  <ProgressBar label={`${v.name}${t.dashboard.homeVisits}`} done={v.homeVisited} total={v.households} showLabel={false} />
                </td>
                <td>
                  {v.problems}
                  {v.openProblems > 0 ? <span className="text-slate-500">（{t.dashboard.openFollowUps}{v.openProblems}）</span> : null}
                </td>
                <td>{v.keySupervision ? <span className="badge bg-amber-100 text-amber-800">{t.dashboard.yes}</span> : t.dashboard.no}</td>
                <td className="text-slate-600">{v.leaderName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
