import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TownshipDashboard } from '~/components/TownshipDashboard'
import { t } from '~/i18n'
import { getTownshipDashboard } from '~/models/townshipOverview.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: `${t.nav.dashboard} · ${t.app.name}` }]

// The signed-in leader's, inspector's or administrator's own township. ?sort=…&dir=… orders the village table,
// ?attention=all lists every overdue and due-soon follow-up.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['leader', 'inspector', 'admin'])
  if (!user.townshipId) forbidden()
  const day = today()
  return json({ ...(await getTownshipDashboard(getDb(), user.townshipId, day, user, new URL(request.url).searchParams)), today: day })
}

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>()
  return <TownshipDashboard {...data} exportQuery="" />
}
