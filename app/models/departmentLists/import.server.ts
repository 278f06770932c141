// 信息核对, the import: a department's list (read into sheets) matched against the county's households, kept as
// department_lists (what was imported, by whom, how many rows and matches) and department_matches (who was found and
// the fact in words). The department's rows themselves are never stored. A new list of a source replaces that
// source's earlier one for the county: the old list gets replaced_at, its matches are deleted. One transaction, one
// audit row.
import { createHash } from 'node:crypto'
import type { DB } from '../../../db/connection.server'
import type { DepartmentSource } from '../../../workflows/rules/vocabulary'
import { recordAudit } from '../audit.server'
import type { Tx } from '../versioned.server'
import type { TableSheet } from '../tableFile/read.server'
import { loadCountyPeople, matchPeople } from './match.server'
import { factOf, readDepartmentList } from './rules.server'

export interface ImportListRequest {
  countyName: string
  source: DepartmentSource
  /** YYYY-MM or YYYY-MM-DD (parseDataDate) */
  dataDate: string
  fileName: string
  content: Uint8Array
  sheets: readonly TableSheet[]
  actor: { userId: number | null; name: string; ip?: string | null }
  at: Date
}

export type ImportProblem = 'noCounty' | 'noIdColumn' | 'noRows'

export interface ImportedList {
  ok: true
  listId: number
  source: DepartmentSource
  dataDate: string
  rowCount: number
  invalidIdRows: number
  /** people of the list found on the county's rosters (one per household they belong to) */
  matchCount: number
  households: number
  /** the earlier lists of the source this one replaced */
  replacedListIds: number[]
  sheets: Array<{ name: string | null; headerRow: number; rows: number }>
}

export type ImportListResult = ImportedList | { ok: false; problem: ImportProblem }

const INSERT_CHUNK = 200

export async function importDepartmentList(db: DB, req: ImportListRequest): Promise<ImportListResult> {
  return db.transaction().execute((tx) => writeDepartmentList(tx, req))
}

/**
 * The import inside the caller's transaction (the demo seed's): replaces the source's earlier list, writes the new
 * list and its matches, audits. Returns a refusal, writing nothing, for an unknown county or an unusable file.
 */
export async function writeDepartmentList(tx: Tx, req: ImportListRequest): Promise<ImportListResult> {
  const county = await tx.selectFrom('counties').select('id').where('name', '=', req.countyName).executeTakeFirst()
  if (!county) return { ok: false, problem: 'noCounty' }
  const reading = readDepartmentList(req.source, req.sheets)
  if (!reading.ok) return reading
  const at = req.at.toISOString()
  const sha256 = createHash('sha256').update(req.content).digest('hex')
  const matches = matchPeople(reading.people, await loadCountyPeople(tx, req.countyName))
  const earlier = await tx
    .selectFrom('department_lists')
    .select('id')
    .where('county_id', '=', county.id)
    .where('source', '=', req.source)
    .where('replaced_at', 'is', null)
    .execute()
  const replacedListIds = earlier.map((l) => l.id)
  if (replacedListIds.length) {
    await tx.updateTable('department_lists').set({ replaced_at: at }).where('id', 'in', replacedListIds).execute()
    await tx.deleteFrom('department_matches').where('list_id', 'in', replacedListIds).execute()
  }
  const list = await tx
    .insertInto('department_lists')
    .values({
      county_id: county.id,
      source: req.source,
      data_date: req.dataDate,
      file_name: req.fileName.slice(0, 200),
      file_sha256: sha256,
      row_count: reading.rowCount,
      match_count: matches.length,
      imported_by_user_id: req.actor.userId,
      imported_by: req.actor.name,
      imported_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const rows = matches.map((m) => ({
    list_id: list.id,
    source: req.source,
    township_id: m.person.townshipId,
    village_id: m.person.villageId,
    household_id: m.person.householdId,
    member_id: m.person.memberId,
    person_name: m.person.name,
    id_number: m.person.idNumber,
    fact: factOf(req.source, m.department.rows),
    data_date: req.dataDate,
    created_at: at,
  }))
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await tx
      .insertInto('department_matches')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute()
  const matchedHouseholds = [...new Set(matches.map((m) => m.person.householdId))]
  const households = matchedHouseholds.length
  const reviewsReopened = await reopenReviewsWithoutNote(tx, matchedHouseholds)
  await recordAudit(tx, {
    actorUserId: req.actor.userId,
    action: 'departmentList.import',
    entityType: 'department_list',
    entityId: list.id,
    after: {
      source: req.source,
      dataDate: req.dataDate,
      file: req.fileName.slice(0, 200),
      rowCount: reading.rowCount,
      matchCount: matches.length,
      households,
      replacedLists: replacedListIds.length,
      reviewsReopened,
    },
    ip: req.actor.ip ?? null,
    at: req.at,
  })
  return {
    ok: true,
    listId: list.id,
    source: req.source,
    dataDate: req.dataDate,
    rowCount: reading.rowCount,
    invalidIdRows: reading.invalidIdRows,
    matchCount: matches.length,
    households,
    replacedListIds,
    sheets: reading.sheets,
  }
}

/**
 * A review saved complete before a department named the household lacks the 情况说明 the new fact asks for
 * (reviewCompleteness: departmentRecord): it counts as incomplete again, so coverage does not count a household whose
 * cadre has not yet answered the finding. The version moves, so a form opened before the import is stale.
 */
async function reopenReviewsWithoutNote(tx: Tx, householdIds: readonly number[]): Promise<number> {
  let reopened = 0
  for (let i = 0; i < householdIds.length; i += INSERT_CHUNK) {
    const reviews = await tx
      .selectFrom('household_reviews')
      .select(['id', 'situation_notes'])
      .where('household_id', 'in', householdIds.slice(i, i + INSERT_CHUNK))
      .where('complete', '=', 1)
      .execute()
    const ids = reviews.filter((r) => !hasNote(r.situation_notes)).map((r) => r.id)
    if (ids.length === 0) continue
    await tx
      .updateTable('household_reviews')
      .set((eb) => ({ complete: 0, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .execute()
    reopened += ids.length
  }
  return reopened
}

function hasNote(situationNotes: string): boolean {
  try {
    const note = (JSON.parse(situationNotes) as Record<string, unknown>).departmentRecord
    return typeof note === 'string' && note.trim() !== ''
  } catch {
    return false
  }
}
