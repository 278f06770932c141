// Checklist items the data decides (issue 17): a template item may carry a rule over a counted fact, and such an
// item is done exactly when the rule holds — nobody ticks it. Pure: the server counts the facts (countFacts in
// app/models/workflow.server.ts, the same figures the dashboard and the machine's guards read) and passes them in.

/** The facts a rule may name; each is a share done/total of something the database counts. */
export const CHECKLIST_FACTS = ['reviewCoverage', 'homeVisitCoverage', 'problemsWithMeasure', 'problemsWithPlan', 'ordersAnswered'] as const
export type ChecklistFact = (typeof CHECKLIST_FACTS)[number]

/** The item is done when the fact's done/total reaches atLeast (1 = every one). Nothing to count (total 0) holds. */
export interface ChecklistRule {
  fact: ChecklistFact
  atLeast: number
}

export interface FactFigure {
  done: number
  total: number
}

export type ChecklistFigures = Record<ChecklistFact, FactFigure>

/** The counts a village's facts give (a structural subset of VillageFacts). */
export interface ChecklistCounts {
  households: number
  reviewed: number
  homeVisited: number
  problemsFound: number
  /** problems with a measure (对策) written */
  problemsWithMeasure: number
  /** problems with a measure, a responsible person and a deadline (措施、责任、时限) */
  problemsWithPlan: number
  /** every rectification order of the village, and those not yet answered */
  orders: number
  unansweredOrders: number
}

/** Each fact's figure from the counted facts. */
export function checklistFigures(c: ChecklistCounts): ChecklistFigures {
  return {
    reviewCoverage: { done: c.reviewed, total: c.households },
    homeVisitCoverage: { done: c.homeVisited, total: c.households },
    problemsWithMeasure: { done: c.problemsWithMeasure, total: c.problemsFound },
    problemsWithPlan: { done: c.problemsWithPlan, total: c.problemsFound },
    ordersAnswered: { done: c.orders - c.unansweredOrders, total: c.orders },
  }
}

/**
 * Does the rule hold? Compared in whole numbers (done ≥ ⌈atLeast·total⌉) so that 70/71 never rounds up to 100%.
 * Nothing to count holds, as the machine's own coverage guard does (reviewed ≥ households).
 */
export function ruleHolds(rule: ChecklistRule, figure: FactFigure): boolean {
  if (figure.total <= 0) return true
  return figure.done >= Math.ceil(rule.atLeast * figure.total - 1e-9)
}

export interface ChecklistItemState {
  key: string
  /** a manual item's tick (done_on set); ignored for an item with a rule */
  ticked: boolean
}

/** Is the item done: its rule holds, or — a manual item — it is ticked. */
export function itemDone(item: ChecklistItemState, rule: ChecklistRule | undefined, figures: ChecklistFigures): boolean {
  return rule ? ruleHolds(rule, figures[rule.fact]) : item.ticked
}

/** How many of the phase's items are not done: what the machine's checklistComplete guard counts. */
export function openChecklistCount(
  items: readonly ChecklistItemState[],
  ruleOf: (key: string) => ChecklistRule | undefined,
  figures: ChecklistFigures,
): number {
  return items.filter((item) => !itemDone(item, ruleOf(item.key), figures)).length
}
