// 公示 vs 发放: the comparison rules (workflows/rules/ledgerCompare.ts) and the reading of a ledger's rows
// (app/models/paymentLedger/rows.server.ts), on rows made here.
import { describe, expect, it } from 'vitest'
import { accountTail, commonMonth, ledgerIdNumber, ledgerMonth, normaliseMonth, readLedgerRows } from '../../app/models/paymentLedger/rows.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { compareLedger, type LedgerCheckInput, type LedgerPayment, type RosterHousehold } from '../../workflows/rules/ledgerCompare'

const ZHANG = makeIdNumber('130925', '19620304', 11)
const LI = makeIdNumber('130925', '19700101', 22)
const WANG = makeIdNumber('130925', '19551212', 33)
const WANG_WIFE = makeIdNumber('130925', '19570101', 34)
const ZHAO = makeIdNumber('130925', '19480808', 44)
const STRANGER = makeIdNumber('130925', '19800505', 55)

/** the 15-digit form of an 18-digit number (the 19 of the year and the check digit dropped) */
const fifteen = (id: string) => id.slice(0, 6) + id.slice(8, 17)

function household(id: number, idNumber: string, over: Partial<RosterHousehold> = {}): RosterHousehold {
  return { householdId: id, villageId: 7, headName: `户主${id}`, idNumber, status: 'active', exitMonth: null, ...over }
}

let rowNo = 3
function pay(idNumber: string | null, amountFen: number, name = '某人'): LedgerPayment {
  const sheetRow = rowNo++
  return { index: sheetRow - 3, sheetRow, name, idNumber, amountFen }
}

function input(payments: LedgerPayment[], over: Partial<LedgerCheckInput> = {}): LedgerCheckInput {
  return {
    month: '2026-11',
    payments,
    households: [household(1, ZHANG), household(2, LI), household(3, WANG), household(4, ZHAO, { status: 'exited', exitMonth: '2026-10' })],
    people: [{ householdId: 3, villageId: 7, name: '王妻', idNumber: WANG_WIFE }],
    notice: new Map([
      [1, 50000],
      [2, 42000],
      [3, 61000],
    ]),
    deceased: [],
    ...over,
  }
}

const kinds = (r: ReturnType<typeof compareLedger>) => r.findings.map((f) => [f.kind, f.householdId])

describe('comparing a payment ledger with the standing notice', () => {
  it('finds nothing when everyone on the notice is paid the notice’s amount once', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000)]))
    expect(result.findings).toEqual([])
    expect(result.totals).toEqual({ noticeHouseholds: 3, noticeFen: 153000, paidRows: 3, paidFen: 153000, paidHouseholds: 3 })
  })

  it('reports a household on the notice that was not paid, and an amount that differs from the notice', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 40000)]))
    expect(kinds(result)).toEqual([
      ['amountDiffers', 2],
      ['notPaid', 3],
    ])
    expect(result.findings[0]).toMatchObject({ expectedFen: 42000, paidFen: 40000 })
    expect(result.findings[1]).toMatchObject({ name: '户主3', expectedFen: 61000, paidFen: null, paymentIndex: null })
  })

  it('reports a payment to a household of the roster that is not on the notice', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000)], { notice: new Map([[1, 50000]]) }))
    expect(kinds(result)).toEqual([
      ['notOnNotice', 2],
      ['notOnNotice', 3],
    ])
  })

  it('reports a payment to a household that has exited as paid after exit, with the month it stopped', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000), pay(ZHAO, 30000)]))
    expect(kinds(result)).toEqual([['paidAfterExit', 4]])
    expect(result.findings[0].detail).toBe('2026-10')
  })

  it('reports a second payment to one household in the month as paid twice, even to another member', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000), pay(ZHANG, 50000), pay(WANG_WIFE, 61000)]))
    expect(kinds(result)).toEqual([
      ['paidTwice', 1],
      ['paidTwice', 3],
    ])
    // the first payment's row is named, so the reader can find both
    expect(result.findings.map((f) => f.detail)).toEqual(['3', '5'])
    expect(result.totals.paidHouseholds).toBe(3)
  })

  it('matches a 15-digit number in the ledger to the 18-digit one on the roster', () => {
    rowNo = 3
    const result = compareLedger(input([pay(fifteen(ZHANG), 50000), pay(LI, 42000), pay(fifteen(WANG_WIFE), 61000)]))
    expect(result.findings).toEqual([])
    expect(result.matches.map((m) => m.householdId)).toEqual([1, 2, 3])
  })

  it('matches an 18-digit number in the ledger to a 15-digit one on the roster', () => {
    rowNo = 3
    const households = [household(1, fifteen(ZHANG)), household(2, LI), household(3, WANG)]
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000)], { households }))
    expect(result.findings).toEqual([])
  })

  it('never matches by name: a known name with an unknown number is an unknown person of the township', () => {
    rowNo = 3
    const result = compareLedger(input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG, 61000), pay(STRANGER, 30000, '户主1'), pay(null, 20000, '户主2')]))
    expect(kinds(result)).toEqual([
      ['unknownPerson', null],
      ['unknownPerson', null],
    ])
    expect(result.findings[0]).toMatchObject({ name: '户主1', villageId: null, detail: null })
    expect(result.findings[1].detail).toBe('noIdNumber')
  })

  it('reports a payment to someone on the deaths list, besides any other finding', () => {
    rowNo = 3
    const result = compareLedger(
      input([pay(ZHANG, 50000), pay(LI, 42000), pay(WANG_WIFE, 61000)], { deceased: [{ idNumber: fifteen(WANG_WIFE), fact: '2026-09-14死亡（公安）' }] }),
    )
    expect(kinds(result)).toEqual([['paidDeceased', 3]])
    expect(result.findings[0]).toMatchObject({ detail: '2026-09-14死亡（公安）', paidFen: 61000, expectedFen: 61000 })
  })

  it('does not match a 15-digit key that two households share', () => {
    rowNo = 3
    const twin = ZHANG.slice(0, 6) + '20' + ZHANG.slice(8)
    const households = [household(1, ZHANG), household(2, LI), household(3, WANG), household(5, twin)]
    const result = compareLedger(input([pay(fifteen(ZHANG), 50000), pay(LI, 42000), pay(WANG, 61000)], { households }))
    expect(kinds(result)).toEqual([
      ['unknownPerson', null],
      ['notPaid', 1],
    ])
  })
})

