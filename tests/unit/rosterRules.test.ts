import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText, parseCsv } from '../../app/models/rosterImport/read.server'
import { changesFor, columnsForNew, judgeRows, normaliseRow, type ExistingHousehold } from '../../app/models/rosterImport/verdicts.server'
import { checkMapping, detectHeader, fieldForHeader } from '../../app/models/rosterImport/header.server'
import {
  classifyRow,
  normaliseName,
  parseAmountCell,
  parseCountCell,
  parseIdCell,
  parseKeyCheckCell,
  parseNearRelativeCell,
  villageMatcher,
  type ColumnMapping,
  type VillageRef,
} from '../../app/models/rosterImport/rules.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { ROSTER_HEADERS } from '../support/rosterHeaders'

const VILLAGES: VillageRef[] = [
  { id: 1, name: '东风村' },
  { id: 2, name: '红星村' },
  { id: 3, name: '张庄村' },
  { id: 4, name: '大孙庄村' },
  { id: 5, name: '北关社区' },
  { id: 6, name: '南关社区' },
  { id: 7, name: '河东村' },
]
const HEADERS = ROSTER_HEADERS
const VALID_ID = makeIdNumber('130925', '19761116', 79)

describe('the header is found by what its columns say', () => {
  it('recognises every column of the sample roster, including the amount header with a line break in it', () => {
    const match = detectHeader([['清河镇城乡最低生活保障对象花名册'], ['填报单位：清河镇民政所'], HEADERS])
    expect(match?.index).toBe(2)
    expect(match?.mapping).toEqual({
      seq: 0,
      village: 1,
      headName: 2,
      idNumber: 3,
      memberCount: 4,
      category: 5,
      coveredCount: 6,
      monthlyAmount: 7,
      responsibleCadre: 8,
      phone: 9,
      keyCheckSituations: 10,
      nearRelative: 11,
      notes: 12,
    })
  })

  it('accepts the names offices use for the same column, with spaces, full-width brackets and units', () => {
    expect(fieldForHeader('村（居）')).toBe('village')
    expect(fieldForHeader('村委会')).toBe('village')
    expect(fieldForHeader(' 户 主 姓 名 ')).toBe('headName')
    expect(fieldForHeader('户主身份证号')).toBe('idNumber')
    expect(fieldForHeader('公民身份号码')).toBe('idNumber')
    expect(fieldForHeader('月保障金额（元）')).toBe('monthlyAmount')
    expect(fieldForHeader('月低保金\r\n（元/月）')).toBe('monthlyAmount')
    expect(fieldForHeader('家庭人口（人）')).toBe('memberCount')
    expect(fieldForHeader('保障人数')).toBe('coveredCount')
    expect(fieldForHeader('包户干部姓名')).toBe('responsibleCadre')
    expect(fieldForHeader('是否近亲属备案')).toBe('nearRelative')
    expect(fieldForHeader('身高')).toBeNull()
  })

  it('passes over a title row and a sheet of instructions that have no header', () => {
    expect(detectHeader([['1. 身份证号码请填写18位；2. 月保障金额单位为元。']])).toBeNull()
    expect(detectHeader([['户主姓名'], ['身份证号码']])).toBeNull()
  })

  it('asks for every required column and refuses one field on two columns', () => {
    expect(checkMapping({ headName: 0, idNumber: 1 }, { columnCount: 3, villageRequired: true }).map((p) => p.kind === 'missing' && p.field)).toEqual([
      'village',
      'memberCount',
      'category',
      'monthlyAmount',
    ])
    const twice: ColumnMapping = { village: 0, headName: 1, idNumber: 2, memberCount: 3, category: 3, monthlyAmount: 4 }
    expect(checkMapping(twice, { columnCount: 5, villageRequired: true })).toEqual([{ kind: 'duplicate', field: 'category' }])
  })
})

