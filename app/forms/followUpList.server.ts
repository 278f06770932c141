// 问题台账（全镇）'s filters, read from the query string (GET, so they work without JavaScript and the export link
// carries the same filters). Each value is bounded before parsing; an unknown value falls back to "all" (the page
// says the filters were not understood) rather than answering 400 to a link someone edited.
import { z } from 'zod'
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../workflows/rules/vocabulary'
import { FOLLOW_UP_LIST_KINDS, FOLLOW_UP_LIST_STATES, type FollowUpFilters } from '../utils/followUpSearch'

const id = z
  .string()
  .max(10)
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)

const Filters = z.object({
  village: id.optional(),
  kind: z.enum(FOLLOW_UP_LIST_KINDS).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  state: z.enum(FOLLOW_UP_LIST_STATES).optional(),
  overdue: z.literal('1').optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
  page: id.optional(),
  township: id.optional(),
})

export interface FollowUpQuery {
  filters: FollowUpFilters
  page: number
  /** ?township=ID: the county's drill-down into one of its townships */
  townshipId?: number
  /** something in the query was not understood and left out */
  invalid: boolean
}

const KEYS = ['village', 'kind', 'category', 'state', 'overdue', 'source', 'page', 'township'] as const

/** The list's filters from ?village=&kind=&category=&state=&overdue=1&source=&page=; empty values mean "all". */
export function parseFollowUpQuery(search: URLSearchParams): FollowUpQuery {
  const raw: Record<string, string> = {}
  for (const key of KEYS) {
    const value = search.get(key)
    if (value !== null && value !== '') raw[key] = value.slice(0, 40)
  }
  const parsed = Filters.safeParse(raw)
  if (!parsed.success) {
    // keep what parses on its own: one bad value does not drop the others
    const kept: Record<string, unknown> = {}
    for (const key of KEYS) {
      const one = Filters.pick({ [key]: true } as Record<(typeof KEYS)[number], true>).safeParse({ [key]: raw[key] })
      if (one.success) Object.assign(kept, one.data)
    }
    return { ...toQuery(kept as z.infer<typeof Filters>), invalid: true }
  }
  return { ...toQuery(parsed.data), invalid: false }
}

function toQuery(d: z.infer<typeof Filters>): Omit<FollowUpQuery, 'invalid'> {
  return {
    filters: { villageId: d.village, kind: d.kind, category: d.category, state: d.state, overdue: d.overdue === '1', source: d.source },
    page: d.page ?? 1,
    townshipId: d.township,
  }
}
