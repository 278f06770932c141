// /follow-ups: 问题台账（全镇）— every problem and order to rectify of the township's campaign, filtered by GET
// parameters (?village=&kind=&category=&state=&overdue=1&source=&page=), so the filters, the pages and the export
// work without JavaScript. Leaders, inspectors and administrators read their township; the county bureau a township
// of its county (?township=ID, from its drill-down).
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SelectField } from '~/components/SelectField'
import { parseFollowUpQuery } from '~/forms/followUpList.server'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { dashboard } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { followUpList } from '~/i18n/zh-CN/leaderDay'
import { problemCategories, problems } from '~/i18n/zh-CN/problems'
import { getFollowUpListPage } from '~/models/followUpList.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { followUpSearch } from '~/utils/followUpSearch'
import { requireFollowUpScope } from '~/utils/followUpScope.server'
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, dashboard, dashboardPanels, followUpList, problemCategories, problems }

const l = t.followUpList

export const meta: MetaFunction = () => [{ title: `${l.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseFollowUpQuery(new URL(request.url).searchParams)
  const { townshipId } = await requireFollowUpScope(request, query.townshipId)
  const page = await getFollowUpListPage(getDb(), townshipId, today(), query)
  return json({ ...page, filters: query.filters, invalid: query.invalid, townshipParam: query.townshipId })
}

export default function FollowUpsPage() {
  const { township, villages, rows, total, page, pages, first, filters, invalid, townshipParam } = useLoaderData<typeof loader>()
  const extra = { township: townshipParam }
  const href = (n: number) => `/follow-ups${followUpSearch(filters, { ...extra, page: n })}`
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1>
        {township.name} · {l.title}
      </h1>
      <p className="text-sm text-slate-600">{l.intro}</p>
      {invalid ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
          {l.badRequest}
        </p>
      ) : null}
      <form method="get" action="/follow-ups" className="card grid gap-3 sm:grid-cols-3" aria-label={l.filters}>
        {townshipParam !== undefined ? <input type="hidden" name="township" value={townshipParam} /> : null}
        <SelectField
          id="village"
          name="village"
          label={l.village}
          none={l.allVillages}
          options={villages.map((v) => ({ value: v.id, label: v.name }))}
          defaultValue={filters.villageId ?? ''}
        />
        <SelectField
          id="kind"
          name="kind"
          label={l.kind}
          none={l.allKinds}
          options={(['problem', 'order'] as const).map((k) => ({ value: k, label: l.kinds[k] }))}
          defaultValue={filters.kind ?? ''}
        />
        <SelectField
          id="category"
          name="category"
          label={l.category}
          none={l.allCategories}
          options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t.problemCategories[c] }))}
          defaultValue={filters.category ?? ''}
        />
        <SelectField
          id="state"
          name="state"
          label={l.state}
          none={l.allStates}
          options={(['open', 'done'] as const).map((s) => ({ value: s, label: l.states[s] }))}
          defaultValue={filters.state ?? ''}
        />
        <SelectField
          id="source"
          name="source"
          label={l.source}
          none={l.allSources}
          options={PROBLEM_SOURCES.map((s) => ({ value: s, label: t.problems.sources[s] }))}
          defaultValue={filters.source ?? ''}
        />
        <div className="flex items-end">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} className="h-5 w-5" />
            {l.overdue}
          </label>
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
          <button type="submit" className="btn">
            {l.apply}
          </button>
          <a href={`/follow-ups${followUpSearch({ overdue: false }, extra)}`}>{l.reset}</a>
          <a href={`/follow-ups.xlsx${followUpSearch(filters, extra)}`} download className="btn-secondary">
            {l.download}
          </a>
        </div>
      </form>
      <p role="status">{format(l.count, { count: total, page, pages })}</p>
      {rows.length === 0 ? (
        <p className="text-slate-600">{l.empty}</p>
      ) : (
        <ol className="space-y-2" start={first}>
          {rows.map((r) => (
            <li key={`${r.kind}-${r.id}`} className="card flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
              {r.daysOverdue > 0 ? (
                <span className="font-medium text-red-700">{format(l.overdueDays, { days: r.daysOverdue })}</span>
              ) : (
                <span className="text-slate-600">{r.deadlineOn ? format(t.dashboard.dueOn, { date: r.deadlineOn }) : ''}</span>
              )}
              <span className="badge bg-slate-100">{l.kinds[r.kind]}</span>
              {r.category ? <span className="badge bg-slate-100">{t.problemCategories[r.category]}</span> : null}
              <a href={`/villages/${r.villageId}`}>{r.villageName}</a>
              <a href={r.path} className="min-w-0 basis-full text-slate-800 sm:basis-auto">
                {r.title}
              </a>
              <span className="text-slate-600">{r.kind === 'order' ? l.sourceOrder : t.problems.sources[r.source]}</span>
              <span className={r.done ? 'text-green-700' : 'text-amber-800'}>{r.statusLabel}</span>
              {r.responsible ? <span className="text-slate-600">{format(t.dashboardPanels.attention.responsible, { name: r.responsible })}</span> : null}
            </li>
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav aria-label={l.pagination} className="flex gap-4">
          {page > 1 ? <a href={href(page - 1)}>{l.previous}</a> : null}
          {page < pages ? <a href={href(page + 1)}>{l.next}</a> : null}
        </nav>
      ) : null}
    </div>
  )
}
