// 近亲属备案: the filing on a household (是否村(居)干部/经办人员近亲属, 备案日期, the related official), the recusal it
// brings (the related official neither reviews the household nor proposes for it: workflows/rules/nearRelatives.ts),
// and the township's register (近亲属备案登记) with its counts for the dashboard.
// Full ID numbers never leave this module towards a page: the register carries maskIdNumber() only.
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { filingProblems, normaliseFiling, reviewAccess, whoMustReview, type FilingInput, type FilingProblem } from '../../workflows/rules/nearRelatives'
import { changedFields, recordAudit } from './audit.server'
import type { DbOrTx } from './versioned.server'

// ————————————————————————————————————————— the filing on one household —————————————————————————————————————————

/** A user who may be named as the related official: the village's cadres and the township's staff. */
export interface OfficialOption {
  id: number
  name: string
  role: Role
  villageName: string | null
}

/** The village's and the township's active users (the village's first), for the 相关干部 select. */
export async function listOfficialOptions(db: DbOrTx, q: { townshipId: number; villageId: number }): Promise<OfficialOption[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select(['users.id', 'users.display_name', 'users.role', 'users.village_id', 'villages.name as village_name'])
    .where('users.township_id', '=', q.townshipId)
    .where('users.active', '=', 1)
    // the village's own accounts and the township's staff: another village's cadres are not listed (the form says
    // nothing of other villages; such an official is named in the free-text field)
    .where((eb) => eb.or([eb('users.village_id', '=', q.villageId), eb('users.village_id', 'is', null)]))
    .orderBy('users.id')
    .execute()
  const own = (r: (typeof rows)[number]) => (r.village_id === q.villageId ? 0 : 1)
  return rows.sort((a, b) => own(a) - own(b) || a.id - b.id).map((r) => ({ id: r.id, name: r.display_name, role: r.role, villageName: r.village_name ?? null }))
}

/** A household's filing as the form and the household page show it. */
export interface NearRelativeFilingView {
  householdId: number
  headName: string
  filed: boolean
  filedOn: string | null
  officialUserId: number | null
  /** the related official's name: the user's, or the one recorded for an official without an account */
  officialName: string | null
  note: string | null
  /** the household's version the filing form must send back */
  version: number
}

async function findFiling(db: DbOrTx, villageId: number, householdId: number) {
  if (!Number.isInteger(householdId) || householdId <= 0) return undefined
  return db
    .selectFrom('households')
    .leftJoin('users', 'users.id', 'households.near_relative_official_user_id')
    .select([
      'households.id',
      'households.village_id',
      'households.head_name',
      'households.near_relative_filing',
      'households.near_relative_filed_on',
      'households.near_relative_official_user_id',
      'households.near_relative_official_name',
      'households.near_relative_note',
      'households.version',
      'users.display_name as official_display_name',
    ])
    .where('households.id', '=', householdId)
    .where('households.village_id', '=', villageId)
    .executeTakeFirst()
}

type FilingRow = NonNullable<Awaited<ReturnType<typeof findFiling>>>

function filingView(row: FilingRow): NearRelativeFilingView {
  return {
    householdId: row.id,
    headName: row.head_name,
    filed: row.near_relative_filing === 1,
    filedOn: row.near_relative_filed_on,
    officialUserId: row.near_relative_official_user_id,
    officialName: row.official_display_name ?? row.near_relative_official_name,
    note: row.near_relative_note,
    version: row.version,
  }
}

const filingOf = (row: FilingRow) => ({
  filed: row.near_relative_filing === 1,
  officialUserId: row.near_relative_official_user_id,
  officialName: row.near_relative_official_name,
})

/** The household's filing, or null when it is not a household of this village. */
export async function getNearRelativeFiling(db: DbOrTx, q: { villageId: number; householdId: number }): Promise<NearRelativeFilingView | null> {
  const row = await findFiling(db, q.villageId, q.householdId)
  return row ? filingView(row) : null
}

/** Who must review instead of the related official. */
export type MustReviewBy = { kind: 'leader'; name: string } | { kind: 'office' }

/** What this person may do with the household's review, and who must review when they are recused. */
export type ReviewAccess = { access: 'review' | 'readOnly' } | { access: 'recused'; mustReviewBy: MustReviewBy }

/**
 * The recusal check (回避): may this user review (or propose for) this household? The household's review page asks
 * it for the form, and the review's save asks it again before it writes anything.
 */
