// /villages/:id/exports/problems.xlsx: the village's problem register (问题台账).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadProblemRegister } from '~/models/registerExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const result = await downloadProblemRegister(getDb(), exportContext(request, user), { kind: 'village', village })
  if (!result.ok) notFound()
  return fileResponse(result.file)
}