describe('rows that are no household are skipped', () => {
  const mapping = detectHeader([HEADERS])!.mapping
  it('skips 小计 and 合计 rows, blank rows and a signature line under the table', () => {
    expect(classifyRow(['小计', '', '', '', null], mapping)).toBe('subtotal')
    expect(classifyRow(['合 计', '', '', '', { formula: 'SUM(E4:E87)' } as never], mapping)).toBe('total')
    expect(classifyRow(['', '本村小计'], mapping)).toBe('subtotal')
    expect(classifyRow([null, null, null], mapping)).toBe('blank')
    expect(classifyRow(['填表人：张三　审核人：李四'], mapping)).toBe('blank')
    expect(classifyRow([1, '河东村', '杜红霞', VALID_ID], mapping)).toBe('data')
  })
})

describe('what is only written differently is normalised', () => {
  it('reads ID numbers with full-width digits, spaces inside, a lower-case x or the legacy 15 digits', () => {
    expect(parseIdCell('１３０９２５１９４９０２１８００８４')).toEqual({ ok: true, value: '130925194902180084', convertedFrom15: false })
    expect(parseIdCell('130925 19940720 6286')).toMatchObject({ ok: true, value: '130925199407206286' })
    expect(parseIdCell('13092519850902717x')).toMatchObject({ ok: true, value: '13092519850902717X' })
    expect(parseIdCell("'130925199407206286")).toMatchObject({ ok: true, value: '130925199407206286' })
    expect(parseIdCell('130925760215123')).toEqual({ ok: true, value: makeIdNumber('130925', '19760215', 123), convertedFrom15: true })
    expect(parseIdCell(130925760215123)).toMatchObject({ ok: true, convertedFrom15: true })
  })

  it('says what is wrong with an ID number: its length, its check digit, or digits lost to a number cell', () => {
    expect(parseIdCell('1309251959071625')).toEqual({ ok: false, problem: 'idLength', length: 16 })
    expect(parseIdCell('130925193911210210')).toMatchObject({ ok: false, problem: 'idCheckDigit' })
    expect(parseIdCell('13092519391321021X')).toMatchObject({ ok: false, problem: 'idBirthDate' })
    expect(parseIdCell('')).toMatchObject({ ok: false, problem: 'idMissing' })
    // an ID that a spreadsheet stored as a number has already lost its last digits: that loss is what is refused
    // eslint-disable-next-line no-loss-of-precision
    expect(parseIdCell(130925197611160790)).toEqual({ ok: false, problem: 'idAsNumber' })
    expect(parseIdCell('1.30925E+17')).toEqual({ ok: false, problem: 'idAsNumber' })
  })

  it('reads amounts as offices write them, in fen', () => {
    expect(parseAmountCell(662)).toEqual({ ok: true, fen: 66200 })
    expect(parseAmountCell(651.5)).toEqual({ ok: true, fen: 65150 })
    expect(parseAmountCell('1,200.00')).toEqual({ ok: true, fen: 120000 })
    expect(parseAmountCell('¥380')).toEqual({ ok: true, fen: 38000 })
    expect(parseAmountCell('￥1320')).toEqual({ ok: true, fen: 132000 })
    expect(parseAmountCell('380元')).toEqual({ ok: true, fen: 38000 })
    expect(parseAmountCell('３８０.５０ 元/月')).toEqual({ ok: true, fen: 38050 })
  })

  it('refuses a missing, zero, negative or unreadable amount', () => {
    expect(parseAmountCell(null)).toEqual({ ok: false, problem: 'amountMissing' })
    expect(parseAmountCell('  ')).toEqual({ ok: false, problem: 'amountMissing' })
    expect(parseAmountCell(0)).toEqual({ ok: false, problem: 'amountNotPositive' })
    expect(parseAmountCell(-657)).toEqual({ ok: false, problem: 'amountNotPositive' })
    expect(parseAmountCell('-657')).toEqual({ ok: false, problem: 'amountNotPositive' })
    expect(parseAmountCell('待定')).toEqual({ ok: false, problem: 'amountInvalid' })
    expect(parseAmountCell('12,00')).toEqual({ ok: false, problem: 'amountInvalid' })
    expect(parseAmountCell(380.123)).toEqual({ ok: false, problem: 'amountDecimals' })
  })

  it('reads counts such as 3人', () => {
    expect(parseCountCell(3)).toBe(3)
    expect(parseCountCell('3人')).toBe(3)
    expect(parseCountCell('４ 人')).toBe(4)
    expect(parseCountCell('')).toBeNull()
    expect(parseCountCell('三人')).toBe('invalid')
    expect(parseCountCell(0)).toBe('invalid')
    expect(parseCountCell(2.5)).toBe('invalid')
  })

  it('tidies names with stray spaces and writes every kind of middle dot as ·', () => {
    expect(normaliseName(' 魏玉兰 ')).toBe('魏玉兰')
    expect(normaliseName('王  秀英')).toBe('王秀英')
    expect(normaliseName('买买提·艾力')).toBe('买买提·艾力')
    for (const dot of ['•', '・', '･', '‧', '∙', '⋅', '.', '．', ' · ']) expect(normaliseName(`买买提${dot}艾力`)).toBe('买买提·艾力')
  })

  it('finds a village by its name with or without a 村委会, 居委会 or 社区居委会 suffix', () => {
    const find = villageMatcher(VILLAGES)
    expect(find('张庄村委会')?.name).toBe('张庄村')
    expect(find('大孙庄村委会')?.name).toBe('大孙庄村')
    expect(find('河东村村委会')?.name).toBe('河东村')
    expect(find('北关社区居委会')?.name).toBe('北关社区')
    expect(find('南关居委会')?.name).toBe('南关社区')
    expect(find(' 东风村 ')?.name).toBe('东风村')
    expect(find('红星')?.name).toBe('红星村')
    expect(find('杏花村')).toBeNull()
    expect(find('张庄社区居委会')).toBeNull()
  })

  it('reads the key-check situations and the near-relative filing in the office’s words', () => {
    expect(parseKeyCheckCell('收入不固定、有劳动能力')).toEqual({ ok: true, value: ['nonFixedIncome', 'ableBodied'] })
    expect(parseKeyCheckCell('群众有异议')).toEqual({ ok: true, value: ['publicObjection'] })
    expect(parseKeyCheckCell('无')).toEqual({ ok: true, value: [] })
    expect(parseKeyCheckCell('')).toEqual({ ok: true, value: undefined })
    expect(parseKeyCheckCell('家有轿车')).toEqual({ ok: false, unknown: '家有轿车' })
    expect(parseNearRelativeCell('村委会成员近亲属')).toEqual({ filing: true, note: '村委会成员近亲属' })
    expect(parseNearRelativeCell('是')).toEqual({ filing: true, note: null })
    expect(parseNearRelativeCell('否')).toEqual({ filing: false, note: null })
    expect(parseNearRelativeCell(null)).toBeUndefined()
  })
})

