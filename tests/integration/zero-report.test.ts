// 零报告 through the real submit path (applyVillageEvent, as the report page's action calls it): a village whose own
// self-inspection found nothing — no problem registered by the self-inspection and every review concluded 继续保障 —
// is a zero report and goes on key supervision; a village that exits households without registering a problem is not;
// problems from public reports or inspectors are not the self-inspection's findings. The demo shows 河东村 and 新华村.
import { describe, expect, it } from 'vitest'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import type { ReviewInput } from '../../app/models/householdReviewForm.server'
import { getSelfInspectionReport } from '../../app/models/selfInspection.server'
import { applyVillageEvent, getWorkflowView } from '../../app/models/workflow.server'
import type { ProblemSource } from '../../workflows/rules/vocabulary'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { createTestProblem, useDemoDatabase } from '../support/factories'
import { SOURCED_CHECK } from '../support/householdReviews'
import { FLAGGED_SITUATIONS } from '../../workflows/rules/reviewCompleteness'

const t = useDemoDatabase()

/** the demo villages still in self-inspection, with their cadre */
const CADRE: Record<string, string> = { 大孙庄村: 'dasunzhuang', 李家洼村: 'lijiawa', 张庄村: 'zhangzhuang' }

const review = (outcome: ReviewInput['outcome']): ReviewInput => ({
  incomeChecked: true,
  propertyChecked: true,
  homeVisitOn: '2026-11-20',
  homeVisitBy: '王建军、李秀英',
  keyCheckSituations: [],
  riskSignals: outcome === 'exit' ? ['privateCar'] : [],
  // the economic check done and a note on whatever flags the household for 重点核查: a complete review
  economicCheck: SOURCED_CHECK,
  situationNotes: Object.fromEntries(FLAGGED_SITUATIONS.map((s) => [s, '已入户核实'])),
  nearRelativeFiling: false,
  nearRelativeNote: null,
  outcome,
  adjustedAmountFen: null,
  exitReason: outcome === 'exit' ? '家庭成员名下有私家车，收入核算不实' : null,
  exitOn: outcome === 'exit' ? '2026-11-30' : null,
  fraudRecoveredFen: null,
  fraudFineFen: null,
  notes: null,
})

/**
 * The village's self-inspection done again from nothing: its problems and reviews removed, then every roster household
 * reviewed with a home visit through the review model — the first `exits` as 清退, the rest 继续保障 — and the given
 * problems registered through the problem model.
 */
async function selfInspect(village: string, work: { exits: number; problems: ProblemSource[] }) {
  const villageId = t.village(village)
  const old = (await t.db.selectFrom('problems').select('id').where('village_id', '=', villageId).execute()).map((p) => p.id)
  if (old.length) {
    await t.db.deleteFrom('problem_deadline_extensions').where('problem_id', 'in', old).execute()
    await t.db.updateTable('complaints').set({ problem_id: null }).where('problem_id', 'in', old).execute()
    await t.db.deleteFrom('problems').where('id', 'in', old).execute()
  }
  // the proposals (拟) the demo's reviews made, and what their approvals changed (ADR 010), go with the reviews
  const proposals = (await t.db.selectFrom('proposals').select('id').where('village_id', '=', villageId).execute()).map((p) => p.id)
  if (proposals.length) {
    for (const table of ['household_allowance_changes', 'proposal_objections', 'notice_proposals', 'proposal_events'] as const)
      await t.db.deleteFrom(table).where('proposal_id', 'in', proposals).execute()
    await t.db.deleteFrom('proposals').where('id', 'in', proposals).execute()
  }
  await t.db.updateTable('households').set({ status: 'active' }).where('village_id', '=', villageId).where('enrolment', '=', 'roster').execute()
  await t.db.deleteFrom('household_reviews').where('village_id', '=', villageId).execute()
  const households = await t.db
    .selectFrom('households')
    .select('id')
    .where('village_id', '=', villageId)
    .where('enrolment', '=', 'roster')
    .orderBy('id')
    .execute()
  for (const [i, h] of households.entries()) {
    const saved = await saveHouseholdReview(t.db, {
      campaignId: t.campaignId,
      villageId,
      householdId: h.id,
      actor: { id: t.userId(CADRE[village]) },
      input: review(i < work.exits ? 'exit' : 'keep'),
      expectedVersion: 0,
      at: DEMO_AT,
    })
    expect(saved, `review of household ${h.id}`).toMatchObject({ ok: true })
  }
  for (const source of work.problems) {
    await createTestProblem(t, { villageId, source, category: 'irregular', description: '复核登记表缺少入户调查签字', actor: t.actor(CADRE[village]) })
  }
}

