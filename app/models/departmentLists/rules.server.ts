// 信息核对, the pure part: which columns each department's list has (found by their header text), the people a list
// names (one entry per ID number, every row of theirs kept together), and the fact their rows state in words —
// "名下有小型汽车1辆", "已于2026-10-03死亡". Nothing here reads a file or the database.
import type { DepartmentSource } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { yuanDigits } from '../../utils/format'
import { cellText, halfWidth, normaliseName, parseAmountCell, type Cell } from '../rosterImport/rules.server'
import type { TableSheet } from '../tableFile/read.server'
import { locateColumns, type ColumnSpec } from '../tableFile/columns.server'

const f = t.departmentLists.facts

// ————————————————————————————————————————— columns —————————————————————————————————————————

export type DepartmentField =
  | 'idNumber'
  | 'name'
  | 'plate'
  | 'vehicleType'
  | 'entityName'
  | 'entityType'
  | 'status'
  | 'capital'
  | 'location'
  | 'floorArea'
  | 'employer'
  | 'wage'
  | 'pension'
  | 'diedOn'
  | 'crematedOn'
  | 'monthlyDeposit'

const includes =
  (...parts: string[]) =>
  (bare: string) =>
    parts.some((p) => bare.includes(p))

const ID_COLUMN: ColumnSpec<DepartmentField> = {
  key: 'idNumber',
  names: ['身份证号', '身份证号码', '公民身份号码', '居民身份证号码', '证件号码', '身份证', '证件号', '所有人身份证号', '权利人证件号', '缴存人身份证号'],
  loose: includes('身份证', '证件号码', '身份号码'),
  required: true,
}
const NAME_COLUMN: ColumnSpec<DepartmentField> = {
  key: 'name',
  names: ['姓名', '所有人', '机动车所有人', '法定代表人', '经营者', '权利人', '缴存人', '缴存人姓名', '死者姓名', '人员姓名', '领取人'],
  loose: includes('姓名'),
}

/** Each source's columns beyond the ID number and the name. */
const SOURCE_COLUMNS: Record<DepartmentSource, ColumnSpec<DepartmentField>[]> = {
  vehicles: [
    { key: 'plate', names: ['号牌号码', '车牌号码', '车牌号', '号牌'] },
    { key: 'vehicleType', names: ['车辆类型', '车型', '车辆种类'], loose: includes('车辆类型') },
  ],
  business: [
    { key: 'entityName', names: ['企业名称', '市场主体名称', '个体工商户名称', '字号名称', '名称'], loose: includes('名称') },
    { key: 'entityType', names: ['企业类型', '市场主体类型', '主体类型', '类型'] },
    { key: 'status', names: ['经营状态', '登记状态', '企业状态'], loose: includes('状态') },
    { key: 'capital', names: ['注册资本', '注册资金', '资金数额', '出资额'], loose: includes('注册资本') },
  ],
  realEstate: [
    { key: 'location', names: ['房屋坐落', '坐落', '不动产坐落'], loose: includes('坐落') },
    { key: 'floorArea', names: ['建筑面积', '房屋面积', '面积'], loose: includes('建筑面积') },
  ],
  payroll: [
    { key: 'employer', names: ['单位', '工作单位', '单位名称', '发放单位'], loose: includes('单位') },
    { key: 'wage', names: ['月工资', '应发工资', '工资', '月应发工资'], loose: includes('工资') },
    { key: 'pension', names: ['养老金', '月养老金', '养老金月领取额', '待遇金额', '月领取金额'], loose: includes('养老金') },
  ],
  deaths: [
    { key: 'diedOn', names: ['死亡日期', '死亡时间'], loose: includes('死亡日期', '死亡时间') },
    { key: 'crematedOn', names: ['火化日期', '火化时间'], loose: includes('火化') },
  ],
  housingFund: [
    { key: 'employer', names: ['缴存单位', '单位名称', '单位'], loose: includes('单位') },
    { key: 'monthlyDeposit', names: ['月缴存额', '月缴额', '缴存额', '月缴存金额'], loose: includes('缴存额') },
  ],
}

export function columnSpecFor(source: DepartmentSource): ColumnSpec<DepartmentField>[] {
  return [ID_COLUMN, NAME_COLUMN, ...SOURCE_COLUMNS[source]]
}

// ————————————————————————————————————————— values —————————————————————————————————————————

/**
 * An ID number as another office writes it, in the form matching compares: 18 characters (17 digits and a digit or
 * X) or a legacy 15 digits, or null. Only what is written differently is undone (full-width, spaces, ="…", a number
 * cell); the check digit is not judged — a wrong number simply meets no one.
 */