describe('each row gets a verdict', () => {
  const mapping = detectHeader([HEADERS])!.mapping
  const ctx = { mapping, findVillage: villageMatcher(VILLAGES), defaultVillage: null, onlyVillageId: null }
  const row = (sheetRow: number, cells: Array<string | number | null>) => normaliseRow({ sheetRow, cells }, ctx)
  const good = (sheetRow: number, id: string, village = '河东村', amount: string | number = 662) =>
    row(sheetRow, [1, village, '杜红霞', id, 3, '农村低保', 2, amount, '陈桂香', '13127481447', '', '', ''])

  it('accepts a good row with the household’s values', () => {
    const r = good(4, VALID_ID)
    expect(r.problems).toEqual([])
    expect(columnsForNew(r.values!)).toEqual({
      head_name: '杜红霞',
      member_count: 3,
      covered_count: 2,
      category: '农村低保',
      monthly_amount_fen: 66200,
      responsible_cadre: '陈桂香',
      phone: '13127481447',
      key_check_situations: '[]',
      near_relative_filing: 0,
      near_relative_note: null,
      notes: null,
    })
  })

  it('lists every problem of a row, so one round of fixing is enough', () => {
    const r = row(9, [1, '杏花村', '', '1309251959071625', '三人', '', 5, '待定', '', '', '', '', ''])
    expect(r.problems.map((p) => p.code)).toEqual(['nameMissing', 'idLength', 'villageUnknown', 'membersInvalid', 'categoryMissing', 'amountInvalid'])
  })

  it('refuses a village cadre’s row of another village', () => {
    const cadre = normaliseRow({ sheetRow: 5, cells: [1, '红星村', '谭玉兰', VALID_ID, 4, '农村低保', 4, 1294] }, { ...ctx, onlyVillageId: 1 })
    expect(cadre.problems).toEqual([{ code: 'villageNotYours', params: { village: '红星村' } }])
  })

  it('rejects the later of two rows with the same ID number and keeps the first', () => {
    const other = makeIdNumber('130925', '19490218', 8)
    const outcomes = judgeRows([good(13, other), good(14, VALID_ID), good(79, other, '东风村')], { townshipId: 1, existing: new Map() })
    expect(outcomes.map((o) => o.kind)).toEqual(['add', 'add', 'rejected'])
    expect(outcomes[2]).toEqual({ kind: 'rejected', sheetRow: 79, problems: [{ code: 'duplicateInFile', params: { row: 13 } }] })
  })

  const existing = (over: Partial<ExistingHousehold> = {}): ExistingHousehold => ({
    id: 77,
    villageId: 7,
    villageName: '河东村',
    townshipId: 1,
    headName: '杜红霞',
    memberCount: 3,
    coveredCount: 2,
    category: '农村低保',
    monthlyAmountFen: 66200,
    responsibleCadre: '陈桂香',
    phone: '13127481447',
    keyCheckSituations: '[]',
    nearRelativeFiling: 0,
    nearRelativeNote: null,
    notes: null,
    ...over,
  })

  it('leaves a household already in its village unchanged when the row says the same, and updates only what differs', () => {
    const same = judgeRows([good(4, VALID_ID)], { townshipId: 1, existing: new Map([[VALID_ID, existing({ notes: '干部的备注' })]]) })
    expect(same[0]).toMatchObject({ kind: 'unchanged', householdId: 77 })
    const changed = judgeRows([good(4, VALID_ID, '河东村', '700')], { townshipId: 1, existing: new Map([[VALID_ID, existing()]]) })
    expect(changed[0]).toMatchObject({ kind: 'update', householdId: 77, changes: [{ column: 'monthly_amount_fen', before: 66200, after: 70000 }] })
  })

  it('rejects an ID number another village or another township already holds', () => {
    const elsewhere = judgeRows([good(4, VALID_ID)], { townshipId: 1, existing: new Map([[VALID_ID, existing({ villageId: 2, villageName: '红星村' })]]) })
    expect(elsewhere[0]).toEqual({ kind: 'rejected', sheetRow: 4, problems: [{ code: 'duplicateOtherVillage', params: { village: '红星村' } }] })
    const otherTownship = judgeRows([good(4, VALID_ID)], { townshipId: 1, existing: new Map([[VALID_ID, existing({ townshipId: 9 })]]) })
    expect(otherTownship[0]).toMatchObject({ kind: 'rejected', problems: [{ code: 'duplicateOtherTownship' }] })
  })

  it('keeps what a household holds when the file’s cell is blank', () => {
    const values = good(4, VALID_ID).values!
    expect(changesFor(existing({ phone: '0311-1234567', notes: '已入户' }), { ...values, phone: undefined })).toEqual([])
  })
})

describe('CSV files are read in the encoding they were saved in', () => {
  const text = '序号,村(社区),户主姓名,身份证号码\r\n1,河东村,"买买提·艾力",130925\r\n'
  it('reads UTF-8 with and without a BOM, GB18030 and UTF-16', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' })
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).toEqual({ text, encoding: 'utf-16le' })
  })

  it('keeps a quoted line break, a quoted comma and doubled quotes inside one field', () => {
    expect(parseCsv('序号,"月保障金额\n(元)","备注, 其他"\r\n1,"380","他说""好"""\n')).toEqual([
      ['序号', '月保障金额\n(元)', '备注, 其他'],
      ['1', '380', '他说"好"'],
    ])
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })
})
