// What /dashboard.csv and /dashboard.json both load: the dashboard's figures for the signed-in user's scope.
// Scope (exportScopeFor): leader, inspector, admin → their township; county → every township of the county;
// cadre → their own village only. ?township=ID narrows to one township the user may open (the county's drill-down);
// ?campaign=ID reads an earlier campaign of that township, as the dashboard does.
import { json } from '@remix-run/node'
import { z } from 'zod'
import { exportScopeFor, getDashboardExport, type DashboardExport, type ExportScope } from '~/models/county.server'
import type { CurrentUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole, requireTownshipAccess } from '~/utils/permissions.server'

// ?campaign=ID: an earlier campaign of the township in scope (not the county's roll-up: 404 there)
const Query = z.object({ township: z.coerce.number().int().positive().optional(), campaign: z.coerce.number().int().positive().optional() })

/** The export for this request's user and scope; answers 400, 403 or 404 (thrown) where there is none. */
export async function loadDashboardExport(request: Request): Promise<DashboardExport> {
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success) throw json({ message: 'bad request' }, { status: 400 })
  let scope: ExportScope | null
  let user: CurrentUser
  if (query.data.township !== undefined) {
    const access = await requireTownshipAccess(request, query.data.township)
    user = access.user
    scope = { kind: 'township', townshipId: access.township.id }
  } else {
    user = await requireRole(request, ['leader', 'inspector', 'admin', 'county', 'cadre'])
    scope = exportScopeFor(user)
  }
  if (!scope) forbidden()
  // redacted for the signed-in user: a cadre's or the county's export never carries a report's text
  const data = await getDashboardExport(getDb(), scope, today(), user, query.data.campaign)
  if (!data) notFound()
  return data
}
