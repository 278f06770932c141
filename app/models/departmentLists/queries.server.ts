// 信息核对, reading: the /crosscheck page and the match list for a viewer (crosscheckScopeFor decides what each sees,
// here and not in a route), and a household's findings for the roster and the review form. ID numbers leave this
// module masked.
import type { DB } from '../../../db/connection.server'
import { maskIdNumber } from '../../../workflows/rules/idNumber'
import { DEPARTMENT_SOURCES, type DepartmentSource } from '../../../workflows/rules/vocabulary'
import { t } from '../../i18n/dictionary'
import type { CurrentUser } from '../../utils/auth.server'
import { beijingTime } from '../../utils/format'
import type { DbOrTx } from '../versioned.server'
import { factLine } from './rules.server'
import { canImportLists, crosscheckScopeFor, type CrosscheckScope } from './scope.server'

export interface MatchView {
  id: number
  source: DepartmentSource
  sourceLabel: string
  fact: string
  dataDate: string
  /** the fact with its source and date: 名下有小型汽车1辆（车管，2026-11） */
  line: string
  townshipName: string
  villageId: number
  villageName: string
  householdId: number
  headName: string
  personName: string
  /** the person found is the household's head */
  isHead: boolean
  maskedIdNumber: string
  /** the household's review form */
  href: string
}

/** A list as the viewer may see it: the county sees the file, its size and who imported it; a township does not. */
export interface ListView {
  id: number
  source: DepartmentSource
  sourceLabel: string
  dataDate: string
  importedAt: string
  current: boolean
  /** matches the viewer may see (the county: all of the list's; a township: its own) */
  matchCount: number
  fileName: string | null
  rowCount: number | null
  importedBy: string | null
}

export interface CrosscheckPage {
  scope: CrosscheckScope['kind']
  canImport: boolean
  sources: readonly DepartmentSource[]
  /** null for a village's viewer: the lists are not theirs to see */
  lists: ListView[] | null
  matches: MatchView[]
  /** all matches the viewer may see (the page shows at most `limit`) */
  total: number
  households: number
}

export function isDepartmentSource(value: unknown): value is DepartmentSource {
  return typeof value === 'string' && (DEPARTMENT_SOURCES as readonly string[]).includes(value)
}

/** The matches a scope may see, of current lists only, by township, village and household. */
export async function listScopedMatches(db: DbOrTx, scope: CrosscheckScope, q: { source?: DepartmentSource | null } = {}): Promise<MatchView[]> {
  if (scope.kind === 'villages' && scope.villageIds.length === 0) return []
  let query = db
    .selectFrom('department_matches as m')
    .innerJoin('department_lists as l', 'l.id', 'm.list_id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .innerJoin('villages as v', 'v.id', 'm.village_id')
    .innerJoin('townships as tw', 'tw.id', 'm.township_id')
    .select([
      'm.id',
      'm.source',
      'm.fact',
      'm.data_date',
      'm.person_name',
      'm.id_number',
      'm.household_id',
      'm.village_id',
      'v.name as village_name',
      'tw.name as township_name',
      'h.head_name',
      'h.id_number as head_id_number',
    ])
    .where('l.replaced_at', 'is', null)
  if (scope.kind === 'county') query = query.where('tw.county_name', '=', scope.countyName)
  else if (scope.kind === 'township') query = query.where('m.township_id', '=', scope.townshipId)
  else query = query.where('m.village_id', 'in', scope.villageIds)
  if (q.source) query = query.where('m.source', '=', q.source)
  const rows = await query.orderBy('tw.name').orderBy('v.name').orderBy('m.household_id').orderBy('m.source').orderBy('m.id').execute()
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    sourceLabel: t.departmentLists.sources[r.source],
    fact: r.fact,
    dataDate: r.data_date,
    line: factLine(r.source, r.fact, r.data_date),
    townshipName: r.township_name,
    villageId: r.village_id,
    villageName: r.village_name,
    householdId: r.household_id,
    headName: r.head_name,
    personName: r.person_name,
    isHead: r.id_number === r.head_id_number,
    maskedIdNumber: maskIdNumber(r.id_number),
    href: `/villages/${r.village_id}/households/${r.household_id}`,
  }))
}

