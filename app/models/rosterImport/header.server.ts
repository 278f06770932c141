// 低保花名册导入, the header: which column is which, found by its text (序号, 村(社区), 户主姓名, 身份证号码 …),
// tolerant of spaces, line breaks, full-width brackets and units in brackets (月保障金额\n(元)); and a mapping the
// user corrected, checked. Pure, like the row rules in rules.server.ts.
import { cellText, halfWidth, REQUIRED_FIELDS, ROSTER_FIELDS, type Cell, type ColumnMapping, type RosterField } from './rules.server'

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
  /** names this field goes by, best first: a tier earlier in the list wins over a later one for the same field */
  exact: string[][]
  /** a looser test on the bare form, when no exact name matched; ranked below every exact name */
  loose?: (bare: string) => boolean
  /** what a header of this field never is, however it matches (人均保障金额 is no household's amount) */
  never?: RegExp
}

/** A date or a time is never an amount, a count or an ID number: 低保金起始发放日期, 发放时间, 身份证发放日期. */
const DATE_WORDS = /日期|时间|起始|开始|截止|终止|年月|月份|发放日|出生|生日/
/** A per-person figure, a standard or a running total is not the household's monthly amount. */
const NOT_HOUSEHOLD_AMOUNT = /人均|每人|单人|个人|标准|累计|全年|年度|补发|追发|账号|卡号|收入/

