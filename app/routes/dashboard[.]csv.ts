// /dashboard.csv: the dashboard's village figures for the signed-in user's scope, as a spreadsheet that opens in
// Excel and WPS with the Chinese intact (UTF-8 with BOM, CRLF, Chinese headers). Scope: loadDashboardExport.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { dashboardCsv, exportFileName } from '~/models/county.server'
import { loadDashboardExport } from '~/utils/dashboardExport.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const data = await loadDashboardExport(request)
  return new Response(dashboardCsv(data), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="dashboard-${data.today}.csv"; filename*=UTF-8''${encodeURIComponent(exportFileName(data, 'csv'))}`,
      'Cache-Control': 'private, no-store',
    },
  })
}
