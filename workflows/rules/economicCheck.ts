// 家庭经济状况核查: a household's monthly income by kind and its property, each with the source of the figure, and the
// amount the rules give against the 低保标准 in force (standard − per-capita income, plus 分类施保 per covered member).
// Pure: the review model stores the check as JSON in household_reviews.economic_check; pages and the print view read it.
import { SUPPLEMENT_KINDS, type MemberDisability, type MemberHealth, type SupplementKind } from './vocabulary'

/** 收入类别: 工资性收入, 经营性收入, 养老金/退休金, 转移性收入, 其他 */
export const INCOME_KINDS = ['wages', 'business', 'pension', 'transfer', 'other'] as const
export type IncomeKind = (typeof INCOME_KINDS)[number]

/** 数据来源: 本人申报, 入户核实, 部门比对 */
export const FIGURE_SOURCES = ['declared', 'visited', 'crossChecked'] as const
export type FigureSource = (typeof FIGURE_SOURCES)[number]

/** 财产状况: 机动车辆, 非唯一住房, 工商登记, 存款 (an amount above DEPOSIT_THRESHOLD_FEN counts against the household) */
export const PROPERTY_ITEMS = ['vehicle', 'extraHousing', 'businessRegistration', 'deposits'] as const
export type PropertyItem = (typeof PROPERTY_ITEMS)[number]

/**
 * Deposits per household above which they count against eligibility. Counties set their own line (often a number of
 * months of the standard per member); until the standard carries one, a fixed ¥50,000 stands in.
 */
export const DEPOSIT_THRESHOLD_FEN = 5_000_000

/** 分类施保 ages: 老年人 from 60, 未成年人 under 18 */
export const ELDERLY_AGE = 60
export const MINOR_AGE = 18

/** The most any monthly figure may be (¥1,000,000): bounds a form field, not a rule. */
export const MAX_MONTHLY_FEN = 100_000_000

export interface IncomeFigure {
  /** monthly, fen; 0 when the household has none of this kind */
  monthlyFen: number
  source: FigureSource | null
}

export interface PropertyFigure {
  present: boolean
  source: FigureSource | null
  /** deposits only: the amount found, fen */
  amountFen?: number | null
}

export interface EconomicCheck {
  incomes: Record<IncomeKind, IncomeFigure>
  property: Record<PropertyItem, PropertyFigure>
}

/** An empty check: no income recorded, no property, no sources. */
export function emptyEconomicCheck(): EconomicCheck {
  const incomes = {} as Record<IncomeKind, IncomeFigure>
  for (const kind of INCOME_KINDS) incomes[kind] = { monthlyFen: 0, source: null }
  const property = {} as Record<PropertyItem, PropertyFigure>
  for (const item of PROPERTY_ITEMS) property[item] = item === 'deposits' ? { present: false, source: null, amountFen: null } : { present: false, source: null }
  return { incomes, property }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fen(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_MONTHLY_FEN * 100 ? value : 0
}

function source(value: unknown): FigureSource | null {
  return typeof value === 'string' && (FIGURE_SOURCES as readonly string[]).includes(value) ? (value as FigureSource) : null
}

/**
 * Read a stored check (JSON text or an already-parsed value). Null, garbage or a missing part gives null for the whole
 * when nothing usable is there, otherwise the usable parts over an empty check (unknown keys are dropped).
 */
export function parseEconomicCheck(json: unknown): EconomicCheck | null {
  let value: unknown = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch {
      return null
    }
  }
  if (!isRecord(value)) return null
  const check = emptyEconomicCheck()
  const incomes = isRecord(value.incomes) ? value.incomes : {}
  const property = isRecord(value.property) ? value.property : {}
  if (!isRecord(value.incomes) && !isRecord(value.property)) return null
  for (const kind of INCOME_KINDS) {
    const item = incomes[kind]
    if (isRecord(item)) check.incomes[kind] = { monthlyFen: fen(item.monthlyFen), source: source(item.source) }
  }
  for (const name of PROPERTY_ITEMS) {
    const item = property[name]
    if (!isRecord(item)) continue
    check.property[name] = { present: item.present === true, source: source(item.source) }
    if (name === 'deposits') check.property.deposits.amountFen = item.amountFen == null ? null : fen(item.amountFen)
  }
  return check
}

