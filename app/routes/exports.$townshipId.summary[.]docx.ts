// /exports/:townshipId/summary.docx: the summary report (总结报告) drafted from the data, for Word/WPS.
// Leaders and admins of the township, and the county bureau over its townships; not cadres, not inspectors.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { exportContext, fileResponse, SUMMARY_ROLES } from '~/models/exports.server'
import { downloadSummaryReport } from '~/models/summaryReportExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireTownshipAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { exports: exportStrings }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, township } = await requireTownshipAccess(request, params.townshipId, SUMMARY_ROLES)
  const result = await downloadSummaryReport(getDb(), exportContext(request, user), township)
  if (!result.ok) {
    if (result.reason === 'noCampaign') notFound()
    // the document is built in a worker with a time limit: past it (or with every worker taken) a 503 in Chinese
    return new Response(result.reason === 'busy' ? t.exports.summary.busy : t.exports.summary.timeout, {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' },
    })
  }
  return fileResponse(result.file)
}
