// Indexes for the township dashboard and the county view (issue 5): every per-village figure is read from an
// index alone, without visiting the table rows.
// - households by village and enrolment: roster and newly enrolled (漏保) households counted per village;
// - household reviews by campaign and village, carrying every column the dashboard sums: coverage (自查面,
//   入户率), outcomes (清退, 骗保) and the amounts recovered and fined, and the day-by-day coverage history.
// Plain CREATE INDEX: the same on SQLite and PostgreSQL.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('households_village_enrolment_idx').on('households').columns(['village_id', 'enrolment']).execute()
  await db.schema
    .createIndex('household_reviews_dashboard_idx')
    .on('household_reviews')
    .columns(['campaign_id', 'village_id', 'reviewed_at', 'home_visit_on', 'outcome', 'fraud_recovered_fen', 'fraud_fine_fen'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('household_reviews_dashboard_idx').ifExists().execute()
  await db.schema.dropIndex('households_village_enrolment_idx').ifExists().execute()
}
