// Issue 17: checklist items the data decides, and the self-inspection report's written sections — on SQLite, and on
// PostgreSQL with TEST_DIALECT=postgres.
import { describe, expect, it } from 'vitest'
import { setChecklistItem } from '../../app/models/checklist.server'
import { getCurrentCampaign } from '../../app/models/campaign.server'
import { getSelfInspectionReport } from '../../app/models/selfInspection.server'
import { getNarrative, saveNarrative } from '../../app/models/selfInspectionNarrative.server'
import { draftNarrative } from '../../app/models/selfInspectionText'
import { getVillageChecklist } from '../../app/models/villageChecklist.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import { countFacts } from '../../app/models/workflow.server'
import { eventRefusal } from '../../app/models/workflowPreview.server'
import { pianYiTemplate } from '../../workflows/template'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { auditRows, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()
const campaign = () => ({ id: t.campaignId, templateKey: pianYiTemplate.key })

async function item(village: string, key: string) {
  return t.db.selectFrom('checklist_items').selectAll().where('village_id', '=', t.village(village)).where('item_key', '=', key).executeTakeFirstOrThrow()
}

describe('checklist items the data decides', () => {
  it('shows 100%入户调查 with the figure the machine counts, not done below full coverage even when ticked in old data', async () => {
    const village = t.village('李家洼村')
    const facts = await countFacts(t.db, t.campaignId, village, 'fullInspection')
    expect(facts.homeVisited).toBeLessThan(facts.households)
    // an item ticked by hand before the rule existed: the tick no longer counts
    const visits = await item('李家洼村', 'homeVisits')
    await t.db
      .updateTable('checklist_items')
      .set({ done_on: '2026-11-20', done_by_user_id: t.userId('lijiawa') })
      .where('id', '=', visits.id)
      .execute()
    const list = await getVillageChecklist(t.db, campaign(), village, 'fullInspection')
    const shown = list.find((i) => i.key === 'homeVisits')!
    expect(shown.rule).toEqual({ fact: 'homeVisitCoverage', done: facts.homeVisited, total: facts.households, holds: false })
    expect(shown.doneOn).toBeNull()
    const after = await countFacts(t.db, t.campaignId, village, 'fullInspection')
    const manualOpen = list.filter((i) => !i.rule && i.doneOn === null).length
    const ruleOpen = list.filter((i) => i.rule && !i.rule.holds).length
    expect(after.openChecklistItems).toBe(manualOpen + ruleOpen)
    expect(ruleOpen).toBeGreaterThanOrEqual(2)
  })

  it('gives every village the same coverage figures on its checklist as the dashboard’s coverage bars', async () => {
    const township = await t.db.selectFrom('villages').select('township_id').where('id', '=', t.village('李家洼村')).executeTakeFirstOrThrow()
    const info = (await getCurrentCampaign(t.db, township.township_id))!
    const progress = await listVillageProgress(t.db, township.township_id, info, DEMO_TODAY, { role: 'leader' })
    expect(progress.length).toBe(12)
    for (const v of progress) {
      const list = await getVillageChecklist(t.db, campaign(), v.id, 'fullInspection')
      const reviewed = list.find((i) => i.key === 'rosterReviewed')!.rule!
      const visits = list.find((i) => i.key === 'homeVisits')!.rule!
      expect({ name: v.name, reviewed: [reviewed.done, reviewed.total], visits: [visits.done, visits.total] }).toEqual({
        name: v.name,
        reviewed: [v.reviewed, v.households],
        visits: [v.homeVisited, v.households],
      })
    }
  })

  it('refuses to tick or reopen an item the data decides, writing nothing', async () => {
    const village = t.village('张庄村')
    const reviewed = await item('张庄村', 'rosterReviewed')
    for (const done of [true, false]) {
      const result = await setChecklistItem(t.db, {
        campaignId: t.campaignId,
        villageId: village,
        itemId: reviewed.id,
        done,
        doneOn: DEMO_TODAY,
        note: '已全面复核',
        actorUserId: t.userId('zhangzhuang'),
        today: DEMO_TODAY,
        at: DEMO_AT,
      })
      expect(result).toEqual({ ok: false, kind: 'ruleItem' })
    }
    expect(await item('张庄村', 'rosterReviewed')).toEqual(reviewed)
    expect(await auditRows(t.db, 'checklist_item', reviewed.id)).toHaveLength(0)
  })

  it('decides 对问题分类并拿出对策 by every problem having a measure, and 逐项制定整改措施 by measure, person and deadline', async () => {
    const village = t.village('大孙庄村')
    const problem = await t.db
      .insertInto('problems')
      .values({
        campaign_id: t.campaignId,
        village_id: village,
        category: 'wrongful',
        source: 'selfInspection',
        description: '家庭收入超标仍享受低保',
        found_on: DEMO_TODAY,
        updated_at: DEMO_AT.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const figure = async (key: string, phase: 'fullInspection' | 'summary') =>
      (await getVillageChecklist(t.db, campaign(), village, phase)).find((i) => i.key === key)!.rule!
    const before = await figure('problemsClassified', 'fullInspection')
    expect(before.holds).toBe(false)
    expect(before.done).toBe(before.total - 1)
    await t.db.updateTable('problems').set({ measure: '按程序提出清退' }).where('village_id', '=', village).where('measure', 'is', null).execute()
    expect((await figure('problemsClassified', 'fullInspection')).holds).toBe(true)
    expect((await figure('measuresSet', 'summary')).holds).toBe(false)
    await t.db.updateTable('problems').set({ responsible_person: '王会计', deadline_on: '2026-12-15' }).where('id', '=', problem.id).execute()
    const facts = await countFacts(t.db, t.campaignId, village, 'summary')
    expect(facts.problemsWithPlan).toBe(
      facts.problemsFound -
        (
          await t.db
            .selectFrom('problems')
            .select('id')
            .where('village_id', '=', village)
            .where((eb) => eb.or([eb('responsible_person', 'is', null), eb('deadline_on', 'is', null), eb('measure', 'is', null)]))
            .execute()
        ).length,
    )
  })

  it('keeps the township’s own wording of an item and its rule; an item the township added stays manual', async () => {
    const village = t.village('李家洼村')
    await t.db
      .insertInto('campaign_checklist_items')
      .values([
        ...pianYiTemplate.phases.flatMap((p) =>
          p.checklist.map((c, i) => ({
            campaign_id: t.campaignId,
            phase: p.id,
            item_key: c.key,
            label: c.key === 'homeVisits' ? '低保户100%入户走访' : c.label,
            sort_order: i,
          })),
        ),
        { campaign_id: t.campaignId, phase: 'fullInspection', item_key: 'own-1', label: '建立一户一档', sort_order: 9 },
      ])
      .execute()
    await t.db
      .insertInto('checklist_items')
      .values({ campaign_id: t.campaignId, village_id: village, phase: 'fullInspection', item_key: 'own-1', sort_order: 9, updated_at: DEMO_AT.toISOString() })
      .execute()
    const list = await getVillageChecklist(t.db, campaign(), village, 'fullInspection')
    const visits = list.find((i) => i.key === 'homeVisits')!
    expect(visits.label).toBe('低保户100%入户走访')
    expect(visits.rule?.fact).toBe('homeVisitCoverage')
    expect(list.find((i) => i.key === 'own-1')).toMatchObject({ label: '建立一户一档', rule: null, evidence: 0 })
    await t.db.deleteFrom('checklist_items').where('item_key', '=', 'own-1').execute()
    await t.db.deleteFrom('campaign_checklist_items').where('campaign_id', '=', t.campaignId).execute()
  })

  it('tells why 提交自查报告 is refused now, with the machine’s own rule, before anything is posted', async () => {
    expect(await eventRefusal(t.db, t.campaignId, t.village('李家洼村'), 'SUBMIT_SELF_INSPECTION')).toMatchObject({ code: 'coverageIncomplete' })
    expect(await eventRefusal(t.db, t.campaignId, t.village('东风村'), 'SUBMIT_SELF_INSPECTION')).toEqual({ code: 'notNow' })
  })
})

describe('the self-inspection report’s written sections', () => {
  it('shows the draft from the figures until saved, then the saved words; a stale save is a conflict naming who changed what', async () => {
    const village = t.village('张庄村')
    const report = await getSelfInspectionReport(t.db, t.campaignId, village)
    const first = await getNarrative(t.db, t.campaignId, village, report)
    expect(first).toMatchObject({ version: 0, drafted: { workDone: true, problemsFound: true, measures: true, nextSteps: true } })
    expect(first.text).toEqual(draftNarrative(report))

    const mine = { ...first.text, workDone: '本村成立了工作专班，逐户复核。' }
    expect(await saveNarrative(t.db, { campaignId: t.campaignId, villageId: village, text: mine, expectedVersion: 0, actor: t.actor('zhangzhuang') })).toEqual({
      ok: true,
      version: 1,
    })
    const saved = await getNarrative(t.db, t.campaignId, village, report)
    expect(saved).toMatchObject({ version: 1, drafted: { workDone: false }, updatedBy: expect.any(String) })
    expect(saved.text.workDone).toBe('本村成立了工作专班，逐户复核。')

    // a second person saves from the same page they opened before the first save
    const stale = await saveNarrative(t.db, {
      campaignId: t.campaignId,
      villageId: village,
      text: { ...first.text, nextSteps: '继续做好长期公示。' },
      expectedVersion: 0,
      actor: t.actor('leader'),
    })
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', version: 1 })
    if (stale.ok) return
    const workDone = stale.changes.find((c) => c.field === 'workDone')
    expect(workDone).toMatchObject({ theirs: '本村成立了工作专班，逐户复核。', by: expect.any(String) })
    expect(stale.changes.find((c) => c.field === 'nextSteps')).toMatchObject({ mine: '继续做好长期公示。' })
    expect((await getNarrative(t.db, t.campaignId, village, report)).text.nextSteps).toBe(first.text.nextSteps)

    const row = await t.db.selectFrom('self_inspection_narratives').select('id').where('village_id', '=', village).executeTakeFirstOrThrow()
    const audit = await auditRows(t.db, 'self_inspection_narrative', row.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'selfInspection.narrative', actor_user_id: t.userId('zhangzhuang') })
  })
})
