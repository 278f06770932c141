// 信息核对, the pure part: finding a department's columns, the fact each source's rows state in words, and matching
// people by ID number — the full 18-digit number first, the 15-digit form only where one side is a legacy number.
import { describe, expect, it } from 'vitest'
import { matchPeople, type RosterPerson } from '../../app/models/departmentLists/match.server'
import {
  dateOf,
  departmentIdOf,
  factLine,
  factOf,
  parseDataDate,
  readDepartmentList,
  type DepartmentPerson,
} from '../../app/models/departmentLists/rules.server'
import type { TableSheet } from '../../app/models/tableFile/read.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import type { DepartmentSource } from '../../workflows/rules/vocabulary'

type Cells = Array<string | number | null>

function sheet(rows: Cells[], extra: Partial<TableSheet> = {}): TableSheet {
  return { name: 'Sheet1', hidden: false, rows: rows.map((cells, i) => ({ sheetRow: i + 1, cells, hidden: false })), ...extra }
}

/** The fact one person's rows of a list state, read as the import reads them. */
function factFrom(source: DepartmentSource, header: Cells, rows: Cells[]): string {
  const read = readDepartmentList(source, [sheet([header, ...rows])])
  if (!read.ok) throw new Error(read.problem)
  expect(read.people).toHaveLength(1)
  return factOf(source, read.people[0].rows)
}

const HEAD = makeIdNumber('371521', '19620304', 11)
const WIFE = makeIdNumber('371521', '19650708', 22)
const legacy = (id: string) => id.slice(0, 6) + id.slice(8, 17)

describe('the fact a department’s rows state', () => {
  it('counts a person’s vehicles by type, with the source and the data’s month after it', () => {
    const fact = factFrom('vehicles', ['机动车所有人', '身份证明号码', '号牌号码', '车辆类型'], [['王某', HEAD, '鲁P12345', '小型汽车']])
    expect(fact).toBe('名下有小型汽车1辆')
    expect(factLine('vehicles', fact, '2026-11')).toBe('名下有小型汽车1辆（车管，2026-11）')
    expect(
      factFrom(
        'vehicles',
        ['姓名', '身份证号', '号牌号码', '车辆类型'],
        [
          ['王某', HEAD, '鲁P1', '小型汽车'],
          ['王某', HEAD, '鲁P2', '轻型货车'],
          ['王某', HEAD, '鲁P3', '小型汽车'],
        ],
      ),
    ).toBe('名下有小型汽车2辆、轻型货车1辆')
    expect(factFrom('vehicles', ['姓名', '身份证号'], [['王某', HEAD]])).toBe('名下有机动车1辆')
  })

  it('names an individual business and a company the person represents, with its state and capital', () => {
    expect(factFrom('business', ['经营者', '身份证号', '企业名称', '经营状态'], [['王某', HEAD, '清河镇王记小卖部', '存续']])).toBe(
      '登记为个体工商户：清河镇王记小卖部（存续）',
    )
    expect(
      factFrom(
        'business',
        ['法定代表人', '身份证号', '企业名称', '企业类型', '注册资本'],
        [['王某', HEAD, '青山县丰收农资有限公司', '有限责任公司', '50万元']],
      ),
    ).toBe('登记为企业法定代表人：青山县丰收农资有限公司（注册资本50万元）')
  })

  it('counts houses and adds up their floor area', () => {
    expect(
      factFrom(
        'realEstate',
        ['权利人', '证件号码', '房屋坐落', '建筑面积'],
        [
          ['王某', HEAD, '青山县城关镇幸福路1号', '98.5'],
          ['王某', HEAD, '青山县城关镇幸福路2号', 82],
        ],
      ),
    ).toBe('名下有房产2处（合计建筑面积180.5平方米）')
  })

  it('says a public salary with its employer and a pension per month in yuan', () => {
    expect(factFrom('payroll', ['姓名', '身份证号', '单位', '月工资'], [['王某', HEAD, '青山县水利局', 4200]])).toBe(
      '财政供养（青山县水利局），月工资4,200.00元',
    )
    expect(factFrom('payroll', ['姓名', '身份证号', '单位', '养老金'], [['王某', HEAD, '青山县社保中心', '2350']])).toBe('领取养老金2,350.00元/月')
  })

  it('dates a death and a cremation, from text or an Excel date serial', () => {
    expect(factFrom('deaths', ['姓名', '公民身份号码', '死亡日期'], [['王某', HEAD, '2026-10-03']])).toBe('已于2026-10-03死亡')
    // 46298 is 2026-10-03 as Excel counts days
    expect(factFrom('deaths', ['姓名', '公民身份号码', '死亡日期', '火化日期'], [['王某', HEAD, 46298, '2026年10月6日']])).toBe(
      '已于2026-10-03死亡，2026-10-06火化',
    )
    expect(factFrom('deaths', ['姓名', '公民身份号码', '火化日期'], [['王某', HEAD, '20261006']])).toBe('已于2026-10-06火化')
  })

  it('says a housing fund account with its employer and monthly deposit', () => {
    expect(factFrom('housingFund', ['缴存人姓名', '身份证号', '缴存单位', '月缴存额'], [['王某', HEAD, '青山县第一中学', '860']])).toBe(
      '缴存住房公积金（缴存单位：青山县第一中学，月缴存额860.00元）',
    )
  })
})

