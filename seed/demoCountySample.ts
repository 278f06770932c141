// The demo county's 县级入户抽查 (青山县): a list drawn by the county administrator six days ago (30%, a stated seed,
// every 近亲属备案户 and 被举报户 added), assigned to the county's 郑海燕 and 钱志远, and half of it checked — mostly
// 一致, two 不一致 households whose problems (县级抽查, 错保) are in their villages' registers. The 100% lists are not
// done although 检查督导 has begun, so the township shows in the county's attention list. Deterministic: the same
// roster and seed always give the same list.
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { createProblem } from '../app/models/problemWrites.server'
import { recordAudit } from '../app/models/audit.server'
import { countyRoster } from '../app/models/countySample/draw.server'
import { drawCountySample } from '../workflows/rules/countySample'
import { addDays, shanghaiInstant } from '../workflows/rules/dates'

export const DEMO_SAMPLE_SEED = '青山县民政局2026年第1次入户抽查'
export const DEMO_SAMPLE_PERCENT = 30
/** the villages whose first checked household the county found 不一致 (villages that already have problems) */
const INCONSISTENT_IN = ['王家庄村', '南关社区']

export async function seedDemoCountySample(
  tx: Transaction<Database>,
  q: { countyName: string; campaignId: number; today: string; userId: (username: string) => number },
): Promise<void> {
  const county = await tx.selectFrom('counties').select('id').where('name', '=', q.countyName).executeTakeFirstOrThrow()
  const drawnOn = addDays(q.today, -6)
  const admin = q.userId('county-admin')
  const staff = q.userId('county')
  const roster = await countyRoster(tx, q.countyName)
  const drawn = drawCountySample(roster, DEMO_SAMPLE_SEED, DEMO_SAMPLE_PERCENT)
  const { id: sampleId } = await tx
    .insertInto('county_samples')
    .values({
      county_id: county.id,
      seed: DEMO_SAMPLE_SEED,
      percent: DEMO_SAMPLE_PERCENT,
      drawn_on: drawnOn,
      drawn_by_user_id: admin,
      note: '青民发〔2026〕21号',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(tx, {
    actorUserId: admin,
    action: 'countySample.draw',
    entityType: 'county_sample',
    entityId: sampleId,
    after: { seed: DEMO_SAMPLE_SEED, percent: DEMO_SAMPLE_PERCENT, rosterSize: roster.length, sampleSize: drawn.length },
    at: new Date(shanghaiInstant(drawnOn, 9)),
  })
  const half = Math.ceil(drawn.length / 2)
  for (const [username, count] of [
    ['county', half],
    ['county-admin', drawn.length - half],
  ] as const)
    await recordAudit(tx, {
      actorUserId: admin,
      action: 'countySample.assign',
      entityType: 'county_sample',
      entityId: sampleId,
      townshipId: drawn[0]?.townshipId ?? null,
      after: { assignee: username === 'county' ? '郑海燕' : '钱志远', households: count },
      at: new Date(shanghaiInstant(drawnOn, 10)),
    })
  const villages = new Map((await tx.selectFrom('villages').select(['id', 'name']).execute()).map((v) => [v.id, v.name]))
  const inconsistentDone = new Set<string>()
  for (const [i, d] of drawn.entries()) {
    // the first half of the list to 郑海燕, the rest to 钱志远; every other household checked
    const assignee = i < half ? staff : admin
    const checked = i % 2 === 0
    const visitedOn = addDays(drawnOn, 1 + (i % 5))
    const village = villages.get(d.villageId) ?? ''
    const inconsistent = checked && INCONSISTENT_IN.includes(village) && !inconsistentDone.has(village)
    let problemId: number | null = null
    if (inconsistent) {
      inconsistentDone.add(village)
      const reasons = '入户核查发现家中有经营性收入（小卖部），家庭人均收入高于当地低保标准'
      const created = await createProblem(tx, {
        campaignId: q.campaignId,
        villageId: d.villageId,
        householdId: d.householdId,
        category: 'wrongful',
        source: 'countySample',
        description: `县级入户抽查（${visitedOn}）发现不一致：${reasons}`,
        today: visitedOn,
        actor: { userId: assignee, at: new Date(shanghaiInstant(visitedOn, 16)) },
      })
      if (!created.ok) throw new Error(`demo county sample problem: ${created.kind}`)
      problemId = created.id
    }
    const { id } = await tx
      .insertInto('county_sample_households')
      .values({
        sample_id: sampleId,
        township_id: d.townshipId,
        village_id: d.villageId,
        household_id: d.householdId,
        reasons: JSON.stringify(d.reasons),
        assigned_user_id: assignee,
        visited_on: checked ? visitedOn : null,
        finding: checked ? (inconsistent ? 'inconsistent' : 'consistent') : null,
        finding_reasons: inconsistent ? '入户核查发现家中有经营性收入（小卖部），家庭人均收入高于当地低保标准' : null,
        problem_id: problemId,
        checked_by_user_id: checked ? assignee : null,
        version: checked ? 1 : 0,
        updated_at: shanghaiInstant(checked ? visitedOn : drawnOn, checked ? 16 : 9),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (checked)
      await recordAudit(tx, {
        actorUserId: assignee,
        action: 'countySample.check',
        entityType: 'county_sample_household',
        entityId: id,
        townshipId: d.townshipId,
        before: { visitedOn: null, finding: null },
        after: { visitedOn, finding: inconsistent ? 'inconsistent' : 'consistent', ...(problemId ? { problem_created: problemId } : {}) },
        at: new Date(shanghaiInstant(visitedOn, 16)),
      })
  }
}