export function departmentIdOf(cell: Cell): string | null {
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell <= 0) return null
    cell = cell.toFixed(0)
  }
  const text = halfWidth(cellText(cell))
    .replace(/^="?(.*?)"?$/, '$1')
    .replace(/^'/, '')
    .replace(/[\s-]/g, '')
    .toUpperCase()
  return /^\d{17}[\dX]$/.test(text) || /^\d{15}$/.test(text) ? text : null
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/** A date cell as YYYY-MM-DD: an Excel serial number, or text such as 2026-10-03, 2026/10/3, 2026年10月3日, 20261003. */
export function dateOf(cell: Cell): string | null {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return null
    if (cell >= 19000101 && cell <= 21001231 && Number.isInteger(cell)) return dateOf(String(cell))
    if (cell < 1 || cell > 80000) return null
    return new Date(EXCEL_EPOCH + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10)
  }
  const text = halfWidth(cellText(cell)).replace(/\s+/g, '')
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (!m) return null
  return realDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

function realDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/**
 * The day or month a department's data is as of, as a form or the CLI gives it: '2026-11', '2026-11-30', '2026/11',
 * '2026年11月'. Normalised to YYYY-MM or YYYY-MM-DD; null when it is not a real month or day.
 */
export function parseDataDate(input: string | null | undefined): string | null {
  const text = halfWidth(input ?? '').replace(/\s+/g, '')
  const day = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text)
  if (day) return realDay(Number(day[1]), Number(day[2]), Number(day[3]))
  const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(text)
  if (!month) return null
  const y = Number(month[1])
  const m = Number(month[2])
  return y >= 2000 && y <= 2100 && m >= 1 && m <= 12 ? `${y}-${String(m).padStart(2, '0')}` : null
}

/** A short text from a cell: at most `max` characters. */
function textOf(cell: Cell | undefined, max = 60): string {
  return halfWidth(cellText(cell ?? null))
    .replace(/\s+/g, ' ')
    .slice(0, max)
}

function amountFenOf(cell: Cell | undefined): number | null {
  const parsed = parseAmountCell(cell ?? null)
  return parsed.ok ? parsed.fen : null
}

function numberOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell > 0 ? cell : null
  const text = halfWidth(cellText(cell ?? null)).replace(/[,\s]|平方米|㎡|m2/gi, '')
  if (!/^\d+(\.\d+)?$/.test(text)) return null
  const n = Number(text)
  return n > 0 ? n : null
}

// ————————————————————————————————————————— the people a list names —————————————————————————————————————————

/** One row of a list, by field. */
export type DepartmentRow = Partial<Record<DepartmentField, Cell>>

/** Everyone a list names: each ID number once, with all of its rows. */
export interface DepartmentPerson {
  idNumber: string
  name: string
  rows: DepartmentRow[]
}

export type ListReading =
  | {
      ok: true
      /** the data rows read (a row with anything in it below the header) */
      rowCount: number
      /** rows whose ID number is missing or not an ID number */
      invalidIdRows: number
      people: DepartmentPerson[]
      sheets: Array<{ name: string | null; headerRow: number; rows: number }>
    }
  | { ok: false; problem: 'noIdColumn' | 'noRows' }

/**
 * The people of a department's list, from every sheet whose header has an ID column (visible sheets first; hidden
 * ones only when no visible sheet has one). Hidden rows count: a department's file is its record, not a draft.
 */
export function readDepartmentList(source: DepartmentSource, sheets: readonly TableSheet[]): ListReading {
  const spec = columnSpecFor(source)
  const located = (candidates: readonly TableSheet[]) =>
    candidates.flatMap((sheet) => {
      const found = locateColumns(
        sheet.rows.map((r) => r.cells),
        spec,
      )
      return found ? [{ sheet, found }] : []
    })
  let usable = located(sheets.filter((s) => !s.hidden))
  if (usable.length === 0) usable = located(sheets.filter((s) => s.hidden))
  if (usable.length === 0) return { ok: false, problem: 'noIdColumn' }

  const people = new Map<string, DepartmentPerson>()
  let rowCount = 0
  let invalidIdRows = 0
  const read: Array<{ name: string | null; headerRow: number; rows: number }> = []
  for (const { sheet, found } of usable) {
    const dataRows = sheet.rows.slice(found.headerIndex + 1).filter((r) => r.cells.some((c) => cellText(c) !== ''))
    read.push({ name: sheet.name, headerRow: sheet.rows[found.headerIndex].sheetRow, rows: dataRows.length })
    for (const r of dataRows) {
      rowCount++
      const row: DepartmentRow = {}
      for (const [field, column] of Object.entries(found.columns) as Array<[DepartmentField, number]>) row[field] = r.cells[column] ?? null
      const idNumber = departmentIdOf(row.idNumber ?? null)
      if (!idNumber) {
        invalidIdRows++
        continue
      }
      const person = people.get(idNumber) ?? { idNumber, name: normaliseName(textOf(row.name, 40)), rows: [] }
      person.rows.push(row)
      people.set(idNumber, person)
    }
  }
  if (people.size === 0) return { ok: false, problem: 'noRows' }
  return { ok: true, rowCount, invalidIdRows, people: [...people.values()], sheets: read }
}

