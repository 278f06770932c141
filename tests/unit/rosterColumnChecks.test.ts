// Which column becomes 月保障金额: the header's meaning, ranked (header.server.ts), and the mapping checked against the
// data (columnChecks.server.ts) — the two traps a township office's files really set: a 人均保障金额 column placed
// before the household's amount, and a 低保金起始发放日期 column whose dates read as ¥44,317 a month.
import { describe, expect, it } from 'vitest'
import { detectHeader, fieldForHeader, mapHeaders } from '../../app/models/rosterImport/header.server'
import { checkColumns, dateInCell, suspicionText, type AreaStandards } from '../../app/models/rosterImport/columnChecks.server'
import type { Cell, ColumnMapping } from '../../app/models/rosterImport/rules.server'
import type { SourceRow } from '../../app/models/rosterImport/verdicts.server'
import type { AllowanceStandard } from '../../app/models/allowanceStandards.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'

const SUPPLEMENTS = { seriousIllness: 10_000, severeDisability: 8_000, elderly: 5_000, minor: 5_000 }
const RURAL: AllowanceStandard = { id: 1, area: 'rural', effectiveFrom: '2026-01-01', monthlyFen: 58_000, supplementsFen: SUPPLEMENTS }
const URBAN: AllowanceStandard = { id: 2, area: 'urban', effectiveFrom: '2026-01-01', monthlyFen: 82_000, supplementsFen: SUPPLEMENTS }
const STANDARDS: AreaStandards = { urban: URBAN, rural: RURAL }
const NONE: AreaStandards = { urban: null, rural: null }

