import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { TownshipDashboard } from '~/components/TownshipDashboard'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { dashboard } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { getTownshipDashboard } from '~/models/townshipOverview.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireTownshipAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, dashboard, dashboardPanels }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.dashboard.title, { township: data.overview.township.name })} · ${t.app.name}` : t.app.name },
]

// A township's dashboard by id: how the county bureau drills down from its roll-up (the township's own people may
// open it too). The same query string as /dashboard.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, township } = await requireTownshipAccess(request, params.townshipId)
  const day = today()
  // ?campaign=ID of another township: 404
  const page = await getTownshipDashboard(getDb(), township.id, day, user, new URL(request.url).searchParams)
  if (!page) notFound()
  return json({
    ...page,
    today: day,
    fromCounty: user.role === 'county',
  })
}

export default function TownshipPage() {
  const { fromCounty, ...data } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-2">
      {fromCounty ? (
        <p className="no-print text-sm">
          <Link to="/county">{t.dashboardPanels.county.back}</Link>
        </p>
      ) : null}
      <TownshipDashboard
        {...data}
        brief={undefined}
        exportQuery={`?township=${data.overview.township.id}`}
        basePath={`/townships/${data.overview.township.id}`}
      />
    </div>
  )
}
