// The dashboard's overdue and due-soon lists (issue 17): the leader must never miss an overdue 责令整改 behind a
// "显示全部" link. Every item of the serious kinds is listed; the rest are grouped by kind with their count, each group
// cut to the most urgent few unless asked for whole (?attention=<kind>, or ?attention=all for every group).
import type { FollowUp, FollowUpKind } from './campaign.server'

/**
 * Listed whole, always: orders to rectify (责令整改), public reports to verify (举报核实), and both kinds of 专人督办
 * (a major petition's supervisor, a serious problem's). What the township answers for to the county.
 */
export const SERIOUS_FOLLOW_UP_KINDS = ['order', 'complaint', 'supervisor', 'problemSupervision'] as const satisfies readonly FollowUpKind[]

/** The other kinds, grouped in this order. */
export const GROUPED_FOLLOW_UP_KINDS = ['problem', 'approval'] as const satisfies readonly FollowUpKind[]
export type GroupedKind = (typeof GROUPED_FOLLOW_UP_KINDS)[number]

/** A group shows this many of its items, most urgent first, until asked for whole. */
export const ATTENTION_GROUP_LIMIT = 10

export interface AttentionGroup<T extends FollowUp> {
  kind: GroupedKind
  total: number
  /** the first ATTENTION_GROUP_LIMIT, or all when expanded */
  items: T[]
  expanded: boolean
  /** asked for by ?attention= (the page shows the group opened) */
  open: boolean
}

export interface AttentionSection<T extends FollowUp> {
  /** every item of the serious kinds, in the list's order */
  serious: T[]
  /** the other kinds with their counts; a kind without items is left out */
  groups: Array<AttentionGroup<T>>
  total: number
}

const isSerious = (f: FollowUp) => (SERIOUS_FOLLOW_UP_KINDS as readonly FollowUpKind[]).includes(f.kind)

/** ?attention=all | problem | approval: which groups the page lists whole. Anything else: none. */
export function parseAttentionParam(raw: string | null): 'all' | GroupedKind | null {
  if (raw === 'all') return 'all'
  return (GROUPED_FOLLOW_UP_KINDS as readonly string[]).includes(raw ?? '') ? (raw as GroupedKind) : null
}

/** One attention list (already in its order: most overdue, or soonest due, first) split into serious items and groups. */
export function groupAttention<T extends FollowUp>(items: readonly T[], expand: 'all' | GroupedKind | null): AttentionSection<T> {
  const groups: Array<AttentionGroup<T>> = []
  for (const kind of GROUPED_FOLLOW_UP_KINDS) {
    const ofKind = items.filter((f) => f.kind === kind)
    if (ofKind.length === 0) continue
    const open = expand === 'all' || expand === kind
    const expanded = open || ofKind.length <= ATTENTION_GROUP_LIMIT
    groups.push({ kind, total: ofKind.length, items: expanded ? ofKind : ofKind.slice(0, ATTENTION_GROUP_LIMIT), expanded, open })
  }
  return { serious: items.filter(isSerious), groups, total: items.length }
}
