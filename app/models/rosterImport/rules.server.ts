// 低保花名册导入: the rules, pure (no I/O), so unit tests need neither a file nor a database.
//
// - the header: which column is which, found by its text (序号, 村(社区), 户主姓名, 身份证号码 …), tolerant of spaces,
//   line breaks, full-width brackets and units in brackets (月保障金额\n(元));
// - rows that are not households: blank rows, 小计/合计/总计 rows, notes and signatures under the table;
// - normalising what is only written differently: full-width digits, spaces inside ID numbers, a lower-case x,
//   legacy 15-digit ID numbers, amounts such as 1,200.00 / ¥380 / 380元, counts such as 3人, names with stray spaces
//   or another middle dot (买买提·艾力), village names with a 村委会/居委会/社区居委会 suffix;
// - each row's verdict: added, updated, unchanged or rejected with problem codes (the zh-CN text is the caller's).
//
// It is a .server module only because it reuses parseYuan from households.server.ts. One row and the verdicts are
// in verdicts.server.ts.
import { parseIdNumber } from '../../../workflows/rules/idNumber'
import { KEY_CHECK_SITUATIONS, type KeyCheckSituation, type VillageKind } from '../../../workflows/rules/vocabulary'
import { parseYuan } from '../households.server'

/** A cell as the readers hand it over: text, a number, or nothing. */
export type Cell = string | number | null

/** The roster's columns, in the order offices usually keep them. */
export const ROSTER_FIELDS = [
  'seq',
  'village',
  'headName',
  'idNumber',
  'memberCount',
  'category',
  'coveredCount',
  'monthlyAmount',
  'responsibleCadre',
  'phone',
  'keyCheckSituations',
  'nearRelative',
  'notes',
] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

/** Without these a household cannot be written (the village: unless the whole file belongs to one village). */
export const REQUIRED_FIELDS = ['headName', 'idNumber', 'memberCount', 'category', 'monthlyAmount'] as const satisfies readonly RosterField[]

/** field → 0-based column index */
export type ColumnMapping = Partial<Record<RosterField, number>>

export const TEXT_LIMITS = { headName: 50, category: 50, responsibleCadre: 50, phone: 50, nearRelativeNote: 300, notes: 1000 } as const
export const MAX_PEOPLE = 30

export function isRosterField(value: string): value is RosterField {
  return (ROSTER_FIELDS as readonly string[]).includes(value)
}

// ————————————————————————————————————————— text —————————————————————————————————————————

// \s covers the ideographic space U+3000 and NBSP; zero-width characters are not whitespace to JavaScript
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g

/** Full-width letters, digits and brackets to their ASCII forms (NFKC), invisible characters removed. */
export function halfWidth(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '')
}

/** The cell as trimmed text ('' for nothing); whole numbers without an exponent. */
export function cellText(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return Number.isSafeInteger(cell) ? cell.toFixed(0) : String(cell)
  return cell.replace(INVISIBLE, '').trim()
}

function isBlank(cell: Cell): boolean {
  return cellText(cell) === ''
}

// ————————————————————————————————————————— the header —————————————————————————————————————————

/**
 * Two forms of a header's text, both without spaces or line breaks and with ASCII brackets:
 * `bare` without what is in brackets (月保障金额(元) → 月保障金额), `flat` with it (村(社区) → 村社区).
 */
export function normaliseHeader(text: string): { bare: string; flat: string } {
  const compact = halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/[*:#※]/g, '')
    .replace(/[【〔［]/g, '(')
    .replace(/[】〕］]/g, ')')
  return { bare: compact.replace(/\([^)]*\)?/g, ''), flat: compact.replace(/[()]/g, '') }
}

interface HeaderRule {
  field: RosterField
  exact: string[]
  /** a looser test on the bare form, when no exact name matched */
  loose?: (bare: string) => boolean
}