// ————————————————————————————————————————— the fact in words —————————————————————————————————————————

export const MAX_FACT_LENGTH = 300

function vehiclesFact(rows: DepartmentRow[]): string {
  const counts = new Map<string, number>()
  for (const row of rows) {
    const type = textOf(row.vehicleType, 20) || f.vehicleDefault
    counts.set(type, (counts.get(type) ?? 0) + 1)
  }
  const parts = [...counts].map(([type, count]) => format(f.vehicleCount, { type, count }))
  return format(f.vehicles, { vehicles: parts.join(f.listSeparator) })
}

function businessFact(rows: DepartmentRow[]): string {
  const parts = rows.map((row) => {
    const name = textOf(row.entityName, 60)
    if (!name) return f.businessUnnamed
    const type = textOf(row.entityType, 30)
    const individual = type ? type.includes('个体') : name.includes('个体') || !/(公司|企业|合作社|厂|集团)/.test(name)
    const extras = [textOf(row.status, 20), textOf(row.capital, 20) ? format(f.registeredCapital, { amount: textOf(row.capital, 20) }) : ''].filter(Boolean)
    const line = format(individual ? f.individualBusiness : f.legalRepresentative, { name })
    return extras.length ? `${line}（${extras.join(f.partSeparator)}）` : line
  })
  return [...new Set(parts)].join(f.separator)
}

function areaText(area: number): string {
  return String(Math.round(area * 100) / 100)
}

function realEstateFact(rows: DepartmentRow[]): string {
  const areas = rows.map((r) => numberOf(r.floorArea)).filter((a): a is number => a !== null)
  const line = format(f.realEstate, { count: rows.length })
  return areas.length ? `${line}（${format(f.floorArea, { area: areaText(areas.reduce((n, a) => n + a, 0)) })}）` : line
}

function payrollFact(rows: DepartmentRow[]): string {
  const parts = rows.map((row) => {
    const pension = amountFenOf(row.pension)
    if (pension !== null) return format(f.pension, { amount: yuanDigits(pension) })
    const employer = textOf(row.employer, 40)
    const wage = amountFenOf(row.wage)
    const line = employer ? format(f.payroll, { employer }) : f.payrollNoEmployer
    return wage !== null ? `${line}${f.partSeparator}${format(f.wage, { amount: yuanDigits(wage) })}` : line
  })
  return [...new Set(parts)].join(f.separator)
}

function earliest(days: Array<string | null>): string | null {
  const real = days.filter((d): d is string => d !== null).sort()
  return real[0] ?? null
}

function deathsFact(rows: DepartmentRow[]): string {
  const died = earliest(rows.map((r) => dateOf(r.diedOn ?? null)))
  const cremated = earliest(rows.map((r) => dateOf(r.crematedOn ?? null)))
  if (died && cremated) return format(f.diedAndCremated, { died, cremated })
  if (died) return format(f.died, { date: died })
  if (cremated) return format(f.cremated, { date: cremated })
  return f.deathUndated
}

function housingFundFact(rows: DepartmentRow[]): string {
  const parts = rows.map((row) => {
    const employer = textOf(row.employer, 40)
    const monthly = amountFenOf(row.monthlyDeposit)
    const extras = [
      employer ? format(f.housingFundEmployer, { employer }) : '',
      monthly !== null ? format(f.housingFundMonthly, { amount: yuanDigits(monthly) }) : '',
    ].filter(Boolean)
    return extras.length ? `${f.housingFund}（${extras.join(f.partSeparator)}）` : f.housingFund
  })
  return [...new Set(parts)].join(f.separator)
}

const FACTS: Record<DepartmentSource, (rows: DepartmentRow[]) => string> = {
  vehicles: vehiclesFact,
  business: businessFact,
  realEstate: realEstateFact,
  payroll: payrollFact,
  deaths: deathsFact,
  housingFund: housingFundFact,
}

/** What a person's rows in a source's list say, in words (without the source and date: see factLine). */
export function factOf(source: DepartmentSource, rows: DepartmentRow[]): string {
  const fact = FACTS[source](rows)
  return fact.length > MAX_FACT_LENGTH ? `${fact.slice(0, MAX_FACT_LENGTH - 1)}…` : fact
}

/** 名下有小型汽车1辆（车管，2026-11）: a fact with its source and the data's date, as every page and file writes it. */
export function factLine(source: DepartmentSource, fact: string, dataDate: string): string {
  return format(t.departmentLists.factLine, { fact, source: t.departmentLists.sources[source], date: dataDate })
}
