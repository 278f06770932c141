// 低保户名册: every allowance household of one village with its review status. Filters and search are a plain
// GET form, so the page works without JavaScript; rows are cards that fit a 360-px phone.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ProgressBar } from '~/components/ProgressBar'
import { format, t, yuan } from '~/i18n'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getHouseholdName } from '~/models/households.server'
import { ID_SEARCH_MAX, ID_SEARCH_MIN, listRoster, ROSTER_FILTERS, type RosterFilter, type RosterRow } from '~/models/householdRoster.server'
import { getDb } from '~/utils/db.server'
import { takeSearch } from '~/utils/searchLimit.server'
import { requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.households.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const url = new URL(request.url)
  const asked = url.searchParams.get('filter') ?? 'all'
  const filter: RosterFilter = (ROSTER_FILTERS as readonly string[]).includes(asked) ? (asked as RosterFilter) : 'all'
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 30)
  const canWork = VILLAGE_RIGHTS.work.includes(user.role)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) return json({ village, filter, q, canWork, filters: ROSTER_FILTERS, roster: null, savedName: null, addedName: null, searchNotice: null })
  // every search counts against the user's limit; one over it runs no search at all (429, with a notice)
  const waitSeconds = q ? await takeSearch(user.id) : null
  const [found, savedName, addedName] = await Promise.all([
    listRoster(db, { campaignId: campaign.id, villageId: village.id, filter, search: waitSeconds === null ? q : null }),
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
    { village, filter, q, canWork, filters: ROSTER_FILTERS, roster, savedName, addedName, searchNotice },
    waitSeconds === null ? undefined : { status: 429, headers: { 'Retry-After': String(waitSeconds) } },
  )
}

const STATUS_STYLE = { unreviewed: 'bg-amber-100 text-amber-900', reviewed: 'bg-blue-100 text-blue-900', visited: 'bg-green-100 text-green-800' } as const
const OUTCOME_STYLE = {
  keep: 'bg-slate-100 text-slate-800',
  adjust: 'bg-sky-100 text-sky-900',
  exit: 'bg-red-100 text-red-800',
  fraud: 'bg-red-700 text-white',
} as const

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
          <span className={`badge shrink-0 ${STATUS_STYLE[row.reviewStatus]}`}>
            {h.reviewStatus[row.reviewStatus]}
            {row.reviewStatus !== 'unreviewed' && !row.reviewComplete ? `·${t.reviewCompleteness.rosterBadge}` : null}
          </span>
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
          <span className="ml-auto text-blue-700 underline">{canWork ? h.review : h.viewReview}</span>
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

export default function RosterPage() {
  const { village, filter, q, canWork, filters, roster, savedName, addedName, searchNotice } = useLoaderData<typeof loader>()
  const h = t.households
  const base = `/villages/${village.id}/households`
  // the review form brings the cadre back to this list, with its filter and search
  const back = new URLSearchParams()
  if (filter !== 'all') back.set('filter', filter)
  if (q) back.set('q', q)
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
          <p className="text-sm text-slate-600" aria-live="polite">
            {format(h.showing, { count: roster.rows.length })}
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
        </>
      )}
    </div>
  )
}
