// 重点核查 and review completeness as pure rules (workflows/rules/reviewCompleteness.ts): which households are key-check
// households, and what a review still lacks before it counts toward coverage (自查面).
import { describe, expect, it } from 'vitest'
import { emptyEconomicCheck, INCOME_KINDS, type EconomicCheck } from '../../workflows/rules/economicCheck'
import {
  LARGE_AMOUNT_TIMES,
  isReviewComplete,
  keyCheckReasons,
  missingForReview,
  type FlaggedSituation,
  type KeyCheckFacts,
  type MissingItem,
  type ReviewState,
} from '../../workflows/rules/reviewCompleteness'

function sourcedCheck(edit: (c: EconomicCheck) => void = () => {}): EconomicCheck {
  const check = emptyEconomicCheck()
  for (const kind of INCOME_KINDS) check.incomes[kind] = { monthlyFen: 0, source: 'visited' }
  edit(check)
  return check
}

const ordinary: KeyCheckFacts = {
  check: sourcedCheck(),
  keyCheckSituations: [],
  riskSignals: [],
  nearRelativeFiling: false,
  reported: false,
  monthlyAmountFen: 60_000,
  standardFen: 80_000,
}

describe('a 重点核查 household', () => {
  const cases: Array<[string, Partial<KeyCheckFacts>, FlaggedSituation[]]> = [
    ['an ordinary household is not one', {}, []],
    ['a household with a vehicle is one', { check: sourcedCheck((c) => (c.property.vehicle = { present: true, source: 'crossChecked' })) }, ['vehicle']],
    [
      'a household with a business registration is one',
      { check: sourcedCheck((c) => (c.property.businessRegistration = { present: true, source: 'crossChecked' })) },
      ['business'],
    ],
    [
      'a household with business income is one',
      { check: sourcedCheck((c) => (c.incomes.business = { monthlyFen: 30_000, source: 'declared' })) },
      ['business'],
    ],
    [
      'a household with housing beyond one dwelling is one',
      { check: sourcedCheck((c) => (c.property.extraHousing = { present: true, source: 'visited' })) },
      ['housing'],
    ],
    ['a near relative of a cadre is one', { nearRelativeFiling: true }, ['nearRelative']],
    ['a household reported in this campaign is one', { reported: true }, ['reported']],
    ['a household paid more than the large-amount line is one', { monthlyAmountFen: LARGE_AMOUNT_TIMES * 80_000 + 1 }, ['largeAmount']],
    ['a household paid exactly the large-amount line is not one', { monthlyAmountFen: LARGE_AMOUNT_TIMES * 80_000 }, []],
    ['without a standard no amount is large', { monthlyAmountFen: 10_000_000, standardFen: null }, []],
    ['a roster situation flags it', { keyCheckSituations: ['ableBodied'] }, ['ableBodied']],
    [
      'a private-car risk signal asks for the vehicle note only once',
      { riskSignals: ['privateCar'], check: sourcedCheck((c) => (c.property.vehicle = { present: true, source: 'visited' })) },
      ['vehicle'],
    ],
    ['a pension risk signal flags it', { riskSignals: ['pension'] }, ['pension']],
    [
      'several reasons are all listed',
      { reported: true, nearRelativeFiling: true, keyCheckSituations: ['publicObjection'] },
      ['nearRelative', 'reported', 'publicObjection'],
    ],
  ]
  it.each(cases)('%s', (_name, facts, reasons) => {
    expect(keyCheckReasons({ ...ordinary, ...facts })).toEqual(reasons)
  })
})

describe('what a review still lacks', () => {
  const done: ReviewState = {
    outcome: 'keep',
    check: sourcedCheck(),
    homeVisitOn: '2026-11-20',
    homeVisitBy: '赵东风',
    situationNotes: {},
    reasons: [],
  }
  const cases: Array<[string, Partial<ReviewState>, MissingItem[]]> = [
    ['an ordinary household with a conclusion and a sourced check is complete', {}, []],
    ['an ordinary household needs no home visit', { homeVisitOn: null, homeVisitBy: null }, []],
    ['no conclusion is missing the conclusion', { outcome: null }, [{ item: 'outcome' }]],
    ['no economic check is missing the check', { check: null }, [{ item: 'economicCheck' }]],
    ['an income without its source is missing the check', { check: sourcedCheck((c) => (c.incomes.wages.source = null)) }, [{ item: 'economicCheck' }]],
    [
      'a key-check household without a home visit or notes lacks both',
      { reasons: ['vehicle', 'reported'], homeVisitOn: null, homeVisitBy: null },
      [{ item: 'homeVisit' }, { item: 'situationNote', situation: 'vehicle' }, { item: 'situationNote', situation: 'reported' }],
    ],
    [
      'a home visit without who went is missing',
      { reasons: ['vehicle'], homeVisitBy: '  ', situationNotes: { vehicle: '车辆已过户' } },
      [{ item: 'homeVisit' }],
    ],
    ['a blank note is no note', { reasons: ['housing'], situationNotes: { housing: '   ' } }, [{ item: 'situationNote', situation: 'housing' }]],
    [
      'a key-check household with a visit and every note is complete',
      { reasons: ['vehicle', 'housing'], situationNotes: { vehicle: '车辆已报废', housing: '老宅已倒塌' } },
      [],
    ],
    [
      'nothing at all lacks everything the household needs',
      { outcome: null, check: null, homeVisitOn: null, reasons: ['largeAmount'] },
      [{ item: 'outcome' }, { item: 'economicCheck' }, { item: 'homeVisit' }, { item: 'situationNote', situation: 'largeAmount' }],
    ],
  ]
  it.each(cases)('%s', (_name, review, missing) => {
    const state = { ...done, ...review }
    expect(missingForReview(state)).toEqual(missing)
    expect(isReviewComplete(state)).toBe(missing.length === 0)
  })
})
