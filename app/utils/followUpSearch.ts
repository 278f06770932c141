// 问题台账（全镇）'s filters as a query string: the page's links (pages, the export) and the form's fields carry the
// same names. Not a .server module: the page builds its links with it.
import type { ProblemCategory, ProblemSource } from '../../workflows/rules/vocabulary'

export const FOLLOW_UP_LIST_KINDS = ['problem', 'order'] as const
export const FOLLOW_UP_LIST_STATES = ['open', 'done'] as const

export interface FollowUpFilters {
  villageId?: number
  kind?: (typeof FOLLOW_UP_LIST_KINDS)[number]
  category?: ProblemCategory
  state?: (typeof FOLLOW_UP_LIST_STATES)[number]
  overdue: boolean
  source?: ProblemSource
}

/** The filters back as a query string (the pages' links and the export's), without the page. */
export function followUpSearch(filters: FollowUpFilters, extra: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams()
  if (extra.township !== undefined) q.set('township', String(extra.township))
  if (filters.villageId !== undefined) q.set('village', String(filters.villageId))
  if (filters.kind) q.set('kind', filters.kind)
  if (filters.category) q.set('category', filters.category)
  if (filters.state) q.set('state', filters.state)
  if (filters.overdue) q.set('overdue', '1')
  if (filters.source) q.set('source', filters.source)
  if (extra.page !== undefined && extra.page !== 1) q.set('page', String(extra.page))
  const s = q.toString()
  return s ? `?${s}` : ''
}
