// 低保花名册导入, rosters of one row per family member (家庭成员), pure: which layout a file has, and the member rows
// grouped under their 户主 by a household number (户编号) or the head's ID number. The head's row (与户主关系 户主/本人)
// gives the household (name, ID number, category, amount …); 家庭人口 and 保障人数 are counted from the group when the
// head's row leaves them blank. A group without a head, with two heads, with too many members or with a bad row is
// rejected whole: a household is never written with half its members.
import { MAX_MEMBERS } from '../../../workflows/rules/householdMembers'
import type { MemberRelation } from '../../../workflows/rules/vocabulary'
import { cellText, centuryHint, halfWidth, normaliseName, parseCountCell, parseIdCell, type Cell, type ColumnMapping, type RosterField } from './rules.server'
import { idForms, normaliseRow, type NormaliseContext, type NormalisedRow, type RowOutcome, type RowProblem, type SourceRow } from './verdicts.server'

/** One member of a household as the file gives them. */
export interface ImportedMember {
  sheetRow: number
  name: string
  relation: MemberRelation
  idNumber: string | null
  covered: boolean
}

export type RosterLayout = { kind: 'perHousehold' } | { kind: 'perMember'; key: 'householdNo' | 'headIdNumber' }

/** One row per member when the file has a 与户主关系 column and a household key (户编号, or 户主身份证号 beside the ID). */
export function detectLayout(mapping: ColumnMapping): RosterLayout {
  if (mapping.relation === undefined) return { kind: 'perHousehold' }
  if (mapping.householdNo !== undefined) return { kind: 'perMember', key: 'householdNo' }
  if (mapping.headIdNumber !== undefined) return { kind: 'perMember', key: 'headIdNumber' }
  return { kind: 'perHousehold' }
}

const RELATIONS: Array<[RegExp, MemberRelation]> = [
  [/^(户主|本人|户主本人)$/, 'head'],
  [/^(配偶|妻|妻子|夫|丈夫|爱人|老伴)$/, 'spouse'],
  [/(儿媳|女婿|媳妇)/, 'childInLaw'],
  [/(孙|外孙)/, 'grandchild'],
  [/(祖父|祖母|爷爷|奶奶|外公|外婆|姥姥|姥爷)/, 'grandparent'],
  [/^(父亲|母亲|父|母|父母|公公|婆婆|岳父|岳母)$/, 'parent'],
  [/^(大|小|二|三|四|长|次|幼|独|养|继)?(子|女|儿子|女儿|子女)$/, 'child'],
  [/(兄|弟|姐|妹)/, 'sibling'],
]

/** 户主/本人 → head, 妻子 → spouse, 长子 → child …; blank → null; any other relation → other. */
export function parseRelationCell(cell: Cell): MemberRelation | null {
  const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  if (!text) return null
  for (const [pattern, relation] of RELATIONS) if (pattern.test(text)) return relation
  return 'other'
}

const YES = /^(是|有|√|✓|✔|Y|Yes|纳入|享受|保障)$/i

/** 是否纳入保障: blank (no column) → covered. */
function coveredCell(cell: Cell): boolean {
  const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  return text === '' || YES.test(text)
}

export interface GroupedRows {
  /** the head's rows (one per household, carrying its members) and every row rejected, in the file's order */
  rows: NormalisedRow[]
  households: number
  members: number
}

/**
 * Groups member rows under their head. The head row is normalised as a household row (家庭人口 and 保障人数 counted
 * from the group where blank) and carries the members; every row of a group that cannot be written is rejected.
 */
