// 低保花名册导入, the rules for one row and the verdicts, pure (no I/O): a data row normalised into a household's
// values or problem codes, and each row judged against the households already enrolled — added, updated, unchanged
// or rejected. The header is in header.server.ts; the rows that are not households and the normalising of values
// in rules.server.ts.
import { type KeyCheckSituation } from '../../../workflows/rules/vocabulary'
import type { ImportedMember } from './members.server'
import {
  type AmountProblem,
  type Cell,
  type VillageRef,
  type ColumnMapping,
  halfWidth,
  cellText,
  type RosterField,
  normaliseName,
  TEXT_LIMITS,
  parseIdCell,
  parseCountCell,
  parseAmountCell,
  parseKeyCheckCell,
  parseNearRelativeCell,
} from './rules.server'

// ————————————————————————————————————————— one row —————————————————————————————————————————

export type ProblemCode =
  | 'nameMissing'
  | 'tooLong'
  | 'idMissing'
  | 'idLength'
  | 'idCharacters'
  | 'idRegion'
  | 'idBirthDate'
  | 'idCheckDigit'
  | 'idAsNumber'
  | 'villageMissing'
  | 'villageUnknown'
  | 'villageNotYours'
  | 'membersMissing'
  | 'membersInvalid'
  | 'coveredInvalid'
  | 'coveredMoreThanMembers'
  | 'categoryMissing'
  | AmountProblem
  | 'keyCheckUnknown'
  | 'duplicateInFile'
  | 'duplicateOtherVillage'
  | 'duplicateOtherTownship'
  /** a village cadre's row whose ID number is enrolled outside their village: where is not said (no enrolment oracle) */
  | 'notAddableHere'
  // a roster of one row per member (./members.server.ts)
  | 'groupKeyMissing'
  | 'groupNoHead'
  | 'groupTwoHeads'
  | 'groupTooMany'
  | 'groupRejected'
  | 'groupHeadRejected'
  | 'relationMissing'
  | 'memberNameMissing'
  | 'memberIdDuplicate'

export interface RowProblem {
  code: ProblemCode
  params?: Record<string, string | number>
}

/** What a row says about a household. Optional fields are undefined when the column is absent or the cell blank. */
export interface ImportedValues {
  headName: string
  idNumber: string
  memberCount: number
  coveredCount?: number
  category: string
  monthlyAmountFen: number
  responsibleCadre?: string
  phone?: string
  keyCheckSituations?: KeyCheckSituation[]
  nearRelativeFiling?: boolean
  nearRelativeNote?: string | null
  notes?: string
}

export interface SourceRow {
  /** the row number the spreadsheet shows */
  sheetRow: number
  cells: Cell[]
}

export interface NormalisedRow extends SourceRow {
  /** the village as written, for messages */
  villageText: string | null
  village: VillageRef | null
  /** the ID number in its 18-digit form when it is valid, whatever else is wrong with the row */
  idNumber: string | null
  convertedFrom15: boolean
  values: ImportedValues | null
  problems: RowProblem[]
  /** a roster of members: the head's row carries the household's members, the head first */
  members?: ImportedMember[]
  /** a roster of members: a member's row names its head's row; it is written with the household or rejected with it */
  memberOf?: number
}

export interface NormaliseContext {
  mapping: ColumnMapping
  findVillage: (text: string) => VillageRef | null
  /** where rows go when the file has no village column (a village cadre's own roster) */
  defaultVillage: VillageRef | null
  /** a village cadre's import: rows of any other village are refused */
  onlyVillageId: number | null
}

function limitedText(cell: Cell, max: number, label: string, problems: RowProblem[]): string | undefined {
  const text = halfWidth(cellText(cell)).replace(/\s+/g, ' ').trim()
  if (text === '') return undefined
  if (text.length > max) problems.push({ code: 'tooLong', params: { field: label, max } })
  return text
}

