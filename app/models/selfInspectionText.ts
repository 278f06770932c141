// The self-inspection report's written sections, drafted from its figures as a cadre would write them. Pure: the
// page pre-fills the form with this draft until someone saves their own words; the print view and .docx read the
// saved text, else the same draft.
import { format } from '../i18n'
import { selfInspection } from '../i18n/zh-CN/checklistRules'
import { report } from '../i18n/zh-CN/dashboard'
import { problemCategories } from '../i18n/zh-CN/problems'
import { percentFloor, yuan, yuanDigits } from '../utils/format'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'
import type { SelfInspectionReport } from './selfInspection.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problemCategories, report, selfInspection }

export const NARRATIVE_SECTIONS = ['workDone', 'problemsFound', 'measures', 'nextSteps'] as const
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number]
export type NarrativeText = Record<NarrativeSection, string>

/** The figures the text is written from (a structural subset of SelfInspectionReport). */
export type NarrativeFigures = Pick<
  SelfInspectionReport,
  | 'households'
  | 'reviewed'
  | 'homeVisited'
  | 'problems'
  | 'problemsByCategory'
  | 'openProblems'
  | 'exits'
  | 'adjusted'
  | 'newEnrolments'
  | 'fraudCases'
  | 'fraudRecoveredFen'
  | 'fraudFineFen'
  | 'orders'
  | 'ordersAnswered'
  | 'ordersAccepted'
>

const yuanText = (fen: number) => `${yuanDigits(fen)}元`

function workDone(f: NarrativeFigures): string {
  const s = t.selfInspection.text
  const reviewLeft = Math.max(f.households - f.reviewed, 0)
  const visitLeft = Math.max(f.households - f.homeVisited, 0)
  const parts = [
    format(s.workDone, {
      households: f.households,
      reviewed: f.reviewed,
      reviewPercent: percentFloor(f.reviewed, f.households),
      visited: f.homeVisited,
      visitPercent: percentFloor(f.homeVisited, f.households),
    }),
    reviewLeft || visitLeft ? format(s.workDoneRest, { reviewLeft, visitLeft }) : s.workDoneAll,
  ]
  if (f.exits || f.adjusted || f.newEnrolments) parts.push(format(s.outcomes, { exits: f.exits, adjusted: f.adjusted, enrolled: f.newEnrolments }))
  if (f.fraudCases) parts.push(format(s.fraud, { cases: f.fraudCases, recovered: yuanText(f.fraudRecoveredFen), fine: yuanText(f.fraudFineFen) }))
  return parts.join('')
}

function problemsFound(f: NarrativeFigures): string {
  const s = t.selfInspection.text
  const parts: string[] = []
  if (f.problems === 0) parts.push(s.problemsNone)
  else {
    const categories = PROBLEM_CATEGORIES.filter((c) => f.problemsByCategory[c] > 0)
      .map((c) => format(s.category, { category: t.problemCategories[c], count: f.problemsByCategory[c] }))
      .join('，')
    parts.push(format(s.problems, { count: f.problems, categories }))
  }
  if (f.orders) parts.push(format(s.orders, { count: f.orders, answered: f.ordersAnswered, accepted: f.ordersAccepted }))
  return parts.join('')
}

function measures(f: NarrativeFigures): string {
  const s = t.selfInspection.text
  if (f.problems === 0 && f.orders === 0 && !f.exits && !f.adjusted && !f.newEnrolments && !f.fraudCases) return s.measuresNone
  const parts = [f.problems ? s.measures : '']
  if (f.exits) parts.push(s.measuresExits)
  if (f.adjusted) parts.push(s.measuresAdjusted)
  if (f.newEnrolments) parts.push(s.measuresEnrolled)
  if (f.fraudCases) parts.push(s.measuresFraud)
  const open = f.openProblems + (f.orders - f.ordersAccepted)
  // a list of measures ends its last clause with 。 before the state of the work
  const text = parts.join('').replace(/；$/, '。')
  return text + (open ? format(s.measuresOpen, { open }) : s.measuresClosed)
}

/** The four sections drafted from the report's figures. */
export function draftNarrative(f: NarrativeFigures): NarrativeText {
  return { workDone: workDone(f), problemsFound: problemsFound(f), measures: measures(f), nextSteps: t.selfInspection.text.nextSteps }
}

/** The report's figures as label and text, in the page's order: the page, its print view and the .docx share them. */
export function reportFigureRows(f: NarrativeFigures): Array<[string, string]> {
  const r = t.report
  return [
    [r.households, String(f.households)],
    [r.reviewed, String(f.reviewed)],
    [r.homeVisited, String(f.homeVisited)],
    [r.problems, String(f.problems)],
    [r.exits, String(f.exits)],
    [r.adjusted, String(f.adjusted)],
    [r.newEnrolments, String(f.newEnrolments)],
    [r.fraudCases, String(f.fraudCases)],
    [r.fraudRecovered, yuan(f.fraudRecoveredFen)],
    [r.fraudFine, yuan(f.fraudFineFen)],
  ]
}
