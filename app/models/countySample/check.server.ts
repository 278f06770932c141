// 县级入户抽查, the writes after the draw: assigning households to the county's staff, and the check record of one
// household (入户日期, 一致/不一致 with the reasons), each with one audit row. The check record is a versioned write
// (casUpdate: a stale save is answered with what changed); the assignment is the plan of work and leaves the
// record's version alone (the last assignment wins). An inconsistent finding registers a problem (source 县级抽查)
// in the village's register through createProblem, in the same transaction, once: the record keeps its problem_id
// and a later save never registers a second.
// The audit rows name the township, not the village: a village's history (which its cadre reads) shows the
// problem, never the county's check.
import type { DB } from '../../../db/connection.server'
import { isDay } from '../../../workflows/rules/dates'
import type { ProblemCategory, SampleFinding } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { recordAudit } from '../audit.server'
import { createProblem } from '../problemWrites.server'
import { assertVersion, casUpdate, describeVersionConflict, Rollback, VersionConflict, type Actor, type FieldConflict, type Tx } from '../versioned.server'
import { countyStaff, getSampleRecord } from './read.server'

export const FINDING_REASONS_MAX = 500

// ————————————————————————————————————————— assignment —————————————————————————————————————————

export interface AssignInput {
  countyName: string
  sampleId: number
  assigneeUserId: number
  /** the households ticked in the list (ids of county_sample_households) … */
  rowIds: number[]
  /** … or every unassigned household of this township */
  townshipId: number | null
}

export type AssignResult = { ok: true; count: number } | { ok: false; problem: 'assignee' | 'nothingSelected' | 'notFound' }

/** Assign households of the county's list to one of its staff (the county administrator's: the route checks that). */
export async function assignSampleHouseholds(db: DB, input: AssignInput, actor: Actor): Promise<AssignResult> {
  const staff = await countyStaff(db, input.countyName)
  const assignee = staff.find((s) => s.id === input.assigneeUserId)
  if (!assignee) return { ok: false, problem: 'assignee' }
  if (input.rowIds.length === 0 && input.townshipId === null) return { ok: false, problem: 'nothingSelected' }
  return db.transaction().execute(async (tx): Promise<AssignResult> => {
    const sample = await tx
      .selectFrom('county_samples')
      .innerJoin('counties', 'counties.id', 'county_samples.county_id')
      .select('county_samples.id')
      .where('county_samples.id', '=', input.sampleId)
      .where('counties.name', '=', input.countyName)
      .executeTakeFirst()
    if (!sample) return { ok: false, problem: 'notFound' }
    let query = tx.selectFrom('county_sample_households').select(['id', 'township_id', 'assigned_user_id']).where('sample_id', '=', sample.id)
    query =
      input.townshipId !== null
        ? query.where('township_id', '=', input.townshipId).where('assigned_user_id', 'is', null)
        : query.where('id', 'in', input.rowIds)
    const rows = (await query.orderBy('id').execute()).filter((r) => r.assigned_user_id !== assignee.id)
    if (rows.length === 0) return { ok: false, problem: 'nothingSelected' }
    // the assignment is the county's plan of work, not the check record: it leaves the record's version alone, so a
    // checker's open form is not made stale by a reassignment (the last assignment wins)
    await tx
      .updateTable('county_sample_households')
      .set({ assigned_user_id: assignee.id })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    for (const townshipId of [...new Set(rows.map((r) => r.township_id))])
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'countySample.assign',
        entityType: 'county_sample',
        entityId: sample.id,
        townshipId,
        after: { assignee: assignee.name, households: rows.filter((r) => r.township_id === townshipId).length },
        ip: actor.ip,
        at: actor.at,
      })
    return { ok: true, count: rows.length }
  })
}

// ————————————————————————————————————————— the check record —————————————————————————————————————————

export interface CheckInput {
  countyName: string
  recordId: number
  visitedOn: string
  finding: SampleFinding
  findingReasons: string | null
  /** the problem's category when an inconsistent finding registers one (错保 by default) */
  category: ProblemCategory
  expectedVersion: number
  today: string
}