// Order matters for the loose tests: 包户干部姓名 is the cadre, not the head of household; 户主身份证号 is the ID.
const HEADER_RULES: HeaderRule[] = [
  { field: 'seq', exact: ['序号', '编号', '序', 'NO', 'No', 'no', 'No.'] },
  {
    field: 'nearRelative',
    exact: ['近亲属备案', '近亲属', '是否近亲属', '近亲属备案情况', '是否近亲属备案', '近亲属情况'],
    loose: (b) => b.includes('近亲属'),
  },
  { field: 'keyCheckSituations', exact: ['重点核查情形', '重点核查', '重点核查对象', '核查情形', '重点核查类型'], loose: (b) => b.includes('核查') },
  {
    field: 'responsibleCadre',
    exact: ['包户干部', '包保干部', '帮扶干部', '联系干部', '包户人', '包户责任人', '责任人'],
    loose: (b) => /干部|包户|包保|帮扶/.test(b),
  },
  { field: 'phone', exact: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码'], loose: (b) => /电话|手机/.test(b) },
  {
    field: 'idNumber',
    exact: ['身份证号码', '身份证号', '身份证', '户主身份证号', '户主身份证号码', '公民身份号码', '证件号码', '身份证件号码'],
    loose: (b) => /身份证|身份号码|证件号/.test(b),
  },
  {
    field: 'monthlyAmount',
    exact: ['月保障金额', '月保障金', '保障金额', '月低保金', '月低保金额', '低保金', '月发放金额', '发放金额', '月补助金额', '补助金额', '月保障金额元'],
    loose: (b) => /金额|保障金|低保金/.test(b),
  },
  { field: 'coveredCount', exact: ['保障人数', '享受人数', '保障人口', '享受低保人数', '低保人数', '享受保障人数'], loose: (b) => /保障人|享受.*人数/.test(b) },
  {
    field: 'memberCount',
    exact: ['家庭人口', '家庭人口数', '家庭人数', '人口数', '户籍人口', '家庭成员数', '总人口', '家庭总人口'],
    loose: (b) => /家庭人|人口/.test(b),
  },
  { field: 'category', exact: ['保障类别', '类别', '低保类别', '保障类型', '类型', '保障分类', '分类'], loose: (b) => /类别|类型/.test(b) },
  { field: 'headName', exact: ['户主姓名', '户主', '姓名', '户主名', '户主名称', '保障对象姓名', '申请人姓名', '申请人'], loose: (b) => b.endsWith('姓名') },
  {
    field: 'village',
    exact: [
      '村',
      '村居',
      '村社区',
      '社区',
      '村委会',
      '居委会',
      '村居委会',
      '村名',
      '村名称',
      '村社区名称',
      '所在村',
      '所属村',
      '所在村居',
      '所属村居',
      '所在社区',
      '行政村',
      '村别',
      '村组',
    ],
    loose: (b) => /^(所在|所属)?(行政)?(村|社区|村居)(委会|居委会|名称|名)?$/.test(b),
  },
  { field: 'notes', exact: ['备注', '说明', '备注说明'] },
]

/** Which roster field a header names, or null. */
export function fieldForHeader(text: string): RosterField | null {
  const { bare, flat } = normaliseHeader(text)
  if (!bare && !flat) return null
  for (const rule of HEADER_RULES) if (rule.exact.includes(bare) || rule.exact.includes(flat)) return rule.field
  for (const rule of HEADER_RULES) if (rule.loose?.(bare)) return rule.field
  return null
}

export interface HeaderMatch {
  /** 0-based index into the rows given */
  index: number
  headers: string[]
  mapping: ColumnMapping
}

/** The first field a column is recognised as wins; a second column for the same field stays unmapped. */
export function mapHeaders(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {}
  headers.forEach((header, column) => {
    const field = fieldForHeader(header)
    if (field && mapping[field] === undefined) mapping[field] = column
  })
  return mapping
}

/**
 * The header row among a sheet's first rows: the first one that names the head of household and the ID number and
 * at least one more roster column. Rows above it (a merged title, 填报单位…) are passed over.
 */
export function detectHeader(rows: Cell[][]): HeaderMatch | null {
  for (const [index, row] of rows.entries()) {
    const headers = row.map(cellText)
    while (headers.length && headers[headers.length - 1] === '') headers.pop()
    const mapping = mapHeaders(headers)
    if (mapping.headName !== undefined && mapping.idNumber !== undefined && Object.keys(mapping).length >= 3) return { index, headers, mapping }
  }
  return null
}

export type MappingProblem = { kind: 'missing'; field: RosterField } | { kind: 'duplicate'; field: RosterField } | { kind: 'column'; column: number }

/** A mapping the user corrected: each field on one column at most, every required field present. */
export function checkMapping(mapping: ColumnMapping, options: { columnCount: number; villageRequired: boolean }): MappingProblem[] {
  const problems: MappingProblem[] = []
  const required: RosterField[] = [...REQUIRED_FIELDS]
  if (options.villageRequired) required.splice(0, 0, 'village')
  for (const field of required) if (mapping[field] === undefined) problems.push({ kind: 'missing', field })
  const seen = new Map<number, RosterField>()
  for (const field of ROSTER_FIELDS) {
    const column = mapping[field]
    if (column === undefined) continue
    if (!Number.isInteger(column) || column < 0 || column >= options.columnCount) problems.push({ kind: 'column', column })
    else if (seen.has(column)) problems.push({ kind: 'duplicate', field })
    else seen.set(column, field)
  }
  return problems
}

// ————————————————————————————————————————— rows that are not households —————————————————————————————————————————

export type RowKind = 'data' | 'blank' | 'subtotal' | 'total'

const SUM_ROW = /^(本页|本村|本社区|全镇|全乡|全村|总)?(小计|合计|总计)/

/**
 * A 小计/合计/总计 row (in the 序号, 村 or 姓名 column, or the row's first cell), a blank row, or a line that is no
 * household at all (no name, no ID number, no amount: a note or a signature under the table) — or a household row.
 */
export function classifyRow(cells: Cell[], mapping: ColumnMapping): RowKind {
  const at = (field: RosterField) => {
    const column = mapping[field]
    return column === undefined ? null : (cells[column] ?? null)
  }
  const first = cells.find((c) => !isBlank(c)) ?? null
  for (const cell of [at('seq'), at('village'), at('headName'), first]) {
    const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
    const match = SUM_ROW.exec(text)
    if (match) return match[2] === '小计' ? 'subtotal' : 'total'
  }
  if (isBlank(at('headName')) && isBlank(at('idNumber')) && isBlank(at('monthlyAmount'))) return 'blank'
  return 'data'
}

// ————————————————————————————————————————— normalising values —————————————————————————————————————————

// the middle dot of minority and foreign names (GB 18030 U+00B7) and what keyboards and fonts put in its place
const DOTS = /\s*[\u00b7\u0387\u2022\u2024\u2027\u2219\u22c5\u30fb\uff65\u318d\u16eb\u2e31\u02d1\uff0e.]+\s*/g
const SPACE_BETWEEN_HAN = /([\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])/g

/** ' 魏玉兰 ' → '魏玉兰', '买买提 • 艾力' → '买买提·艾力', '王  秀英' → '王秀英'. */
export function normaliseName(text: string): string {
  return halfWidth(text)
    .replace(DOTS, '·')
    .replace(SPACE_BETWEEN_HAN, '$1')
    .replace(/\s+/g, ' ')
    .replace(/^[·\s]+|[·\s]+$/g, '')
}

export type IdCellResult =
  | { ok: true; value: string; convertedFrom15: boolean }
  | { ok: false; problem: 'idMissing' | 'idLength' | 'idCharacters' | 'idRegion' | 'idBirthDate' | 'idCheckDigit' | 'idAsNumber'; length?: number }

/** An ID number as written in a cell; an 18-digit number stored as an Excel number has lost its last digits. */
export function parseIdCell(cell: Cell): IdCellResult {
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell <= 0) return { ok: false, problem: 'idAsNumber' }
    cell = cell.toFixed(0)
  }
  let text = halfWidth(cellText(cell))
  // ="130925…" and '130925… are how spreadsheets are told "this is text"
  text = text.replace(/^="?(.*?)"?$/, '$1').replace(/^'/, '')
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text.replace(/\s/g, ''))) return { ok: false, problem: 'idAsNumber' }
  const result = parseIdNumber(text)
  if (result.ok) return result
  const length = text.replace(/[\s-]/g, '').length
  const problem = (
    {
      empty: 'idMissing',
      length: 'idLength',
      characters: 'idCharacters',
      region: 'idRegion',
      birthDate: 'idBirthDate',
      birthFuture: 'idBirthDate',
      checkDigit: 'idCheckDigit',
    } as const
  )[result.problem]
  return { ok: false, problem, length }
}

