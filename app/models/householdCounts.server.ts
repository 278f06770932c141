// How many households a village has, by the one definition of each figure (issue 17: the dashboard said
// "李家洼村 71户" and /exports "68户" — both right, but of different things, and neither page said which):
// - 原名册户 (roster): on the roster when the campaign began, whatever their status now — the 自查面 and 入户率 are
//   counted against it (a household exited during the campaign was still to be reviewed);
// - 在保户 (active): paid now — the public notice lists them;
// - 登记表户 (forms): every household with a review form, roster or newly enrolled, paid now or exited.
// The dashboard, its exports, /exports and each village's 打印与导出 read them here.
import type { DB } from '../../db/connection.server'

export interface HouseholdCounts {
  /** 原名册户: enrolment 'roster', any status */
  roster: number
  /** 在保户: status 'active' (roster or newly enrolled) */
  active: number
  /** 新纳入 (漏保 found and enrolled): enrolment 'newlyEnrolled', any status */
  newlyEnrolled: number
  /** 复核认定情况登记表: households paid now or exited (applicants not yet enrolled have no form) */
  forms: number
}

export function emptyHouseholdCounts(): HouseholdCounts {
  return { roster: 0, active: 0, newlyEnrolled: 0, forms: 0 }
}

/** The counts of every village of these townships (or of one village): one grouped query. */
export async function countHouseholds(db: DB, scope: { townshipIds: readonly number[]; onlyVillageId?: number }): Promise<Map<number, HouseholdCounts>> {
  const result = new Map<number, HouseholdCounts>()
  if (scope.townshipIds.length === 0) return result
  const only = scope.onlyVillageId
  const villageIds = db
    .selectFrom('villages')
    .select('villages.id')
    .where('villages.township_id', 'in', scope.townshipIds)
    .$if(only !== undefined, (q) => q.where('villages.id', '=', only as number))
  const rows = await db
    .selectFrom('households')
    .select(['village_id', 'enrolment', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('village_id', 'in', villageIds)
    .groupBy(['village_id', 'enrolment', 'status'])
    .execute()
  for (const r of rows) {
    const c = result.get(r.village_id) ?? emptyHouseholdCounts()
    const n = Number(r.n)
    if (r.enrolment === 'newlyEnrolled') c.newlyEnrolled += n
    else c.roster += n
    if (r.status === 'active') c.active += n
    if (r.status === 'active' || r.status === 'exited') c.forms += n
    result.set(r.village_id, c)
  }
  return result
}
