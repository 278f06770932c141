// 零报告 (zero report): a village whose own self-inspection found nothing — no problem registered from the
// self-inspection (problems.source 'selfInspection') and no review concluded other than 继续保障 ('keep'). A village
// that exits three households as 错保 but registers no problem has found something: it is not a zero report.
// Problems that came from elsewhere (public reports, the media, inspectors, cross-checks) are not the
// self-inspection's findings and do not count either way.
import type { ProblemSource, ReviewOutcome } from './vocabulary'

/** The problem source that is the village's own self-inspection (自查自纠). */
export const SELF_INSPECTION_SOURCE = 'selfInspection' satisfies ProblemSource

/** The one review outcome that is no finding: 继续保障. */
export const NO_FINDING_OUTCOME = 'keep' satisfies ReviewOutcome

/** What a village's self-inspection found, counted when it submits its report. */
export interface SelfInspectionFindings {
  /** problems registered with source 'selfInspection' */
  selfInspectionProblems: number
  /** household reviews concluded with an outcome other than 继续保障 */
  nonKeepOutcomes: number
}

export function isZeroReport(findings: SelfInspectionFindings): boolean {
  return findings.selfInspectionProblems === 0 && findings.nonKeepOutcomes === 0
}

/** The findings counted from lists (the generators' own data); the app counts the same in SQL (countFacts). */
export function countFindings(problems: ReadonlyArray<{ source: ProblemSource }>, outcomes: ReadonlyArray<ReviewOutcome | null>): SelfInspectionFindings {
  return {
    selfInspectionProblems: problems.filter((p) => p.source === SELF_INSPECTION_SOURCE).length,
    nonKeepOutcomes: outcomes.filter((o) => o !== null && o !== NO_FINDING_OUTCOME).length,
  }
}
