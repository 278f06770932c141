// /dashboard.json: the dashboard's figures for the signed-in user's scope: each village with its id, name, page,
// phase, sub-state, schedule and every figure of the table, and each township's attention lists.
// Scope: loadDashboardExport.
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { loadDashboardExport } from '~/utils/dashboardExport.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const data = await loadDashboardExport(request)
  return json(data, { headers: { 'Cache-Control': 'private, no-store' } })
}