async function submitReport(village: string) {
  const villageId = t.village(village)
  const preview = await getSelfInspectionReport(t.db, t.campaignId, villageId)
  const result = await applyVillageEvent(t.db, {
    campaignId: t.campaignId,
    villageId,
    type: 'SUBMIT_SELF_INSPECTION',
    actorUserId: t.userId(CADRE[village]),
    at: DEMO_AT,
    today: DEMO_TODAY,
  })
  expect(result).toMatchObject({ ok: true, to: 'fullInspection.reportSubmitted' })
  const view = await getWorkflowView(t.db, t.campaignId, villageId)
  const row = await t.db
    .selectFrom('village_workflows')
    .select(['zero_report', 'key_supervision'])
    .where('village_id', '=', villageId)
    .executeTakeFirstOrThrow()
  // the stored flags, the workflow's context and the report page's preview all say the same
  expect(row.zero_report === 1).toBe(view!.zeroReport)
  expect(row.key_supervision === 1).toBe(view!.keySupervision)
  expect(preview.zeroReport).toBe(view!.zeroReport)
  return { zeroReport: view!.zeroReport, keySupervision: view!.keySupervision, preview }
}

describe('零报告 as the self-inspection report is submitted', () => {
  it('does not make a zero report of a village that exits three households as 错保 but registers no problem', async () => {
    await selfInspect('大孙庄村', { exits: 3, problems: [] })
    const report = await submitReport('大孙庄村')
    expect(report.preview).toMatchObject({ problems: 0, exits: 3 })
    expect(report).toMatchObject({ zeroReport: false, keySupervision: false })
  })

  it('makes a zero report of a village whose reviews all concluded 继续保障, with problems only from a public report and an inspector', async () => {
    await selfInspect('李家洼村', { exits: 0, problems: ['publicReport', 'inspector'] })
    const report = await submitReport('李家洼村')
    expect(report.preview).toMatchObject({ problems: 2, exits: 0, adjusted: 0, fraudCases: 0 })
    expect(report).toMatchObject({ zeroReport: true, keySupervision: true })
    const overview = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER)
    expect(overview.attention.zeroReport.map((v) => v.name)).toContain('李家洼村')
  })

  it('does not make a zero report of a village whose reviews all concluded 继续保障 but whose self-inspection registered a problem', async () => {
    await selfInspect('张庄村', { exits: 0, problems: ['selfInspection'] })
    expect(await submitReport('张庄村')).toMatchObject({ zeroReport: false, keySupervision: false })
  })
})

describe('the demo township’s zero-report villages', () => {
  it('are 河东村 and 新华村: no self-inspection problem and every review 继续保障', async () => {
    const overview = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER)
    const zero = overview.attention.zeroReport.map((v) => v.name).filter((name) => !['大孙庄村', '李家洼村', '张庄村'].includes(name))
    expect(zero.sort()).toEqual(['新华村', '河东村'].sort())
    for (const name of ['河东村', '新华村']) {
      const outcomes = await t.db.selectFrom('household_reviews').select('outcome').distinct().where('village_id', '=', t.village(name)).execute()
      expect(outcomes.map((o) => o.outcome)).toEqual(['keep'])
    }
  })
})
