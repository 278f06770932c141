import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TownshipDashboard } from '~/components/TownshipDashboard'
import { app, nav } from '~/i18n/zh-CN/common'
import { townshipTasks } from '~/i18n/zh-CN/townshipTasks'
import { getTownshipDashboard } from '~/models/townshipOverview.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, nav, townshipTasks }

export const meta: MetaFunction = () => [{ title: `${t.nav.dashboard} · ${t.app.name}` }]

// The signed-in leader's, inspector's or administrator's own township. ?sort=…&dir=… orders the village table,
// ?attention=problem|approval|all lists that group of overdue and due-soon follow-ups whole (责令整改, 举报核实 and
// 专人督办 are always listed whole), ?campaign=ID shows an earlier campaign of the township
// (another township's: 404), ?campaignCreated=1 says a campaign was just created.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['leader', 'inspector', 'admin'])
  if (!user.townshipId) forbidden()
  const day = today()
  const search = new URL(request.url).searchParams
  const page = await getTownshipDashboard(getDb(), user.townshipId, day, user, search)
  if (!page) notFound()
  return json({
    ...page,
    today: day,
    canEdit: user.role === 'leader' || user.role === 'admin',
    campaignCreated: search.get('campaignCreated') === '1',
    summarySubmitted: search.get('summarySubmitted') === '1',
    taskSaved: search.get('taskSaved') === '1',
  })
}

export default function DashboardPage() {
  const { summarySubmitted, taskSaved, ...data } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-2">
      {summarySubmitted ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.townshipTasks.summary.done}
        </p>
      ) : null}
      {taskSaved ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.townshipTasks.saved}
        </p>
      ) : null}
      <TownshipDashboard {...data} exportQuery="" basePath="/dashboard" />
    </div>
  )
}
