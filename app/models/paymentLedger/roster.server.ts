// What a payment ledger is compared with (../../../workflows/rules/ledgerCompare.ts): the township's households and
// their members, the standing notice of the month — built by the notice's own listPaidInMonth, village by village, so
// the check and the printed 长期公示 cannot disagree — and the people on the current deaths list (信息核对, 公安/殡葬).
import type { DB } from '../../../db/connection.server'
import { monthOf } from '../../../workflows/rules/allowanceMonth'
import type { DeceasedPerson, RosterHousehold, RosterPerson } from '../../../workflows/rules/ledgerCompare'
import { listPaidInMonth } from '../noticeExport.server'
import type { DbOrTx } from '../versioned.server'

export interface LedgerRoster {
  households: RosterHousehold[]
  people: RosterPerson[]
  notice: Map<number, number>
  deceased: DeceasedPerson[]
}

/** The township's roster, notice of `month` and deaths list, as the comparison takes them. */
export async function loadLedgerRoster(db: DbOrTx, q: { townshipId: number; month: string }): Promise<LedgerRoster> {
  const villages = await db.selectFrom('villages').select('id').where('township_id', '=', q.townshipId).orderBy('id').execute()
  const [households, members, stops, reviewExits, deaths] = await Promise.all([
    db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['households.id', 'households.village_id', 'households.head_name', 'households.id_number', 'households.status'])
      .where('villages.township_id', '=', q.townshipId)
      .orderBy('households.village_id')
      .orderBy('households.id')
      .execute(),
    db
      .selectFrom('household_members as m')
      .innerJoin('households', 'households.id', 'm.household_id')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['m.household_id', 'households.village_id', 'm.name', 'm.id_number'])
      .where('villages.township_id', '=', q.townshipId)
      .where('m.id_number', 'is not', null)
      .execute(),
    db
      .selectFrom('household_allowance_changes as c')
      .innerJoin('households', 'households.id', 'c.household_id')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['c.household_id', 'c.from_month'])
      .where('villages.township_id', '=', q.townshipId)
      .where('c.kind', 'in', ['stop', 'stopAndRecover'])
      .execute(),
    db
      .selectFrom('household_reviews as r')
      .innerJoin('villages', 'villages.id', 'r.village_id')
      .select(['r.household_id', 'r.exit_on'])
      .where('villages.township_id', '=', q.townshipId)
      .where('r.exit_on', 'is not', null)
      .execute(),
    db
      .selectFrom('department_matches as d')
      .innerJoin('department_lists as l', 'l.id', 'd.list_id')
      .select(['d.id_number', 'd.fact'])
      .where('d.township_id', '=', q.townshipId)
      .where('d.source', '=', 'deaths')
      .where('l.replaced_at', 'is', null)
      .execute(),
  ])
  const exitMonth = new Map<number, string>()
  for (const r of reviewExits) if (r.exit_on) exitMonth.set(r.household_id, monthOf(r.exit_on))
  // an approved stop says it best: the first month nothing is paid
  for (const s of stops) {
    const seen = exitMonth.get(s.household_id)
    if (seen === undefined || s.from_month > seen) exitMonth.set(s.household_id, s.from_month)
  }
  const notice = new Map<number, number>()
  for (const v of villages)
    for (const paid of await listPaidInMonth(db as DB, { villageId: v.id, month: q.month })) notice.set(paid.householdId, paid.amountFen)
  return {
    households: households.map((h) => ({
      householdId: h.id,
      villageId: h.village_id,
      headName: h.head_name,
      idNumber: h.id_number,
      status: h.status,
      exitMonth: exitMonth.get(h.id) ?? null,
    })),
    people: members.flatMap((m) => (m.id_number ? [{ householdId: m.household_id, villageId: m.village_id, name: m.name, idNumber: m.id_number }] : [])),
    notice,
    deceased: deaths.map((d) => ({ idNumber: d.id_number, fact: d.fact })),
  }
}
