// Whose 问题台账（全镇）a request reads: a leader's, inspector's or administrator's own township; with ?township=ID a
// township the user may open (the county bureau reads each township of its county from its drill-down).
import type { CurrentUser } from './auth.server'
import { forbidden, requireRole, requireTownshipAccess } from './permissions.server'

export async function requireFollowUpScope(request: Request, townshipId: number | undefined): Promise<{ user: CurrentUser; townshipId: number }> {
  if (townshipId !== undefined) {
    const { user, township } = await requireTownshipAccess(request, townshipId)
    return { user, townshipId: township.id }
  }
  const user = await requireRole(request, ['leader', 'inspector', 'admin', 'county'])
  // the county reads a township from its drill-down (?township=ID)
  if (!user.townshipId) forbidden()
  return { user, townshipId: user.townshipId }
}
