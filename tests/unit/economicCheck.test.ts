// 家庭经济状况核查 as pure rules (workflows/rules/economicCheck.ts): reading a stored check, per-capita income, and the
// amount the rules give against the 低保标准 with 分类施保.
import { describe, expect, it } from 'vitest'
import {
  DEPOSIT_THRESHOLD_FEN,
  assessAllowance,
  birthDateFromIdNumber,
  emptyEconomicCheck,
  incomesHaveSources,
  parseEconomicCheck,
  perCapitaIncomeFen,
  propertyProblems,
  supplementKindsFor,
  type EconomicCheck,
} from '../../workflows/rules/economicCheck'
import { makeIdNumber } from '../../workflows/rules/idNumber'

function checkWith(incomes: Partial<Record<keyof EconomicCheck['incomes'], number>>): EconomicCheck {
  const check = emptyEconomicCheck()
  for (const [kind, monthlyFen] of Object.entries(incomes)) check.incomes[kind as keyof EconomicCheck['incomes']] = { monthlyFen, source: 'visited' }
  return check
}

const member = (
  over: Partial<{ covered: boolean; health: 'healthy' | 'chronic' | 'seriousIllness'; disability: 'none' | 'mild' | 'severe'; birthDate: string | null }> = {},
) => ({
  covered: true,
  health: 'healthy' as const,
  disability: 'none' as const,
  birthDate: '1980-05-01',
  ...over,
})

describe('a stored economic check', () => {
  it('reads back what was saved', () => {
    const check = checkWith({ wages: 80_000, pension: 20_000 })
    check.property.deposits = { present: true, source: 'crossChecked', amountFen: 1_200_000 }
    expect(parseEconomicCheck(JSON.stringify(check))).toEqual(check)
  })

  it('is nothing when the column is empty or not JSON', () => {
    expect(parseEconomicCheck(null)).toBeNull()
    expect(parseEconomicCheck('')).toBeNull()
    expect(parseEconomicCheck('{not json')).toBeNull()
    expect(parseEconomicCheck('[1,2]')).toBeNull()
    expect(parseEconomicCheck('{"other":1}')).toBeNull()
  })

  it('drops negative, fractional or unknown figures and sources instead of trusting them', () => {
    const check = parseEconomicCheck({
      incomes: { wages: { monthlyFen: -5, source: 'rumour' }, business: { monthlyFen: 1.5, source: 'declared' }, bogus: { monthlyFen: 9 } },
      property: { vehicle: { present: 'yes', source: 'visited' }, deposits: { present: true, amountFen: 'lots' } },
    })
    expect(check?.incomes.wages).toEqual({ monthlyFen: 0, source: null })
    expect(check?.incomes.business).toEqual({ monthlyFen: 0, source: 'declared' })
    expect(check?.property.vehicle.present).toBe(false)
    expect(check?.property.deposits).toEqual({ present: true, source: null, amountFen: 0 })
    expect(Object.keys(check?.incomes ?? {})).not.toContain('bogus')
  })

  it('counts as done only when every income kind names its source', () => {
    expect(incomesHaveSources(null)).toBe(false)
    expect(incomesHaveSources(checkWith({ wages: 1 }))).toBe(false)
    expect(incomesHaveSources(checkWith({ wages: 1, business: 0, pension: 0, transfer: 0, other: 0 }))).toBe(true)
  })
})

describe('per-capita monthly income', () => {
  it('divides the total by the members and rounds down to the fen', () => {
    expect(perCapitaIncomeFen(checkWith({ wages: 100_000, transfer: 1 }), 3)).toBe(33_333)
  })

  it('treats a household of no recorded members as one person', () => {
    expect(perCapitaIncomeFen(checkWith({ wages: 50_000 }), 0)).toBe(50_000)
  })
})