describe('reading a payment ledger’s rows', () => {
  const sheet = (rows: Array<Array<string | number | null>>, over: { name?: string; hidden?: boolean } = {}) => ({
    name: over.name ?? '发放明细',
    hidden: over.hidden ?? false,
    rows: rows.map((cells, i) => ({ sheetRow: i + 1, cells, hidden: false })),
  })

  it('finds the columns by the names banks and 一卡通 systems give them, and keeps only the account’s last four digits', () => {
    const result = readLedgerRows([
      sheet([
        ['清河镇2026年11月社会救助资金发放明细'],
        ['序号', '收款人姓名', '公民身份号码', '银行账号', '所属期', '应发金额', '实发金额(元)'],
        [1, '张 三', ZHANG, '6228480012345678901', '2026年11月', 600, 500],
        [2, '李四', ` ${fifteen(LI)} `, 6228480000004321, 202611, 420, '420.00'],
        ['合计', null, null, null, null, 1020, 920],
      ]),
    ])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.headers).toMatchObject({ name: '收款人姓名', idNumber: '公民身份号码', amount: '实发金额(元)', month: '所属期', account: '银行账号' })
    expect(result.rows).toEqual([
      { sheetRow: 3, name: '张三', idNumber: ZHANG, amountFen: 50000, paidMonth: '2026-11', accountTail: '8901' },
      { sheetRow: 4, name: '李四', idNumber: fifteen(LI), amountFen: 42000, paidMonth: '2026-11', accountTail: '4321' },
    ])
  })

  it('reads 户主姓名 / 证件号码 / 金额 / 月份 / 卡号 too, and lists a row without an amount as refused', () => {
    const result = readLedgerRows([
      sheet([
        ['户主姓名', '证件号码', '卡号', '金额', '月份'],
        ['王五', WANG, '1234', '610', '2026-11'],
        ['赵六', ZHAO, '5678', '', '2026-11'],
      ]),
    ])
    expect(result).toMatchObject({ ok: true, refused: [{ sheetRow: 3, problem: 'amount' }] })
    if (result.ok) expect(result.rows.map((r) => [r.name, r.amountFen, r.accountTail])).toEqual([['王五', 61000, '1234']])
  })

  it('prefers a visible sheet to a hidden one, and refuses a file without the three columns', () => {
    const header = ['姓名', '身份证号', '发放金额']
    const result = readLedgerRows([sheet([header, ['旧表', ZHANG, 1]], { name: '旧', hidden: true }), sheet([header, ['新表', LI, 2]], { name: '新' })])
    expect(result).toMatchObject({ ok: true, sheetNames: ['新'], rows: [{ name: '新表' }] })
    expect(
      readLedgerRows([
        sheet([
          ['姓名', '金额'],
          ['张三', 1],
        ]),
      ]),
    ).toEqual({ ok: false, problem: 'noHeader' })
  })

  it('understands the month and ID number however the cell holds them', () => {
    expect(['2026-11', '2026年11月', '2026/11', '2026.11', '202611', '2026-11-05', 202611, 46331].map((m) => ledgerMonth(m))).toEqual(Array(8).fill('2026-11'))
    expect(ledgerMonth('十一月')).toBeNull()
    expect(ledgerIdNumber(Number(fifteen(ZHANG)))).toBe(fifteen(ZHANG))
    expect(ledgerIdNumber("'" + ZHANG)).toBe(ZHANG)
    expect(ledgerIdNumber('12345')).toBeNull()
    expect(accountTail('62**********1234')).toBe('1234')
    expect(accountTail('12')).toBeNull()
    expect(['2026年11月', '２０２６/11', ' 2026-11 ', '2026.1'].map(normaliseMonth)).toEqual(['2026-11', '2026-11', '2026-11', '2026-01'])
    expect(normaliseMonth('')).toBe('')
    expect(commonMonth([{ paidMonth: '2026-10' }, { paidMonth: '2026-11' }, { paidMonth: '2026-11' }] as never)).toBe('2026-11')
  })
})
