import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ChartPanels } from '~/components/ChartPanels'
import { ProgressBar } from '~/components/ProgressBar'
import { SampleAttention, SampleFigures } from '~/components/CountySample'
import { format } from '~/i18n'
import { app, nav } from '~/i18n/zh-CN/common'
import { countySample } from '~/i18n/zh-CN/countySample'
import { county, dashboard } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { allowanceStandards } from '~/i18n/zh-CN/economicCheck'
import { townshipTasks } from '~/i18n/zh-CN/townshipTasks'
import { phases } from '~/i18n/zh-CN/workflow'
import { getCountyOverview } from '~/models/county.server'
import { today } from '~/utils/clock.server'
import { yuan as money } from '~/utils/format'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { allowanceStandards, app, county, countySample, dashboard, dashboardPanels, nav, phases, townshipTasks }

export const meta: MetaFunction = () => [{ title: `${t.nav.county} · ${t.app.name}` }]

// The county bureau's roll-up: every township of the county with the figures its own dashboard shows, each
// township drilling down to that dashboard (/townships/:id).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county'])
  if (!user.countyName) forbidden()
  const day = today()
  return json({ county: await getCountyOverview(getDb(), user.countyName, day), today: day })
}

function Count({ to, n, label, urgent }: { to: string; n: number; label: string; urgent?: boolean }) {
  if (n === 0) return <span className="text-slate-600">0</span>
  return (
    <a href={to} aria-label={label} className={urgent ? 'font-semibold text-red-700' : undefined}>
      {n}
    </a>
  )
}

/** 总结报告: submitted (the day), or not yet with its due day, overdue said in words. */
function SummaryCell({ tw, today }: { tw: { campaignName: string | null; summaryDueOn: string | null; summarySubmittedOn: string | null }; today: string }) {
  const s = t.townshipTasks.county
  if (tw.summarySubmittedOn) return <span className="text-green-800">{format(s.submitted, { date: tw.summarySubmittedOn })}</span>
  if (!tw.campaignName) return <span className="text-slate-600">{s.noCampaign}</span>
  const overdue = tw.summaryDueOn !== null && tw.summaryDueOn < today
  return (
    <span className={overdue ? 'font-medium text-red-700' : undefined}>
      {tw.summaryDueOn ? format(s.pending, { date: tw.summaryDueOn }) : s.pendingNoDue}
      {overdue ? `（${s.overdue}）` : null}
    </span>
  )
}

