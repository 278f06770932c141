import { describe, expect, it } from 'vitest'
import { checkDigit, makeIdNumber, maskIdNumber, parseIdNumber } from '../../workflows/rules/idNumber'

describe('identity-card numbers (GB 11643)', () => {
  it('accepts the standard example number and computes its check digit', () => {
    expect(checkDigit('11010519491231002')).toBe('X')
    expect(parseIdNumber('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X', convertedFrom15: false })
  })

  it('normalises full-width digits, spaces and a lower-case x', () => {
    expect(parseIdNumber('１１０１０５ 1949 1231 002x')).toMatchObject({ ok: true, value: '11010519491231002X' })
  })

  it('rejects a wrong check digit, a wrong length and an impossible birth date', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit' })
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'length' })
    expect(parseIdNumber(makeIdNumber('110105', '19490231', 2))).toEqual({ ok: false, problem: 'birthDate' })
    expect(parseIdNumber('')).toEqual({ ok: false, problem: 'empty' })
  })

  it('converts a legacy 15-digit number to 18 digits', () => {
    expect(parseIdNumber('110105491231002')).toEqual({ ok: true, value: '11010519491231002X', convertedFrom15: true })
  })

  it('masks all but the region prefix and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
  })
})
