import { describe, expect, it } from 'vitest'
import { checkDigit, isKnownRegion, makeIdNumber, maskIdNumber, parseIdNumber } from '../../workflows/rules/idNumber'

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

  // issue 11, finding 14
  it('an ID number born in 2099 or with region 000000 is refused', () => {
    expect(parseIdNumber(makeIdNumber('130925', '20990101', 7))).toEqual({ ok: false, problem: 'birthFuture' })
    expect(parseIdNumber(makeIdNumber('000000', '19600315', 7))).toEqual({ ok: false, problem: 'region' })
    // born today is fine, tomorrow is not (the day is Asia/Shanghai's, or the one given)
    expect(parseIdNumber(makeIdNumber('130925', '20261129', 7), { today: '2026-11-29' })).toMatchObject({ ok: true })
    expect(parseIdNumber(makeIdNumber('130925', '20261130', 7), { today: '2026-11-29' })).toEqual({ ok: false, problem: 'birthFuture' })
    // a legacy 15-digit number with a region that does not exist
    expect(parseIdNumber('000000491231002')).toEqual({ ok: false, problem: 'region' })
  })

  it('knows a region by its province and prefecture, without the full code table', () => {
    for (const ok of ['110105', '130925', '370102', '429004', '500101', '654301', '810000', '820000', '830000', '710000'])
      expect(isKnownRegion(ok), ok).toBe(true)
    for (const bad of ['000000', '990000', '160101', '200101', '370001', '130025', '560101', '13092', '13092a']) expect(isKnownRegion(bad), bad).toBe(false)
  })
})