export type CheckField = 'visitedOn' | 'findingReasons' | 'noCampaign'

export type CheckResult =
  | { ok: true; version: number; problemId: number | null; problemCreated: boolean }
  | { ok: false; kind: 'notFound' }
  | { ok: false; kind: 'invalid'; field: CheckField }
  | { ok: false; kind: 'conflict'; version: number; changes: FieldConflict[] }

const CHECK_ACTIONS = ['countySample.check']

/** Save a county check record with the version it was loaded with; inconsistent → one problem in the village's register. */
export async function saveSampleCheck(db: DB, input: CheckInput, actor: Actor): Promise<CheckResult> {
  if (!isDay(input.visitedOn) || input.visitedOn > input.today) return { ok: false, kind: 'invalid', field: 'visitedOn' }
  const reasons = input.findingReasons?.trim() || null
  if ((input.finding === 'inconsistent' && reasons === null) || (reasons !== null && reasons.length > FINDING_REASONS_MAX))
    return { ok: false, kind: 'invalid', field: 'findingReasons' }
  try {
    return await db.transaction().execute(async (tx: Tx): Promise<CheckResult> => {
      const record = await getSampleRecord(tx, input.recordId)
      if (!record || record.countyName !== input.countyName) throw new Rollback<CheckResult>({ ok: false, kind: 'notFound' })
      assertVersion(record.version, input.expectedVersion)
      let problemId = record.problemId
      let problemCreated = false
      if (input.finding === 'inconsistent' && problemId === null) {
        const campaign = await tx
          .selectFrom('campaigns')
          .select('id')
          .where('township_id', '=', record.townshipId)
          .where('status', '=', 'open')
          .orderBy('id', 'desc')
          .executeTakeFirst()
        if (!campaign) throw new Rollback<CheckResult>({ ok: false, kind: 'invalid', field: 'noCampaign' })
        const created = await createProblem(tx, {
          campaignId: campaign.id,
          villageId: record.villageId,
          householdId: record.household.id,
          category: input.category,
          source: 'countySample',
          description: format(t.countySample.problemDescription, { date: input.visitedOn, reasons: reasons ?? '' }),
          today: input.today,
          actor,
        })
        if (!created.ok) throw new Error(`county sample problem refused: ${created.kind}`)
        problemId = created.id
        problemCreated = true
      }
      const changes = { visited_on: input.visitedOn, finding: input.finding, finding_reasons: reasons }
      await casUpdate(tx, 'county_sample_households', record.id, record.version, {
        ...changes,
        problem_id: problemId,
        checked_by_user_id: actor.userId,
        updated_at: actor.at.toISOString(),
      })
      const before = { visitedOn: record.visitedOn, finding: record.finding, findingReasons: record.findingReasons }
      const after = { visitedOn: input.visitedOn, finding: input.finding, findingReasons: reasons }
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k])
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'countySample.check',
        entityType: 'county_sample_household',
        entityId: record.id,
        townshipId: record.townshipId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), ...(problemCreated ? { problem_created: problemId } : {}) },
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true, version: record.version + 1, problemId, problemCreated }
    })
  } catch (error) {
    if (error instanceof Rollback) return error.answer as CheckResult
    if (!(error instanceof VersionConflict)) throw error
    const stored = await getSampleRecord(db, input.recordId)
    if (!stored) return { ok: false, kind: 'notFound' }
    const changes = await describeVersionConflict(db, {
      entityType: 'county_sample_household',
      entityId: stored.id,
      actions: CHECK_ACTIONS,
      missed: stored.version - input.expectedVersion,
      theirs: { visitedOn: stored.visitedOn, finding: stored.finding, findingReasons: stored.findingReasons },
      mine: { visitedOn: input.visitedOn, finding: input.finding, findingReasons: reasons },
    })
    return { ok: false, kind: 'conflict', version: stored.version, changes }
  }
}
