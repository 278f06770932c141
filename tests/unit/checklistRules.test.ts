// Checklist items the data decides (issue 17): the rule, the figures, and the count the machine's guard reads.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checklistFigures, itemDone, openChecklistCount, ruleHolds, type ChecklistCounts, type ChecklistRule } from '../../workflows/rules/checklistRules'
import { checklistRuleOf, pianYiTemplate } from '../../workflows/template'

const counts = (over: Partial<ChecklistCounts> = {}): ChecklistCounts => ({
  households: 71,
  reviewed: 71,
  homeVisited: 71,
  problemsFound: 0,
  problemsWithMeasure: 0,
  problemsWithPlan: 0,
  orders: 0,
  unansweredOrders: 0,
  ...over,
})

describe('a checklist rule', () => {
  it('does not hold at 50 of 71 home visits, nor at 70 of 71: only every household counts as 100%入户调查', () => {
    const rule: ChecklistRule = { fact: 'homeVisitCoverage', atLeast: 1 }
    expect(ruleHolds(rule, { done: 50, total: 71 })).toBe(false)
    expect(ruleHolds(rule, { done: 70, total: 71 })).toBe(false)
    expect(ruleHolds(rule, { done: 71, total: 71 })).toBe(true)
  })

  it('holds when there is nothing to count, as the machine’s own coverage guard does', () => {
    expect(ruleHolds({ fact: 'problemsWithPlan', atLeast: 1 }, { done: 0, total: 0 })).toBe(true)
  })

  it('reads a share below 1 in whole households, never rounding up', () => {
    const rule: ChecklistRule = { fact: 'reviewCoverage', atLeast: 0.9 }
    expect(ruleHolds(rule, { done: 63, total: 71 })).toBe(false) // 88.7%
    expect(ruleHolds(rule, { done: 64, total: 71 })).toBe(true) // 90.1%
    expect(ruleHolds(rule, { done: 9, total: 10 })).toBe(true)
  })

  it('takes each figure from the counted facts: orders answered are those not waiting for an answer', () => {
    const f = checklistFigures(
      counts({ reviewed: 53, homeVisited: 50, problemsFound: 4, problemsWithMeasure: 3, problemsWithPlan: 2, orders: 3, unansweredOrders: 1 }),
    )
    expect(f).toEqual({
      reviewCoverage: { done: 53, total: 71 },
      homeVisitCoverage: { done: 50, total: 71 },
      problemsWithMeasure: { done: 3, total: 4 },
      problemsWithPlan: { done: 2, total: 4 },
      ordersAnswered: { done: 2, total: 3 },
    })
  })

  it('ignores a tick on an item the data decides, and keeps a manual tick as it is', () => {
    const figures = checklistFigures(counts({ homeVisited: 50 }))
    expect(itemDone({ key: 'homeVisits', ticked: true }, { fact: 'homeVisitCoverage', atLeast: 1 }, figures)).toBe(false)
    expect(itemDone({ key: 'meeting', ticked: true }, undefined, figures)).toBe(true)
    expect(itemDone({ key: 'meeting', ticked: false }, undefined, figures)).toBe(false)
  })
})

describe('the open checklist count (what 开始检查督导 and 完成总结 wait for)', () => {
  const phase = pianYiTemplate.phases.find((p) => p.id === 'fullInspection')!
  const ruleOf = (key: string) => checklistRuleOf(pianYiTemplate.key, 'fullInspection', key)

  it('counts the rule items whose rule fails and the manual items not ticked, whatever was ticked by hand', () => {
    const items = phase.checklist.map((c) => ({ key: c.key, ticked: true }))
    // every item ticked, but home visits at 70 of 71 and one problem without a measure
    expect(openChecklistCount(items, ruleOf, checklistFigures(counts({ homeVisited: 70, problemsFound: 1 })))).toBe(2)
    expect(openChecklistCount(items, ruleOf, checklistFigures(counts()))).toBe(0)
  })

  it('agrees with counting item by item, for any figures and ticks (model-based)', () => {
    const keys = pianYiTemplate.phases.flatMap((p) => p.checklist.map((c) => ({ phase: p.id, key: c.key })))
    fc.assert(
      fc.property(
        fc.record({
          households: fc.nat(80),
          reviewed: fc.nat(80),
          homeVisited: fc.nat(80),
          problemsFound: fc.nat(6),
          problemsWithMeasure: fc.nat(6),
          problemsWithPlan: fc.nat(6),
          orders: fc.nat(4),
          unansweredOrders: fc.nat(4),
        }),
        fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }),
        (raw, ticks) => {
          // facts as the database can give them: parts never exceed their wholes
          const c: ChecklistCounts = {
            ...raw,
            reviewed: Math.min(raw.reviewed, raw.households),
            homeVisited: Math.min(raw.homeVisited, raw.households),
            problemsWithMeasure: Math.min(raw.problemsWithMeasure, raw.problemsFound),
            problemsWithPlan: Math.min(raw.problemsWithPlan, raw.problemsWithMeasure, raw.problemsFound),
            unansweredOrders: Math.min(raw.unansweredOrders, raw.orders),
          }
          for (const phaseId of ['mobilisation', 'fullInspection', 'supervision', 'summary'] as const) {
            const items = keys.map((k, i) => ({ ...k, ticked: ticks[i] })).filter((k) => k.phase === phaseId)
            const expected = items.filter((item) => {
              switch (item.key) {
                case 'rosterReviewed':
                  return c.reviewed < c.households
                case 'homeVisits':
                  return c.homeVisited < c.households
                case 'problemsClassified':
                  return c.problemsWithMeasure < c.problemsFound
                case 'measuresSet':
                  return c.problemsWithPlan < c.problemsFound
                case 'ordersAnswered':
                  return c.unansweredOrders > 0
                default:
                  return !item.ticked
              }
            }).length
            const got = openChecklistCount(items, (key) => checklistRuleOf(pianYiTemplate.key, phaseId, key), checklistFigures(c))
            if (got !== expected) return false
          }
          return true
        },
      ),
    )
  })
})

describe('the 篇一 template', () => {
  it('lets the data decide the five items it can count, and leaves the rest to the cadre', () => {
    const ruled = pianYiTemplate.phases.flatMap((p) => p.checklist.filter((c) => c.rule).map((c) => `${p.id}.${c.key}:${c.rule!.fact}`))
    expect(ruled).toEqual([
      'fullInspection.rosterReviewed:reviewCoverage',
      'fullInspection.homeVisits:homeVisitCoverage',
      'fullInspection.problemsClassified:problemsWithMeasure',
      'supervision.ordersAnswered:ordersAnswered',
      'summary.measuresSet:problemsWithPlan',
    ])
    expect(pianYiTemplate.phases.flatMap((p) => p.checklist)).toHaveLength(16)
  })

  it('finds no rule for a key the township added to its own checklist, nor under another phase', () => {
    expect(checklistRuleOf(pianYiTemplate.key, 'fullInspection', 'custom-1')).toBeUndefined()
    expect(checklistRuleOf(pianYiTemplate.key, 'summary', 'homeVisits')).toBeUndefined()
    expect(checklistRuleOf('pian1', 'fullInspection', 'homeVisits')).toEqual({ fact: 'homeVisitCoverage', atLeast: 1 })
  })
})
