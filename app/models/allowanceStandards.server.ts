// 低保标准: per county, 城市/农村 and effective day, with 分类施保 supplements per member. The county administrator adds
// them (a change is a new effective day; nothing is edited in place); the review reads the one in force on a day for
// the household's township (townships.county_name ↔ counties.name).
import type { DB } from '../../db/connection.server'
import { HOUSEHOLD_AREAS, SUPPLEMENT_KINDS, type HouseholdArea, type SupplementKind } from '../../workflows/rules/vocabulary'
import { recordAudit } from './audit.server'
import { isUniqueViolation } from './householdReview.server'
import type { DbOrTx } from './versioned.server'

export type SupplementsFen = Record<SupplementKind, number>

export interface AllowanceStandard {
  id: number
  area: HouseholdArea
  /** YYYY-MM-DD */
  effectiveFrom: string
  monthlyFen: number
  supplementsFen: SupplementsFen
}

/** The stored supplements JSON, every kind present (0 where none or garbage). */
export function parseSupplements(json: string | null | undefined): SupplementsFen {
  let value: unknown
  try {
    value = JSON.parse(json ?? '{}')
  } catch {
    value = {}
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const out = {} as SupplementsFen
  for (const kind of SUPPLEMENT_KINDS) {
    const fen = record[kind]
    out[kind] = typeof fen === 'number' && Number.isSafeInteger(fen) && fen > 0 ? fen : 0
  }
  return out
}

type StandardRow = { id: number; area: HouseholdArea; effective_from: string; monthly_fen: number; supplements: string }
const toStandard = (r: StandardRow): AllowanceStandard => ({
  id: r.id,
  area: r.area,
  effectiveFrom: r.effective_from,
  monthlyFen: r.monthly_fen,
  supplementsFen: parseSupplements(r.supplements),
})

const STANDARD_COLUMNS = [
  'allowance_standards.id',
  'allowance_standards.area',
  'allowance_standards.effective_from',
  'allowance_standards.monthly_fen',
  'allowance_standards.supplements',
] as const

/** The standard in force on `on` for a township's county and an area: the latest effective_from ≤ on; null when none. */
export async function standardInForce(db: DbOrTx, q: { townshipId: number; area: HouseholdArea; on: string }): Promise<AllowanceStandard | null> {
  const row = await db
    .selectFrom('allowance_standards')
    .innerJoin('counties', 'counties.id', 'allowance_standards.county_id')
    .innerJoin('townships', 'townships.county_name', 'counties.name')
    .select(STANDARD_COLUMNS)
    .where('townships.id', '=', q.townshipId)
    .where('allowance_standards.area', '=', q.area)
    .where('allowance_standards.effective_from', '<=', q.on)
    .orderBy('allowance_standards.effective_from', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toStandard(row) : null
}

export interface StandardListItem extends AllowanceStandard {
  /** the one each area applies today */
  inForce: boolean
  createdBy: string | null
}

/** Every standard of the county, newest first per area, the ones in force on `today` marked. */
export async function listAllowanceStandards(db: DB, countyName: string, today: string): Promise<StandardListItem[]> {
  const rows = await db
    .selectFrom('allowance_standards')
    .innerJoin('counties', 'counties.id', 'allowance_standards.county_id')
    .leftJoin('users', 'users.id', 'allowance_standards.created_by_user_id')
    .select([...STANDARD_COLUMNS, 'users.display_name'])
    .where('counties.name', '=', countyName)
    .orderBy('allowance_standards.area')
    .orderBy('allowance_standards.effective_from', 'desc')
    .execute()
  const inForceIds = new Set<number>()
  for (const area of HOUSEHOLD_AREAS) {
    const current = rows.find((r) => r.area === area && r.effective_from <= today)
    if (current) inForceIds.add(current.id)
  }
  return rows.map((r) => ({ ...toStandard(r), inForce: inForceIds.has(r.id), createdBy: r.display_name ?? null }))
}

export interface NewStandard {
  area: HouseholdArea
  effectiveFrom: string
  monthlyFen: number
  supplementsFen: SupplementsFen
}

export type AddStandardResult = { ok: true; id: number } | { ok: false; problem: 'noCounty' | 'duplicate' }

/** Add a standard for the county (the county administrator's: the route checks that); audited in its transaction. */
export async function addAllowanceStandard(
  db: DB,
  countyName: string,
  input: NewStandard,
  actor: { actorUserId: number; at: Date; ip?: string | null },
): Promise<AddStandardResult> {
  try {
    return await db.transaction().execute(async (tx): Promise<AddStandardResult> => {
      const county = await tx.selectFrom('counties').select('id').where('name', '=', countyName).executeTakeFirst()
      if (!county) return { ok: false, problem: 'noCounty' }
      const exists = await tx
        .selectFrom('allowance_standards')
        .select('id')
        .where('county_id', '=', county.id)
        .where('area', '=', input.area)
        .where('effective_from', '=', input.effectiveFrom)
        .executeTakeFirst()
      if (exists) return { ok: false, problem: 'duplicate' }
      const supplements = JSON.stringify(input.supplementsFen)
      const { id } = await tx
        .insertInto('allowance_standards')
        .values({
          county_id: county.id,
          area: input.area,
          effective_from: input.effectiveFrom,
          monthly_fen: input.monthlyFen,
          supplements,
          created_by_user_id: actor.actorUserId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(tx, {
        actorUserId: actor.actorUserId,
        action: 'allowanceStandard.create',
        entityType: 'allowance_standard',
        entityId: id,
        after: { county: countyName, area: input.area, effectiveFrom: input.effectiveFrom, monthlyFen: input.monthlyFen, supplementsFen: input.supplementsFen },
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true, id }
    })
  } catch (error) {
    // two administrators adding the same day at once: the unique constraint decides
    if (isUniqueViolation(error)) return { ok: false, problem: 'duplicate' }
    throw error
  }
}
