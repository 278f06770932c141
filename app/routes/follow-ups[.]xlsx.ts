// /follow-ups.xlsx: 问题台账（全镇）with the page's filters (every page of them), as Excel.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseFollowUpQuery } from '~/forms/followUpList.server'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadFollowUpList } from '~/models/followUpList.server'
import { getDb } from '~/utils/db.server'
import { requireFollowUpScope } from '~/utils/followUpScope.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseFollowUpQuery(new URL(request.url).searchParams)
  const { user, townshipId } = await requireFollowUpScope(request, query.townshipId)
  return fileResponse(await downloadFollowUpList(getDb(), exportContext(request, user), townshipId, query.filters))
}
