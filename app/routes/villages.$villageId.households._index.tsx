// 低保户名册: every allowance household of one village with its review status, those still to review first, 20 cards
// a page. Filters, search, status and pages are plain GET links and forms, so the page works without JavaScript;
// rows are cards that fit a 360-px phone.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ProgressBar } from '~/components/ProgressBar'
import { format, yuan } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { departmentLists } from '~/i18n/zh-CN/departmentLists'
import { households } from '~/i18n/zh-CN/households'
import { rosterWork } from '~/i18n/zh-CN/villageWork'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getHouseholdName } from '~/models/households.server'
import {
  ID_SEARCH_MAX,
  ID_SEARCH_MIN,
  listRosterPage,
  ROSTER_FILTERS,
  WORK_STATUSES,
  type RosterFilter,
  type RosterRow,
  type WorkStatus,
} from '~/models/householdRoster.server'
import { getDb } from '~/utils/db.server'
import { takeSearch } from '~/utils/searchLimit.server'
import { requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, departmentLists, households, rosterWork }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.households.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const url = new URL(request.url)
  const asked = url.searchParams.get('filter') ?? 'all'
  const filter: RosterFilter = (ROSTER_FILTERS as readonly string[]).includes(asked) ? (asked as RosterFilter) : 'all'
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 30)
  const askedStatus = url.searchParams.get('status') ?? 'all'
  const status: WorkStatus | 'all' = (WORK_STATUSES as readonly string[]).includes(askedStatus) ? (askedStatus as WorkStatus) : 'all'
  // bounded before it is read: a page number of at most four digits; the model clamps it to the pages there are
  const askedPage = (url.searchParams.get('page') ?? '').slice(0, 4)
  const page = /^[1-9]\d*$/.test(askedPage) ? Number(askedPage) : 1
  const canWork = VILLAGE_RIGHTS.work.includes(user.role)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign)
    return json({
      village,
      filter,
      q,
      status,
      canWork,
      filters: ROSTER_FILTERS,
      statuses: WORK_STATUSES,
      roster: null,
      savedName: null,
      addedName: null,
      searchNotice: null,
    })
  // every search counts against the user's limit; one over it runs no search at all (429, with a notice)
  const waitSeconds = q ? await takeSearch(user.id) : null
  const [found, savedName, addedName] = await Promise.all([
    listRosterPage(db, { campaignId: campaign.id, villageId: village.id, filter, search: waitSeconds === null ? q : null, status, page }),
    url.searchParams.has('saved') ? getHouseholdName(db, village.id, Number(url.searchParams.get('saved'))) : null,
    url.searchParams.has('added') ? getHouseholdName(db, village.id, Number(url.searchParams.get('added'))) : null,
  ])
  const roster = waitSeconds === null ? found : { ...found, rows: [] }
  const digits = ID_SEARCH_MIN === ID_SEARCH_MAX ? String(ID_SEARCH_MIN) : `${ID_SEARCH_MIN}–${ID_SEARCH_MAX}`
  const searchNotice =
    waitSeconds !== null
      ? format(t.households.searchLimited, { seconds: waitSeconds })
      : roster.searchRefused
        ? format(t.households.idSearchLength, { digits })
        : null
  // the filter list travels with the data: the component must not touch a .server module (empty in the browser)
  return json(
    { village, filter, q, status, canWork, filters: ROSTER_FILTERS, statuses: WORK_STATUSES, roster, savedName, addedName, searchNotice },
    waitSeconds === null ? undefined : { status: 429, headers: { 'Retry-After': String(waitSeconds) } },
  )
}

const STATUS_STYLE: Record<WorkStatus, string> = {
  unreviewed: 'bg-amber-100 text-amber-900',
  incomplete: 'bg-orange-100 text-orange-900',
  awaitingVisit: 'bg-sky-100 text-sky-900',
  reviewed: 'bg-green-100 text-green-800',
}
const OUTCOME_STYLE = {
  keep: 'bg-slate-100 text-slate-800',
  adjust: 'bg-sky-100 text-sky-900',
  exit: 'bg-red-100 text-red-800',
  fraud: 'bg-red-700 text-white',
} as const

