import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ProgressBar } from '~/components/ProgressBar'
import { ScheduleBadge } from '~/components/ScheduleBadge'
import { format, t } from '~/i18n'
import { getVillagePage } from '~/models/village.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'
import { daysBetween } from '../../workflows/rules/dates'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.village.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'view')
  const day = today()
  return json({ ...(await getVillagePage(getDb(), village.id, day)), today: day })
}

export default function VillagePage() {
  const data = useLoaderData<typeof loader>()
  const { village, progress, checklist, campaign } = data
  if (!campaign || !progress) {
    return (
      <div className="card">
        <h1>{village.name}</h1>
        <p className="mt-2">{t.village.noCampaign}</p>
      </div>
    )
  }
  const phaseLabel = progress.phase === 'closed' ? t.phases.closed : t.phases[progress.phase]
  return (
    <div className="space-y-4">
      <div>
        <h1>{format(t.village.title, { village: village.name })}</h1>
        {progress.leaderName ? <p className="text-sm text-slate-600">{format(t.village.leader, { name: progress.leaderName })}</p> : null}
      </div>
      <section className="card space-y-2" aria-labelledby="phase-heading">
        <h2 id="phase-heading">{t.village.phase}：{phaseLabel}</h2>
        <p>
          {t.village.state}：<strong>{t.states[progress.state] ?? progress.state}</strong> <ScheduleBadge status={progress.schedule} />
        </p>
        {data.window ? <p className="text-sm text-slate-600">{format(t.village.window, { from: data.window.starts_on, to: data.window.ends_on })}</p> : null}
        {progress.zeroReport ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{t.village.zeroReport}</p> : null}
      </section>
      <section className="card space-y-3" aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">{t.village.coverage}</h2>
        <p className="text-sm text-slate-600">{format(t.village.households, { count: progress.households })}</p>
        <ProgressBar label={t.village.reviewed} done={progress.reviewed} total={progress.households} />
        <ProgressBar label={t.village.homeVisited} done={progress.homeVisited} total={progress.households} />
      </section>
      <section className="card" aria-labelledby="checklist-heading">
        <h2 id="checklist-heading">{format(t.village.checklist, { phase: phaseLabel })}</h2>
        <ul className="mt-2 divide-y divide-slate-100">
          {checklist.map((item) => (
            <li key={item.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                <span aria-hidden="true">{item.done_on ? '☑' : '☐'}</span> {item.label}
              </span>
              <span className={item.done_on ? 'text-sm text-green-700' : 'text-sm text-slate-500'}>
                {item.done_on ? `${format(t.village.checklistDone, { date: item.done_on })}${item.doneBy ? ` · ${item.doneBy}` : ''}` : t.village.checklistOpen}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="followups-heading">
        <h2 id="followups-heading">{t.village.problems}</h2>
        <p className="text-sm text-slate-600">{format(t.village.problemsCount, { count: progress.problems, open: progress.openProblems })}</p>
        <h3 className="mt-3 font-medium">{t.dashboard.overdue}</h3>
        {data.overdue.length === 0 ? (
          <p className="text-sm text-slate-600">{t.dashboard.overdueNone}</p>
        ) : (
          <ul className="text-sm">
            {data.overdue.map((f) => (
              <li key={`${f.kind}-${f.id}`}>
                <span className="font-medium text-red-700">{format(t.dashboard.daysOverdue, { days: daysBetween(f.deadline, data.today) })}</span>{' '}
                <span className="badge bg-slate-100">{t.followUps[f.kind]}</span> {f.title}
                {f.responsible ? `（${f.responsible}）` : ''}
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-3 font-medium">{t.dashboard.dueSoon}</h3>
        {data.dueSoon.length === 0 ? (
          <p className="text-sm text-slate-600">{t.dashboard.dueSoonNone}</p>
        ) : (
          <ul className="text-sm">
            {data.dueSoon.map((f) => (
              <li key={`${f.kind}-${f.id}`}>
                <span className="text-amber-700">{format(t.dashboard.dueOn, { date: f.deadline })}</span> <span className="badge bg-slate-100">{t.followUps[f.kind]}</span> {f.title}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="no-print text-sm">
        <Link to="/">{t.errors.backHome}</Link>
      </p>
    </div>
  )
}
