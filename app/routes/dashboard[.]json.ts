// /dashboard.json: the dashboard's figures for the signed-in user's scope: each village with its id, name, page,
// phase, sub-state, schedule and every figure of the table, and each township's attention lists.
// Scope (exportScopeFor): leader, inspector, admin → their township; county → every township of the county;
// cadre → their own village only. ?township=ID narrows to one township the user may open (the county's drill-down).
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { exportScopeFor, getDashboardExport, type ExportScope } from '~/models/county.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole, requireTownshipAccess } from '~/utils/permissions.server'

const Query = z.object({ township: z.coerce.number().int().positive().optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success) throw json({ message: 'bad request' }, { status: 400 })
  const scope: ExportScope | null =
    query.data.township !== undefined
      ? { kind: 'township', townshipId: (await requireTownshipAccess(request, query.data.township)).township.id }
      : exportScopeFor(await requireRole(request, ['leader', 'inspector', 'admin', 'county', 'cadre']))
  if (!scope) forbidden()
  const data = await getDashboardExport(getDb(), scope!, today())
  if (!data) notFound()
  return json(data, { headers: { 'Cache-Control': 'private, no-store' } })
}
