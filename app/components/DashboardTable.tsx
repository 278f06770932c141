// The dashboard's village table: every figure of a village, each linking to the list behind it, sortable by
// plain GET links in the column headers (works without JavaScript).
import { Link } from '@remix-run/react'
import { format } from '~/i18n'
import { approvalProgress } from '~/i18n/zh-CN/approvalProgress'
import { dashboard } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { problemCategories } from '~/i18n/zh-CN/problems'
import { phases, states } from '~/i18n/zh-CN/workflow'
import type { VillageProgress } from '~/models/campaign.server'
import { yuan as money } from '~/utils/format'
import { ApprovalProgressCell } from './ApprovalProgress'
import { ProgressBar } from './ProgressBar'
import { ScheduleBadge } from './ScheduleBadge'
import { sortHref, type SortDir, type VillageSortKey } from '../utils/dashboardSort'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { approvalProgress, dashboard, dashboardPanels, phases, problemCategories, states }

export interface SortState {
  sort: VillageSortKey
  dir: SortDir
}

function SortHeader({ column, label, sort, className }: { column: VillageSortKey; label: string; sort: SortState; className?: string }) {
  const active = sort.sort === column
  const s = t.dashboardPanels.table
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link to={sortHref(column, sort)} preventScrollReset className="whitespace-nowrap text-slate-800" title={format(s.sortBy, { column: label })}>
        {label}
        <span aria-hidden="true" className={active ? 'ml-0.5 text-xs text-blue-700' : 'ml-0.5 text-[10px] text-slate-600'}>
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '⇅'}
        </span>
      </Link>
    </th>
  )
}

/** A count that opens its list; zero shows plain, as there is nothing behind it. */
function CountLink({ to, n, label, emphasis }: { to: string; n: number; label: string; emphasis?: string }) {
  if (n === 0) return <span className="text-slate-600">0</span>
  return (
    <a href={to} aria-label={label} className={emphasis}>
      {n}
    </a>
  )
}

