// 县级入户抽查, the reads: the county's latest list, its figures per township (sampled / checked / inconsistent and
// the 100% lists' progress, with the pace rule of workflows/rules/countySample.ts), the household list with its
// filters, and one household's check record. Redacted by viewer here: the county sees its whole county, a township
// leader only their own township and read-only; nobody else (a cadre sees only the problems it registered).
import { sql, type RawBuilder } from 'kysely'
import type { DB } from '../../../db/connection.server'
import { SAMPLE_LIST_MAX, samplePace, type SampleBehindReason } from '../../../workflows/rules/countySample'
import { maskIdNumber } from '../../../workflows/rules/idNumber'
import { SAMPLE_REASONS, type SampleFinding, type SampleReason } from '../../../workflows/rules/vocabulary'
import type { PhaseWindow } from '../../../workflows/rules/schedule'
import { getCurrentCampaigns } from '../campaign.server'
import type { DbOrTx } from '../versioned.server'
import { percentFloor } from '../../utils/format'

/** Who reads: the county bureau (the administrator draws and assigns), or one township's leader (read-only). */
export type SampleViewer = { kind: 'county'; countyName: string; manage: boolean } | { kind: 'township'; townshipId: number }

export interface SampleInfo {
  id: number
  seed: string
  percent: number
  drawnOn: string
  drawnBy: string | null
  note: string | null
  households: number
}

export interface SampleTownshipFigures {
  townshipId: number
  name: string
  /** the list filtered to the township */
  path: string
  /** 在保 households now */
  households: number
  /** on the list by the random draw */
  randomSampled: number
  /** on the list for any reason */
  sampled: number
  checked: number
  inconsistent: number
  /** percentFloor(checked, sampled): the page's and the JSON's one figure */
  checkedPercent: number
  nearRelative: { total: number; checked: number }
  reported: { total: number; checked: number }
  behind: boolean
  behindReasons: SampleBehindReason[]
  /** the share of the time from the draw to the end of 检查督导 gone, percent with one decimal (rounded down) */
  elapsedPercent: number
}

export interface CountySampleSummary {
  sample: SampleInfo
  townships: SampleTownshipFigures[]
  totals: {
    sampled: number
    checked: number
    inconsistent: number
    checkedPercent: number
    nearRelative: { total: number; checked: number }
    reported: { total: number; checked: number }
  }
  /** townships behind (the county's attention list), in the townships' order */
  attention: Array<{ townshipId: number; name: string; path: string; reasons: SampleBehindReason[]; checkedPercent: number; elapsedPercent: number }>
}

/** The county's newest list, or null before any. */
export async function latestSample(db: DbOrTx, countyName: string): Promise<SampleInfo | null> {
  const row = await db
    .selectFrom('county_samples')
    .innerJoin('counties', 'counties.id', 'county_samples.county_id')
    .leftJoin('users', 'users.id', 'county_samples.drawn_by_user_id')
    .select(['county_samples.id', 'county_samples.seed', 'county_samples.percent', 'county_samples.drawn_on', 'county_samples.note', 'users.display_name'])
    .where('counties.name', '=', countyName)
    .orderBy('county_samples.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return null
  const { n } = await db
    .selectFrom('county_sample_households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sample_id', '=', row.id)
    .executeTakeFirstOrThrow()
  return { id: row.id, seed: row.seed, percent: row.percent, drawnOn: row.drawn_on, drawnBy: row.display_name ?? null, note: row.note, households: Number(n) }
}

/** The stored reasons, known ones only. */
export function parseReasons(json: string): SampleReason[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? SAMPLE_REASONS.filter((r) => value.includes(r)) : []
  } catch {
    return []
  }
}

const listPath = (townshipId: number) => `/county/sample?township=${townshipId}`

/**
 * The figures of a county's newest list for the given townships (all of the county's when omitted), each township
 * measured against its own campaign's windows. Null before any list was drawn. The county page, /county/sample and
 * /dashboard.json all read this.
 */
