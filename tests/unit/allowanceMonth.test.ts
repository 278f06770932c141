// Who the standing notice (长期公示) lists in a month: the rule over a household and its approved allowance history.
import { describe, expect, it } from 'vitest'
import { amountPaidInMonth, isMonth, monthOf, type AllowanceChange } from '../../workflows/rules/allowanceMonth'

const active = { status: 'active' as const, monthlyAmountFen: 50_000 }
const change = (c: Partial<AllowanceChange> & Pick<AllowanceChange, 'kind' | 'fromMonth'>): AllowanceChange => ({
  previousAmountFen: 50_000,
  amountFen: null,
  order: 1,
  ...c,
})

describe('the amount a household is paid in a month', () => {
  it('is the roster amount of an active household with no approved change, and nothing for an exited one', () => {
    expect(amountPaidInMonth(active, [], '2026-11')).toBe(50_000)
    expect(amountPaidInMonth({ status: 'exited', monthlyAmountFen: 50_000 }, [], '2026-11')).toBeNull()
  })

  it('is never anything for an applicant family or one not enrolled', () => {
    const enrol = [change({ kind: 'enrol', fromMonth: '2026-10', previousAmountFen: 0, amountFen: 40_000 })]
    expect(amountPaidInMonth({ status: 'applicant', monthlyAmountFen: 40_000 }, enrol, '2026-12')).toBeNull()
    expect(amountPaidInMonth({ status: 'notEnrolled', monthlyAmountFen: 40_000 }, [], '2026-12')).toBeNull()
  })

  it('pays the old amount before an approved stop and nothing from its month on', () => {
    const exited = { status: 'exited' as const, monthlyAmountFen: 0 }
    const stop = [change({ kind: 'stop', fromMonth: '2026-12' })]
    expect(amountPaidInMonth(exited, stop, '2026-11')).toBe(50_000)
    expect(amountPaidInMonth(exited, stop, '2026-12')).toBeNull()
    expect(amountPaidInMonth(exited, stop, '2027-01')).toBeNull()
    expect(amountPaidInMonth(exited, [change({ kind: 'stopAndRecover', fromMonth: '2026-12' })], '2026-12')).toBeNull()
  })

  it('pays the previous amount before an approved adjustment and the new one from its month', () => {
    const adjust = [change({ kind: 'adjust', fromMonth: '2026-12', amountFen: 62_000 })]
    expect(amountPaidInMonth({ status: 'active', monthlyAmountFen: 62_000 }, adjust, '2026-11')).toBe(50_000)
    expect(amountPaidInMonth({ status: 'active', monthlyAmountFen: 62_000 }, adjust, '2026-12')).toBe(62_000)
  })

  it('pays an enrolled family from the month of its enrolment only', () => {
    const enrol = [change({ kind: 'enrol', fromMonth: '2026-12', previousAmountFen: 0, amountFen: 40_000 })]
    expect(amountPaidInMonth({ status: 'active', monthlyAmountFen: 40_000 }, enrol, '2026-11')).toBeNull()
    expect(amountPaidInMonth({ status: 'active', monthlyAmountFen: 40_000 }, enrol, '2026-12')).toBe(40_000)
  })

  it('applies several changes in month order, two of one month in the order approved', () => {
    const history = [
      change({ kind: 'stop', fromMonth: '2027-03', previousAmountFen: 70_000, order: 3 }),
      change({ kind: 'adjust', fromMonth: '2027-01', amountFen: 60_000, order: 1 }),
      change({ kind: 'adjust', fromMonth: '2027-01', previousAmountFen: 60_000, amountFen: 70_000, order: 2 }),
    ]
    const h = { status: 'exited' as const, monthlyAmountFen: 0 }
    expect(amountPaidInMonth(h, history, '2026-12')).toBe(50_000)
    expect(amountPaidInMonth(h, history, '2027-01')).toBe(70_000)
    expect(amountPaidInMonth(h, history, '2027-02')).toBe(70_000)
    expect(amountPaidInMonth(h, history, '2027-03')).toBeNull()
  })
})

describe('months', () => {
  it('reads YYYY-MM and nothing else', () => {
    expect(isMonth('2026-11')).toBe(true)
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '']) expect(isMonth(bad), bad).toBe(false)
    expect(monthOf('2026-11-29')).toBe('2026-11')
  })
})
