// 低保花名册导入, the mapping checked against the data: a column is not taken as 月保障金额 (or 家庭人口, 保障人数) only
// because its header looks right. Its values must look like what it is said to be:
// - never dates: an Excel date (a serial day number 30000–60000, 1982–2064, which no household's monthly amount or
//   count is) or a date written as text (2019-03-01, 2019/3/1, 2019年3月) — the 低保金起始发放日期 trap, which gave
//   every household ¥44,317 a month;
// - never more, for most rows, than the county's 低保标准 allows: 家庭人口 × (standard + every 分类施保 supplement) ×
//   1.5 (without a standard in force: ¥3,000 a person, above any standard in the country);
// - never a per-person figure: when most households of two or more covered people get no more than one person's
//   standard (plus one supplement), and the amounts do not grow with the people (or sit at one standard, or another
//   column is them times the people), the column is 人均 — the household's amount is the standard's gap times the people.
// A suspicious column refuses the mapping (the preview asks the user to pick the column; the command line exits 1 with
// the reason). Pure apart from reading the standards and the villages' kinds (checkRosterColumns).
import { format, yuan } from '../../i18n'
import { t } from '../../i18n/dictionary'
import type { HouseholdArea } from '../../../workflows/rules/vocabulary'
import { standardInForce, type AllowanceStandard } from '../allowanceStandards.server'
import type { DbOrTx } from '../versioned.server'
import {
  classifyRow,
  cellText,
  halfWidth,
  parseAmountCell,
  parseCountCell,
  villageMatcher,
  type ColumnMapping,
  type Cell,
  type VillageRef,
} from './rules.server'
import type { SourceRow } from './verdicts.server'

const r = t.rosterImport

/** Excel's serial days of 1982-02-16 … 2064-04-09: a date, never a monthly amount in yuan or a count of people. */
export const DATE_SERIALS = { min: 30_000, max: 60_000 } as const
/** a household's amount above 家庭人口 × (standard + supplements) × this is not believable */
export const PLAUSIBLE_FACTOR = 1.5
/** per person and month, when the county has no standard in force: above every standard in the country */
export const NO_STANDARD_CEILING_FEN = 300_000
/** the share of rows that makes a column suspicious */
const MOST = 0.5
const PER_PERSON_SHARE = 0.8
const PER_PERSON_MIN_ROWS = 3
/** rows a file is checked on at most (every n-th of a larger one) */
export const MAX_CHECKED_ROWS = 5_000

export type CheckedField = 'monthlyAmount' | 'memberCount' | 'coveredCount'

export type ColumnSuspicion =
  | { kind: 'dates'; field: CheckedField; column: number; sheetRow: number; example: string }
  | { kind: 'tooHigh'; column: number; rows: number; of: number; sheetRow: number; amountFen: number; members: number; limitFen: number; standard: boolean }
  | { kind: 'perPerson'; column: number; rows: number; of: number; standardFen: number; better: number | null }

export interface AreaStandards {
  urban: AllowanceStandard | null
  rural: AllowanceStandard | null
}

export interface ColumnCheckInput {
  headers: readonly string[]
  rows: readonly SourceRow[]
  mapping: ColumnMapping
  standards: AreaStandards
  /** 城市 or 农村 for a row's village as written (社区: 城市), or for the village a file without that column goes to */
  villageArea: (villageText: string | null) => HouseholdArea | null
}

const TEXT_DATE = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/

/** A cell that is a date: its text as a day (2021-05-01), or null. */
export function dateInCell(cell: Cell): string | null {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < DATE_SERIALS.min || cell > DATE_SERIALS.max) return null
    return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10)
  }
  const text = halfWidth(cellText(cell)).trim()
  const match = TEXT_DATE.exec(text)
  if (!match) return null
  const month = Number(match[2])
  return Number(match[1]) >= 1900 && month >= 1 && month <= 12 ? text : null
}

function supplementsTotal(standard: AllowanceStandard): number {
  return Object.values(standard.supplementsFen).reduce((sum, fen) => sum + fen, 0)
}

function largestSupplement(standard: AllowanceStandard): number {
  return Math.max(0, ...Object.values(standard.supplementsFen))
}