const HEADERS = ['序号', '村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '保障人数', '人均保障金额', '低保金起始发放日期', '月保障金额(元)']
/** 100 households of 河东村: 30 of one person, 70 of two to four; 380 yuan a person; paid from 2021-05-01 (Excel 44317) */
function trapRows(): SourceRow[] {
  return Array.from({ length: 100 }, (_, i) => {
    const people = i < 30 ? 1 : 2 + (i % 3)
    const cells: Cell[] = [i + 1, '河东村', `户主${i + 1}`, makeIdNumber('130925', '19600101', i + 1), people, '农村低保', people, 380, 44317, 380 * people]
    return { sheetRow: i + 4, cells }
  })
}
const check = (mapping: ColumnMapping, standards = STANDARDS, rows = trapRows()) =>
  checkColumns({ headers: HEADERS, rows, mapping, standards, villageArea: () => 'rural' })

describe('the header says which column is the household’s monthly amount', () => {
  it('takes 月保障金额 over a 人均保障金额 column placed before it, and never the start date of payment', () => {
    const mapping = mapHeaders(HEADERS)
    expect(mapping.monthlyAmount).toBe(9)
    expect(Object.values(mapping)).not.toContain(7)
    expect(Object.values(mapping)).not.toContain(8)
  })

  it('ranks 月保障金额 above 保障金额 and 保障金额 above a loose 金额, whatever their order', () => {
    expect(mapHeaders(['户主姓名', '身份证号', '保障金额', '月保障金额']).monthlyAmount).toBe(3)
    expect(mapHeaders(['户主姓名', '身份证号', '享受金额', '发放金额', '月发放金额']).monthlyAmount).toBe(4)
    expect(mapHeaders(['户主姓名', '身份证号', '享受金额', '低保金']).monthlyAmount).toBe(3)
  })

  it('does not take a per-person figure, a standard, a date or a running total for the monthly amount', () => {
    for (const header of [
      '人均保障金额',
      '人均补差金额',
      '每人每月保障金',
      '保障标准',
      '低保标准(元/人月)',
      '低保金起始发放日期',
      '发放日期',
      '保障金发放时间',
      '累计发放金额',
      '全年保障金额',
    ])
      expect(fieldForHeader(header), header).not.toBe('monthlyAmount')
  })

  it('leaves a file whose only amount is per person without a monthly amount, so the user is asked for it', () => {
    expect(mapHeaders(['户主姓名', '身份证号码', '家庭人口', '保障类别', '人均保障金额']).monthlyAmount).toBeUndefined()
  })

  it('never reads a date column as an ID number or a count', () => {
    expect(fieldForHeader('身份证发放日期')).toBeNull()
    expect(fieldForHeader('保障人口起始日期')).toBeNull()
    expect(fieldForHeader('出生日期')).toBe('birthDate')
    expect(fieldForHeader('年龄（岁）')).toBe('age')
  })

  it('still recognises the sample roster’s header as before', () => {
    const header = detectHeader([HEADERS])
    expect(header?.mapping).toMatchObject({ village: 1, headName: 2, idNumber: 3, memberCount: 4, category: 5, coveredCount: 6, monthlyAmount: 9 })
  })
})

describe('the chosen amount column is checked against the data and the county’s 低保标准', () => {
  const base: ColumnMapping = { seq: 0, village: 1, headName: 2, idNumber: 3, memberCount: 4, category: 5, coveredCount: 6 }

  it('accepts the household’s amounts', () => {
    expect(check({ ...base, monthlyAmount: 9 })).toEqual([])
    expect(check({ ...base, monthlyAmount: 9 }, NONE)).toEqual([])
  })

  it('refuses the start date of payment as 月保障金额: its values are dates, not ¥44,317 a month', () => {
    const [suspicion] = check({ ...base, monthlyAmount: 8 })
    expect(suspicion).toMatchObject({ kind: 'dates', field: 'monthlyAmount', column: 8, sheetRow: 4, example: '2021-05-01' })
    expect(suspicionText(suspicion, HEADERS)).toBe(
      '第9列“低保金起始发放日期”的内容是日期（如第4行的2021-05-01），不能作为“月保障金额（元）”。请在上面指定哪一列是“月保障金额（元）”。',
    )
  })

  it('recognises dates written as text too', () => {
    const rows = trapRows().map((row, i) => ({ ...row, cells: row.cells.map((c, j) => (j === 8 ? (i % 2 ? '2019-03-01' : '2019年3月') : c)) }))
    expect(check({ ...base, monthlyAmount: 8 }, STANDARDS, rows)).toMatchObject([{ kind: 'dates' }])
    expect(dateInCell('2019/3/1')).toBe('2019/3/1')
    expect(dateInCell(662)).toBeNull()
    expect(dateInCell('380元')).toBeNull()
  })

  it('refuses amounts no household of that size could get under the county’s standard', () => {
    const rows = trapRows().map((row) => ({ ...row, cells: row.cells.map((c, j) => (j === 9 ? Number(c) * 10 : c)) }))
    const [suspicion] = check({ ...base, monthlyAmount: 9 }, STANDARDS, rows)
    expect(suspicion).toMatchObject({ kind: 'tooHigh', rows: 100, of: 100, sheetRow: 4, amountFen: 380_000, members: 1 })
    expect(suspicionText(suspicion, HEADERS)).toContain('100户中有100户的金额高于家庭人口×（低保标准+各项分类施保）的1.5倍')
  })

  it('without a standard in force, still refuses more than ¥3,000 a person', () => {
    const rows = trapRows().map((row) => ({ ...row, cells: row.cells.map((c, j) => (j === 9 ? 9_999 * Number(row.cells[4]) : c)) }))
    const [suspicion] = check({ ...base, monthlyAmount: 9 }, NONE, rows)
    expect(suspicion).toMatchObject({ kind: 'tooHigh', standard: false })
    expect(suspicionText(suspicion, HEADERS)).toContain('每人每月¥3,000.00')
  })

  it('refuses a per-person column for households of several people, and names the column that is the household’s', () => {
    const [suspicion] = check({ ...base, monthlyAmount: 7 })
    expect(suspicion).toMatchObject({ kind: 'perPerson', column: 7, rows: 70, of: 70, standardFen: 58_000, better: 9 })
    expect(suspicionText(suspicion, HEADERS)).toBe(
      '第8列“人均保障金额”像是人均金额，不是全户的月保障金额：70户多人户中有70户的金额不超过一个人的低保标准（¥580.00）。请在上面指定哪一列是全户每月领取的“月保障金额”。第10列“月保障金额(元)”的金额约为它乘以保障人数，可能才是月保障金额。',
    )
  })

  it('does not suspect a column where only some households of several get less than one standard', () => {
    // half of the multi-person households have an income that leaves them less than one person's standard
    const rows = trapRows().map((row, i) => ({ ...row, cells: row.cells.map((c, j) => (j === 9 && i >= 30 && i % 2 ? 500 : c)) }))
    expect(check({ ...base, monthlyAmount: 9 }, STANDARDS, rows)).toEqual([])
  })

  it('refuses a count column that holds dates', () => {
    const rows = trapRows().map((row) => ({ ...row, cells: row.cells.map((c, j) => (j === 4 ? 44317 : c)) }))
    expect(check({ ...base, monthlyAmount: 9 }, STANDARDS, rows)).toMatchObject([{ kind: 'dates', field: 'memberCount', column: 4 }])
  })
})

describe('households that simply get little are not taken for a per-person column', () => {
  it('accepts low amounts of three-person households that nothing else marks as per person', () => {
    const rows: SourceRow[] = Array.from({ length: 50 }, (_, i) => ({
      sheetRow: i + 3,
      cells: [i + 1, '河东村', `户主${i}`, makeIdNumber('130925', '19600101', i + 1), 3, '农村低保', 3, null, null, 300 + (i % 90)],
    }))
    const mapping: ColumnMapping = { seq: 0, village: 1, headName: 2, idNumber: 3, memberCount: 4, category: 5, coveredCount: 6, monthlyAmount: 9 }
    expect(check(mapping, STANDARDS, rows)).toEqual([])
  })

  it('still refuses amounts of several people that sit at one person’s standard', () => {
    const rows: SourceRow[] = Array.from({ length: 50 }, (_, i) => ({
      sheetRow: i + 3,
      cells: [i + 1, '河东村', `户主${i}`, makeIdNumber('130925', '19600101', i + 1), 3, '农村低保', 3, null, null, 580],
    }))
    const mapping: ColumnMapping = { seq: 0, village: 1, headName: 2, idNumber: 3, memberCount: 4, category: 5, coveredCount: 6, monthlyAmount: 9 }
    expect(check(mapping, STANDARDS, rows)).toMatchObject([{ kind: 'perPerson', rows: 50, of: 50, better: null }])
  })
})