async function listLists(db: DB, scope: CrosscheckScope): Promise<ListView[] | null> {
  if (scope.kind === 'villages') return null
  if (scope.kind === 'county') {
    const rows = await db
      .selectFrom('department_lists as l')
      .innerJoin('counties as c', 'c.id', 'l.county_id')
      .select(['l.id', 'l.source', 'l.data_date', 'l.file_name', 'l.row_count', 'l.match_count', 'l.imported_by', 'l.imported_at', 'l.replaced_at'])
      .where('c.name', '=', scope.countyName)
      .orderBy('l.imported_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(100)
      .execute()
    return rows.map((l) => ({
      id: l.id,
      source: l.source,
      sourceLabel: t.departmentLists.sources[l.source],
      dataDate: l.data_date,
      importedAt: beijingTime(l.imported_at),
      current: l.replaced_at === null,
      matchCount: l.match_count,
      fileName: l.file_name,
      rowCount: l.row_count,
      importedBy: l.imported_by,
    }))
  }
  // a township: the current lists of its county, each with the township's own matches
  const township = await db.selectFrom('townships').select('county_name').where('id', '=', scope.townshipId).executeTakeFirst()
  if (!township?.county_name) return []
  const rows = await db
    .selectFrom('department_lists as l')
    .innerJoin('counties as c', 'c.id', 'l.county_id')
    .leftJoin('department_matches as m', (join) => join.onRef('m.list_id', '=', 'l.id').on('m.township_id', '=', scope.townshipId))
    .select(({ fn }) => ['l.id', 'l.source', 'l.data_date', 'l.imported_at', fn.count<number>('m.id').as('matches')])
    .where('c.name', '=', township.county_name)
    .where('l.replaced_at', 'is', null)
    .groupBy(['l.id', 'l.source', 'l.data_date', 'l.imported_at'])
    .orderBy('l.imported_at', 'desc')
    .execute()
  return rows.map((l) => ({
    id: l.id,
    source: l.source,
    sourceLabel: t.departmentLists.sources[l.source],
    dataDate: l.data_date,
    importedAt: beijingTime(l.imported_at),
    current: true,
    matchCount: Number(l.matches),
    fileName: null,
    rowCount: null,
    importedBy: null,
  }))
}

export const PAGE_MATCH_LIMIT = 500

/** The /crosscheck page for this user; null when their account has no scope (the route answers 403). */
export async function getCrosscheckPage(db: DB, q: { user: CurrentUser; source?: DepartmentSource | null }): Promise<CrosscheckPage | null> {
  const scope = crosscheckScopeFor(q.user)
  if (!scope) return null
  const [lists, matches] = await Promise.all([listLists(db, scope), listScopedMatches(db, scope, { source: q.source })])
  return {
    scope: scope.kind,
    canImport: canImportLists(q.user),
    sources: DEPARTMENT_SOURCES,
    lists,
    matches: matches.slice(0, PAGE_MATCH_LIMIT),
    total: matches.length,
    households: new Set(matches.map((m) => m.householdId)).size,
  }
}

// ————————————————————————————————————————— a household's findings —————————————————————————————————————————

export interface HouseholdFinding {
  source: DepartmentSource
  sourceLabel: string
  personName: string
  isHead: boolean
  fact: string
  dataDate: string
  line: string
}

async function findingsWhere(db: DbOrTx, column: 'm.household_id' | 'm.village_id', id: number) {
  return db
    .selectFrom('department_matches as m')
    .innerJoin('department_lists as l', 'l.id', 'm.list_id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.household_id', 'm.source', 'm.person_name', 'm.id_number', 'm.fact', 'm.data_date', 'h.id_number as head_id_number'])
    .where(column, '=', id)
    .where('l.replaced_at', 'is', null)
    .orderBy('m.household_id')
    .orderBy('m.source')
    .orderBy('m.id')
    .execute()
}

type FindingRow = Awaited<ReturnType<typeof findingsWhere>>[number]

function findingOf(r: FindingRow): HouseholdFinding {
  return {
    source: r.source,
    sourceLabel: t.departmentLists.sources[r.source],
    personName: r.person_name,
    isHead: r.id_number === r.head_id_number,
    fact: r.fact,
    dataDate: r.data_date,
    line: factLine(r.source, r.fact, r.data_date),
  }
}

/** What other departments' lists say about one household (its village's viewers may see it: the caller checked). */
export async function listHouseholdFindings(db: DbOrTx, householdId: number): Promise<HouseholdFinding[]> {
  return (await findingsWhere(db, 'm.household_id', householdId)).map(findingOf)
}

/** Does any current list name someone of this household? (重点核查: the review asks for a note on it.) */
export async function hasDepartmentFindings(db: DbOrTx, householdId: number): Promise<boolean> {
  const row = await db
    .selectFrom('department_matches as m')
    .innerJoin('department_lists as l', 'l.id', 'm.list_id')
    .select('m.id')
    .where('m.household_id', '=', householdId)
    .where('l.replaced_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Every household of a village with findings, for the roster. */
export async function villageFindings(db: DbOrTx, villageId: number): Promise<Map<number, HouseholdFinding[]>> {
  const byHousehold = new Map<number, HouseholdFinding[]>()
  for (const r of await findingsWhere(db, 'm.village_id', villageId)) {
    const list = byHousehold.get(r.household_id) ?? []
    list.push(findingOf(r))
    byHousehold.set(r.household_id, list)
  }
  return byHousehold
}
