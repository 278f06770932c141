// The record an evidence file hangs on, whatever its type: which village and township it belongs to, the page that
// shows it (where an upload or a withdrawal returns to), and whether it is still open to new evidence. An accepted
// order's answer and a verified (销号) problem are closed: what was verified stays what it was verified on.
import type { DB } from '../../../db/connection.server'
import type { EvidenceRecordType } from '../../../workflows/rules/vocabulary'
import { EVIDENCE_RECORD_TYPES } from '../../../workflows/rules/vocabulary'
import type { Tx } from '../versioned.server'

export interface EvidenceTarget {
  recordType: EvidenceRecordType
  recordId: number
  villageId: number
  townshipId: number
  /** the record's page: /villages/… (built here from the database, never from the request) */
  pagePath: string
  /** no more uploads nor withdrawals by the village */
  closed: boolean
  /** a home visit's household: its recusal rule (近亲属回避) decides who may add evidence */
  householdId?: number
}

/** A home visit's evidence is added by whoever may review the household (not a recused near relative's official). */
export async function homeVisitRecordOf(db: DB, q: { campaignId: number; householdId: number }): Promise<number | null> {
  const row = await db
    .selectFrom('household_reviews')
    .select('id')
    .where('campaign_id', '=', q.campaignId)
    .where('household_id', '=', q.householdId)
    .executeTakeFirst()
  return row?.id ?? null
}

export function isEvidenceRecordType(value: unknown): value is EvidenceRecordType {
  return typeof value === 'string' && (EVIDENCE_RECORD_TYPES as readonly string[]).includes(value)
}

/** The record, or null when there is no such record. */
export async function evidenceTarget(db: DB | Tx, recordType: EvidenceRecordType, recordId: number): Promise<EvidenceTarget | null> {
  if (!Number.isSafeInteger(recordId) || recordId <= 0) return null
  const base = { recordType, recordId }
  switch (recordType) {
    case 'orderAnswer': {
      const row = await db
        .selectFrom('rectification_orders as r')
        .innerJoin('villages as v', 'v.id', 'r.village_id')
        .select(['r.village_id', 'v.township_id', 'r.status'])
        .where('r.id', '=', recordId)
        .executeTakeFirst()
      return row
        ? {
            ...base,
            villageId: row.village_id,
            townshipId: row.township_id,
            pagePath: `/villages/${row.village_id}/orders/${recordId}`,
            closed: row.status === 'accepted',
          }
        : null
    }
    case 'problemRectification': {
      const row = await db
        .selectFrom('problems as p')
        .innerJoin('villages as v', 'v.id', 'p.village_id')
        .select(['p.village_id', 'v.township_id', 'p.status'])
        .where('p.id', '=', recordId)
        .executeTakeFirst()
      return row
        ? {
            ...base,
            villageId: row.village_id,
            townshipId: row.township_id,
            pagePath: `/villages/${row.village_id}/problems/${recordId}`,
            closed: row.status === 'verified',
          }
        : null
    }
    case 'checklistItem': {
      const row = await db
        .selectFrom('checklist_items as c')
        .innerJoin('villages as v', 'v.id', 'c.village_id')
        .select(['c.village_id', 'v.township_id'])
        .where('c.id', '=', recordId)
        .executeTakeFirst()
      return row
        ? { ...base, villageId: row.village_id, townshipId: row.township_id, pagePath: `/villages/${row.village_id}/checklist/${recordId}`, closed: false }
        : null
    }
    case 'homeVisit': {
      const row = await db
        .selectFrom('household_reviews as r')
        .innerJoin('villages as v', 'v.id', 'r.village_id')
        .select(['r.village_id', 'r.household_id', 'v.township_id'])
        .where('r.id', '=', recordId)
        .executeTakeFirst()
      return row
        ? {
            ...base,
            villageId: row.village_id,
            townshipId: row.township_id,
            pagePath: `/villages/${row.village_id}/households/${row.household_id}`,
            closed: false,
            householdId: row.household_id,
          }
        : null
    }
  }
}