export function DashboardTable({ villages, sort }: { villages: VillageProgress[]; sort: SortState }) {
  const d = t.dashboard
  const s = t.dashboardPanels.table
  return (
    <section aria-labelledby="village-table" className="card">
      <h2 id="village-table">{d.villageTable}</h2>
      <p className="mt-1 text-xs text-slate-600">{s.hint}</p>
      <div className="mt-2 overflow-x-auto">
        <table className="table [&_td]:px-1.5 [&_th]:px-1.5">
          <thead>
            <tr>
              <SortHeader column="name" label={d.village} sort={sort} className="sticky left-0 z-10" />
              <SortHeader column="state" label={d.phase} sort={sort} />
              <SortHeader column="schedule" label={d.schedule} sort={sort} />
              <SortHeader column="selfInspection" label={d.selfInspection} sort={sort} />
              <SortHeader column="homeVisits" label={d.homeVisits} sort={sort} />
              <SortHeader column="problems" label={d.problems} sort={sort} />
              <SortHeader column="exits" label={s.exits} sort={sort} />
              <SortHeader column="newEnrolments" label={s.newEnrolments} sort={sort} />
              <SortHeader column="fraudRecovered" label={s.fraudRecovered} sort={sort} />
              <SortHeader column="openFollowUps" label={s.openFollowUps} sort={sort} />
              <SortHeader column="overdueFollowUps" label={s.overdueFollowUps} sort={sort} />
              <SortHeader column="keySupervision" label={d.keySupervision} sort={sort} />
              <th scope="col">{t.approvalProgress.title}</th>
              <th scope="col" className="min-w-[3.5rem]">
                {d.leader}
              </th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => {
              const roster = `${v.path}/households`
              const problems = `${v.path}/problems`
              const followUps = `${v.path}#followups-heading`
              return (
                <tr key={v.id} className={v.zeroReport && v.keyInspections === 0 ? 'bg-red-50' : undefined}>
                  <th scope="row" className="sticky left-0 z-10 whitespace-nowrap font-medium">
                    <Link to={v.path}>{v.name}</Link>
                  </th>
                  <td className="whitespace-nowrap">
                    <span className="block text-xs text-slate-600">{t.phases[v.phase]}</span>
                    {t.states[v.state] ?? v.state}
                  </td>
                  <td className="whitespace-nowrap">
                    <ScheduleBadge status={v.schedule} />
                  </td>
                  <td>
                    <a href={roster} className="block text-slate-800 hover:no-underline">
                      <ProgressBar label={`${v.name}${d.selfInspection}`} done={v.reviewed} total={v.households} showLabel={false} />
                    </a>
                  </td>
                  <td>
                    <a href={roster} className="block text-slate-800 hover:no-underline">
                      <ProgressBar label={`${v.name}${d.homeVisits}`} done={v.homeVisited} total={v.households} showLabel={false} />
                    </a>
                  </td>
                  <td className="min-w-[7rem]">
                    <a href={problems} aria-label={format(s.problemsOf, { village: v.name, count: v.problems })} className="font-medium">
                      {v.problems}
                    </a>
                    {v.unresolvedProblems > 0 ? (
                      <span className="text-xs text-slate-600">
                        （{s.unresolved}
                        <a href={problems} aria-label={format(s.openProblemsOf, { village: v.name, count: v.unresolvedProblems })}>
                          {v.unresolvedProblems}
                        </a>
                        ）
                      </span>
                    ) : null}
                    {v.problems > 0 ? (
                      <ul className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-600">
                        {PROBLEM_CATEGORIES.filter((c) => v.problemsByCategory[c] > 0).map((c) => (
                          <li key={c}>
                            {t.problemCategories[c]}
                            <a
                              href={`${problems}?category=${c}`}
                              className="ml-0.5"
                              aria-label={format(s.categoryOf, { village: v.name, category: t.problemCategories[c], count: v.problemsByCategory[c] })}
                            >
                              {v.problemsByCategory[c]}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : v.zeroReport ? (
                      <span className="badge ml-1 bg-red-100 text-red-800">{s.zeroReport}</span>
                    ) : null}
                  </td>
                  <td className="text-right">
                    <CountLink to={`${roster}?filter=exit`} n={v.exits} label={format(s.exitsOf, { village: v.name, count: v.exits })} />
                  </td>
                  <td className="text-right">
                    <CountLink
                      to={`${roster}?filter=newlyEnrolled`}
                      n={v.newEnrolments}
                      label={format(s.newEnrolmentsOf, { village: v.name, count: v.newEnrolments })}
                    />
                  </td>
                  <td className="whitespace-nowrap text-right">
                    {v.fraudCases > 0 ? (
                      <a
                        href={`${roster}?filter=fraud`}
                        aria-label={format(s.fraudOf, { village: v.name, count: v.fraudCases, amount: money(v.fraudRecoveredFen) })}
                      >
                        {/* a space between the amount and the cases, so the two read as two words (as the name says them) */}
                        {money(v.fraudRecoveredFen)} <span className="block text-xs text-slate-600">{format(s.fraudCases, { count: v.fraudCases })}</span>
                      </a>
                    ) : (
                      <span className="text-slate-600">{money(0)}</span>
                    )}
                  </td>
                  <td className="text-right">
                    <CountLink to={followUps} n={v.openFollowUps} label={format(s.openFollowUpsOf, { village: v.name, count: v.openFollowUps })} />
                  </td>
                  <td className="text-right">
                    <CountLink
                      to={followUps}
                      n={v.overdueFollowUps}
                      label={format(s.overdueFollowUpsOf, { village: v.name, count: v.overdueFollowUps })}
                      emphasis="font-semibold text-red-700"
                    />
                  </td>
                  <td className="whitespace-nowrap">
                    {v.keySupervision ? (
                      <a href={v.path} className="badge bg-amber-100 text-amber-900 no-underline">
                        {v.keyInspections > 0 ? format(s.keyInspected, { count: v.keyInspections }) : s.keyNotInspected}
                      </a>
                    ) : (
                      <span className="text-slate-600">{d.no}</span>
                    )}
                  </td>
                  <td>
                    <ApprovalProgressCell village={v.name} approvals={v.approvals} />
                  </td>
                  <td className="text-slate-600">
                    {v.leaderName ?? '—'}
                    {v.liaisonNames.length > 0 ? <span className="block text-xs">{format(s.liaisons, { names: v.liaisonNames.join('、') })}</span> : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
