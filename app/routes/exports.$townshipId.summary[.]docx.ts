// /exports/:townshipId/summary.docx: the summary report (总结报告) drafted from the data, for Word/WPS.
// Leaders and admins of the township, and the county bureau over its townships; not cadres, not inspectors.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse, SUMMARY_ROLES } from '~/models/exports.server'
import { downloadSummaryReport } from '~/models/summaryReportExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireTownshipAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, township } = await requireTownshipAccess(request, params.townshipId, SUMMARY_ROLES)
  const result = await downloadSummaryReport(getDb(), exportContext(request, user), township)
  if (!result.ok) notFound()
  return fileResponse(result.file)
}
