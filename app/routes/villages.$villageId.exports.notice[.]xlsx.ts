// /villages/:id/exports/notice.xlsx?kind=&start=&end=: the public notice (公示名单) as .xlsx — names and amounts only.
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadPublicNotice } from '~/models/noticeExport.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { exports: exportStrings }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const result = await downloadPublicNotice(getDb(), exportContext(request, user), village, new URL(request.url).searchParams)
  if (!result.ok) throw json({ message: t.exports.notice.invalid, errors: result.errors }, { status: 400 })
  return fileResponse(result.file)
}