export type AmountProblem = 'amountMissing' | 'amountInvalid' | 'amountNotPositive' | 'amountDecimals' | 'amountTooLarge'
export type AmountResult = { ok: true; fen: number } | { ok: false; problem: AmountProblem }

/** 662 → 66200; '1,200.00', '¥380', '380元', '380.00元/月' → fen. Missing, zero and negative amounts are refused. */
export function parseAmountCell(cell: Cell): AmountResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, problem: 'amountInvalid' }
    if (cell <= 0) return { ok: false, problem: 'amountNotPositive' }
    const fen = Math.round(cell * 100)
    if (Math.abs(cell * 100 - fen) > 1e-6) return { ok: false, problem: 'amountDecimals' }
    return fromYuanText(String(fen / 100))
  }
  let text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  if (text === '') return { ok: false, problem: 'amountMissing' }
  text = text.replace(/^(¥|RMB|人民币)/i, '').replace(/(元|圆)?(\/月|每月|\/人月)?$/, '')
  if (/^[-−]\s*\d/.test(text)) return { ok: false, problem: 'amountNotPositive' }
  // thousands separators only where they separate thousands: 1,200.00 yes, 12,00 no
  if (text.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) return { ok: false, problem: 'amountInvalid' }
    text = text.replace(/,/g, '')
  }
  return fromYuanText(text)
}

