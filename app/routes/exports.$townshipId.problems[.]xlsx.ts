// /exports/:townshipId/problems.xlsx: the township's problem register (问题台账), village by village.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadProblemRegister } from '~/models/registerExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireTownshipAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, township } = await requireTownshipAccess(request, params.townshipId)
  const result = await downloadProblemRegister(getDb(), exportContext(request, user), { kind: 'township', township })
  if (!result.ok) notFound()
  return fileResponse(result.file)
}
