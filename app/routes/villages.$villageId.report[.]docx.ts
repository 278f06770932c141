// /villages/:villageId/report.docx: the self-inspection report (自查报告) for Word/WPS — the written sections and the
// figures. Whoever may read the report page may download it; the download is audited.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCurrentCampaign } from '~/models/campaign.server'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadSelfInspectionReport } from '~/models/selfInspectionExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  return fileResponse(await downloadSelfInspectionReport(db, exportContext(request, user), campaign.id, village))
}