describe('property that counts against the household', () => {
  it('lists vehicles, extra housing and business registrations when present', () => {
    const check = emptyEconomicCheck()
    check.property.vehicle = { present: true, source: 'crossChecked' }
    check.property.extraHousing = { present: false, source: 'visited' }
    check.property.businessRegistration = { present: true, source: 'crossChecked' }
    expect(propertyProblems(check)).toEqual(['vehicle', 'businessRegistration'])
  })

  it('lists deposits only above the threshold', () => {
    const check = emptyEconomicCheck()
    check.property.deposits = { present: true, source: 'crossChecked', amountFen: DEPOSIT_THRESHOLD_FEN }
    expect(propertyProblems(check)).toEqual([])
    check.property.deposits.amountFen = DEPOSIT_THRESHOLD_FEN + 1
    expect(propertyProblems(check)).toEqual(['deposits'])
  })
})

describe('分类施保 for a member', () => {
  it('reads the birth date from an 18-digit ID number', () => {
    expect(birthDateFromIdNumber(makeIdNumber('370102', '19600315', 12))).toBe('1960-03-15')
    expect(birthDateFromIdNumber('3701**********123X')).toBeNull()
    expect(birthDateFromIdNumber(null)).toBeNull()
    expect(birthDateFromIdNumber('370102199902301234')).toBeNull()
  })

  it('gives the elderly supplement from the 60th birthday and the minor one until the 18th', () => {
    expect(supplementKindsFor(member({ birthDate: '1966-12-01' }), '2026-11-30')).toEqual([])
    expect(supplementKindsFor(member({ birthDate: '1966-11-30' }), '2026-11-30')).toEqual(['elderly'])
    expect(supplementKindsFor(member({ birthDate: '2008-12-01' }), '2026-11-30')).toEqual(['minor'])
    expect(supplementKindsFor(member({ birthDate: '2008-11-30' }), '2026-11-30')).toEqual([])
    expect(supplementKindsFor(member({ birthDate: null }), '2026-11-30')).toEqual([])
  })

  it('adds serious illness and severe disability to an age supplement', () => {
    expect(supplementKindsFor(member({ health: 'seriousIllness', disability: 'severe', birthDate: '1950-01-01' }), '2026-11-30')).toEqual([
      'seriousIllness',
      'severeDisability',
      'elderly',
    ])
    expect(supplementKindsFor(member({ health: 'chronic', disability: 'mild' }), '2026-11-30')).toEqual([])
  })
})

describe('the amount the rules give', () => {
  const supplementsFen = { seriousIllness: 10_000, severeDisability: 8_000, elderly: 5_000, minor: 6_000 }

  it('is the gap to the standard for each covered person plus 分类施保 for covered members', () => {
    const result = assessAllowance({
      standardFen: 80_000,
      supplementsFen,
      members: [member({ health: 'seriousIllness' }), member({ birthDate: '2015-01-01' }), member({ covered: false, birthDate: '1940-01-01' })],
      coveredCount: 2,
      perCapitaFen: 30_000,
      onDay: '2026-11-30',
    })
    expect(result).toEqual({ belowStandard: true, propertyProblems: [], baseFen: 100_000, supplementFen: 16_000, amountFen: 116_000 })
  })

  it('is nothing for a household at or above the standard, whatever its supplements', () => {
    const result = assessAllowance({
      standardFen: 80_000,
      supplementsFen,
      members: [member({ health: 'seriousIllness' })],
      coveredCount: 1,
      perCapitaFen: 80_000,
      onDay: '2026-11-30',
    })
    expect(result.belowStandard).toBe(false)
    expect(result.baseFen).toBe(0)
    expect(result.amountFen).toBe(0)
  })

  it('adds nothing for a supplement kind the county has not set', () => {
    const result = assessAllowance({
      standardFen: 70_000,
      supplementsFen: {},
      members: [member({ disability: 'severe' })],
      coveredCount: 1,
      perCapitaFen: 0,
      onDay: '2026-11-30',
    })
    expect(result.supplementFen).toBe(0)
    expect(result.amountFen).toBe(70_000)
  })

  it('reports property problems of the check it is given', () => {
    const check = emptyEconomicCheck()
    check.property.vehicle = { present: true, source: 'crossChecked' }
    const result = assessAllowance({ standardFen: 70_000, supplementsFen: {}, members: [], coveredCount: 1, perCapitaFen: 0, onDay: '2026-11-30', check })
    expect(result.propertyProblems).toEqual(['vehicle'])
  })
})