function fromYuanText(text: string): AmountResult {
  const parsed = parseYuan(text)
  if (!parsed.ok) {
    const problem = ({ format: 'amountInvalid', negative: 'amountNotPositive', decimals: 'amountDecimals', tooLarge: 'amountTooLarge' } as const)[
      parsed.problem
    ]
    return { ok: false, problem }
  }
  return parsed.fen > 0 ? { ok: true, fen: parsed.fen } : { ok: false, problem: 'amountNotPositive' }
}

/** 3, '3', '3人', '３ 人' → 3; blank → null; anything else, or outside 1–30 → 'invalid'. */
export function parseCountCell(cell: Cell): number | null | 'invalid' {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 1 && cell <= MAX_PEOPLE ? cell : 'invalid'
  const text = halfWidth(cellText(cell))
    .replace(/\s+/g, '')
    .replace(/(人|口|名)$/, '')
  if (text === '') return null
  if (!/^\d{1,3}$/.test(text)) return 'invalid'
  const n = Number(text)
  return n >= 1 && n <= MAX_PEOPLE ? n : 'invalid'
}

const NONE = /^(无|否|没有|不是|非|N|No|—+|-+|\/|×|✗)$/i
const YES = /^(是|有|已备案|√|✓|✔|Y|Yes)$/i

/** 重点核查情形 as the office writes it: '收入不固定、有劳动能力' → ['nonFixedIncome', 'ableBodied']; blank → undefined. */
export function parseKeyCheckCell(cell: Cell): { ok: true; value: KeyCheckSituation[] | undefined } | { ok: false; unknown: string } {
  const text = halfWidth(cellText(cell))
  if (text === '') return { ok: true, value: undefined }
  const found = new Set<KeyCheckSituation>()
  for (const part of text.split(/[、,;/\s]+/).filter(Boolean)) {
    if (NONE.test(part)) continue
    if (/收入/.test(part) && /不固定|不稳定|来源/.test(part)) found.add('nonFixedIncome')
    else if (/劳动/.test(part)) found.add('ableBodied')
    else if (/异议|举报|反映/.test(part)) found.add('publicObjection')
    else return { ok: false, unknown: part }
  }
  return { ok: true, value: KEY_CHECK_SITUATIONS.filter((k) => found.has(k)) }
}

/** 近亲属备案: '否' → not filed; '是' → filed; any other text ('村委会成员近亲属') → filed, the text kept as its note. */
export function parseNearRelativeCell(cell: Cell): { filing: boolean; note: string | null } | undefined {
  const text = halfWidth(cellText(cell)).replace(/\s+/g, ' ')
  if (text === '') return undefined
  if (NONE.test(text)) return { filing: false, note: null }
  if (YES.test(text)) return { filing: true, note: null }
  return { filing: true, note: text }
}

// ————————————————————————————————————————— villages —————————————————————————————————————————

export interface VillageRef {
  id: number
  name: string
}

const VILLAGE_SUFFIXES: Array<[suffix: string, kind: VillageKind]> = [
  ['社区居民委员会', 'community'],
  ['社区居委会', 'community'],
  ['村民委员会', 'village'],
  ['居民委员会', 'community'],
  ['村委会', 'village'],
  ['居委会', 'community'],
]

function villageKey(text: string): string {
  return halfWidth(text).replace(/\s+/g, '')
}

/**
 * Finds a township's village by the name a file gives it: exactly, or without a 村委会 / 居委会 / 社区居委会 suffix
 * (张庄村委会 → 张庄村, 北关社区居委会 → 北关社区), or a bare name that only one village or community has (张庄 → 张庄村).
 */
export function villageMatcher(villages: readonly VillageRef[]): (text: string) => VillageRef | null {
  const byName = new Map(villages.map((v) => [villageKey(v.name), v]))
  return (text) => {
    const name = villageKey(text)
    if (!name) return null
    const exact = byName.get(name)
    if (exact) return exact
    for (const [suffix, kind] of VILLAGE_SUFFIXES) {
      if (!name.endsWith(suffix) || name.length === suffix.length) continue
      const base = name.slice(0, -suffix.length)
      for (const candidate of kind === 'village' ? [`${base}村`, base] : [`${base}社区`, base]) {
        const found = byName.get(candidate)
        if (found) return found
      }
      return null
    }
    const bare = [byName.get(`${name}村`), byName.get(`${name}社区`)].filter((v): v is VillageRef => v !== undefined)
    return bare.length === 1 ? bare[0] : null
  }
}
