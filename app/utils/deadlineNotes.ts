// A working-day deadline that ran into a year the official holiday calendar does not hold yet is saved all the same;
// the page after the redirect says so. The years travel in the redirect's query string (`&uncovered=2027`), read
// back bounded (at most five four-digit years), so a crafted URL can only ever show a short list of years.
import type { DeadlineNotes } from '~/models/problemWriteParts.server'

/** The query-string part that carries the uncovered years to the next page, or ''. */
export function deadlineNoteQuery(notes: DeadlineNotes | null): string {
  return notes?.uncoveredYears.length ? `&uncovered=${notes.uncoveredYears.join(',')}` : ''
}

/** The uncovered years named in the URL, ready to show ('2027、2028'), or null. */
export function uncoveredYearsOf(url: URL): string | null {
  const years = (url.searchParams.get('uncovered') ?? '')
    .split(',')
    .filter((y) => /^\d{4}$/.test(y))
    .slice(0, 5)
  return years.length ? years.join('、') : null
}
