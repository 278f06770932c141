// /exports/:townshipId/rectification.xlsx: the township's rectification list (整改清单), unfinished first.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadRectificationList } from '~/models/registerExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireTownshipAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, township } = await requireTownshipAccess(request, params.townshipId)
  const result = await downloadRectificationList(getDb(), exportContext(request, user), { kind: 'township', township })
  if (!result.ok) notFound()
  return fileResponse(result.file)
}