/** Total monthly income of the household, fen. */
export function totalIncomeFen(check: EconomicCheck): number {
  return INCOME_KINDS.reduce((sum, kind) => sum + check.incomes[kind].monthlyFen, 0)
}

/** 家庭月人均收入: total over the members, floored (a household of 0 counts as 1). */
export function perCapitaIncomeFen(check: EconomicCheck, memberCount: number): number {
  return Math.floor(totalIncomeFen(check) / Math.max(1, Math.floor(memberCount)))
}

/** The check is done when every income kind has a source (a zero income still needs one: who said so). */
export function incomesHaveSources(check: EconomicCheck | null): boolean {
  return check !== null && INCOME_KINDS.every((kind) => check.incomes[kind].source !== null)
}

/** Property items present that count against the household (deposits only above the threshold). */
export function propertyProblems(check: EconomicCheck): PropertyItem[] {
  return PROPERTY_ITEMS.filter((item) => {
    const figure = check.property[item]
    if (!figure.present) return false
    if (item === 'deposits') return (figure.amountFen ?? 0) > DEPOSIT_THRESHOLD_FEN
    return true
  })
}

/** Birth date (YYYY-MM-DD) from an 18-digit ID number, or null when it holds none. */
export function birthDateFromIdNumber(idNumber: string | null | undefined): string | null {
  if (!idNumber || !/^\d{17}[\dX]$/.test(idNumber)) return null
  const d = idNumber.slice(6, 14)
  const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`
  const parsed = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date ? null : date
}

/** Age in whole years on a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDay: string): number {
  const years = Number(onDay.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return onDay.slice(5) < birthDate.slice(5) ? years - 1 : years
}

export interface AllowanceMember {
  covered: boolean
  health: MemberHealth
  disability: MemberDisability
  /** YYYY-MM-DD, from the ID number; null when unknown (no age-based supplement) */
  birthDate: string | null
}

/** Which 分类施保 kinds one member qualifies for on a day (each kind once). */
export function supplementKindsFor(member: AllowanceMember, onDay: string): SupplementKind[] {
  const age = member.birthDate ? ageOn(member.birthDate, onDay) : null
  const applies: Record<SupplementKind, boolean> = {
    seriousIllness: member.health === 'seriousIllness',
    severeDisability: member.disability === 'severe',
    elderly: age !== null && age >= ELDERLY_AGE,
    minor: age !== null && age < MINOR_AGE,
  }
  return SUPPLEMENT_KINDS.filter((kind) => applies[kind])
}

export interface AllowanceInput {
  /** 月低保标准 per person, fen */
  standardFen: number
  /** 分类施保 per member per month, fen (a kind missing or 0: no addition) */
  supplementsFen: Partial<Record<SupplementKind, number>>
  /** the members on record; supplements go to covered members only */
  members: AllowanceMember[]
  /** 保障人数 */
  coveredCount: number
  /** 家庭月人均收入, fen */
  perCapitaFen: number
  /** YYYY-MM-DD: the day ages are reckoned on */
  onDay: string
  /** the check, for its property problems (omitted: none known) */
  check?: EconomicCheck | null
}

export interface AllowanceAssessment {
  /** per-capita income below the standard */
  belowStandard: boolean
  propertyProblems: PropertyItem[]
  /** 差额: max(0, standard − per-capita) × covered */
  baseFen: number
  /** 分类施保, summed over covered members */
  supplementFen: number
  /** what the rules give: base + supplements (the supplements only when there is a base to add to) */
  amountFen: number
}

/**
 * The amount the rules give. 补差: (standard − per-capita income) per covered person; 分类施保 per covered member in each
 * situation. A household at or above the standard gets nothing (supplements do not make a family eligible).
 */
export function assessAllowance(input: AllowanceInput): AllowanceAssessment {
  const gap = Math.max(0, input.standardFen - input.perCapitaFen)
  const covered = Math.max(0, Math.floor(input.coveredCount))
  const baseFen = gap * covered
  let supplementFen = 0
  for (const member of input.members) {
    if (!member.covered) continue
    for (const kind of supplementKindsFor(member, input.onDay)) supplementFen += Math.max(0, input.supplementsFen[kind] ?? 0)
  }
  const belowStandard = input.perCapitaFen < input.standardFen
  return {
    belowStandard,
    propertyProblems: input.check ? propertyProblems(input.check) : [],
    baseFen,
    supplementFen,
    amountFen: belowStandard ? baseFen + supplementFen : 0,
  }
}
