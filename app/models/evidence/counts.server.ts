// How many attachments (佐证材料) each record carries, for lists that show 佐证材料（n） beside an item.
import type { DB } from '../../../db/connection.server'
import type { EvidenceRecordType } from '../../../workflows/rules/vocabulary'

/** Attachments not withdrawn, by record id; a record without any is absent from the map (read it as 0). */
export async function evidenceCounts(db: DB, recordType: EvidenceRecordType, recordIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>()
  if (recordIds.length === 0) return counts
  const ids = [...new Set(recordIds)]
  // chunks keep the IN list under SQLite's bound-parameter ceiling for a long list
  for (let at = 0; at < ids.length; at += 500) {
    const rows = await db
      .selectFrom('evidence_files')
      .select(['record_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('record_type', '=', recordType)
      .where('record_id', 'in', ids.slice(at, at + 500))
      .where('removed_at', 'is', null)
      .groupBy('record_id')
      .execute()
    for (const row of rows) counts.set(row.record_id, Number(row.n))
  }
  return counts
}
