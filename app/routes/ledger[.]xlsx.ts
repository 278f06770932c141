// /ledger.xlsx?month=YYYY-MM: the township's 公示与发放比对 of a month as .xlsx. The township's leaders, inspectors and
// administrators; a county user with ?township=ID. Not a village cadre's: it lists every village.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseLedgerQuery } from '~/forms/paymentLedger.server'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadLedgerComparison } from '~/models/paymentLedger/export.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireRole, requireTownshipAccess } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseLedgerQuery(new URL(request.url).searchParams)
  const user = await requireRole(request, ['leader', 'inspector', 'admin', 'county'])
  let townshipId: number
  if (user.role === 'county') {
    // the county names the township; without it there is no file to give
    if (query.township === null) forbidden()
    townshipId = (await requireTownshipAccess(request, query.township, ['county'])).township.id
  } else {
    if (!user.townshipId || (query.township !== null && query.township !== String(user.townshipId))) forbidden()
    townshipId = user.townshipId
  }
  const file = await downloadLedgerComparison(getDb(), exportContext(request, user), { townshipId, month: query.month })
  if (!file) notFound()
  return fileResponse(file)
}
