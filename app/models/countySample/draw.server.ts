// 县级入户抽查, the draw: the county's 在保 roster read once, the list drawn by the pure rule
// (workflows/rules/countySample.ts: ≥percent% of each village, rounded up; 近亲属备案户 and 被举报户 at 100%), stored
// with its seed and percent, and audited — all in one transaction. A new draw is a new list; earlier ones stay.
import { randomInt } from 'node:crypto'
import type { DB } from '../../../db/connection.server'
import {
  drawCountySample,
  generatedSeed,
  MAX_SAMPLE_PERCENT,
  MIN_SAMPLE_PERCENT,
  SEED_MAX_LENGTH,
  type RosterHousehold,
} from '../../../workflows/rules/countySample'
import { hasControlCharacters } from '../../../workflows/rules/text'
import { recordAudit } from '../audit.server'
import type { Actor, DbOrTx } from '../versioned.server'

export interface DrawInput {
  countyName: string
  /** as typed; empty: one is generated (and shown) */
  seed: string
  percent: number
  note: string | null
  /** the Shanghai day of the draw */
  today: string
}

export type DrawResult =
  { ok: true; sampleId: number; seed: string; households: number } | { ok: false; problem: 'percent' | 'seed' | 'noCounty' | 'noHouseholds' }

const INSERT_BATCH = 500

/** A seed no one typed: eight digits from the server's CSPRNG. */
function serverSeed(): string {
  return generatedSeed(() => randomInt(0, 2 ** 32) / 2 ** 32)
}

/** The county's 在保 households (status active) with the two 100% marks, in id order. */
export async function countyRoster(db: DbOrTx, countyName: string): Promise<RosterHousehold[]> {
  const [households, reported] = await Promise.all([
    db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select(['households.id', 'households.village_id', 'villages.township_id', 'households.near_relative_filing'])
      .where('townships.county_name', '=', countyName)
      .where('households.status', '=', 'active')
      .orderBy('households.id')
      .execute(),
    db
      .selectFrom('complaints')
      .innerJoin('villages', 'villages.id', 'complaints.village_id')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select('complaints.household_id')
      .distinct()
      .where('townships.county_name', '=', countyName)
      .where('complaints.household_id', 'is not', null)
      .execute(),
  ])
  const reportedIds = new Set(reported.map((r) => r.household_id))
  return households.map((h) => ({
    id: h.id,
    townshipId: h.township_id,
    villageId: h.village_id,
    nearRelative: h.near_relative_filing === 1,
    reported: reportedIds.has(h.id),
  }))
}

/** Draw and store the county's list (the county administrator's: the route checks that). */
export async function createCountySample(db: DB, input: DrawInput, actor: Actor): Promise<DrawResult> {
  if (!Number.isInteger(input.percent) || input.percent < MIN_SAMPLE_PERCENT || input.percent > MAX_SAMPLE_PERCENT) return { ok: false, problem: 'percent' }
  const typed = input.seed.trim()
  if (typed.length > SEED_MAX_LENGTH || hasControlCharacters(typed)) return { ok: false, problem: 'seed' }
  const seed = typed || serverSeed()
  return db.transaction().execute(async (tx): Promise<DrawResult> => {
    const county = await tx.selectFrom('counties').select('id').where('name', '=', input.countyName).executeTakeFirst()
    if (!county) return { ok: false, problem: 'noCounty' }
    const roster = await countyRoster(tx, input.countyName)
    if (roster.length === 0) return { ok: false, problem: 'noHouseholds' }
    const drawn = drawCountySample(roster, seed, input.percent)
    const { id: sampleId } = await tx
      .insertInto('county_samples')
      .values({ county_id: county.id, seed, percent: input.percent, drawn_on: input.today, drawn_by_user_id: actor.userId, note: input.note })
      .returning('id')
      .executeTakeFirstOrThrow()
    const at = actor.at.toISOString()
    for (let i = 0; i < drawn.length; i += INSERT_BATCH)
      await tx
        .insertInto('county_sample_households')
        .values(
          drawn.slice(i, i + INSERT_BATCH).map((d) => ({
            sample_id: sampleId,
            township_id: d.townshipId,
            village_id: d.villageId,
            household_id: d.householdId,
            reasons: JSON.stringify(d.reasons),
            version: 0,
            updated_at: at,
          })),
        )
        .execute()
    const count = (reason: string) => drawn.filter((d) => d.reasons.includes(reason as never)).length
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'countySample.draw',
      entityType: 'county_sample',
      entityId: sampleId,
      after: {
        seed,
        percent: input.percent,
        rosterSize: roster.length,
        sampleSize: drawn.length,
        randomCount: count('random'),
        nearRelativeCount: count('nearRelative'),
        reportedCount: count('reported'),
        note: input.note,
      },
      ip: actor.ip,
      at: actor.at,
    })
    return { ok: true, sampleId, seed, households: drawn.length }
  })
}
