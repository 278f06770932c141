// 家庭成员: the rules a household's member list obeys, pure. The head (户主) is member 1, the household's own head
// (the roster's name and ID number), and the only one; at most MAX_MEMBERS; ID numbers optional (a newborn) but valid
// (GB 11643 check digit) and not twice in one household. The model (app/models/householdMembers.server.ts) and
// the roster import apply them; the demo obeys them.
import { parseIdNumber, type IdNumberProblem } from './idNumber'
import { sameName } from './nearRelatives'
import type { MemberRelation } from './vocabulary'

export const MAX_MEMBERS = 20
export const MEMBER_NAME_MAX = 50

/** One member as the rules see it: the ID number as typed (or kept), null when there is none. */
export interface MemberDraft {
  name: string
  relation: MemberRelation
  idNumber: string | null
}

export type MemberProblemCode =
  'noMembers' | 'tooMany' | 'nameMissing' | 'nameTooLong' | 'headNotFirst' | 'noHead' | 'twoHeads' | 'headName' | 'headIdNumber' | 'idInvalid' | 'idDuplicate'

export interface MemberProblem {
  /** the member's 0-based index in the list, null for the list as a whole */
  index: number | null
  field: 'name' | 'relation' | 'idNumber' | 'members'
  code: MemberProblemCode
  /** idInvalid: what is wrong with the number */
  idProblem?: IdNumberProblem
}

export type CheckedMembers = { ok: true; idNumbers: Array<string | null> } | { ok: false; problems: MemberProblem[] }

/**
 * Checks a member list against its household (head's name and ID number as the roster holds them). Returns the ID
 * numbers in their 18-digit form (the head's is always the household's), or every problem found.
 */
export function checkMembers(members: readonly MemberDraft[], household: { headName: string; idNumber: string }, today: string): CheckedMembers {
  const problems: MemberProblem[] = []
  if (members.length === 0) return { ok: false, problems: [{ index: null, field: 'members', code: 'noMembers' }] }
  if (members.length > MAX_MEMBERS) problems.push({ index: null, field: 'members', code: 'tooMany' })
  const heads = members.flatMap((m, i) => (m.relation === 'head' ? [i] : []))
  if (heads.length === 0) problems.push({ index: 0, field: 'relation', code: 'noHead' })
  else if (heads[0] !== 0) problems.push({ index: heads[0], field: 'relation', code: 'headNotFirst' })
  for (const extra of heads.slice(1)) problems.push({ index: extra, field: 'relation', code: 'twoHeads' })
  const seen = new Map<string, number>()
  const idNumbers = members.map((m, i): string | null => {
    const name = m.name.trim()
    if (!name) problems.push({ index: i, field: 'name', code: 'nameMissing' })
    else if (name.length > MEMBER_NAME_MAX) problems.push({ index: i, field: 'name', code: 'nameTooLong' })
    const isHead = i === 0 && m.relation === 'head'
    if (isHead && name && !sameName(name, household.headName)) problems.push({ index: i, field: 'name', code: 'headName' })
    let id: string | null = null
    if (m.idNumber !== null && m.idNumber.trim() !== '') {
      const parsed = parseIdNumber(m.idNumber, { today })
      if (!parsed.ok) problems.push({ index: i, field: 'idNumber', code: 'idInvalid', idProblem: parsed.problem })
      else id = parsed.value
    }
    if (isHead) {
      if (id !== null && id !== household.idNumber) problems.push({ index: i, field: 'idNumber', code: 'headIdNumber' })
      id = household.idNumber
    }
    if (id !== null) {
      if (seen.has(id)) problems.push({ index: i, field: 'idNumber', code: 'idDuplicate' })
      else seen.set(id, i)
    }
    return id
  })
  return problems.length ? { ok: false, problems } : { ok: true, idNumbers }
}

/** Age in whole years on `today` from an 18-digit ID number's birth date; null without one. */
export function ageOn(idNumber: string | null, today: string): number | null {
  if (!idNumber || idNumber.length !== 18) return null
  const birth = idNumber.slice(6, 14)
  const day = today.replaceAll('-', '')
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4))
  return day.slice(4) >= birth.slice(4) ? years : years - 1
}