export async function countySampleSummary(
  db: DB,
  countyName: string,
  today: string,
  q: { townships?: ReadonlyArray<{ id: number; name: string; windows?: readonly PhaseWindow[] }> } = {},
): Promise<CountySampleSummary | null> {
  const sample = await latestSample(db, countyName)
  if (!sample) return null
  const townships =
    q.townships ??
    (await db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', countyName).orderBy('name').execute()).map((tw) => ({
      id: tw.id,
      name: tw.name,
      windows: undefined,
    }))
  if (townships.length === 0) return { sample, townships: [], totals: totalsOf([]), attention: [] }
  const ids = townships.map((tw) => tw.id)
  const needWindows = townships.some((tw) => tw.windows === undefined)
  const [rows, households, campaigns] = await Promise.all([
    // counted in the database, one row a township (a county's list runs to tens of thousands of households); the
    // reasons are a JSON list of known words, so a quoted word's presence is the reason's
    db
      .selectFrom('county_sample_households')
      .select((eb) => {
        const has = (reason: SampleReason) => sql<boolean>`${eb.ref('reasons')} like ${`%"${reason}"%`}`
        const count = (when: RawBuilder<boolean>) => sql<number>`sum(case when ${when} then 1 else 0 end)`
        const checked = sql<boolean>`${eb.ref('finding')} is not null`
        return [
          'township_id',
          eb.fn.countAll<number>().as('sampled'),
          count(checked).as('checked'),
          count(sql<boolean>`${eb.ref('finding')} = 'inconsistent'`).as('inconsistent'),
          count(has('random')).as('random'),
          count(has('nearRelative')).as('near_relative'),
          count(sql<boolean>`${has('nearRelative')} and ${checked}`).as('near_relative_checked'),
          count(has('reported')).as('reported'),
          count(sql<boolean>`${has('reported')} and ${checked}`).as('reported_checked'),
        ]
      })
      .where('sample_id', '=', sample.id)
      .where('township_id', 'in', ids)
      .groupBy('township_id')
      .execute(),
    db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['villages.township_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('villages.township_id', 'in', ids)
      .where('households.status', '=', 'active')
      .groupBy('villages.township_id')
      .execute(),
    needWindows ? getCurrentCampaigns(db, ids) : Promise.resolve(new Map()),
  ])
  const figures = townships.map((tw): SampleTownshipFigures => {
    const own = rows.find((r) => r.township_id === tw.id)
    const n = (value: number | string | null | undefined) => Number(value ?? 0)
    const sampled = n(own?.sampled)
    const checked = n(own?.checked)
    const nearRelative = { total: n(own?.near_relative), checked: n(own?.near_relative_checked) }
    const reported = { total: n(own?.reported), checked: n(own?.reported_checked) }
    const windows = tw.windows ?? campaigns.get(tw.id)?.windows ?? []
    const pace = samplePace({ sampled, checked, nearRelative, reported, drawnOn: sample.drawnOn, windows, today })
    return {
      townshipId: tw.id,
      name: tw.name,
      path: listPath(tw.id),
      households: n(households.find((h) => h.township_id === tw.id)?.n),
      randomSampled: n(own?.random),
      sampled,
      checked,
      inconsistent: n(own?.inconsistent),
      checkedPercent: percentFloor(checked, sampled),
      nearRelative,
      reported,
      behind: pace.behind,
      behindReasons: pace.reasons,
      elapsedPercent: pace.elapsedPermille / 10,
    }
  })
  return {
    sample,
    townships: figures,
    totals: totalsOf(figures),
    attention: figures
      .filter((f) => f.behind)
      .map((f) => ({
        townshipId: f.townshipId,
        name: f.name,
        path: f.path,
        reasons: f.behindReasons,
        checkedPercent: f.checkedPercent,
        elapsedPercent: f.elapsedPercent,
      })),
  }
}

function totalsOf(figures: SampleTownshipFigures[]): CountySampleSummary['totals'] {
  const sum = (pick: (f: SampleTownshipFigures) => number) => figures.reduce((n, f) => n + pick(f), 0)
  const sampled = sum((f) => f.sampled)
  const checked = sum((f) => f.checked)
  return {
    sampled,
    checked,
    inconsistent: sum((f) => f.inconsistent),
    checkedPercent: percentFloor(checked, sampled),
    nearRelative: { total: sum((f) => f.nearRelative.total), checked: sum((f) => f.nearRelative.checked) },
    reported: { total: sum((f) => f.reported.total), checked: sum((f) => f.reported.checked) },
  }
}

// ————————————————————————————————————————— the list —————————————————————————————————————————

export const SAMPLE_STATUSES = ['unchecked', 'checked', 'inconsistent'] as const
export type SampleStatus = (typeof SAMPLE_STATUSES)[number]

export interface SampleListFilters {
  townshipId?: number
  /** a user id, or 'none' for the unassigned */
  assignee?: number | 'none'
  status?: SampleStatus
}

export interface SampleListRow {
  id: number
  path: string
  townshipName: string
  villageName: string
  headName: string
  reasons: SampleReason[]
  assigneeId: number | null
  assignee: string | null
  visitedOn: string | null
  finding: SampleFinding | null
  problemId: number | null
}

/** The county's staff who may be assigned households: its county users, active, by name. */
export async function countyStaff(db: DbOrTx, countyName: string): Promise<Array<{ id: number; name: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', '=', 'county')
    .where('county_name', '=', countyName)
    .where('active', '=', 1)
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.display_name }))
}

function scopedRows(db: DbOrTx, sampleId: number) {
  return db
    .selectFrom('county_sample_households as s')
    .innerJoin('households', 'households.id', 's.household_id')
    .innerJoin('villages', 'villages.id', 's.village_id')
    .innerJoin('townships', 'townships.id', 's.township_id')
    .leftJoin('users', 'users.id', 's.assigned_user_id')
    .where('s.sample_id', '=', sampleId)
}