describe('reading a department’s list', () => {
  it('finds the header below a title, reads ID numbers written as text, numbers or full-width, and counts rows without one', () => {
    const read = readDepartmentList('vehicles', [
      sheet([
        ['青山县机动车登记信息'],
        ['序号', '姓名', '身份证号', '号牌号码'],
        [1, '王某', `="${HEAD}"`, 'A'],
        [2, '李某', '', 'B'],
        [3, '赵某', '１２３', 'C'],
      ]),
    ])
    expect(read).toMatchObject({ ok: true, rowCount: 3, invalidIdRows: 2, sheets: [{ name: 'Sheet1', headerRow: 2, rows: 3 }] })
    expect(read.ok && read.people.map((p) => p.idNumber)).toEqual([HEAD])
  })

  it('prefers the visible sheets, and refuses a file with no ID column', () => {
    const hidden = sheet(
      [
        ['姓名', '身份证号'],
        ['旧', WIFE],
      ],
      { name: '旧表', hidden: true },
    )
    const visible = sheet(
      [
        ['姓名', '身份证号'],
        ['王某', HEAD],
      ],
      { name: '本月' },
    )
    const read = readDepartmentList('deaths', [hidden, visible])
    expect(read.ok && read.people.map((p) => p.idNumber)).toEqual([HEAD])
    expect(
      readDepartmentList('deaths', [
        sheet([
          ['姓名', '死亡日期'],
          ['王某', '2026-10-03'],
        ]),
      ]),
    ).toEqual({ ok: false, problem: 'noIdColumn' })
    expect(
      readDepartmentList('deaths', [
        sheet([
          ['姓名', '身份证号'],
          ['王某', '无'],
        ]),
      ]),
    ).toEqual({ ok: false, problem: 'noRows' })
  })

  it('reads ID numbers, dates and data dates in the forms offices write them', () => {
    expect(departmentIdOf(` ${HEAD.toLowerCase()} `)).toBe(HEAD)
    expect(departmentIdOf(legacy(HEAD))).toBe(legacy(HEAD))
    expect(departmentIdOf(3.71521196203e17)).toBeNull()
    expect(dateOf('2026/1/5')).toBe('2026-01-05')
    expect(dateOf('2026-02-30')).toBeNull()
    expect(parseDataDate('2026年11月')).toBe('2026-11')
    expect(parseDataDate('2026-11-30')).toBe('2026-11-30')
    expect(parseDataDate('2026-13')).toBeNull()
    expect(parseDataDate('十一月')).toBeNull()
  })
})

describe('matching a list’s people against the roster by ID number', () => {
  const roster: RosterPerson[] = [
    // the head is also the household's first member: one match, as the member
    { householdId: 1, villageId: 10, townshipId: 100, memberId: 501, name: '王某', idNumber: HEAD },
    { householdId: 1, villageId: 10, townshipId: 100, memberId: 502, name: '张某', idNumber: WIFE },
    { householdId: 1, villageId: 10, townshipId: 100, memberId: null, name: '王某', idNumber: HEAD },
  ]
  const person = (idNumber: string, ...rows: Array<Record<string, string>>): DepartmentPerson => ({ idNumber, name: '', rows: rows.length ? rows : [{}] })

  it('matches the full 18-digit number once per household, as the member when the head is also one', () => {
    const matches = matchPeople([person(HEAD)], roster)
    expect(matches.map((m) => m.person.memberId)).toEqual([501])
  })

  it('matches a department’s 15-digit number to the roster’s 18-digit one', () => {
    expect(matchPeople([person(legacy(WIFE))], roster).map((m) => m.person.memberId)).toEqual([502])
  })

  it('matches a roster’s 15-digit number to a department’s 18-digit one', () => {
    const old = [{ householdId: 2, villageId: 10, townshipId: 100, memberId: null, name: '赵某', idNumber: legacy(HEAD) }]
    expect(matchPeople([person(HEAD)], old).map((m) => m.person.householdId)).toEqual([2])
  })

  it('never matches two 18-digit numbers that differ only in the century', () => {
    const born2001 = makeIdNumber('371521', '20010304', 11)
    const born1901 = makeIdNumber('371521', '19010304', 11)
    const people = [{ householdId: 3, villageId: 10, townshipId: 100, memberId: null, name: '孙某', idNumber: born1901 }]
    expect(matchPeople([person(born2001)], people)).toEqual([])
  })

  it('keeps a person’s 18- and 15-digit rows together as one match', () => {
    const matches = matchPeople([person(HEAD, { vehicleType: '小型汽车' }), person(legacy(HEAD), { vehicleType: '轻型货车' })], roster)
    expect(matches).toHaveLength(1)
    expect(factOf('vehicles', matches[0].department.rows)).toBe('名下有小型汽车1辆、轻型货车1辆')
  })
})
