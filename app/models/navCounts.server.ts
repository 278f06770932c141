// The counts beside the navigation's links (issue 17): how many items wait for this person on the page the link
// opens, keyed by the link's path, so each role's count sits beside its own work page. Only what the person may open.
import type { DB } from '../../db/connection.server'
import type { CurrentUser } from '../utils/auth.server'
import { listInspectorWork } from './inspectorWorkList.server'
import { countVillageWork } from './villageWorkList.server'

export type NavCounts = Record<string, number>

export async function navCountsFor(db: DB, user: CurrentUser | null, today: string): Promise<NavCounts> {
  if (!user) return {}
  const counts: NavCounts = {}
  // 我的待办 of an inspector or a 包村干部
  if (user.role === 'inspector' || user.role === 'liaison') counts['/work'] = (await listInspectorWork(db, user, today)).length
  // 待办事项 of a village cadre: what waits on the village, beside 本村(居)工作 (app/models/villageWorkList.server.ts)
  if (user.role === 'cadre' && user.villageId) counts[`/villages/${user.villageId}`] = await countVillageWork(db, user.villageId)
  return counts
}