/** The list of a sample in the viewer's scope, filtered; at most SAMPLE_LIST_MAX rows (and how many matched). */
export async function listSampleHouseholds(
  db: DbOrTx,
  sampleId: number,
  viewer: SampleViewer,
  filters: SampleListFilters,
): Promise<{ rows: SampleListRow[]; matched: number }> {
  let query = scopedRows(db, sampleId)
  const townshipId = viewer.kind === 'township' ? viewer.townshipId : filters.townshipId
  if (townshipId !== undefined) query = query.where('s.township_id', '=', townshipId)
  if (filters.assignee === 'none') query = query.where('s.assigned_user_id', 'is', null)
  else if (filters.assignee !== undefined) query = query.where('s.assigned_user_id', '=', filters.assignee)
  if (filters.status === 'unchecked') query = query.where('s.finding', 'is', null)
  else if (filters.status === 'checked') query = query.where('s.finding', 'is not', null)
  else if (filters.status === 'inconsistent') query = query.where('s.finding', '=', 'inconsistent')
  const [rows, count] = await Promise.all([
    query
      .select([
        's.id',
        's.reasons',
        's.assigned_user_id',
        's.visited_on',
        's.finding',
        's.problem_id',
        'households.head_name',
        'villages.name as village_name',
        'townships.name as township_name',
        'users.display_name',
      ])
      .orderBy('townships.name')
      .orderBy('villages.sort_order')
      .orderBy('s.household_id')
      .limit(SAMPLE_LIST_MAX)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    matched: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      path: `/county/sample/households/${r.id}`,
      townshipName: r.township_name,
      villageName: r.village_name,
      headName: r.head_name,
      reasons: parseReasons(r.reasons),
      assigneeId: r.assigned_user_id,
      assignee: r.display_name ?? null,
      visitedOn: r.visited_on,
      finding: r.finding,
      problemId: r.problem_id,
    })),
  }
}

// ————————————————————————————————————————— one record —————————————————————————————————————————

export interface SampleRecord {
  id: number
  sampleId: number
  version: number
  townshipId: number
  townshipName: string
  countyName: string
  villageId: number
  villageName: string
  household: { id: number; headName: string; idNumberMasked: string; memberCount: number; monthlyAmountFen: number; category: string }
  reasons: SampleReason[]
  assigneeId: number | null
  assignee: string | null
  visitedOn: string | null
  finding: SampleFinding | null
  findingReasons: string | null
  problemId: number | null
  checkedBy: string | null
}

/** One household of a list with its check record, when the viewer may read it (else null: the route answers 403/404). */
export async function getSampleRecord(db: DbOrTx, id: number): Promise<SampleRecord | null> {
  const row = await db
    .selectFrom('county_sample_households as s')
    .innerJoin('households', 'households.id', 's.household_id')
    .innerJoin('villages', 'villages.id', 's.village_id')
    .innerJoin('townships', 'townships.id', 's.township_id')
    .leftJoin('users as assignee', 'assignee.id', 's.assigned_user_id')
    .leftJoin('users as checker', 'checker.id', 's.checked_by_user_id')
    .select([
      's.id',
      's.sample_id',
      's.version',
      's.township_id',
      's.village_id',
      's.reasons',
      's.assigned_user_id',
      's.visited_on',
      's.finding',
      's.finding_reasons',
      's.problem_id',
      'households.id as household_id',
      'households.head_name',
      'households.id_number',
      'households.member_count',
      'households.monthly_amount_fen',
      'households.category',
      'villages.name as village_name',
      'townships.name as township_name',
      'townships.county_name',
      'assignee.display_name as assignee_name',
      'checker.display_name as checker_name',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  return {
    id: row.id,
    sampleId: row.sample_id,
    version: row.version,
    townshipId: row.township_id,
    townshipName: row.township_name,
    countyName: row.county_name,
    villageId: row.village_id,
    villageName: row.village_name,
    household: {
      id: row.household_id,
      headName: row.head_name,
      idNumberMasked: maskIdNumber(row.id_number),
      memberCount: row.member_count,
      monthlyAmountFen: row.monthly_amount_fen,
      category: row.category,
    },
    reasons: parseReasons(row.reasons),
    assigneeId: row.assigned_user_id,
    assignee: row.assignee_name ?? null,
    visitedOn: row.visited_on,
    finding: row.finding,
    findingReasons: row.finding_reasons,
    problemId: row.problem_id,
    checkedBy: row.checker_name ?? null,
  }
}

/** May this viewer read this record? The county its own county's, a leader their own township's. */
export function mayReadRecord(viewer: SampleViewer, record: Pick<SampleRecord, 'countyName' | 'townshipId'>): boolean {
  return viewer.kind === 'county' ? viewer.countyName === record.countyName : viewer.townshipId === record.townshipId
}
