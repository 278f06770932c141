// /crosscheck/matches.xlsx: the 信息核对 match list the viewer may see (the county's, a township's, a village's only),
// redacted in the model as the page is (app/models/departmentLists/export.server.ts).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadCrosscheckMatches } from '~/models/departmentLists/export.server'
import { exportContext, fileResponse } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county', 'leader', 'inspector', 'admin', 'cadre', 'liaison'])
  const file = await downloadCrosscheckMatches(getDb(), exportContext(request, user))
  if (!file) forbidden()
  return fileResponse(file)
}
