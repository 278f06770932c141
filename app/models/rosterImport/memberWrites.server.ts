// 低保花名册导入, the members' side of the database: a roster of members compared with the members stored (a
// household whose list differs is updated even when its own columns are the same), and the writes of the confirm —
// the members of a household added or updated from a roster of members, or, from a roster of households, the head
// alone as member 1 of a household added (its other members are registered on the household's 家庭成员 page).
import { maskIdNumber } from '../../../workflows/rules/idNumber'
import type { DbOrTx, Tx } from '../versioned.server'
import type { ImportedMember } from './members.server'
import type { HouseholdColumns, NormalisedRow, RowOutcome } from './verdicts.server'

const CHUNK = 500

const sameList = (a: readonly ImportedMember[], b: ReadonlyArray<{ name: string; relation: string; idNumber: string | null; covered: boolean }>) =>
  a.length === b.length && a.every((m, i) => m.name === b[i].name && m.relation === b[i].relation && m.idNumber === b[i].idNumber && m.covered === b[i].covered)

/** The members each head row carries, put on its verdict: an added household's, or an existing one's that differ. */
export async function withMembers(db: DbOrTx, rows: readonly NormalisedRow[], outcomes: RowOutcome[]): Promise<RowOutcome[]> {
  const membersOf = new Map(rows.map((row) => [row.sheetRow, row.members]))
  const existingIds = outcomes.flatMap((o) => (o.kind === 'update' || o.kind === 'unchanged' ? [o.householdId] : []))
  const stored = new Map<number, Array<{ name: string; relation: string; idNumber: string | null; covered: boolean }>>()
  for (let i = 0; i < existingIds.length; i += CHUNK) {
    const found = await db
      .selectFrom('household_members')
      .select(['household_id', 'name', 'relation', 'id_number', 'covered'])
      .where('household_id', 'in', existingIds.slice(i, i + CHUNK))
      .orderBy('household_id')
      .orderBy('position')
      .execute()
    for (const m of found)
      stored.set(m.household_id, [
        ...(stored.get(m.household_id) ?? []),
        { name: m.name, relation: m.relation, idNumber: m.id_number, covered: m.covered === 1 },
      ])
  }
  return outcomes.map((o): RowOutcome => {
    const members = membersOf.get(o.sheetRow)
    if (!members || o.kind === 'rejected') return o
    if (o.kind === 'add') return { ...o, members }
    if (sameList(members, stored.get(o.householdId) ?? [])) return o
    return o.kind === 'update' ? { ...o, members } : { ...o, kind: 'update', changes: [], members }
  })
}

/** A roster of households gives only the head: member 1 of a household it adds. */
export function headOnly(columns: HouseholdColumns, idNumber: string): ImportedMember[] {
  return [{ sheetRow: 0, name: columns.head_name, relation: 'head', idNumber, covered: columns.covered_count > 0 }]
}

/** Replace the members of these households (one statement per chunk; inside the confirm's transaction). */
export async function writeMembers(tx: Tx, entries: ReadonlyArray<{ householdId: number; members: readonly ImportedMember[] }>, at: string): Promise<void> {
  if (entries.length === 0) return
  const ids = entries.map((e) => e.householdId)
  for (let i = 0; i < ids.length; i += CHUNK)
    await tx
      .deleteFrom('household_members')
      .where('household_id', 'in', ids.slice(i, i + CHUNK))
      .execute()
  const rows = entries.flatMap((e) =>
    e.members.map((m, index) => ({
      household_id: e.householdId,
      position: index + 1,
      name: m.name,
      relation: m.relation,
      id_number: m.idNumber,
      covered: m.covered ? 1 : 0,
      updated_at: at,
    })),
  )
  for (let i = 0; i < rows.length; i += CHUNK)
    await tx
      .insertInto('household_members')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/** A roster of households renaming a head: member 1 follows, so the head's row and the household agree. */
export async function renameHeads(tx: Tx, renamed: ReadonlyArray<{ householdId: number; name: string }>): Promise<void> {
  for (const r of renamed)
    await tx.updateTable('household_members').set({ name: r.name }).where('household_id', '=', r.householdId).where('relation', '=', 'head').execute()
}

/** A household renumbered (its 15-digit number's right century): the head's member row carries the new number. */
export async function renumberHeads(tx: Tx, renumbered: ReadonlyArray<{ householdId: number; before: string; after: string }>): Promise<void> {
  for (const r of renumbered)
    await tx
      .updateTable('household_members')
      .set({ id_number: r.after })
      .where('household_id', '=', r.householdId)
      .where('relation', '=', 'head')
      .where('id_number', '=', r.before)
      .execute()
}

/** A member list as the audit log keeps it: masked ID numbers. */
export function auditMembers(members: readonly ImportedMember[]) {
  return members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber ? maskIdNumber(m.idNumber) : null, covered: m.covered }))
}