/** What the mapping's amount and count columns hold, checked; an empty list when nothing is suspicious. */
export function checkColumns(input: ColumnCheckInput): ColumnSuspicion[] {
  const { mapping } = input
  // a large file is judged on rows spread evenly through it: the shares below need no more
  const step = Math.max(1, Math.floor(input.rows.length / MAX_CHECKED_ROWS))
  const data = input.rows.filter((row, i) => i % step === 0 && classifyRow(row.cells, mapping) === 'data')
  const at = (row: SourceRow, column: number | undefined): Cell => (column === undefined ? null : (row.cells[column] ?? null))
  const suspicions: ColumnSuspicion[] = []

  for (const field of ['monthlyAmount', 'memberCount', 'coveredCount'] as const) {
    const column = mapping[field]
    if (column === undefined) continue
    const filled = data.filter((row) => cellText(at(row, column)) !== '')
    const dated = filled.flatMap((row) => {
      const date = dateInCell(at(row, column))
      return date ? [{ sheetRow: row.sheetRow, date }] : []
    })
    if (dated.length > 0 && dated.length > filled.length * MOST)
      suspicions.push({ kind: 'dates', field, column, sheetRow: dated[0].sheetRow, example: dated[0].date })
  }
  const amountColumn = mapping.monthlyAmount
  if (amountColumn === undefined || suspicions.some((s) => s.kind === 'dates' && s.field === 'monthlyAmount')) return suspicions

  const areaOf = (row: SourceRow): HouseholdArea | null => {
    const category = halfWidth(cellText(at(row, mapping.category)))
    if (/城市|城镇|城区|居民/.test(category)) return 'urban'
    if (/农村|乡村/.test(category)) return 'rural'
    return input.villageArea(mapping.village === undefined ? null : cellText(at(row, mapping.village)) || null)
  }
  const standardOf = (row: SourceRow): AllowanceStandard | null => {
    const area = areaOf(row)
    if (area) return input.standards[area] ?? input.standards[area === 'urban' ? 'rural' : 'urban']
    // area unknown: the higher of the two, the lenient side
    const { urban, rural } = input.standards
    if (!urban || !rural) return urban ?? rural
    return urban.monthlyFen + supplementsTotal(urban) >= rural.monthlyFen + supplementsTotal(rural) ? urban : rural
  }
  const count = (row: SourceRow, column: number | undefined): number | null => {
    const n = parseCountCell(at(row, column))
    return typeof n === 'number' ? n : null
  }

  // too much for the household's size
  let checked = 0
  const tooHigh: Array<{ sheetRow: number; amountFen: number; members: number; limitFen: number }> = []
  for (const row of data) {
    const amount = parseAmountCell(at(row, amountColumn))
    const members = count(row, mapping.memberCount) ?? count(row, mapping.coveredCount)
    if (!amount.ok || members === null) continue
    checked++
    const standard = standardOf(row)
    const limitFen = Math.round(members * (standard ? (standard.monthlyFen + supplementsTotal(standard)) * PLAUSIBLE_FACTOR : NO_STANDARD_CEILING_FEN))
    if (amount.fen > limitFen) tooHigh.push({ sheetRow: row.sheetRow, amountFen: amount.fen, members, limitFen })
  }
  if (tooHigh.length > 0 && tooHigh.length > checked * MOST) {
    suspicions.push({
      kind: 'tooHigh',
      column: amountColumn,
      rows: tooHigh.length,
      of: checked,
      ...tooHigh[0],
      standard: input.standards.urban !== null || input.standards.rural !== null,
    })
    return suspicions
  }

  // one person's amount on households of several covered people
  const multi: Array<{ row: SourceRow; fen: number; people: number }> = []
  const singles: number[] = []
  let perPerson = 0
  let atStandard = 0
  let standardFen = 0
  for (const row of data) {
    const people = count(row, mapping.coveredCount) ?? count(row, mapping.memberCount)
    const standard = standardOf(row)
    const amount = parseAmountCell(at(row, amountColumn))
    if (!standard || people === null || !amount.ok) continue
    if (people === 1) singles.push(amount.fen)
    if (people < 2) continue
    multi.push({ row, fen: amount.fen, people })
    if (amount.fen <= standard.monthlyFen + largestSupplement(standard)) {
      perPerson++
      standardFen = standard.monthlyFen
      if (amount.fen === standard.monthlyFen) atStandard++
    }
  }
  if (multi.length >= PER_PERSON_MIN_ROWS && perPerson >= multi.length * PER_PERSON_SHARE) {
    // households with little income get little, so low amounts alone are not enough: the column must also not grow
    // with the people (several people's amounts no higher than one person's), or sit at one standard, or another
    // column be it times the people
    const better = householdColumn(input, multi)
    const flat = singles.length >= PER_PERSON_MIN_ROWS && median(multi.map((m) => m.fen)) <= median(singles) * 1.25
    if (better !== null || flat || atStandard >= multi.length * MOST)
      suspicions.push({ kind: 'perPerson', column: amountColumn, rows: perPerson, of: multi.length, standardFen, better })
  }
  return suspicions
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Another column whose amounts are the per-person column's times the people, for most households of several: the household's. */
function householdColumn(input: ColumnCheckInput, multi: ReadonlyArray<{ row: SourceRow; fen: number; people: number }>): number | null {
  const mapped = new Set(Object.values(input.mapping))
  for (let column = 0; column < input.headers.length; column++) {
    if (mapped.has(column)) continue
    let matches = 0
    for (const { row, fen, people } of multi) {
      const amount = parseAmountCell(row.cells[column] ?? null)
      if (amount.ok && Math.abs(amount.fen - fen * people) <= 100) matches++
    }
    if (matches >= multi.length * PER_PERSON_SHARE) return column
  }
  return null
}

/** The standards in force on a day for a township, and each village's area (社区: 城市), then checkColumns. */
export async function checkRosterColumns(
  db: DbOrTx,
  q: { townshipId: number; on: string; headers: readonly string[]; rows: readonly SourceRow[]; mapping: ColumnMapping; defaultVillage: VillageRef | null },
): Promise<ColumnSuspicion[]> {
  const [urban, rural, villages] = await Promise.all([
    standardInForce(db, { townshipId: q.townshipId, area: 'urban', on: q.on }),
    standardInForce(db, { townshipId: q.townshipId, area: 'rural', on: q.on }),
    db.selectFrom('villages').select(['id', 'name', 'kind']).where('township_id', '=', q.townshipId).execute(),
  ])
  const findVillage = villageMatcher(villages)
  const kindOf = new Map(villages.map((v) => [v.id, v.kind]))
  const villageArea = (text: string | null): HouseholdArea | null => {
    const village = text === null ? q.defaultVillage : findVillage(text)
    if (!village) return null
    return kindOf.get(village.id) === 'community' ? 'urban' : 'rural'
  }
  return checkColumns({ headers: q.headers, rows: q.rows, mapping: q.mapping, standards: { urban, rural }, villageArea })
}

/** The reason a column was refused, in the user's words. */
export function suspicionText(suspicion: ColumnSuspicion, headers: readonly string[]): string {
  const header = (column: number) => halfWidth(headers[column] ?? '').replace(/\s+/g, '') || r.mapping.emptyHeader
  const problems = r.mapping.problems
  switch (suspicion.kind) {
    case 'dates':
      return format(problems.dates, {
        n: suspicion.column + 1,
        header: header(suspicion.column),
        row: suspicion.sheetRow,
        example: suspicion.example,
        field: r.fields[suspicion.field],
      })
    case 'tooHigh':
      return format(problems.tooHigh, {
        n: suspicion.column + 1,
        header: header(suspicion.column),
        rows: suspicion.rows,
        of: suspicion.of,
        basis: suspicion.standard
          ? format(problems.tooHighStandard, { factor: PLAUSIBLE_FACTOR })
          : format(problems.tooHighNoStandard, { limit: yuan(NO_STANDARD_CEILING_FEN) }),
        row: suspicion.sheetRow,
        amount: yuan(suspicion.amountFen),
        members: suspicion.members,
        limit: yuan(suspicion.limitFen),
      })
    case 'perPerson':
      return (
        format(problems.perPerson, {
          n: suspicion.column + 1,
          header: header(suspicion.column),
          rows: suspicion.rows,
          of: suspicion.of,
          standard: yuan(suspicion.standardFen),
        }) + (suspicion.better === null ? '' : format(problems.perPersonBetter, { n: suspicion.better + 1, header: header(suspicion.better) }))
      )
  }
}
