// 家庭成员: a household's members as pages, the review's economic check and the printed 登记表 read them, and the
// save that replaces them (the village's cadre, or whoever reviews in the village's place; the 近亲属 recusal applies).
// Full ID numbers never leave towards a page: views carry maskIdNumber() only.
import type { Selectable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { HouseholdMemberTable } from '../../db/schema'
import { checkMembers, type MemberProblem } from '../../workflows/rules/householdMembers'
import { shanghaiDay } from '../../workflows/rules/dates'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import type { MemberDisability, MemberHealth, MemberRelation, MemberWorkStatus } from '../../workflows/rules/vocabulary'
import { changedFields, recordAudit } from './audit.server'
import { getReviewAccess, type MustReviewBy, type ReviewAccess } from './nearRelatives.server'
import { casUpdate, Rollback, versionedStep, type DbOrTx, type Tx } from './versioned.server'

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

/** The columns a member is read with, wherever a page or a paper shows members. */
export const MEMBER_COLUMNS = ['id', 'position', 'name', 'relation', 'id_number', 'covered', 'health', 'disability', 'work_status'] as const
type MemberRow = Pick<Selectable<HouseholdMemberTable>, (typeof MEMBER_COLUMNS)[number]>

/** A stored member as a page may see them: the ID number masked. */
export function memberView(r: MemberRow): MemberView {
  return {
    id: r.id,
    position: r.position,
    name: r.name,
    relation: r.relation,
    maskedIdNumber: r.id_number ? maskIdNumber(r.id_number) : null,
    covered: r.covered === 1,
    health: r.health,
    disability: r.disability,
    workStatus: r.work_status,
  }
}

/** The members of one household, the head first. */
export async function listHouseholdMembers(db: DB | Tx, householdId: number): Promise<MemberView[]> {
  const rows = await db.selectFrom('household_members').select(MEMBER_COLUMNS).where('household_id', '=', householdId).orderBy('position').execute()
  return rows.map(memberView)
}

// ————————————————————————————————————————— the members page —————————————————————————————————————————

export interface HouseholdMembersPage {
  householdId: number
  headName: string
  memberCount: number
  coveredCount: number
  /** the household's version the edit form sends back */
  version: number
  members: MemberView[]
  /** may this user edit the members (the review's access: the village's cadre, a stand-in, or recused) */
  access: ReviewAccess | null
}

async function findHousehold(db: DbOrTx, villageId: number, householdId: number) {
  if (!Number.isInteger(householdId) || householdId <= 0) return undefined
  return db
    .selectFrom('households')
    .select(['id', 'village_id', 'head_name', 'id_number', 'member_count', 'covered_count', 'version'])
    .where('id', '=', householdId)
    .where('village_id', '=', villageId)
    .executeTakeFirst()
}

/**
 * The household's members with what the edit form needs and whether `userId` may edit them (as the review decides:
 * getReviewAccess), or null when it is not a household of this village.
 */
export async function getHouseholdMembersPage(db: DbOrTx, q: { villageId: number; householdId: number; userId: number }): Promise<HouseholdMembersPage | null> {
  const row = await findHousehold(db, q.villageId, q.householdId)
  if (!row) return null
  return {
    access: await getReviewAccess(db, { villageId: q.villageId, householdId: row.id, userId: q.userId }),
    householdId: row.id,
    headName: row.head_name,
    memberCount: row.member_count,
    coveredCount: row.covered_count,
    version: row.version,
    members: await listHouseholdMembers(db, row.id),
  }
}

// ————————————————————————————————————————— saving —————————————————————————————————————————

/** One member as the form sends it. */
export interface MemberInput {
  /** the stored member this row shows (its ID number is kept when `idNumber` is blank), null for a new row */
  id: number | null
  name: string
  relation: MemberRelation
  /** typed: replaces the stored number; null or '': keep the stored one (none for a new member) */
  idNumber: string | null
  covered: boolean
  health: MemberHealth
  disability: MemberDisability
  workStatus: MemberWorkStatus
}

export type SaveMembersResult =
  | { ok: true; version: number; memberCount: number; coveredCount: number }
  | { ok: false; kind: 'notFound' }
  /** only the village's cadre (or a stand-in on a filed household) edits */
  | { ok: false; kind: 'readOnly' }
  /** the related official may not edit their own near relative's members */
  | { ok: false; kind: 'recused'; mustReviewBy: MustReviewBy }
  | { ok: false; kind: 'invalid'; problems: MemberProblem[]; headName: string }
  /** someone saved the household since the form was opened: nothing written; the members now, who, when */
  | { ok: false; kind: 'conflict'; version: number; headName: string; members: MemberView[]; by: string | null; at: string | null }

/** How a member list reads in the audit log: no full ID number (masked), nothing a person would not recognise. */
function auditList(
  list: Array<{ name: string; relation: string; id_number: string | null; covered: number; health: string; disability: string; work_status: string }>,
) {
  return list.map((m) => ({
    name: m.name,
    relation: m.relation,
    idNumber: m.id_number ? maskIdNumber(m.id_number) : null,
    covered: m.covered === 1,
    health: m.health,
    disability: m.disability,
    workStatus: m.work_status,
  }))
}

/**
 * Replace a household's members in one transaction, if the household is still at `expectedVersion`: member_count and
 * covered_count follow the list, the household's version goes up, one audit row (household.members) records the
 * list before and after (ID numbers masked). A save that changes nothing writes nothing.
 */
export async function saveHouseholdMembers(
  db: DB,
  req: {
    villageId: number
    householdId: number
    members: MemberInput[]
    expectedVersion: number
    actor: { id: number }
    at: Date
    ip?: string | null
  },
): Promise<SaveMembersResult> {
  const conflict = async (): Promise<SaveMembersResult> => conflictOf(db, req.villageId, req.householdId, req.actor.id)
  return versionedStep(
    db,
    async (tx): Promise<SaveMembersResult> => {
      const household = await findHousehold(tx, req.villageId, req.householdId)
      if (!household) return { ok: false, kind: 'notFound' }
      const access = await getReviewAccess(tx, { villageId: req.villageId, householdId: household.id, userId: req.actor.id })
      if (!access) return { ok: false, kind: 'notFound' }
      if (access.access === 'recused') return { ok: false, kind: 'recused', mustReviewBy: access.mustReviewBy }
      if (access.access === 'readOnly') return { ok: false, kind: 'readOnly' }
      if (household.version !== req.expectedVersion) throw new Rollback(await conflictOf(tx, req.villageId, household.id, req.actor.id))

      const stored = await tx.selectFrom('household_members').select(MEMBER_COLUMNS).where('household_id', '=', household.id).orderBy('position').execute()
      const storedId = new Map(stored.map((m) => [m.id, m.id_number]))
      // a blank ID number keeps the stored one: the page never holds the full number to send it back
      const drafts = req.members.map((m) => {
        const typed = m.idNumber?.trim() ? m.idNumber : null
        return { name: m.name.trim(), relation: m.relation, idNumber: typed ?? (m.id !== null ? (storedId.get(m.id) ?? null) : null) }
      })
      const checked = checkMembers(drafts, { headName: household.head_name, idNumber: household.id_number }, shanghaiDay(req.at))
      if (!checked.ok) return { ok: false, kind: 'invalid', problems: checked.problems, headName: household.head_name }

      const at = req.at.toISOString()
      const next = req.members.map((m, i) => ({
        household_id: household.id,
        position: i + 1,
        name: drafts[i].name,
        relation: m.relation,
        id_number: checked.idNumbers[i],
        covered: m.covered ? 1 : 0,
        health: m.health,
        disability: m.disability,
        work_status: m.workStatus,
        updated_at: at,
      }))
      const before = auditList(stored)
      const after = auditList(next)
      const memberCount = next.length
      const coveredCount = next.filter((m) => m.covered === 1).length
      const unchanged = JSON.stringify(before) === JSON.stringify(after) && household.member_count === memberCount && household.covered_count === coveredCount
      if (unchanged) return { ok: true, version: household.version, memberCount, coveredCount }

      await casUpdate(tx, 'households', household.id, req.expectedVersion, { member_count: memberCount, covered_count: coveredCount, updated_at: at })
      await tx.deleteFrom('household_members').where('household_id', '=', household.id).execute()
      await tx.insertInto('household_members').values(next).execute()
      await recordAudit(tx, {
        actorUserId: req.actor.id,
        action: 'household.members',
        entityType: 'household',
        entityId: household.id,
        villageId: household.village_id,
        ...changedFields(
          { members: before, member_count: household.member_count, covered_count: household.covered_count },
          { members: after, member_count: memberCount, covered_count: coveredCount },
        ),
        ip: req.ip,
        at: req.at,
      })
      return { ok: true, version: household.version + 1, memberCount, coveredCount }
    },
    conflict,
  )
}

async function conflictOf(db: DbOrTx, villageId: number, householdId: number, userId: number): Promise<SaveMembersResult> {
  const page = await getHouseholdMembersPage(db, { villageId, householdId, userId })
  if (!page) return { ok: false, kind: 'notFound' }
  const last = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['users.display_name', 'audit_log.occurred_at'])
    .where('audit_log.entity_type', '=', 'household')
    .where('audit_log.entity_id', '=', householdId)
    .orderBy('audit_log.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return {
    ok: false,
    kind: 'conflict',
    version: page.version,
    headName: page.headName,
    members: page.members,
    by: last?.display_name ?? null,
    at: last?.occurred_at ?? null,
  }
}
