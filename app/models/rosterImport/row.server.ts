// 低保花名册导入, one row, pure (no I/O): a data row normalised into a household's values or problem codes — its
// ID number (a legacy 15-digit one's century from the row's 出生日期 or 年龄), its village (never against what the row
// or its sheet says), counts, amount and the rest. The verdicts against what is enrolled are in verdicts.server.ts.
import { isCenturyAmbiguous, otherCenturyForms } from '../../../workflows/rules/idNumber'
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
  centuryHint,
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
  /** a legacy 15-digit number of the years 00–04 and nothing on the row (出生日期, 年龄) that says which century */
  | 'idCentury'
  | 'villageMissing'
  | 'villageUnknown'
  | 'villageNotYours'
  /** the row names another village than the one the import was told to fill (the command line's --village) */
  | 'villageContradicts'
  /** the row would be filed under another village than the one its sheet is named after (一村一表) */
  | 'villageSheetContradicts'
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
  /**
   * The 15-digit form of the row's number (idMatchKey), also when its century is unknown (idCentury), and the 18-digit
   * forms another roster may hold it under (the other century): the household is found by them when the number
   * itself is not enrolled.
   */
  idKey?: string | null
  idAlternates?: readonly string[]
  /** with no problem but idCentury: the values, the ID number blank until a household enrolled under it settles it */
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
  /** the village the import was told to fill (the command line's --village): a row naming another is refused */
  expectedVillage?: VillageRef | null
  /** the village the sheet is named after (一村一表): a row that would go to another village is refused */
  sheetVillage?: { village: VillageRef; sheet: string } | null
  /** the year ages (年龄) are counted to; default this year */
  todayYear?: number
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

  const century =
    mapping.birthDate !== undefined || mapping.age !== undefined
      ? centuryHint(at('idNumber'), { birthDate: at('birthDate'), age: at('age') }, ctx.todayYear ?? new Date().getUTCFullYear())
      : null
  const id = parseIdCell(at('idNumber'), { century })
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
    // a block of another village in a cadre's file (its title named it): not theirs to import
    else if (ctx.onlyVillageId !== null && village.id !== ctx.onlyVillageId) problems.push({ code: 'villageNotYours', params: { village: village.name } })
  }
  // never filed against what the row or its sheet says
  if (village && ctx.expectedVillage && village.id !== ctx.expectedVillage.id)
    problems.push({ code: 'villageContradicts', params: { village: village.name, expected: ctx.expectedVillage.name } })
  if (village && ctx.sheetVillage && village.id !== ctx.sheetVillage.village.id)
    problems.push({
      code: 'villageSheetContradicts',
      params: { village: village.name, sheet: ctx.sheetVillage.sheet, sheetVillage: ctx.sheetVillage.village.name },
    })

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

  const centuryOnly = !id.ok && id.problem === 'idCentury' && problems.length === 1
  const values: ImportedValues | null =
    // no problems means a category too (categoryMissing otherwise)
    (problems.length === 0 || centuryOnly) && amount.ok && typeof members === 'number' && category
      ? {
          headName,
          idNumber: id.ok ? id.value : '',
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
    ...idForms(id),
    values,
    problems,
  }
}

/**
 * The 15-digit form of a row's number, and the 18-digit forms another roster may hold it under (for one of unknown
 * century: both). Only the years 00–04 have another: a 15-digit number of 05–99 was always 19xx, so its 18-digit
 * form is the same on every roster (and 100,000 rows need no second look-up each).
 */
export function idForms(id: ReturnType<typeof parseIdCell>): { idKey: string | null; idAlternates: readonly string[] } {
  if (id.ok) {
    const idKey = id.value.slice(0, 6) + id.value.slice(8, 17)
    return { idKey, idAlternates: isCenturyAmbiguous(idKey) ? otherCenturyForms(id.value) : NO_FORMS }
  }
  if (id.problem === 'idCentury' && id.key) return { idKey: id.key, idAlternates: otherCenturyForms(id.key) }
  return { idKey: null, idAlternates: NO_FORMS }
}

const NO_FORMS: readonly string[] = Object.freeze([])