export async function getReviewAccess(db: DbOrTx, q: { villageId: number; householdId: number; userId: number }): Promise<ReviewAccess | null> {
  const [row, user] = await Promise.all([
    findFiling(db, q.villageId, q.householdId),
    db.selectFrom('users').select(['id', 'role', 'display_name']).where('id', '=', q.userId).executeTakeFirst(),
  ])
  if (!row || !user) return null
  const access = reviewAccess({ id: user.id, role: user.role, displayName: user.display_name }, filingOf(row))
  if (access !== 'recused') return { access }
  const leader = await db
    .selectFrom('villages')
    .innerJoin('users', 'users.id', 'villages.leader_user_id')
    .select(['users.id', 'users.display_name'])
    .where('villages.id', '=', q.villageId)
    .executeTakeFirst()
  return { access, mustReviewBy: whoMustReview(leader ? { id: leader.id, name: leader.display_name } : null, user) }
}

export interface FilingFormInput extends FilingInput {
  note: string | null
}

export type SaveFilingResult =
  | { ok: true; version: number }
  | { ok: false; kind: 'notFound' }
  /** the related official may not change the filing of their own near relative */
  | { ok: false; kind: 'recused'; mustReviewBy: MustReviewBy }
  /** the chosen user is not one of the township's */
  | { ok: false; kind: 'unknownOfficial' }
  | { ok: false; kind: 'invalid'; problems: Array<{ field: 'filedOn' | 'official'; problem: FilingProblem }> }
  /** someone saved the household since the form was opened: nothing written; what is stored now, who, when */
  | { ok: false; kind: 'conflict'; version: number; theirs: NearRelativeFilingView; by: string | null; at: string | null }

/**
 * Save a household's filing in one transaction with its audit row, if the household is still at `expectedVersion`
 * (households.version; else nothing is written and the answer says what is stored). The related official may not
 * change it; unticking clears the day and the official; the day is required when ticked and not after `today`.
 */
export async function saveNearRelativeFiling(
  db: DB,
  req: {
    townshipId: number
    villageId: number
    householdId: number
    actor: { id: number }
    input: FilingFormInput
    expectedVersion: number
    today: string
    at: Date
    ip?: string | null
  },
): Promise<SaveFilingResult> {
  const problems = filingProblems(req.input, req.today)
  if (problems.length) return { ok: false, kind: 'invalid', problems }
  const filing = normaliseFiling(req.input)
  const note = filing.filed ? req.input.note : null
  return db.transaction().execute(async (tx): Promise<SaveFilingResult> => {
    const row = await findFiling(tx, req.villageId, req.householdId)
    if (!row) return { ok: false, kind: 'notFound' }
    const access = await getReviewAccess(tx, { villageId: req.villageId, householdId: row.id, userId: req.actor.id })
    if (access?.access === 'recused') return { ok: false, kind: 'recused', mustReviewBy: access.mustReviewBy }
    if (row.version !== req.expectedVersion) return conflictOf(tx, row)
    if (filing.officialUserId !== null) {
      const official = await tx
        .selectFrom('users')
        .select('id')
        .where('id', '=', filing.officialUserId)
        .where('township_id', '=', req.townshipId)
        .executeTakeFirst()
      if (!official) return { ok: false, kind: 'unknownOfficial' }
    }
    const columns = {
      near_relative_filing: filing.filed ? 1 : 0,
      near_relative_filed_on: filing.filedOn,
      near_relative_official_user_id: filing.officialUserId,
      near_relative_official_name: filing.officialName,
      near_relative_note: note,
    }
    const diff = changedFields(row as unknown as Record<string, unknown>, columns)
    // nothing changed: nothing written, no audit row
    if (Object.keys(diff.after).length === 0) return { ok: true, version: row.version }
    const result = await tx
      .updateTable('households')
      .set({ ...columns, version: row.version + 1, updated_at: req.at.toISOString() })
      .where('id', '=', row.id)
      .where('version', '=', req.expectedVersion)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return conflictOf(tx, row)
    await recordAudit(tx, {
      actorUserId: req.actor.id,
      action: 'household.nearRelativeFiling',
      entityType: 'household',
      entityId: row.id,
      villageId: row.village_id,
      before: diff.before,
      after: diff.after,
      ip: req.ip,
      at: req.at,
    })
    return { ok: true, version: row.version + 1 }
  })
}