export default function CountyPage() {
  const { county, today } = useLoaderData<typeof loader>()
  const c = t.county
  const p = t.dashboardPanels.county
  const s = t.dashboardPanels.table
  const total = county.totals
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1>{format(c.title, { county: county.countyName })}</h1>
          <p className="mt-1 text-sm text-slate-600">{format(p.intro, { date: today, townships: county.townships.length, villages: total.villages })}</p>
          <p className="mt-1 text-sm font-medium">
            {format(t.townshipTasks.county.count, {
              submitted: county.townships.filter((tw) => tw.summarySubmittedOn).length,
              total: county.townships.length,
            })}
          </p>
        </div>
        <nav aria-label={t.dashboardPanels.export.title} className="no-print flex flex-wrap gap-2 text-sm">
          <Link to="/county/standards" className="btn-secondary min-h-0 py-1">
            {t.allowanceStandards.link}
          </Link>
          <Link to="/county/sample" className="btn-secondary min-h-0 py-1">
            {t.countySample.link}
          </Link>
          <a href="/dashboard.csv" download className="btn-secondary min-h-0 py-1">
            {t.dashboardPanels.export.csv}
          </a>
          <a href="/dashboard.json" className="btn-secondary min-h-0 py-1">
            {t.dashboardPanels.export.json}
          </a>
        </nav>
      </div>

      <section aria-labelledby="county-totals" className="card">
        <h2 id="county-totals">{p.totals}</h2>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          <ProgressBar label={format(t.dashboardPanels.summary.selfInspection, { count: total.households })} done={total.reviewed} total={total.households} />
          <ProgressBar label={format(t.dashboardPanels.summary.homeVisits, { count: total.households })} done={total.homeVisited} total={total.households} />
        </div>
        <p className="mt-2 text-sm text-slate-700">
          {format(p.totalsText, {
            problems: total.problems,
            zeroReports: total.zeroReports,
            uninspected: total.zeroReportsUninspected,
            behind: total.behind,
            overdue: total.overdueFollowUps,
            exits: total.exits,
            newEnrolments: total.newEnrolments,
            recovered: money(total.fraudRecoveredFen),
          })}
        </p>
      </section>

      {county.sample ? (
        <>
          <SampleAttention attention={county.sample.attention} />
          <SampleFigures summary={county.sample} />
        </>
      ) : null}

      <section aria-labelledby="county-table" className="card">
        <h2 id="county-table">{p.table}</h2>
        <p className="mt-1 text-xs text-slate-600">{p.tableHint}</p>
        <div className="mt-2 overflow-x-auto">
          <table className="table [&_td]:px-1.5 [&_th]:px-1.5 [&_thead_th]:min-w-[4.5em]">
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 z-10">
                  {c.township}
                </th>
                <th scope="col" className="text-right">
                  {c.villages}
                </th>
                <th scope="col" className="text-right">
                  {c.households}
                </th>
                <th scope="col">{c.coverage}</th>
                <th scope="col">{t.dashboard.homeVisits}</th>
                <th scope="col" className="text-right">
                  {t.dashboard.problems}
                </th>
                <th scope="col" className="text-right">
                  {s.exits}
                </th>
                <th scope="col" className="text-right">
                  {s.newEnrolments}
                </th>
                <th scope="col" className="text-right">
                  {s.fraudRecovered}
                </th>
                <th scope="col" className="text-right">
                  {c.zeroReports}
                </th>
                <th scope="col" className="text-right">
                  {c.behind}
                </th>
                <th scope="col" className="text-right">
                  {t.dashboard.overdue}
                </th>
                <th scope="col" className="text-right">
                  {t.dashboard.dueSoon}
                </th>
                <th scope="col">{t.townshipTasks.county.column}</th>
              </tr>
            </thead>
            <tbody>
              {county.townships.map((tw) => (
                <tr key={tw.id}>
                  <th scope="row" className="sticky left-0 z-10 whitespace-nowrap">
                    <Link to={tw.path}>{tw.name}</Link>
                    {tw.plannedPhase ? (
                      <span className="block text-xs font-normal text-slate-600">{format(p.planned, { phase: t.phases[tw.plannedPhase] })}</span>
                    ) : null}
                  </th>
                  <td className="text-right">{tw.villages}</td>
                  <td className="text-right">{tw.households}</td>
                  <td>
                    <a href={`${tw.path}?sort=selfInspection&dir=asc`} className="block text-slate-800 hover:no-underline">
                      <ProgressBar label={`${tw.name}${c.coverage}`} done={tw.reviewed} total={tw.households} showLabel={false} />
                    </a>
                  </td>
                  <td>
                    <a href={`${tw.path}?sort=homeVisits&dir=asc`} className="block text-slate-800 hover:no-underline">
                      <ProgressBar label={`${tw.name}${t.dashboard.homeVisits}`} done={tw.homeVisited} total={tw.households} showLabel={false} />
                    </a>
                  </td>
                  <td className="text-right">
                    <Count to={`${tw.path}?sort=problems&dir=desc`} n={tw.problems} label={format(p.problemsOf, { township: tw.name, count: tw.problems })} />
                  </td>
                  <td className="text-right">
                    <Count to={`${tw.path}?sort=exits&dir=desc`} n={tw.exits} label={format(p.exitsOf, { township: tw.name, count: tw.exits })} />
                  </td>
                  <td className="text-right">
                    <Count
                      to={`${tw.path}?sort=newEnrolments&dir=desc`}
                      n={tw.newEnrolments}
                      label={format(p.newEnrolmentsOf, { township: tw.name, count: tw.newEnrolments })}
                    />
                  </td>
                  <td className="whitespace-nowrap text-right">
                    {tw.fraudRecoveredFen > 0 ? (
                      <a href={`${tw.path}?sort=fraudRecovered&dir=desc`}>{money(tw.fraudRecoveredFen)}</a>
                    ) : (
                      <span className="text-slate-600">{money(0)}</span>
                    )}
                  </td>
                  <td className="whitespace-nowrap text-right">
                    <Count to={`${tw.path}#attention`} n={tw.zeroReports} label={format(p.zeroReportsOf, { township: tw.name, count: tw.zeroReports })} />
                    {tw.zeroReportsUninspected > 0 ? (
                      <span className="block text-xs text-red-700">{format(p.uninspected, { count: tw.zeroReportsUninspected })}</span>
                    ) : null}
                  </td>
                  <td className="text-right">
                    <Count to={`${tw.path}?sort=schedule&dir=desc`} n={tw.behind} label={format(p.behindOf, { township: tw.name, count: tw.behind })} urgent />
                  </td>
                  <td className="text-right">
                    <Count to={`${tw.path}#attention`} n={tw.overdue} label={format(p.overdueOf, { township: tw.name, count: tw.overdue })} urgent />
                  </td>
                  <td className="text-right">
                    <Count to={`${tw.path}#attention`} n={tw.dueSoon} label={format(p.dueSoonOf, { township: tw.name, count: tw.dueSoon })} />
                  </td>
                  <td className="min-w-[7em]">
                    <SummaryCell tw={tw} today={today} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ChartPanels rows={county.townships} totals={total} phaseCounts={county.phaseCounts} planText={p.phasesPlan} byVillage={false} />
    </div>
  )
}
