// 低保花名册导入, the rules for one row and the verdicts, pure (no I/O): a data row normalised into a household's
// values or problem codes, and each row judged against the households already enrolled — added, updated, unchanged
// or rejected. The header is in header.server.ts; the rows that are not households and the normalising of values
// in rules.server.ts.
// The one row's rules are in row.server.ts (re-exported here).
import type { ImportedMember } from './members.server'
import type { ImportedValues, NormalisedRow, RowProblem } from './row.server'

export * from './row.server'

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
  /** id_number: a roster's 18-digit number replacing the one a 15-digit number was converted to in the wrong century */
  column: HouseholdColumn | 'id_number'
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
    let problems = [...row.problems]
    // the number as written, else the form another roster holds it under (15-digit numbers: the other century)
    let existing = row.idNumber ? ctx.existing.get(row.idNumber) : undefined
    let storedNumber = existing ? row.idNumber : null
    if (!existing)
      for (const form of row.idAlternates ?? []) {
        existing = ctx.existing.get(form)
        if (existing) {
          storedNumber = form
          break
        }
      }
    // a 15-digit number of unknown century whose household is enrolled: that household's number settles it
    const settled = !row.idNumber && storedNumber !== null && problems.some((p) => p.code === 'idCentury')
    if (settled) problems = problems.filter((p) => p.code !== 'idCentury')
    const idNumber = row.idNumber ?? (settled ? storedNumber : null)
    const key = row.idKey ?? idNumber
    if (key) {
      const first = firstRowOf.get(key)
      if (first !== undefined) problems.push({ code: 'duplicateInFile', params: { row: first } })
      else firstRowOf.set(key, row.sheetRow)
    }
    if (existing) {
      // a cadre learns only that the household cannot be added here — not whether it is in another village of the
      // township or in another township, whichever village the row names (the township office resolves it)
      if (ctx.onlyVillageId != null && existing.villageId !== ctx.onlyVillageId) problems.push({ code: 'notAddableHere' })
      else if (existing.townshipId !== ctx.townshipId) problems.push({ code: 'duplicateOtherTownship' })
      else if (row.village && existing.villageId !== row.village.id) problems.push({ code: 'duplicateOtherVillage', params: { village: existing.villageName } })
    }
    if (problems.length > 0 || !row.values || !row.village || !idNumber) return { kind: 'rejected', sheetRow: row.sheetRow, problems }
    const values = row.values.idNumber === idNumber ? row.values : { ...row.values, idNumber }
    const convertedFrom15 = row.convertedFrom15 || settled
    if (!existing || !storedNumber) {
      return { kind: 'add', sheetRow: row.sheetRow, villageId: row.village.id, idNumber, convertedFrom15, columns: columnsForNew(values) }
    }
    // the same person under another century: an 18-digit number as written on the roster replaces a converted one;
    // a number converted from 15 digits never replaces what the household holds
    const renumber = storedNumber !== idNumber && !row.convertedFrom15 && !settled
    const base = { sheetRow: row.sheetRow, villageId: row.village.id, idNumber: renumber ? idNumber : storedNumber, convertedFrom15 }
    const changes: ColumnChange[] = [
      ...(renumber ? [{ column: 'id_number' as const, before: storedNumber, after: idNumber }] : []),
      ...changesFor(existing, values),
    ]
    return changes.length ? { kind: 'update', ...base, householdId: existing.id, changes } : { kind: 'unchanged', ...base, householdId: existing.id }
  })
}
