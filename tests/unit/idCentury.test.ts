// Legacy 15-digit ID numbers write only two digits of the year. They were issued until 2004, so a number of the years
// 00–04 may be a person born in 1900–1904 or in 2000–2004: the century comes from the row's 出生日期 or 年龄, from the
// household another roster already holds under the same 15-digit form, or from a person.
import { describe, expect, it } from 'vitest'
import { centuryFromBirth, idMatchKey, isCenturyAmbiguous, makeIdNumber, otherCenturyForms, parseIdNumber } from '../../workflows/rules/idNumber'
import { ageOf, birthYearOf, centuryHint, parseIdCell } from '../../app/models/rosterImport/rules.server'
import { judgeRows, normaliseRow, type ExistingHousehold } from '../../app/models/rosterImport/verdicts.server'

const BORN_2001 = '130925010315123' // 2001-03-15 (or 1901-03-15), sequence 123
const BORN_1976 = '130925760215123'

describe('a 15-digit number’s century', () => {
  it('is 19xx for the years 05–99, as it always was', () => {
    expect(parseIdNumber(BORN_1976)).toEqual({ ok: true, value: makeIdNumber('130925', '19760215', 123), convertedFrom15: true })
    expect(isCenturyAmbiguous(BORN_1976)).toBe(false)
  })

  it('is not guessed for the years 00–04: the number alone cannot say whether the person was born in 1901 or 2001', () => {
    expect(isCenturyAmbiguous(BORN_2001)).toBe(true)
    expect(parseIdNumber(BORN_2001)).toEqual({ ok: false, problem: 'century' })
  })

  it('is the one a birth date or an age on the row gives', () => {
    expect(parseIdNumber(BORN_2001, { century: 20 })).toEqual({ ok: true, value: makeIdNumber('130925', '20010315', 123), convertedFrom15: true })
    expect(parseIdNumber(BORN_2001, { century: 19 })).toEqual({ ok: true, value: makeIdNumber('130925', '19010315', 123), convertedFrom15: true })
    expect(centuryFromBirth(1, { birthYear: 2001 }, 2026)).toBe(20)
    expect(centuryFromBirth(1, { age: 25 }, 2026)).toBe(20)
    // a roster of 2014 whose ages were written then: 13 years old, not 113
    expect(centuryFromBirth(1, { age: 13 }, 2014)).toBe(20)
    expect(centuryFromBirth(3, { age: 123 }, 2026)).toBe(19)
  })

  it('is left to a person when the birth date contradicts the number, or the age fits neither century', () => {
    expect(centuryFromBirth(1, { birthYear: 2002 }, 2026)).toBeNull()
    expect(centuryFromBirth(1, { age: 60 }, 2026)).toBeNull()
    expect(centuryFromBirth(1, {}, 2026)).toBeNull()
  })

  it('reads birth dates and ages as offices write them', () => {
    expect(birthYearOf('2001-03-15')).toBe(2001)
    expect(birthYearOf('2001年3月15日')).toBe(2001)
    expect(birthYearOf('2001.03')).toBe(2001)
    expect(birthYearOf('20010315')).toBe(2001)
    expect(birthYearOf(36965)).toBe(2001) // Excel's 2001-03-15
    expect(birthYearOf('不详')).toBeNull()
    expect(ageOf('25岁')).toBe(25)
    expect(ageOf(25)).toBe(25)
    expect(ageOf('二十五')).toBeNull()
    expect(centuryHint(BORN_2001, { birthDate: '2001-03-15', age: null }, 2026)).toBe(20)
    expect(centuryHint(makeIdNumber('130925', '20010315', 123), { birthDate: '2001-03-15', age: null }, 2026)).toBeNull()
  })

  it('a roster row without either is held back as 需人工确认出生年份, and keeps its 15-digit form to find the household', () => {
    expect(parseIdCell(BORN_2001)).toEqual({ ok: false, problem: 'idCentury', key: BORN_2001 })
    expect(parseIdCell(BORN_2001, { century: 20 })).toMatchObject({ ok: true, value: makeIdNumber('130925', '20010315', 123) })
  })
})

describe('one person, written in 15 or 18 digits, in either century', () => {
  it('meets under one 15-digit form', () => {
    expect(idMatchKey(makeIdNumber('130925', '20010315', 123))).toBe(BORN_2001)
    expect(idMatchKey(makeIdNumber('130925', '19010315', 123))).toBe(BORN_2001)
    expect(otherCenturyForms(makeIdNumber('130925', '19010315', 123))).toEqual([makeIdNumber('130925', '20010315', 123)])
    expect(otherCenturyForms(BORN_2001)).toEqual([makeIdNumber('130925', '19010315', 123), makeIdNumber('130925', '20010315', 123)])
  })
})

describe('a roster’s rows judged against the household a 15-digit number was enrolled under', () => {
  const village = { id: 7, name: '河东村' }
  const ctx = {
    mapping: { headName: 0, idNumber: 1, memberCount: 2, category: 3, monthlyAmount: 4 },
    findVillage: () => village,
    defaultVillage: village,
    onlyVillageId: null,
  }
  const existing = (idNumber: string): Map<string, ExistingHousehold> =>
    new Map([
      [
        idNumber,
        {
          id: 41,
          villageId: 7,
          villageName: '河东村',
          townshipId: 1,
          headName: '赵小军',
          memberCount: 1,
          coveredCount: 1,
          category: '农村低保',
          monthlyAmountFen: 58_000,
          responsibleCadre: null,
          phone: null,
          keyCheckSituations: '[]',
          nearRelativeFiling: 0,
          nearRelativeNote: null,
          notes: null,
        },
      ],
    ])
  const row = (id: string) => normaliseRow({ sheetRow: 4, cells: ['赵小军', id, 1, '农村低保', 580] }, ctx)

  it('gives the household enrolled in 1901 by the old conversion its right 18-digit number, and no second household', () => {
    const [verdict] = judgeRows([row(makeIdNumber('130925', '20010315', 123))], { townshipId: 1, existing: existing(makeIdNumber('130925', '19010315', 123)) })
    expect(verdict).toMatchObject({
      kind: 'update',
      householdId: 41,
      idNumber: makeIdNumber('130925', '20010315', 123),
      changes: [{ column: 'id_number', before: makeIdNumber('130925', '19010315', 123), after: makeIdNumber('130925', '20010315', 123) }],
    })
  })

  it('settles an ambiguous 15-digit number by the household already enrolled under its 18-digit form', () => {
    const [verdict] = judgeRows([row(BORN_2001)], { townshipId: 1, existing: existing(makeIdNumber('130925', '20010315', 123)) })
    expect(verdict).toMatchObject({ kind: 'unchanged', householdId: 41, idNumber: makeIdNumber('130925', '20010315', 123), convertedFrom15: true })
  })

  it('holds back an ambiguous 15-digit number nobody holds, for a person to confirm', () => {
    const [verdict] = judgeRows([row(BORN_2001)], { townshipId: 1, existing: new Map() })
    expect(verdict).toEqual({ kind: 'rejected', sheetRow: 4, problems: [{ code: 'idCentury' }] })
  })

  it('treats the 15- and the 18-digit form of one number in one file as the same person written twice', () => {
    const rows = [row(BORN_1976), { ...row(makeIdNumber('130925', '19760215', 123)), sheetRow: 5 }]
    expect(judgeRows(rows, { townshipId: 1, existing: new Map() })[1]).toMatchObject({
      kind: 'rejected',
      problems: [{ code: 'duplicateInFile', params: { row: 4 } }],
    })
  })
})