/** What the card's link says: what the cadre does there next (someone who only reads: 查看复核登记). */
function actionOf(row: RosterRow, canWork: boolean): string {
  const a = t.rosterWork.action
  if (!canWork) return a.view
  if (row.workStatus === 'reviewed') return a.edit
  return row.workStatus === 'awaitingVisit' ? a.visit : a.review
}

function HouseholdCard({ row, href, canWork }: { row: RosterRow; href: string; canWork: boolean }) {
  const h = t.households
  return (
    <li>
      <Link to={href} className="card block p-3 text-slate-900 no-underline hover:border-blue-400 hover:no-underline">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <span className="text-base font-semibold text-blue-800">{row.headName}</span>
            {row.enrolment === 'newlyEnrolled' ? <span className="badge ml-1 bg-violet-100 text-violet-900">{h.newlyEnrolledBadge}</span> : null}
            <div className="font-mono text-xs text-slate-600">
              <span className="sr-only">{h.idNumber}</span>
              {row.maskedIdNumber}
            </div>
          </div>
          <span className={`badge shrink-0 ${STATUS_STYLE[row.workStatus]}`}>{t.rosterWork.status[row.workStatus]}</span>
        </div>
        <div className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-700">
          <span>{format(h.members, { members: row.memberCount, covered: row.coveredCount })}</span>
          <span>
            <span className="sr-only">{h.amountLabel}</span>
            {yuan(row.monthlyAmountFen)}
            {row.adjustedAmountFen !== null ? <span className="ml-1 text-sky-800">{format(h.adjustedTo, { amount: yuan(row.adjustedAmountFen) })}</span> : null}
          </span>
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
          {row.outcome ? <span className={`badge ${OUTCOME_STYLE[row.outcome]}`}>{h.outcomes[row.outcome]}</span> : null}
          {row.keyCheck ? <span className="badge bg-amber-50 text-amber-900">{h.keyCheckBadge}</span> : null}
          {row.risk ? <span className="badge bg-orange-100 text-orange-900">{h.riskBadge}</span> : null}
          {row.nearRelativeFiling ? <span className="badge bg-slate-100 text-slate-700">{h.nearRelativeBadge}</span> : null}
          {row.crosscheck.length ? <span className="badge bg-amber-100 text-amber-900">{t.departmentLists.household.rosterBadge}</span> : null}
          <span className="ml-auto text-blue-700 underline">{actionOf(row, canWork)}</span>
        </div>
        {row.crosscheck.length ? (
          <ul className="mt-1 space-y-0.5 text-xs text-amber-900" aria-label={t.departmentLists.household.heading}>
            {row.crosscheck.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null}
      </Link>
    </li>
  )
}

/** The roster's address with these parameters (the defaults left out). */
function rosterHref(base: string, params: { filter: string; q: string; status: string; page?: number }): string {
  const query = new URLSearchParams()
  if (params.filter !== 'all') query.set('filter', params.filter)
  if (params.q) query.set('q', params.q)
  if (params.status !== 'all') query.set('status', params.status)
  if (params.page && params.page > 1) query.set('page', String(params.page))
  const text = query.toString()
  return text ? `${base}?${text}` : base
}

function Pages({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const w = t.rosterWork
  if (pages <= 1) return null
  return (
    <nav aria-label={w.pages} className="flex flex-wrap items-center gap-2 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary no-underline" rel="prev">
          {w.previous}
        </Link>
      ) : null}
      {Array.from({ length: pages }, (_, i) => i + 1).map((n) =>
        n === page ? (
          <span key={n} aria-current="page" className="rounded bg-blue-700 px-2 py-1 font-semibold text-white">
            <span className="sr-only">{format(w.pageLink, { page: n })}</span>
            <span aria-hidden="true">{n}</span>
          </span>
        ) : (
          <Link key={n} to={href(n)} className="px-2 py-1" aria-label={format(w.pageLink, { page: n })}>
            {n}
          </Link>
        ),
      )}
      {page < pages ? (
        <Link to={href(page + 1)} className="btn-secondary no-underline" rel="next">
          {w.next}
        </Link>
      ) : null}
    </nav>
  )
}

export default function RosterPage() {
  const { village, filter, q, status, canWork, filters, statuses, roster, savedName, addedName, searchNotice } = useLoaderData<typeof loader>()
  const h = t.households
  const w = t.rosterWork
  const base = `/villages/${village.id}/households`
  // the review form brings the cadre back to this list, with its filter, search, status and page
  const back = new URLSearchParams()
  if (filter !== 'all') back.set('filter', filter)
  if (q) back.set('q', q)
  if (status !== 'all') back.set('status', status)
  if (roster && roster.page > 1) back.set('page', String(roster.page))
  const backQuery = back.toString()
  return (
    <div className="mx-auto max-w-5xl space-y-3">
      <div>
        <h1>{format(h.title, { village: village.name })}</h1>
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link to={`/villages/${village.id}`}>{h.backToVillage}</Link>
          {canWork && roster ? <Link to={`${base}/new`}>{h.addMissed}</Link> : null}
        </p>
      </div>
      {savedName ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(h.saved, { name: savedName })}
        </p>
      ) : null}
      {addedName ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(h.added, { name: addedName })}
        </p>
      ) : null}
      {!roster ? (
        <p className="card">{h.noCampaign}</p>
      ) : (
        <>
          <section className="card space-y-2">
            <p className="text-sm text-slate-700">
              {format(h.summary, { total: roster.counts.all, roster: roster.coverage.households, newly: roster.counts.newlyEnrolled })}
            </p>
            <div className="grid gap-2 sm:grid-cols-2">
              <ProgressBar label={h.reviewedBar} done={roster.coverage.reviewed} total={roster.coverage.households} />
              <ProgressBar label={h.visitedBar} done={roster.coverage.homeVisited} total={roster.coverage.households} />
            </div>
          </section>

          <Form method="get" action={base} className="card grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end" role="search">
            <div>
              <label htmlFor="filter" className="label">
                {h.filterLabel}
              </label>
              <select id="filter" name="filter" defaultValue={filter} className="field">
                {filters.map((f) => (
                  <option key={f} value={f}>
                    {format(h.filterOption, { label: h.filters[f], count: roster.counts[f] })}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="q" className="label">
                {h.searchLabel}
              </label>
              <div className="flex gap-2">
                <input
                  id="q"
                  name="q"
                  type="search"
                  defaultValue={q}
                  placeholder={h.searchHint}
                  className="field min-w-0 flex-1"
                  maxLength={30}
                  autoComplete="off"
                />
                <button type="submit" className="btn shrink-0">
                  {h.apply}
                </button>
              </div>
            </div>
            {backQuery ? (
              <p className="text-sm sm:pb-3">
                <Link to={base}>{h.clear}</Link>
              </p>
            ) : null}
          </Form>

          {searchNotice ? (
            <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
              {searchNotice}
            </p>
          ) : null}
          <nav aria-label={w.statusFilter} className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
            {(['all', ...statuses] as const).map((s) => {
              const label =
                s === 'all'
                  ? format(w.statusAll, { count: roster.statusCounts.all })
                  : format(w.statusOption, { status: w.status[s], count: roster.statusCounts[s] })
              return s === status ? (
                <span key={s} aria-current="page" className="font-semibold">
                  {label}
                </span>
              ) : (
                <Link key={s} to={rosterHref(base, { filter, q, status: s })}>
                  {label}
                </Link>
              )
            })}
          </nav>
          <p className="text-sm text-slate-600" aria-live="polite">
            {format(h.showing, { count: status === 'all' ? roster.statusCounts.all : roster.statusCounts[status] })}
            {roster.pages > 1 ? `，${format(w.page, { page: roster.page, pages: roster.pages })}` : ''}
            {status === 'all' ? `。${w.statusHint}` : ''}
          </p>
          {roster.rows.length === 0 ? (
            <p className="card">{h.none}</p>
          ) : (
            <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {roster.rows.map((row) => (
                <HouseholdCard
                  key={row.id}
                  row={row}
                  canWork={canWork}
                  href={`${base}/${row.id}${backQuery ? `?back=${encodeURIComponent(backQuery)}` : ''}`}
                />
              ))}
            </ul>
          )}
          <Pages page={roster.page} pages={roster.pages} href={(n) => rosterHref(base, { filter, q, status, page: n })} />
        </>
      )}
    </div>
  )
}
