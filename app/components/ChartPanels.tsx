// The chart panels of the township dashboard and the county view: coverage by village (or township), phases
// against today's plan, problems by category, coverage over time, outcomes. Each chart is drawn in the browser
// only (Recharts draws nothing on the server) and lazily, so the page's own script stays small; each panel also
// holds its figures as text, so a page without JavaScript, a screen reader or a printout loses nothing.
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react'
import { format } from '~/i18n'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { problemCategories } from '~/i18n/zh-CN/problems'
import { phases } from '~/i18n/zh-CN/workflow'
import type { CoveragePoint, PhaseCount, Totals } from '~/models/campaign.server'
import { percentFloor, yuan } from '~/utils/format'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { dashboardPanels, phases, problemCategories }

const charts = () => import('./DashboardCharts')
const CoverageChart = lazy(() => charts().then((m) => ({ default: m.CoverageChart })))
const PhaseChart = lazy(() => charts().then((m) => ({ default: m.PhaseChart })))
const CategoryChart = lazy(() => charts().then((m) => ({ default: m.CategoryChart })))
const HistoryChart = lazy(() => charts().then((m) => ({ default: m.HistoryChart })))
const OutcomesChart = lazy(() => charts().then((m) => ({ default: m.OutcomesChart })))

/**
 * A chart drawn once the page runs in the browser; nothing on the server or without JavaScript. Hidden from screen
 * readers, which read the figures beside it, and never a keyboard stop (DashboardCharts.tsx turns off Recharts'
 * keyboard layer). `data-chart-slot` lets the browser tests wait for the chart before checking the page.
 */
export function ChartSlot<P extends object>({ chart: Chart, props }: { chart: ComponentType<P>; props: P }) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  return (
    <div aria-hidden="true" data-chart-slot="" className="min-h-[1px]">
      {mounted ? (
        <Suspense fallback={<p className="text-xs text-slate-500">{t.dashboardPanels.charts.loading}</p>}>
          <Chart {...props} />
        </Suspense>
      ) : null}
    </div>
  )
}

const pct = percentFloor

/** A village's or a township's figures, as the charts need them. */
export interface ChartRow {
  name: string
  households: number
  reviewed: number
  homeVisited: number
  exits: number
  newEnrolments: number
  fraudCases: number
}

export function ChartPanels({
  rows,
  totals,
  phaseCounts,
  planText,
  history,
  byVillage,
}: {
  rows: readonly ChartRow[]
  totals: Totals
  phaseCounts: readonly PhaseCount[]
  planText: string
  history?: readonly CoveragePoint[]
  /** rows are villages (else townships): says so in the captions */
  byVillage: boolean
}) {
  const c = t.dashboardPanels.charts
  const coverage = rows.map((v) => ({ name: v.name, selfInspection: pct(v.reviewed, v.households), homeVisits: pct(v.homeVisited, v.households) }))
  const phases = phaseCounts.map((p) => ({ label: t.phases[p.phase], villages: p.villages, planned: p.planned }))
  const categories = PROBLEM_CATEGORIES.map((cat) => ({ label: t.problemCategories[cat], count: totals.problemsByCategory[cat] }))
  const points = (history ?? []).map((p) => ({
    day: p.day,
    selfInspection: pct(p.reviewed, totals.households),
    homeVisits: pct(p.homeVisited, totals.households),
  }))
  const outcomes = rows.map((v) => ({ name: v.name, exits: v.exits, newEnrolments: v.newEnrolments, fraudCases: v.fraudCases }))
  return (
    <section aria-labelledby="charts" className="space-y-3">
      <h2 id="charts">{c.title}</h2>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <figure className="card min-w-0" aria-labelledby="chart-coverage">
          <h3 id="chart-coverage" className="font-medium">
            {byVillage ? c.coverage : c.coverageByTownship}
          </h3>
          <ChartSlot chart={CoverageChart} props={{ data: coverage }} />
          <figcaption className="mt-1 text-xs text-slate-600">{byVillage ? c.coverageText : c.coverageTextCounty}</figcaption>
        </figure>

        <figure className="card min-w-0" aria-labelledby="chart-phases">
          <h3 id="chart-phases" className="font-medium">
            {c.phases}
          </h3>
          <p className="text-xs text-slate-600">{planText}</p>
          <ChartSlot chart={PhaseChart} props={{ data: phases }} />
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">{c.phase}</th>
                <th scope="col" className="text-right">
                  {c.phaseActual}
                </th>
                <th scope="col" className="text-right">
                  {c.phasePlanned}
                </th>
              </tr>
            </thead>
            <tbody>
              {phases.map((p) => (
                <tr key={p.label}>
                  <th scope="row" className="font-normal">
                    {p.label}
                  </th>
                  <td className="text-right">{p.villages}</td>
                  <td className="text-right">{p.planned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>

        <figure className="card min-w-0" aria-labelledby="chart-categories">
          <h3 id="chart-categories" className="font-medium">
            {c.categories}
          </h3>
          <ChartSlot chart={CategoryChart} props={{ data: categories }} />
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">{c.category}</th>
                <th scope="col" className="text-right">
                  {c.problemCount}
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.map((cat) => (
                <tr key={cat.label}>
                  <th scope="row" className="font-normal">
                    {cat.label}
                  </th>
                  <td className="text-right">{cat.count}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{c.total}</th>
                <td className="text-right font-semibold">{totals.problems}</td>
              </tr>
            </tbody>
          </table>
        </figure>

        {history ? (
          <figure className="card min-w-0" aria-labelledby="chart-history">
            <h3 id="chart-history" className="font-medium">
              {c.history}
            </h3>
            <p className="text-xs text-slate-600">{c.historyNote}</p>
            <ChartSlot chart={HistoryChart} props={{ data: points }} />
            {/* a scroll box the keyboard can reach and scroll (WCAG 2.1.1), named after its chart */}
            <div className="mt-2 max-h-64 overflow-y-auto" tabIndex={0} role="region" aria-label={c.historyTable}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{c.day}</th>
                    <th scope="col" className="text-right">
                      {c.reviewedSoFar}
                    </th>
                    <th scope="col" className="text-right">
                      {c.visitedSoFar}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((p, i) => (
                    <tr key={p.day}>
                      <th scope="row" className="font-normal">
                        {p.day}
                      </th>
                      <td className="whitespace-nowrap text-right">
                        {format(c.countOf, { done: p.reviewed, total: totals.households, percent: points[i].selfInspection })}
                      </td>
                      <td className="whitespace-nowrap text-right">
                        {format(c.countOf, { done: p.homeVisited, total: totals.households, percent: points[i].homeVisits })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </figure>
        ) : null}

        <figure className={`card min-w-0 ${history ? 'lg:col-span-2' : ''}`} aria-labelledby="chart-outcomes">
          <h3 id="chart-outcomes" className="font-medium">
            {c.outcomes}
          </h3>
          <p className="text-sm text-slate-700">
            {format(c.outcomesText, {
              exits: totals.exits,
              newEnrolments: totals.newEnrolments,
              fraudCases: totals.fraudCases,
              recovered: yuan(totals.fraudRecoveredFen),
              fine: yuan(totals.fraudFineFen),
            })}
          </p>
          <ChartSlot chart={OutcomesChart} props={{ data: outcomes }} />
          <figcaption className="mt-1 text-xs text-slate-600">{byVillage ? c.outcomesByVillage : c.outcomesByTownship}</figcaption>
        </figure>
      </div>
    </section>
  )
}
