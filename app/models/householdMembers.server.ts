// 家庭成员: a household's members as pages, the review's economic check and the printed 登记表 read them.
// Full ID numbers never leave towards a page: views carry maskIdNumber() only.
import type { DB } from '../../db/connection.server'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import type { MemberDisability, MemberHealth, MemberRelation, MemberWorkStatus } from '../../workflows/rules/vocabulary'
import type { Tx } from './versioned.server'

/** One member as a page may see them. */
export interface MemberView {
  id: number
  position: number
  name: string
  relation: MemberRelation
  maskedIdNumber: string | null
  covered: boolean
  health: MemberHealth
  disability: MemberDisability
  workStatus: MemberWorkStatus
}

/** The members of one household, the head first. */
export async function listHouseholdMembers(db: DB | Tx, householdId: number): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('household_members')
    .select(['id', 'position', 'name', 'relation', 'id_number', 'covered', 'health', 'disability', 'work_status'])
    .where('household_id', '=', householdId)
    .orderBy('position')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    relation: r.relation,
    maskedIdNumber: r.id_number ? maskIdNumber(r.id_number) : null,
    covered: r.covered === 1,
    health: r.health,
    disability: r.disability,
    workStatus: r.work_status,
  }))
}
