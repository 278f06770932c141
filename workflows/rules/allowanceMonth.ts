// Who is paid in a month, and how much: the rule the standing notice (长期公示) reads from a household and its
// approved allowance history (household_allowance_changes, ADR 010). Pure, so the notice and the tests share it.

/** 'YYYY-MM' */
export function isMonth(value: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(value)
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 2000 && Number(m[1]) <= 2100
}

/** The month of a day ('2026-11-29' → '2026-11'). */
export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** One approved change: from which month it applies, what was paid before it, what after. */
export interface AllowanceChange {
  kind: 'adjust' | 'stop' | 'stopAndRecover' | 'enrol'
  fromMonth: string
  previousAmountFen: number
  /** adjust / enrol: the new monthly amount; null for a stop */
  amountFen: number | null
  /** insertion order: two changes from one month apply in the order approved */
  order: number
}

export interface HouseholdForMonth {
  status: 'active' | 'exited' | 'applicant' | 'notEnrolled'
  monthlyAmountFen: number
}

/**
 * The monthly amount (fen) paid to the household in `month`, or null when it is not paid. An applicant or a family
 * not enrolled is never paid. With no approved change, the roster says it: an active household is paid its amount,
 * an exited one nothing. Otherwise the last change from `month` or earlier decides (a stop: nothing; an adjust or an
 * enrol: its amount); before the first change, what was paid before it (an enrol: nothing before).
 */
export function amountPaidInMonth(household: HouseholdForMonth, changes: readonly AllowanceChange[], month: string): number | null {
  if (household.status === 'applicant' || household.status === 'notEnrolled') return null
  if (changes.length === 0) return household.status === 'active' && household.monthlyAmountFen > 0 ? household.monthlyAmountFen : null
  const ordered = [...changes].sort((a, b) => (a.fromMonth === b.fromMonth ? a.order - b.order : a.fromMonth < b.fromMonth ? -1 : 1))
  const applied = ordered.filter((c) => c.fromMonth <= month).at(-1)
  if (applied) return applied.kind === 'stop' || applied.kind === 'stopAndRecover' || !applied.amountFen ? null : applied.amountFen
  const first = ordered[0]
  return first.kind === 'enrol' || first.previousAmountFen <= 0 ? null : first.previousAmountFen
}
