// 近亲属备案: a household that is a near relative of a village cadre or a staff member (村(居)干部/经办人员) is filed with
// the township, with the day (备案日期) and the related official. That official never reviews the household nor
// proposes anything for it (recusal, 回避): someone else must — the village's 包村领导, else the 镇民政所.
// Pure: the model reads the rows and asks these functions; the tests need no database.
import { isDay } from './dates'
import type { RoleKey } from './vocabulary'

/** A household's filing as stored. */
export interface NearRelativeFiling {
  filed: boolean
  /** the related official as a user of the system */
  officialUserId: number | null
  /** the related official by name (an official without an account) */
  officialName: string | null
}

export interface Reviewer {
  id: number
  role: RoleKey
  displayName: string
}

/** Names compare without spaces (全角 or not): "张 三" is 张三. */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/[\s\u3000]/g, '')
  return clean(a) !== '' && clean(a) === clean(b)
}

/**
 * Is this person the filed household's related official? By user id when one is recorded; only when none is, by
 * the name recorded for an official without an account.
 */
export function isOwnNearRelative(filing: NearRelativeFiling, person: { id: number; displayName: string }): boolean {
  if (!filing.filed) return false
  if (filing.officialUserId !== null) return filing.officialUserId === person.id
  return sameName(filing.officialName, person.displayName)
}

/** Who, besides the village's cadre, may review a filed household in the village's place (包村领导, 督查人员, 包村干部). */
export const NEAR_RELATIVE_STAND_IN_ROLES: readonly RoleKey[] = ['leader', 'inspector', 'liaison']

/**
 * What this person may do with the household's review: `review` (save it), `readOnly` (see it), or `recused` (they
 * are the related official: no form, and a save is refused). A village cadre reviews the households of their
 * village; on a filed household a leader, an inspector or a 包村干部 may stand in.
 */
export function reviewAccess(person: Reviewer, filing: NearRelativeFiling): 'review' | 'readOnly' | 'recused' {
  if (isOwnNearRelative(filing, person)) return 'recused'
  if (person.role === 'cadre') return 'review'
  if (filing.filed && NEAR_RELATIVE_STAND_IN_ROLES.includes(person.role)) return 'review'
  return 'readOnly'
}

/** Who must review instead: the village's 包村领导 by name (unless that is the related official), else the 镇民政所. */
export function whoMustReview(
  villageLeader: { id: number; name: string } | null,
  recused: { id: number },
): { kind: 'leader'; name: string } | { kind: 'office' } {
  if (villageLeader && villageLeader.id !== recused.id) return { kind: 'leader', name: villageLeader.name }
  return { kind: 'office' }
}

export type FilingProblem = 'filedOnRequired' | 'filedOnInvalid' | 'filedOnFuture' | 'officialRequired'

/** A filing as a form gives it. */
export interface FilingInput extends NearRelativeFiling {
  filedOn: string | null
}

/**
 * What is wrong with a filing: when the box is ticked the 备案日期 is required, a real day and not after today
 * (Shanghai's day), and the related official is named (a user or a name). Unticked, nothing is required.
 */
export function filingProblems(input: FilingInput, today: string): Array<{ field: 'filedOn' | 'official'; problem: FilingProblem }> {
  if (!input.filed) return []
  const problems: Array<{ field: 'filedOn' | 'official'; problem: FilingProblem }> = []
  if (!input.filedOn) problems.push({ field: 'filedOn', problem: 'filedOnRequired' })
  else if (!isDay(input.filedOn)) problems.push({ field: 'filedOn', problem: 'filedOnInvalid' })
  else if (input.filedOn > today) problems.push({ field: 'filedOn', problem: 'filedOnFuture' })
  if (input.officialUserId === null && !(input.officialName ?? '').trim()) problems.push({ field: 'official', problem: 'officialRequired' })
  return problems
}

/** What is stored: unticked clears the day and the official; a user id makes the free-text name redundant. */
export function normaliseFiling(input: FilingInput): FilingInput {
  if (!input.filed) return { filed: false, filedOn: null, officialUserId: null, officialName: null }
  const name = (input.officialName ?? '').trim()
  return { filed: true, filedOn: input.filedOn, officialUserId: input.officialUserId, officialName: input.officialUserId !== null ? null : name || null }
}
