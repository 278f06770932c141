// 零报告: a village whose own self-inspection found nothing — no problem registered by the self-inspection and no review
// concluded other than 继续保障 — and what the campaign machine records when such a report is submitted.
import { describe, expect, it } from 'vitest'
import { applyEvent, initialSnapshot, type CampaignEvent, type CampaignSnapshot } from '../../workflows/campaignMachine'
import { countFindings, isZeroReport, type SelfInspectionFindings } from '../../workflows/rules/zeroReport'

const report = (problemsFound: number, findings: SelfInspectionFindings): CampaignEvent => ({
  type: 'SUBMIT_SELF_INSPECTION',
  households: 50,
  reviewed: 50,
  homeVisited: 50,
  problemsFound,
  ...findings,
})

function submitted(event: CampaignEvent): CampaignSnapshot {
  const mobilised = applyEvent(initialSnapshot(), { type: 'COMPLETE_MOBILISATION', openChecklistItems: 0 })
  if (!mobilised.accepted) throw new Error('mobilisation refused')
  const result = applyEvent(mobilised.snapshot, event)
  if (!result.accepted) throw new Error('report refused')
  return result.snapshot
}

describe('零报告 (zero report)', () => {
  it('is a village with no self-inspection problem and every review concluded 继续保障', () => {
    expect(isZeroReport({ selfInspectionProblems: 0, nonKeepOutcomes: 0 })).toBe(true)
  })

  it('is not a village that exits three households as 错保 without registering a problem', () => {
    expect(isZeroReport({ selfInspectionProblems: 0, nonKeepOutcomes: 3 })).toBe(false)
    expect(countFindings([], ['keep', 'exit', 'exit', 'exit', 'keep'])).toEqual({ selfInspectionProblems: 0, nonKeepOutcomes: 3 })
  })

  it('is not a village whose self-inspection registered a problem, even with every review kept', () => {
    expect(isZeroReport({ selfInspectionProblems: 1, nonKeepOutcomes: 0 })).toBe(false)
  })

  it('counts adjustments and 骗保 as findings, unreviewed households and 继续保障 not', () => {
    expect(countFindings([], ['adjust', 'fraud', 'keep', null])).toEqual({ selfInspectionProblems: 0, nonKeepOutcomes: 2 })
    expect(countFindings([], ['keep', null, 'keep'])).toEqual({ selfInspectionProblems: 0, nonKeepOutcomes: 0 })
  })

  it('does not count problems from public reports, the media, inspectors or cross-checks as the self-inspection’s findings', () => {
    const elsewhere = [{ source: 'publicReport' }, { source: 'media' }, { source: 'inspector' }, { source: 'crossCheck' }] as const
    expect(countFindings(elsewhere, ['keep'])).toEqual({ selfInspectionProblems: 0, nonKeepOutcomes: 0 })
    expect(countFindings([...elsewhere, { source: 'selfInspection' }], [])).toEqual({ selfInspectionProblems: 1, nonKeepOutcomes: 0 })
  })

  it('is what the campaign machine records, and puts on key supervision, when the report is submitted', () => {
    // exits but no problem: found something, so no zero report
    expect(submitted(report(0, { selfInspectionProblems: 0, nonKeepOutcomes: 3 })).context).toMatchObject({ zeroReport: false, keySupervision: false })
    // two problems, both from public reports, and every review kept: the self-inspection found nothing
    expect(submitted(report(2, { selfInspectionProblems: 0, nonKeepOutcomes: 0 })).context).toMatchObject({
      zeroReport: true,
      keySupervision: true,
      problemsFound: 2,
    })
  })
})
