// The demo county's 低保标准 (青山县): 城市 and 农村, an older standard and the one in force, each with 分类施保. Values are
// monthly per person in fen; the effective days follow the demo's today (the current one half a year back).
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { addDays } from '../workflows/rules/dates'
import type { HouseholdArea, SupplementKind } from '../workflows/rules/vocabulary'

type DemoStandard = { area: HouseholdArea; monthlyFen: number; supplementsFen: Record<SupplementKind, number> }

/** the one in force, and the one it replaced a year earlier */
export const DEMO_STANDARDS: { current: DemoStandard[]; older: DemoStandard[] } = {
  current: [
    { area: 'urban', monthlyFen: 82_000, supplementsFen: { seriousIllness: 12_000, severeDisability: 10_000, elderly: 6_000, minor: 6_000 } },
    { area: 'rural', monthlyFen: 58_000, supplementsFen: { seriousIllness: 10_000, severeDisability: 8_000, elderly: 5_000, minor: 5_000 } },
  ],
  older: [
    { area: 'urban', monthlyFen: 76_000, supplementsFen: { seriousIllness: 10_000, severeDisability: 8_000, elderly: 5_000, minor: 5_000 } },
    { area: 'rural', monthlyFen: 52_000, supplementsFen: { seriousIllness: 8_000, severeDisability: 6_000, elderly: 4_000, minor: 4_000 } },
  ],
}

/** The first of the month about half a year before `today`, and a year before that. */
export function demoStandardDays(today: string): { current: string; older: string } {
  const current = `${addDays(today, -180).slice(0, 7)}-01`
  const older = `${String(Number(current.slice(0, 4)) - 1)}${current.slice(4)}`
  return { current, older }
}

export async function seedDemoStandards(tx: Transaction<Database>, q: { countyName: string; createdByUserId: number; today: string }): Promise<void> {
  const county = await tx.selectFrom('counties').select('id').where('name', '=', q.countyName).executeTakeFirstOrThrow()
  const days = demoStandardDays(q.today)
  const rows = (['older', 'current'] as const).flatMap((which) =>
    DEMO_STANDARDS[which].map((s) => ({
      county_id: county.id,
      area: s.area,
      effective_from: days[which],
      monthly_fen: s.monthlyFen,
      supplements: JSON.stringify(s.supplementsFen),
      created_by_user_id: q.createdByUserId,
    })),
  )
  await tx.insertInto('allowance_standards').values(rows).execute()
  // a community's (社区) households are 城市低保, as migration 0010 sets them for data that existed before it
  await tx
    .updateTable('households')
    .set({ area: 'urban' })
    .where('village_id', 'in', tx.selectFrom('villages').select('id').where('kind', '=', 'community'))
    .execute()
}
