// /villages/:id/exports/rectification.xlsx: the village's rectification list (整改清单: problems and orders to rectify).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadRectificationList } from '~/models/registerExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const result = await downloadRectificationList(getDb(), exportContext(request, user), { kind: 'village', village })
  if (!result.ok) notFound()
  return fileResponse(result.file)
}
