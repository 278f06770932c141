// /brief.txt: 每日简报 as plain text, for the township's leaders, inspectors and administrators (their own township):
// the same text the dashboard shows, from the same figures (getDailyBrief), "today" being the Shanghai day.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDailyBrief } from '~/models/townshipOverview.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['leader', 'inspector', 'admin'])
  if (!user.townshipId) forbidden()
  const text = await getDailyBrief(getDb(), user.townshipId, today(), user)
  return new Response(`${text}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' } })
}
