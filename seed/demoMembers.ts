// 家庭成员 for the demo: every household of the township gets its members — as many as its member_count, as many
// covered as its covered_count, the head first with the household's name and ID number — with a few seriously ill,
// severely disabled, elderly (60 and over) and minor members, the 分类施保 cases. Deterministic (its own seed, so
// the rest of the demo draws what it always drew). Households that already have members are left as they are.
import type { Insertable, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { ageOn, MAX_MEMBERS } from '../workflows/rules/householdMembers'
import { makeIdNumber } from '../workflows/rules/idNumber'
import type { MemberDisability, MemberHealth, MemberRelation, MemberWorkStatus } from '../workflows/rules/vocabulary'
import { chance, createRandom, intBetween, personName, pick, type Random } from './random'

const MEMBERS_SEED = 20261130
/** where the demo's people are registered (as the households' own numbers) */
const REGION = '371521'

type Draft = { relation: MemberRelation; age: number; name: string }

/** Who lives with a head of this age: a spouse, children or grandchildren, a parent — n − 1 of them. */
function relatives(random: Random, head: { name: string; age: number }, others: number): Draft[] {
  const surname = head.name.slice(0, 1)
  const drafts: Draft[] = []
  const clampAge = (age: number) => Math.max(0, Math.min(95, age))
  if (others > 0 && chance(random, 0.75)) drafts.push({ relation: 'spouse', age: clampAge(head.age + intBetween(random, -5, 5)), name: personName(random) })
  if (drafts.length < others && head.age < 45 && chance(random, 0.4))
    drafts.push({ relation: 'parent', age: clampAge(head.age + intBetween(random, 22, 32)), name: surname + personName(random).slice(1) })
  while (drafts.length < others) {
    const grandchild = head.age >= 55 && chance(random, 0.5)
    const age = grandchild ? intBetween(random, 0, Math.max(0, head.age - 45)) : clampAge(head.age - intBetween(random, 20, 35))
    drafts.push({ relation: grandchild ? 'grandchild' : 'child', age: clampAge(age), name: surname + personName(random).slice(1) })
  }
  return drafts
}

function healthOf(random: Random, age: number): MemberHealth {
  const r = random()
  if (r < (age >= 60 ? 0.1 : 0.04)) return 'seriousIllness'
  return r < (age >= 60 ? 0.4 : 0.12) ? 'chronic' : 'healthy'
}

function disabilityOf(random: Random): MemberDisability {
  const r = random()
  return r < 0.05 ? 'severe' : r < 0.11 ? 'mild' : 'none'
}

function workOf(random: Random, m: { age: number; health: MemberHealth; disability: MemberDisability; covered: boolean }): MemberWorkStatus {
  if (m.age < 6) return 'preschool'
  if (m.age < 18) return 'student'
  if (m.health === 'seriousIllness' || m.disability === 'severe') return 'unableToWork'
  // a member left out of 保障人数 is usually one who works away from home
  if (!m.covered) return 'employed'
  if (m.age >= 60) return pick(random, ['unableToWork', 'farming', 'retired'] as const)
  return pick(random, ['farming', 'farming', 'ableUnemployed', 'employed', 'other'] as const)
}

/** A birth date `age` years before `today` (a day of the year drawn), never after it. */
function birthFor(random: Random, today: string, age: number): string {
  const year = Number(today.slice(0, 4)) - age
  let birth = `${year}${String(intBetween(random, 1, 12)).padStart(2, '0')}${String(intBetween(random, 1, 28)).padStart(2, '0')}`
  const day = today.replaceAll('-', '')
  // born later this year than today: a year earlier, so the age holds
  if (birth.slice(4) > day.slice(4)) birth = `${year - 1}${birth.slice(4)}`
  return birth
}

/** Give every household of the township without members its members. Returns how many members were written. */
export async function seedDemoMembers(tx: Transaction<Database>, q: { townshipId: number; today: string; at: string }): Promise<number> {
  const random = createRandom(MEMBERS_SEED)
  const households = await tx
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .select(['households.id', 'households.head_name', 'households.id_number', 'households.member_count', 'households.covered_count'])
    .where('villages.township_id', '=', q.townshipId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('household_members').select('household_members.id').whereRef('household_members.household_id', '=', 'households.id'))),
    )
    .orderBy('households.id')
    .execute()
  const used = new Set((await tx.selectFrom('households').select('id_number').execute()).map((h) => h.id_number))
  let sequence = 500
  const idFor = (birth: string): string => {
    let id: string
    do id = makeIdNumber(REGION, birth, ++sequence % 1000)
    while (used.has(id))
    used.add(id)
    return id
  }
  const rows: Array<Insertable<Database['household_members']>> = []
  for (const h of households) {
    const count = Math.max(1, Math.min(MAX_MEMBERS, h.member_count))
    const covered = Math.max(0, Math.min(count, h.covered_count))
    const headAge = ageOn(h.id_number, q.today) ?? 50
    const people: Array<Draft & { idNumber: string | null }> = [
      { relation: 'head', age: headAge, name: h.head_name, idNumber: h.id_number },
      ...relatives(random, { name: h.head_name, age: headAge }, count - 1).map((d) => ({
        ...d,
        // a baby not yet registered has no number yet
        idNumber: d.age === 0 && chance(random, 0.5) ? null : idFor(birthFor(random, q.today, d.age)),
      })),
    ]
    people.forEach((p, i) => {
      // the last members are the ones left out of 保障人数 (the head is covered whenever anyone is)
      const isCovered = i < covered
      const health = healthOf(random, p.age)
      const disability = disabilityOf(random)
      rows.push({
        household_id: h.id,
        position: i + 1,
        name: p.name,
        relation: p.relation,
        id_number: p.idNumber,
        covered: isCovered ? 1 : 0,
        health,
        disability,
        work_status: workOf(random, { age: p.age, health, disability, covered: isCovered }),
        updated_at: q.at,
      })
    })
  }
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('household_members')
      .values(rows.slice(i, i + 500))
      .execute()
  return rows.length
}