async function conflictOf(db: DbOrTx, row: FilingRow): Promise<SaveFilingResult> {
  const now = (await findFiling(db, row.village_id, row.id)) ?? row
  const last = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['users.display_name', 'audit_log.occurred_at'])
    .where('audit_log.entity_type', '=', 'household')
    .where('audit_log.entity_id', '=', row.id)
    .orderBy('audit_log.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return { ok: false, kind: 'conflict', version: now.version, theirs: filingView(now), by: last?.display_name ?? null, at: last?.occurred_at ?? null }
}

// ————————————————————————————————————————— the township's register —————————————————————————————————————————

export interface RegisterRow {
  householdId: number
  villageId: number
  villageName: string
  headName: string
  maskedIdNumber: string
  officialName: string | null
  /** the official's role and village when they are a user of the system */
  officialRole: Role | null
  officialVillageName: string | null
  filedOn: string | null
  note: string | null
  /** reviewed in the campaign shown, and by whom */
  reviewedAt: string | null
  reviewedBy: string | null
}

export interface NearRelativeCounts {
  households: number
  reviewed: number
}

/** Every filed household of the township (village order, then household), with its review in the campaign, if any. */
export async function listNearRelativeRegister(
  db: DB,
  q: { townshipId: number; campaignId: number | null },
): Promise<{ rows: RegisterRow[]; counts: NearRelativeCounts }> {
  const rows = await db
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .leftJoin('users as official', 'official.id', 'households.near_relative_official_user_id')
    .leftJoin('villages as officialVillage', 'officialVillage.id', 'official.village_id')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', '=', q.campaignId ?? -1))
    .leftJoin('users as reviewer', 'reviewer.id', 'r.reviewed_by_user_id')
    .select([
      'households.id',
      'households.village_id',
      'villages.name as village_name',
      'households.head_name',
      'households.id_number',
      'households.near_relative_filed_on',
      'households.near_relative_official_name',
      'households.near_relative_note',
      'official.display_name as official_display_name',
      'official.role as official_role',
      'officialVillage.name as official_village_name',
      'r.reviewed_at',
      'reviewer.display_name as reviewer_name',
    ])
    .where('villages.township_id', '=', q.townshipId)
    .where('households.near_relative_filing', '=', 1)
    .orderBy('villages.sort_order')
    .orderBy('villages.id')
    .orderBy('households.id')
    .execute()
  const list = rows.map((r): RegisterRow => ({
    householdId: r.id,
    villageId: r.village_id,
    villageName: r.village_name,
    headName: r.head_name,
    maskedIdNumber: maskIdNumber(r.id_number),
    officialName: r.official_display_name ?? r.near_relative_official_name,
    officialRole: r.official_role ?? null,
    officialVillageName: r.official_village_name ?? null,
    filedOn: r.near_relative_filed_on,
    note: r.near_relative_note,
    reviewedAt: r.reviewed_at ?? null,
    reviewedBy: r.reviewed_at ? (r.reviewer_name ?? null) : null,
  }))
  return { rows: list, counts: { households: list.length, reviewed: list.filter((r) => r.reviewedAt !== null).length } }
}

/** Per township: how many filed households, and how many of them reviewed in that township's campaign (one query). */
export async function countNearRelatives(
  db: DB,
  townshipIds: readonly number[],
  campaigns: ReadonlyMap<number, { id: number }>,
  /** only this village (a cadre's export) */
  onlyVillageId?: number,
): Promise<Map<number, NearRelativeCounts>> {
  const counts = new Map<number, NearRelativeCounts>(townshipIds.map((id) => [id, { households: 0, reviewed: 0 }]))
  if (townshipIds.length === 0) return counts
  const campaignIds = [...campaigns.values()].map((c) => c.id).concat(-1)
  const rows = await db
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .leftJoin('household_reviews as r', (join) => join.onRef('r.household_id', '=', 'households.id').on('r.campaign_id', 'in', campaignIds))
    .select(['villages.township_id', 'households.id', 'r.campaign_id', 'r.reviewed_at'])
    .where('villages.township_id', 'in', townshipIds)
    .where('households.near_relative_filing', '=', 1)
    .$if(onlyVillageId !== undefined, (qb) => qb.where('households.village_id', '=', onlyVillageId ?? -1))
    .execute()
  const seen = new Set<number>()
  for (const r of rows) {
    const c = counts.get(r.township_id)
    if (!c) continue
    if (!seen.has(r.id)) {
      seen.add(r.id)
      c.households += 1
    }
    if (r.reviewed_at && r.campaign_id === campaigns.get(r.township_id)?.id) c.reviewed += 1
  }
  return counts
}