/** One household row, checked on its own (duplicates and what the township already holds come later). */
export function normaliseRow(row: SourceRow, ctx: NormaliseContext): NormalisedRow {
  const { mapping } = ctx
  const at = (field: RosterField): Cell => {
    const column = mapping[field]
    return column === undefined ? null : (row.cells[column] ?? null)
  }
  const problems: RowProblem[] = []

  const headName = normaliseName(cellText(at('headName')))
  if (!headName) problems.push({ code: 'nameMissing' })
  else if (headName.length > TEXT_LIMITS.headName) problems.push({ code: 'tooLong', params: { field: 'headName', max: TEXT_LIMITS.headName } })

  const id = parseIdCell(at('idNumber'))
  if (!id.ok) problems.push({ code: id.problem, params: id.length !== undefined ? { length: id.length, value: cellText(at('idNumber')) } : undefined })

  let village: VillageRef | null = null
  let villageText: string | null = null
  if (mapping.village !== undefined) {
    villageText = halfWidth(cellText(at('village'))).replace(/\s+/g, '') || null
    if (!villageText) problems.push({ code: 'villageMissing' })
    else {
      village = ctx.findVillage(villageText)
      if (!village) problems.push({ code: 'villageUnknown', params: { village: villageText } })
      else if (ctx.onlyVillageId !== null && village.id !== ctx.onlyVillageId) problems.push({ code: 'villageNotYours', params: { village: village.name } })
    }
  } else {
    village = ctx.defaultVillage
    if (!village) problems.push({ code: 'villageMissing' })
  }

  const members = parseCountCell(at('memberCount'))
  if (members === null) problems.push({ code: 'membersMissing' })
  else if (members === 'invalid') problems.push({ code: 'membersInvalid', params: { value: cellText(at('memberCount')) } })
  const covered = parseCountCell(at('coveredCount'))
  if (covered === 'invalid') problems.push({ code: 'coveredInvalid', params: { value: cellText(at('coveredCount')) } })
  else if (typeof covered === 'number' && typeof members === 'number' && covered > members) {
    problems.push({ code: 'coveredMoreThanMembers', params: { covered, members } })
  }

  const category = limitedText(at('category'), TEXT_LIMITS.category, 'category', problems)
  if (!category) problems.push({ code: 'categoryMissing' })

  const amount = parseAmountCell(at('monthlyAmount'))
  if (!amount.ok) problems.push({ code: amount.problem, params: { value: cellText(at('monthlyAmount')) } })

  const responsibleCadre = limitedText(at('responsibleCadre'), TEXT_LIMITS.responsibleCadre, 'responsibleCadre', problems)
  const phone = limitedText(at('phone'), TEXT_LIMITS.phone, 'phone', problems)
  const notes = limitedText(at('notes'), TEXT_LIMITS.notes, 'notes', problems)
  const keyCheck = parseKeyCheckCell(at('keyCheckSituations'))
  if (!keyCheck.ok) problems.push({ code: 'keyCheckUnknown', params: { value: keyCheck.unknown } })
  const nearRelative = parseNearRelativeCell(at('nearRelative'))
  if (nearRelative?.note && nearRelative.note.length > TEXT_LIMITS.nearRelativeNote) {
    problems.push({ code: 'tooLong', params: { field: 'nearRelative', max: TEXT_LIMITS.nearRelativeNote } })
  }

  const values: ImportedValues | null =
    // no problems means a category too (categoryMissing otherwise)
    problems.length === 0 && id.ok && amount.ok && typeof members === 'number' && category
      ? {
          headName,
          idNumber: id.value,
          memberCount: members,
          coveredCount: typeof covered === 'number' ? covered : undefined,
          category,
          monthlyAmountFen: amount.fen,
          responsibleCadre,
          phone,
          keyCheckSituations: keyCheck.ok ? keyCheck.value : undefined,
          nearRelativeFiling: nearRelative?.filing,
          nearRelativeNote: nearRelative ? nearRelative.note : undefined,
          notes,
        }
      : null
  return {
    ...row,
    villageText,
    village,
    idNumber: id.ok ? id.value : null,
    convertedFrom15: id.ok && id.convertedFrom15,
    values,
    problems,
  }
}

// ————————————————————————————————————————— the verdicts —————————————————————————————————————————

/** A household the township (or another township) already holds under the same ID number. */
export interface ExistingHousehold {
  id: number
  villageId: number
  villageName: string
  townshipId: number
  headName: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  responsibleCadre: string | null
  phone: string | null
  keyCheckSituations: string
  nearRelativeFiling: number
  nearRelativeNote: string | null
  notes: string | null
}

/** The household's columns an import sets, in the households table's own terms. */
export interface HouseholdColumns {
  head_name: string
  member_count: number
  covered_count: number
  category: string
  monthly_amount_fen: number
  responsible_cadre: string | null
  phone: string | null
  key_check_situations: string
  near_relative_filing: number
  near_relative_note: string | null
  notes: string | null
}

export type HouseholdColumn = keyof HouseholdColumns

export interface ColumnChange {
  column: HouseholdColumn
  before: string | number | null
  after: string | number | null
}

export type RowOutcome =
  | { kind: 'add'; sheetRow: number; villageId: number; idNumber: string; convertedFrom15: boolean; columns: HouseholdColumns; members?: ImportedMember[] }
  | {
      kind: 'update'
      sheetRow: number
      villageId: number
      idNumber: string
      convertedFrom15: boolean
      householdId: number
      changes: ColumnChange[]
      /** a roster of members whose member list differs from the stored one: the members to write */
      members?: ImportedMember[]
    }
  | { kind: 'unchanged'; sheetRow: number; villageId: number; idNumber: string; convertedFrom15: boolean; householdId: number }
  | { kind: 'rejected'; sheetRow: number; problems: RowProblem[] }

/** A new household's columns: what the row gives, the rest as a new household starts. */
export function columnsForNew(values: ImportedValues): HouseholdColumns {
  return {
    head_name: values.headName,
    member_count: values.memberCount,
    covered_count: values.coveredCount ?? values.memberCount,
    category: values.category,
    monthly_amount_fen: values.monthlyAmountFen,
    responsible_cadre: values.responsibleCadre ?? null,
    phone: values.phone ?? null,
    key_check_situations: JSON.stringify(values.keyCheckSituations ?? []),
    near_relative_filing: values.nearRelativeFiling ? 1 : 0,
    near_relative_note: values.nearRelativeFiling ? (values.nearRelativeNote ?? null) : null,
    notes: values.notes ?? null,
  }
}