// Order matters for the loose tests: 包户干部姓名 is the cadre, not the head of household; 户主身份证号 is the ID.
const HEADER_RULES: HeaderRule[] = [
  { field: 'seq', exact: [['序号', '编号', '序', 'NO', 'No', 'no', 'No.']] },
  // one row per member: the relation, the household's key (户编号, or the head's ID number beside the member's own)
  { field: 'relation', exact: [['与户主关系', '与户主的关系', '家庭关系', '成员关系', '关系']], loose: (b) => b.includes('关系') },
  { field: 'householdNo', exact: [['户编号', '户号', '家庭编号', '户序号', '户编码', '家庭户号']], loose: (b) => /户编号|户号|户编码/.test(b) },
  { field: 'memberName', exact: [['成员姓名', '家庭成员姓名', '家庭成员', '成员']] },
  {
    field: 'memberCovered',
    exact: [['是否纳入保障', '是否保障', '是否享受', '是否享受低保', '是否保障对象', '纳入保障', '是否纳入']],
    loose: (b) => /^是否.*(保障|享受|纳入)/.test(b),
  },
  {
    field: 'nearRelative',
    exact: [['近亲属备案', '近亲属', '是否近亲属', '近亲属备案情况', '是否近亲属备案', '近亲属情况']],
    loose: (b) => b.includes('近亲属'),
  },
  { field: 'keyCheckSituations', exact: [['重点核查情形', '重点核查', '重点核查对象', '核查情形', '重点核查类型']], loose: (b) => b.includes('核查') },
  {
    field: 'responsibleCadre',
    exact: [['包户干部', '包保干部', '帮扶干部', '联系干部', '包户人', '包户责任人', '责任人']],
    loose: (b) => /干部|包户|包保|帮扶/.test(b),
  },
  { field: 'phone', exact: [['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码']], loose: (b) => /电话|手机/.test(b) },
  // the century of a legacy 15-digit number (its two-digit year): 出生日期 or 年龄 beside it
  {
    field: 'birthDate',
    exact: [['出生日期', '出生年月日', '出生年月', '户主出生日期', '户主出生年月', '出生时间', '生日']],
    loose: (b) => /出生(日期|年月)/.test(b),
  },
  { field: 'age', exact: [['年龄', '户主年龄', '年龄岁', '周岁', '实际年龄']], loose: (b) => /年龄$/.test(b) },
  {
    field: 'idNumber',
    exact: [['身份证号码', '身份证号', '身份证', '户主身份证号', '户主身份证号码', '公民身份号码', '证件号码', '身份证件号码']],
    loose: (b) => /身份证|身份号码|证件号/.test(b),
    never: DATE_WORDS,
  },
  {
    field: 'monthlyAmount',
    // the household's monthly amount first; what may be a total of another period or of something else after it
    exact: [
      ['月保障金额', '月保障金', '月低保金', '月低保金额', '月发放金额', '月补助金额', '月保障金额元', '每月保障金额', '户月保障金额', '家庭月保障金额'],
      ['保障金额', '低保金', '低保金额', '发放金额', '补助金额', '保障金', '实发金额', '应发金额'],
    ],
    loose: (b) => /金额|保障金|低保金/.test(b),
    never: new RegExp(`${DATE_WORDS.source}|${NOT_HOUSEHOLD_AMOUNT.source}`),
  },
  {
    field: 'coveredCount',
    exact: [['保障人数', '享受人数', '保障人口', '享受低保人数', '低保人数', '享受保障人数']],
    loose: (b) => /保障人|享受.*人数/.test(b),
    never: DATE_WORDS,
  },
  {
    field: 'memberCount',
    exact: [['家庭人口', '家庭人口数', '家庭人数', '人口数', '户籍人口', '家庭成员数', '总人口', '家庭总人口']],
    loose: (b) => /家庭人|人口/.test(b),
    never: DATE_WORDS,
  },
  { field: 'category', exact: [['保障类别', '类别', '低保类别', '保障类型', '类型', '保障分类', '分类']], loose: (b) => /类别|类型/.test(b) },
  {
    field: 'headName',
    exact: [['户主姓名', '户主', '姓名', '户主名', '户主名称', '保障对象姓名', '申请人姓名', '申请人']],
    loose: (b) => b.endsWith('姓名'),
  },
  {
    field: 'village',
    exact: [
      [
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
    ],
    loose: (b) => /^(所在|所属)?(行政)?(村|社区|村居)(委会|居委会|名称|名)?$/.test(b),
  },
  { field: 'notes', exact: [['备注', '说明', '备注说明']] },
]

/** Loose matches rank after every exact name. */
const LOOSE_RANK = 100

/** Which roster field a header names and how well (0 best), or null. */
export function headerMatch(text: string): { field: RosterField; rank: number } | null {
  const { bare, flat } = normaliseHeader(text)
  if (!bare && !flat) return null
  const allowed = (rule: HeaderRule) => !rule.never || !(rule.never.test(bare) || rule.never.test(flat))
  for (const rule of HEADER_RULES) {
    const tier = rule.exact.findIndex((names) => names.includes(bare) || names.includes(flat))
    if (tier >= 0) return allowed(rule) ? { field: rule.field, rank: tier } : null
  }
  for (const rule of HEADER_RULES) if (rule.loose?.(bare) && allowed(rule)) return { field: rule.field, rank: LOOSE_RANK }
  return null
}

/** Which roster field a header names, or null. */
export function fieldForHeader(text: string): RosterField | null {
  return headerMatch(text)?.field ?? null
}

export interface HeaderMatch {
  /** 0-based index into the rows given */
  index: number
  headers: string[]
  mapping: ColumnMapping
}

/**
 * Each field on the column whose header names it best (月保障金额 before 保障金额 before 低保金xx); between equally good
 * headers the first column wins, and the other stays unmapped.
 */
export function mapHeaders(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {}
  const rankOf: Partial<Record<RosterField, number>> = {}
  const idColumns: Array<{ column: number; head: boolean }> = []
  headers.forEach((header, column) => {
    const match = headerMatch(header)
    if (!match) return
    const { field, rank } = match
    if (field === 'idNumber') idColumns.push({ column, head: normaliseHeader(header).bare.startsWith('户主') })
    const best = rankOf[field]
    if (best === undefined || rank < best) {
      mapping[field] = column
      rankOf[field] = rank
    }
  })
  // 户主身份证号 is the ID number itself on a roster of households; beside another ID column (a roster of members,
  // 身份证号码 being the member's) it is the household's key
  const headId = idColumns.find((c) => c.head)
  const ownId = idColumns.find((c) => !c.head)
  if (headId && ownId) {
    mapping.headIdNumber = headId.column
    mapping.idNumber = ownId.column
  }
  // 成员姓名 without a 姓名 column: the member's name is the row's name
  if (mapping.headName === undefined && mapping.memberName !== undefined) {
    mapping.headName = mapping.memberName
    delete mapping.memberName
  }
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
export function checkMapping(
  mapping: ColumnMapping,
  options: { columnCount: number; villageRequired: boolean; optional?: readonly RosterField[] },
): MappingProblem[] {
  const problems: MappingProblem[] = []
  // a roster of members counts the household's people itself (家庭人口 optional there)
  const required: RosterField[] = REQUIRED_FIELDS.filter((f) => !options.optional?.includes(f))
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