export function groupMemberRows(rows: readonly SourceRow[], layout: Extract<RosterLayout, { kind: 'perMember' }>, ctx: NormaliseContext): GroupedRows {
  const { mapping } = ctx
  const at = (row: SourceRow, field: RosterField): Cell => {
    const column = mapping[field]
    return column === undefined ? null : (row.cells[column] ?? null)
  }
  const todayYear = ctx.todayYear ?? new Date().getUTCFullYear()
  // a member's own 出生日期 or 年龄 gives the century of their legacy 15-digit number
  const idOf = (row: SourceRow, field: 'idNumber' | 'headIdNumber') => {
    const century =
      field === 'idNumber' && (mapping.birthDate !== undefined || mapping.age !== undefined)
        ? centuryHint(at(row, field), { birthDate: at(row, 'birthDate'), age: at(row, 'age') }, todayYear)
        : null
    return parseIdCell(at(row, field), { century })
  }
  // the 15-digit form: one head's rows meet whether their 户主身份证号 is written in 15 or 18 digits
  const keyOf = (row: SourceRow): string | null => {
    if (layout.key === 'householdNo') return halfWidth(cellText(at(row, 'householdNo'))).replace(/\s+/g, '') || null
    const head = idForms(idOf(row, 'headIdNumber')).idKey
    if (head) return head
    // the head's own row may leave 户主身份证号 blank: its own number is the key
    if (parseRelationCell(at(row, 'relation')) === 'head') return idForms(idOf(row, 'idNumber')).idKey
    return null
  }
  const rejected = (row: SourceRow, problems: RowProblem[]): NormalisedRow => ({
    ...row,
    villageText: null,
    village: null,
    idNumber: null,
    convertedFrom15: false,
    values: null,
    problems,
  })

  const out: NormalisedRow[] = []
  const groups = new Map<string, SourceRow[]>()
  for (const row of rows) {
    const key = keyOf(row)
    if (key === null) out.push(rejected(row, [{ code: 'groupKeyMissing' }]))
    else groups.set(key, [...(groups.get(key) ?? []), row])
  }
  let households = 0
  let members = 0
  for (const [key, group] of groups) {
    // the number as the file writes it (its first four digits and its last four)
    const written = halfWidth(cellText(at(group[0], 'headIdNumber')) || cellText(at(group[0], 'idNumber'))).replace(/\s+/g, '')
    const shownKey = layout.key === 'headIdNumber' ? `${written.slice(0, 4)}…${written.slice(-4)}` : key
    const heads = group.filter((row) => parseRelationCell(at(row, 'relation')) === 'head')
    if (heads.length !== 1) {
      const problem: RowProblem =
        heads.length === 0 ? { code: 'groupNoHead', params: { key: shownKey } } : { code: 'groupTwoHeads', params: { key: shownKey, count: heads.length } }
      for (const row of group) out.push(rejected(row, [problem]))
      continue
    }
    const head = heads[0]
    const list: ImportedMember[] = []
    const bad = new Map<SourceRow, RowProblem[]>()
    const firstOf = new Map<string, number>()
    for (const row of [head, ...group.filter((r) => r !== head)]) {
      const problems: RowProblem[] = []
      const nameCell = mapping.memberName !== undefined ? at(row, 'memberName') : at(row, 'headName')
      const name = normaliseName(cellText(nameCell))
      if (!name) problems.push({ code: 'memberNameMissing' })
      const relation = parseRelationCell(at(row, 'relation'))
      if (!relation) problems.push({ code: 'relationMissing' })
      const id = idOf(row, 'idNumber')
      let idNumber: string | null = null
      // a member's ID number may be missing (a newborn); one written must be valid
      if (id.ok) idNumber = id.value
      else if (id.problem !== 'idMissing') problems.push({ code: id.problem, params: id.length !== undefined ? { length: id.length } : undefined })
      if (idNumber) {
        const first = firstOf.get(idNumber)
        if (first !== undefined) problems.push({ code: 'memberIdDuplicate', params: { row: first } })
        else firstOf.set(idNumber, row.sheetRow)
      }
      if (problems.length) bad.set(row, problems)
      else if (relation)
        list.push({
          sheetRow: row.sheetRow,
          name,
          relation: row === head ? 'head' : relation === 'head' ? 'other' : relation,
          idNumber,
          covered: coveredCell(at(row, 'memberCovered')),
        })
    }
    const blank = (field: RosterField) => cellText(at(head, field)) === ''
    // 保障人数 on the head's row and no 是否纳入保障 column: the first that many members are the covered ones
    const given = parseCountCell(at(head, 'coveredCount'))
    if (mapping.memberCovered === undefined && typeof given === 'number') list.forEach((m, i) => (m.covered = i < given))
    const covered = list.filter((m) => m.covered).length
    // the head row as a household row: 家庭人口 and 保障人数 from the group where the row leaves them blank
    const extra = head.cells.length
    const headMapping: ColumnMapping = { ...mapping }
    const cells: Cell[] = [...head.cells, group.length, covered]
    if (blank('memberCount')) headMapping.memberCount = extra
    if (blank('coveredCount')) headMapping.coveredCount = extra + 1
    const household = { ...normaliseRow({ sheetRow: head.sheetRow, cells }, { ...ctx, mapping: headMapping }), cells: head.cells }
    if (group.length > MAX_MEMBERS) household.problems.push({ code: 'groupTooMany', params: { key: shownKey, count: group.length, max: MAX_MEMBERS } })
    if (bad.has(head)) household.problems.push(...(bad.get(head) ?? []))
    const badRows = group.filter((row) => row !== head && bad.has(row))
    if (badRows.length) household.problems.push({ code: 'groupRejected', params: { key: shownKey, rows: badRows.map((r) => r.sheetRow).join('、') } })
    if (household.problems.length) household.values = null
    else {
      households += 1
      members += list.length
    }
    out.push({ ...household, members: list })
    // a member's row stands or falls with its household (judged on the head's row): see withMemberRows
    for (const row of group) if (row !== head) out.push({ ...rejected(row, bad.get(row) ?? []), memberOf: head.sheetRow })
  }
  out.sort((a, b) => a.sheetRow - b.sheetRow)
  return { rows: out, households, members }
}

/**
 * The verdicts of a roster of members: a member's row has none of its own when its household is written (it is
 * part of the head's), and is rejected with its household otherwise, its own problems first.
 */
export function withMemberRows(rows: readonly NormalisedRow[], headOutcomes: readonly RowOutcome[]): RowOutcome[] {
  const rejectedHeads = new Set(headOutcomes.filter((o) => o.kind === 'rejected').map((o) => o.sheetRow))
  const members: RowOutcome[] = rows
    .filter((row) => row.memberOf !== undefined && rejectedHeads.has(row.memberOf))
    .map((row) => ({
      kind: 'rejected',
      sheetRow: row.sheetRow,
      problems: [...row.problems, { code: 'groupHeadRejected', params: { row: row.memberOf ?? 0 } }],
    }))
  return [...headOutcomes, ...members].sort((a, b) => a.sheetRow - b.sheetRow)
}
