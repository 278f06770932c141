// The county bureau's roll-up: each township of the county with the same figures the township sees.
import type { DB } from '../../db/connection.server'
import { getTownshipOverview } from './campaign.server'

export interface TownshipRollup {
  id: number
  name: string
  villages: number
  households: number
  reviewed: number
  homeVisited: number
  zeroReports: number
  behind: number
  overdue: number
}

export async function listCountyTownships(db: DB, countyName: string, today: string): Promise<TownshipRollup[]> {
  const townships = await db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', countyName).orderBy('name').execute()
  const rollups: TownshipRollup[] = []
  for (const township of townships) {
    const o = await getTownshipOverview(db, township.id, today)
    const sum = (pick: (v: (typeof o.villages)[number]) => number) => o.villages.reduce((n, v) => n + pick(v), 0)
    rollups.push({
      id: township.id,
      name: township.name,
      villages: o.villages.length,
      households: sum((v) => v.households),
      reviewed: sum((v) => v.reviewed),
      homeVisited: sum((v) => v.homeVisited),
      zeroReports: o.attention.zeroReport.length,
      behind: o.attention.behind.length,
      overdue: o.attention.overdue.length,
    })
  }
  return rollups
}
