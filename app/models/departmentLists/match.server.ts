// 信息核对, matching: the people of a department's list against the household heads and members of a county's
// townships, by ID number. The full number first; the 15-digit form (idMatchKey) only where one of the two numbers is
// a legacy 15-digit one — two 18-digit numbers that differ are two people, whatever their 15-digit forms say.
import type { DbOrTx } from '../versioned.server'
import { idMatchKey } from '../../../workflows/rules/idNumber'
import type { DepartmentPerson } from './rules.server'

/** A head or member of a household of the county, as the roster records them. */
export interface RosterPerson {
  householdId: number
  villageId: number
  townshipId: number
  /** null for the head as recorded on the household only */
  memberId: number | null
  name: string
  idNumber: string
}

/** A department's record of a household's person. */
export interface PersonMatch {
  person: RosterPerson
  department: DepartmentPerson
}

/** Every head and member with an ID number in the county's townships (counties.name ↔ townships.county_name). */
export async function loadCountyPeople(db: DbOrTx, countyName: string): Promise<RosterPerson[]> {
  const [heads, members] = await Promise.all([
    db
      .selectFrom('households')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select(['households.id', 'households.village_id', 'villages.township_id', 'households.head_name', 'households.id_number'])
      .where('townships.county_name', '=', countyName)
      .execute(),
    db
      .selectFrom('household_members')
      .innerJoin('households', 'households.id', 'household_members.household_id')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select([
        'household_members.id',
        'household_members.household_id',
        'households.village_id',
        'villages.township_id',
        'household_members.name',
        'household_members.id_number',
      ])
      .where('townships.county_name', '=', countyName)
      .where('household_members.id_number', 'is not', null)
      .execute(),
  ])
  return [
    ...members.map((m) => ({
      householdId: m.household_id,
      villageId: m.village_id,
      townshipId: m.township_id,
      memberId: m.id,
      name: m.name,
      idNumber: m.id_number ?? '',
    })),
    ...heads.map((h) => ({ householdId: h.id, villageId: h.village_id, townshipId: h.township_id, memberId: null, name: h.head_name, idNumber: h.id_number })),
  ].filter((p) => p.idNumber !== '')
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Who of `people` each department person is. One match per household and roster number, with every row of the
 * department's that names them (an 18-digit row and a 15-digit row of one person are one match): the head recorded
 * both on the household and as its first member is matched once, as the member.
 */
export function matchPeople(department: readonly DepartmentPerson[], people: readonly RosterPerson[]): PersonMatch[] {
  const byFull = new Map<string, RosterPerson[]>()
  const byKey = new Map<string, RosterPerson[]>()
  const legacyByKey = new Map<string, RosterPerson[]>()
  for (const p of people) {
    const full = p.idNumber.toUpperCase()
    push(byFull, full, p)
    const key = idMatchKey(full)
    if (!key) continue
    push(byKey, key, p)
    if (full.length === 15) push(legacyByKey, key, p)
  }
  const matches = new Map<string, PersonMatch>()
  for (const d of department) {
    const key = idMatchKey(d.idNumber)
    const found =
      d.idNumber.length === 15
        ? ((key ? byKey.get(key) : undefined) ?? [])
        : [...(byFull.get(d.idNumber) ?? []), ...((key ? legacyByKey.get(key) : undefined) ?? [])]
    const seen = new Set<string>()
    for (const person of found) {
      const once = `${person.householdId}:${person.idNumber.toUpperCase()}`
      if (seen.has(once)) continue
      seen.add(once)
      const earlier = matches.get(once)
      if (earlier) earlier.department = { ...earlier.department, rows: [...earlier.department.rows, ...d.rows] }
      else matches.set(once, { person, department: d })
    }
  }
  return [...matches.values()]
}
