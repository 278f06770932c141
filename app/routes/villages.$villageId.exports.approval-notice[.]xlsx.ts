// /villages/:id/exports/approval-notice.xlsx: the 审核结果公示 as .xlsx (one sheet per notice period), from the same
// model function as the print page.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { downloadApprovalNotice } from '~/models/approvalNotice.server'
import { exportContext, fileResponse } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  return fileResponse(await downloadApprovalNotice(getDb(), exportContext(request, user), village))
}
