import { describe, expect, it } from 'vitest'
import { setChecklistItem } from '../../app/models/checklist.server'
import { getSelfInspectionReport } from '../../app/models/selfInspection.server'
import { applyVillageEvent } from '../../app/models/workflow.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { useDemoDatabase } from '../support/factories'
import { checklistRuleOf, pianYiTemplate } from '../../workflows/template'

const TODAY = DEMO_TODAY
const AT = DEMO_AT
const t = useDemoDatabase()
const { villages, users } = t

/** The village's first open item a cadre ticks by hand (an item the data decides has no tick). */
async function openItem(village: string) {
  const items = await t.db
    .selectFrom('checklist_items')
    .selectAll()
    .where('village_id', '=', villages.get(village)!)
    .where('done_on', 'is', null)
    .orderBy('id')
    .execute()
  const manual = items.find((i) => !checklistRuleOf(pianYiTemplate.key, i.phase, i.item_key))
  if (!manual) throw new Error(`no open manual item in ${village}`)
  return manual
}

describe('the phase checklist', () => {
  it('records the date, who ticked it and the note, and the audit log says so', async () => {
    const item = await openItem('李家洼村')
    const result = await setChecklistItem(t.db, {
      campaignId: t.campaignId,
      villageId: villages.get('李家洼村')!,
      itemId: item.id,
      done: true,
      doneOn: '2026-11-28',
      note: '已开会部署',
      actorUserId: users.get('lijiawa')!,
      today: TODAY,
      at: AT,
    })
    expect(result).toEqual({ ok: true })
    const after = await t.db.selectFrom('checklist_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ done_on: '2026-11-28', done_by_user_id: users.get('lijiawa'), note: '已开会部署' })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'checklist_item').where('entity_id', '=', item.id).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'checklist.done', actor_user_id: users.get('lijiawa') })
  })

  it('refuses a date in the future or an item of another village, changing nothing', async () => {
    const item = await openItem('张庄村')
    expect(
      await setChecklistItem(t.db, {
        campaignId: t.campaignId,
        villageId: villages.get('张庄村')!,
        itemId: item.id,
        done: true,
        doneOn: '2026-12-01',
        note: null,
        actorUserId: 1,
        today: TODAY,
        at: AT,
      }),
    ).toEqual({ ok: false, kind: 'future' })
    expect(
      await setChecklistItem(t.db, {
        campaignId: t.campaignId,
        villageId: villages.get('东风村')!,
        itemId: item.id,
        done: true,
        doneOn: TODAY,
        note: null,
        actorUserId: 1,
        today: TODAY,
        at: AT,
      }),
    ).toEqual({ ok: false, kind: 'otherVillage' })
    expect((await t.db.selectFrom('checklist_items').select('done_on').where('id', '=', item.id).executeTakeFirstOrThrow()).done_on).toBeNull()
  })

  // issue 11, finding 14
  it('refuses a checklist item done on 1900-01-01 (before the campaign), changing nothing', async () => {
    const item = await openItem('张庄村')
    const tick = (doneOn: string) =>
      setChecklistItem(t.db, {
        campaignId: t.campaignId,
        villageId: villages.get('张庄村')!,
        itemId: item.id,
        done: true,
        doneOn,
        note: null,
        actorUserId: users.get('zhangzhuang')!,
        today: TODAY,
        at: AT,
      })
    expect(await tick('1900-01-01')).toEqual({ ok: false, kind: 'beforeCampaign' })
    expect(await tick('2020-06-01')).toEqual({ ok: false, kind: 'beforeCampaign' })
    expect((await t.db.selectFrom('checklist_items').select('done_on').where('id', '=', item.id).executeTakeFirstOrThrow()).done_on).toBeNull()
    // the campaign's first window opens on…
    const first = await t.db
      .selectFrom('campaign_phases')
      .select((eb) => eb.fn.min('starts_on').as('start'))
      .where('campaign_id', '=', t.campaignId)
      .executeTakeFirstOrThrow()
    expect(await tick(String(first.start))).toEqual({ ok: true })
  })
})

describe('the self-inspection report', () => {
  it('counts the village work: coverage, problems by category, outcomes and fraud amounts', async () => {
    const villageId = villages.get('东风村')!
    const report = await getSelfInspectionReport(t.db, t.campaignId, villageId)
    const problems = await t.db.selectFrom('problems').select('category').where('village_id', '=', villageId).execute()
    expect(report.problems).toBe(problems.length)
    expect(Object.values(report.problemsByCategory).reduce((a, b) => a + b, 0)).toBe(problems.length)
    const reviews = await t.db.selectFrom('household_reviews').selectAll().where('village_id', '=', villageId).execute()
    expect(report.exits).toBe(reviews.filter((r) => r.outcome === 'exit').length)
    expect(report.fraudRecoveredFen).toBe(reviews.reduce((n, r) => n + (r.fraud_recovered_fen ?? 0), 0))
    expect(report.fullCoverage).toBe(true)
  })

  it('is submitted once coverage reaches 100%, and a zero report puts the village on key supervision', async () => {
    const villageId = villages.get('大孙庄村')!
    // complete the remaining reviews with home visits, as the cadre would, and remove the problems found
    const households = await t.db.selectFrom('households').select('id').where('village_id', '=', villageId).where('enrolment', '=', 'roster').execute()
    const reviewed = new Set(
      (await t.db.selectFrom('household_reviews').select('household_id').where('village_id', '=', villageId).execute()).map((r) => r.household_id),
    )
    for (const h of households.filter((h) => !reviewed.has(h.id))) {
      await t.db
        .insertInto('household_reviews')
        .values({
          campaign_id: t.campaignId,
          household_id: h.id,
          village_id: villageId,
          outcome: 'keep',
          reviewed_at: AT.toISOString(),
          home_visit_on: TODAY,
          complete: 1,
          updated_at: AT.toISOString(),
        })
        .execute()
    }
    await t.db.updateTable('household_reviews').set({ home_visit_on: TODAY }).where('village_id', '=', villageId).where('home_visit_on', 'is', null).execute()
    await t.db.deleteFrom('problems').where('village_id', '=', villageId).execute()
    // 零报告 needs every review concluded 继续保障 as well: an exit or a 骗保 is a finding (workflows/rules/zeroReport.ts)
    await t.db
      .updateTable('household_reviews')
      // and every review complete (coverage counts complete reviews only)
      .set({ outcome: 'keep', adjusted_amount_fen: null, exit_reason: null, exit_on: null, fraud_recovered_fen: null, fraud_fine_fen: null, complete: 1 })
      .where('village_id', '=', villageId)
      .execute()
    const report = await getSelfInspectionReport(t.db, t.campaignId, villageId)
    expect(report).toMatchObject({ fullCoverage: true, zeroReport: true, problems: 0 })
    const result = await applyVillageEvent(t.db, {
      campaignId: t.campaignId,
      villageId,
      type: 'SUBMIT_SELF_INSPECTION',
      actorUserId: users.get('dasunzhuang')!,
      at: AT,
      today: TODAY,
    })
    expect(result).toMatchObject({ ok: true, to: 'fullInspection.reportSubmitted' })
    const wf = await t.db.selectFrom('village_workflows').selectAll().where('village_id', '=', villageId).executeTakeFirstOrThrow()
    expect(wf).toMatchObject({ zero_report: 1, key_supervision: 1 })
  })
})