/**
 * What a row would change on a household already in its village. A blank cell (or a column the file does not have)
 * keeps what the household holds: a roster says what it says, and an empty 备注 does not erase a cadre's note.
 */
export function changesFor(existing: ExistingHousehold, values: ImportedValues): ColumnChange[] {
  const current: HouseholdColumns = {
    head_name: existing.headName,
    member_count: existing.memberCount,
    covered_count: existing.coveredCount,
    category: existing.category,
    monthly_amount_fen: existing.monthlyAmountFen,
    responsible_cadre: existing.responsibleCadre,
    phone: existing.phone,
    key_check_situations: existing.keyCheckSituations,
    near_relative_filing: existing.nearRelativeFiling,
    near_relative_note: existing.nearRelativeNote,
    notes: existing.notes,
  }
  const next: Partial<HouseholdColumns> = {
    head_name: values.headName,
    member_count: values.memberCount,
    covered_count: values.coveredCount,
    category: values.category,
    monthly_amount_fen: values.monthlyAmountFen,
    responsible_cadre: values.responsibleCadre,
    phone: values.phone,
    key_check_situations: values.keyCheckSituations === undefined ? undefined : JSON.stringify(values.keyCheckSituations),
    near_relative_filing: values.nearRelativeFiling === undefined ? undefined : values.nearRelativeFiling ? 1 : 0,
    near_relative_note:
      values.nearRelativeFiling === undefined ? undefined : values.nearRelativeFiling ? (values.nearRelativeNote ?? current.near_relative_note) : null,
    notes: values.notes,
  }
  if (next.key_check_situations !== undefined && sameList(next.key_check_situations, current.key_check_situations))
    next.key_check_situations = current.key_check_situations
  const changes: ColumnChange[] = []
  for (const column of Object.keys(next) as HouseholdColumn[]) {
    const after = next[column]
    if (after !== undefined && after !== current[column]) changes.push({ column, before: current[column], after })
  }
  return changes
}

function sameList(a: string, b: string): boolean {
  try {
    const x = (JSON.parse(a) as string[]).slice().sort()
    const y = (JSON.parse(b) as string[]).slice().sort()
    return x.length === y.length && x.every((v, i) => v === y[i])
  } catch {
    return false
  }
}

export interface JudgeContext {
  townshipId: number
  /** a village cadre's import: an ID number held anywhere but this village is refused without saying where */
  onlyVillageId?: number | null
  /** households already holding one of the file's ID numbers, by ID number */
  existing: ReadonlyMap<string, ExistingHousehold>
}

/**
 * Every row's verdict, in the file's order:
 * - a row with a problem of its own is rejected with all its problems (so one round of fixing is enough);
 * - an ID number a row earlier in the file already has: the later row is rejected (重复), the earlier one stands;
 * - an ID number the township already holds in the same village: unchanged when the row says nothing new, else
 *   an update of what differs; in another village of the township, or in another township: rejected — a household
 *   is on one roster only, and moving it between villages is not something a file upload should do silently.
 */
export function judgeRows(rows: readonly NormalisedRow[], ctx: JudgeContext): RowOutcome[] {
  const firstRowOf = new Map<string, number>()
  return rows.map((row): RowOutcome => {
    const problems = [...row.problems]
    if (row.idNumber) {
      const first = firstRowOf.get(row.idNumber)
      if (first !== undefined) problems.push({ code: 'duplicateInFile', params: { row: first } })
      else firstRowOf.set(row.idNumber, row.sheetRow)
      const existing = ctx.existing.get(row.idNumber)
      // a cadre learns only that the household cannot be added here — not whether it is in another village of the
      // township or in another township, whichever village the row names (the township office resolves it)
      if (existing && ctx.onlyVillageId != null && existing.villageId !== ctx.onlyVillageId) problems.push({ code: 'notAddableHere' })
      else if (existing && existing.townshipId !== ctx.townshipId) problems.push({ code: 'duplicateOtherTownship' })
      else if (existing && row.village && existing.villageId !== row.village.id)
        problems.push({ code: 'duplicateOtherVillage', params: { village: existing.villageName } })
    }
    if (problems.length > 0 || !row.values || !row.village || !row.idNumber) return { kind: 'rejected', sheetRow: row.sheetRow, problems }
    const base = { sheetRow: row.sheetRow, villageId: row.village.id, idNumber: row.idNumber, convertedFrom15: row.convertedFrom15 }
    const existing = ctx.existing.get(row.idNumber)
    if (!existing) return { kind: 'add', ...base, columns: columnsForNew(row.values) }
    const changes = changesFor(existing, row.values)
    return changes.length ? { kind: 'update', ...base, householdId: existing.id, changes } : { kind: 'unchanged', ...base, householdId: existing.id }
  })
}
