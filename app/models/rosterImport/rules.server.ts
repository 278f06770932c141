// 低保花名册导入: the rules, pure (no I/O), so unit tests need neither a file nor a database.
//
// - rows that are not households: blank rows, 小计/合计/总计 rows, notes and signatures under the table;
// - normalising what is only written differently: full-width digits, spaces inside ID numbers, a lower-case x,
//   legacy 15-digit ID numbers, amounts such as 1,200.00 / ¥380 / 380元, counts such as 3人, names with stray spaces
//   or another middle dot (买买提·艾力), village names with a 村委会/居委会/社区居委会 suffix;
// - each row's verdict: added, updated, unchanged or rejected with problem codes (the zh-CN text is the caller's).
//
// It is a .server module only because it reuses parseYuan from households.server.ts. The header (which column is
// which) is in header.server.ts; one row and the verdicts are in verdicts.server.ts.
import { centuryFromBirth, idMatchKey, parseIdNumber } from '../../../workflows/rules/idNumber'
import { KEY_CHECK_SITUATIONS, type KeyCheckSituation, type VillageKind } from '../../../workflows/rules/vocabulary'
import { parseYuan } from '../households.server'

/** A cell as the readers hand it over: text, a number, or nothing. */
export type Cell = string | number | null

/** A household's columns on a one-row-a-household roster, in the order offices usually keep them (the template's). */
export const HOUSEHOLD_FIELDS = [
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

/** The roster's columns: a household's, then those of a roster of one row a member, then the birth-year helpers. */
export const ROSTER_FIELDS = [
  ...HOUSEHOLD_FIELDS,
  // a roster of one row per member (家庭成员): the member's relation to the head, whether covered, the household's key
  'memberName',
  'relation',
  'memberCovered',
  'householdNo',
  'headIdNumber',
  // the century of a legacy 15-digit ID number, which writes only two digits of the year
  'birthDate',
  'age',
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
  | {
      ok: false
      problem: 'idMissing' | 'idLength' | 'idCharacters' | 'idRegion' | 'idBirthDate' | 'idCheckDigit' | 'idAsNumber' | 'idCentury'
      length?: number
      /** idCentury: the 15-digit number itself, which still finds the household another roster holds (idMatchKey) */
      key?: string
    }

/**
 * An ID number as written in a cell; an 18-digit number stored as an Excel number has lost its last digits.
 * `century`: where a legacy 15-digit number's year is 00–04, the century the row's 出生日期 or 年龄 gives (centuryHint).
 */
export function parseIdCell(cell: Cell, options: { century?: 19 | 20 | null } = {}): IdCellResult {
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell <= 0) return { ok: false, problem: 'idAsNumber' }
    cell = cell.toFixed(0)
  }
  let text = halfWidth(cellText(cell))
  // ="130925…" and '130925… are how spreadsheets are told "this is text"
  text = text.replace(/^="?(.*?)"?$/, '$1').replace(/^'/, '')
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text.replace(/\s/g, ''))) return { ok: false, problem: 'idAsNumber' }
  const result = parseIdNumber(text, { century: options.century })
  if (result.ok) return result
  const length = text.replace(/[\s-]/g, '').length
  if (result.problem === 'century') return { ok: false, problem: 'idCentury', key: idMatchKey(text) ?? undefined }
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

/** Excel's day 0 (serial 1 is 1900-01-01; its phantom 1900-02-29 is why the epoch is 1899-12-30). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/**
 * The year of a 出生日期 cell: a date as Excel keeps it (a serial day number, 1900–2100), or text such as 2001-03-05,
 * 2001/3/5, 2001.03, 2001年3月5日, 20010305, 200103; null for anything else.
 */
export function birthYearOf(cell: Cell): number | null {
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 1 && cell <= 73050) return new Date(EXCEL_EPOCH_MS + cell * 86_400_000).getUTCFullYear()
    return null
  }
  const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  const match = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?|(\d{2})(\d{2})?)?$/.exec(text)
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2] ?? match[4] ?? 1)
  return year >= 1880 && year <= 2100 && month >= 1 && month <= 12 ? year : null
}

/** An age cell: 25, '25', '25岁', '25周岁'; null for anything else. */
export function ageOf(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 && cell <= 130 ? cell : null
  const text = halfWidth(cellText(cell))
    .replace(/\s+/g, '')
    .replace(/(周岁|岁)$/, '')
  return /^\d{1,3}$/.test(text) && Number(text) <= 130 ? Number(text) : null
}

/**
 * The century of a legacy 15-digit number whose year is 00–04, from the row's 出生日期 or 年龄 (the birth date first):
 * 19 or 20, or null when the row does not say (or says something the number contradicts). `todayYear`: the year
 * ages are counted to.
 */
export function centuryHint(idCell: Cell, hint: { birthDate: Cell; age: Cell }, todayYear: number): 19 | 20 | null {
  const text = halfWidth(cellText(idCell)).replace(/[\s-]/g, '').replace(/^'/, '')
  if (!/^\d{15}$/.test(text)) return null
  return centuryFromBirth(Number(text.slice(6, 8)), { birthYear: birthYearOf(hint.birthDate), age: ageOf(hint.age) }, todayYear)
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

/**
 * The village a sheet is named after (一村一表): 河东村, 河东村委会, 1.河东村, 河东村花名册, 河东村低保户 → 河东村; null when
 * the name is no village's (Sheet1, 花名册).
 */
export function sheetVillageOf(sheetName: string | null, villages: readonly VillageRef[]): VillageRef | null {
  if (!sheetName) return null
  const name = halfWidth(sheetName)
    .replace(/\s+/g, '')
    .replace(/^[\d一二三四五六七八九十]+[.、,，)）_-]*/, '')
    .replace(/(低保)?(户|对象)?(花名册|名单|名册|明细|清单)?(\(\d+\))?$/, '')
    .replace(/低保(户|对象)?$/, '')
  return name ? villageMatcher(villages)(name) : null
}

/**
 * A row that only names a village, as the title of its block in a roster laid out village by village on one sheet
 * (一、北关社区 / 北关社区（30户） / 河东村低保户): that village; null for any other row.
 */
export function villageTitleOf(cells: readonly Cell[], villages: readonly VillageRef[]): VillageRef | null {
  // one filled cell, and text (a household row has many; this runs on every row of a 100,000-row file)
  let only: string | null = null
  for (const cell of cells) {
    if (cell === null || cell === '') continue
    if (only !== null || typeof cell !== 'string') return null
    only = cellText(cell)
  }
  if (!only) return null
  const text = halfWidth(only)
    .replace(/\s+/g, '')
    .replace(/^\(?[\d一二三四五六七八九十]+[.、,，)）]+/, '')
    .replace(/\(\d+户\)$/, '')
  return sheetVillageOf(text, villages)
}

/** Whether the first household row of a sheet comes under a village's title (villageTitleOf). */
export function startsWithVillageTitle(rows: ReadonlyArray<{ cells: Cell[] }>, mapping: ColumnMapping, villages: readonly VillageRef[]): boolean {
  for (const row of rows) {
    if (villageTitleOf(row.cells, villages)) return true
    if (classifyRow(row.cells, mapping) === 'data') return false
  }
  return false
}
