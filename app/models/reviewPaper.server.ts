// What the printed 复核认定情况登记表 carries beyond the review's fields: the family members (家庭成员, ID numbers
// masked), the economic check (家庭经济状况核查: incomes by kind with their source, property, per-capita income), the
// village's conclusion in the plan's words, and the four signature lines — 复核人, 村(居)委会, 镇审核（镇民政所）,
// 县审批（县民政局）— filled with the name and day where the review and the proposal's events have them.
// Read for many households at once (the village's bulk print), a fixed number of queries whatever their count.
import type { DB } from '../../db/connection.server'
import { APPROVAL_EVENT_LABELS, APPROVAL_STATE_LABELS, PROPOSAL_KIND_LABELS, type ApprovalEventType } from '../../workflows/approvalSteps'
import { shanghaiDay } from '../../workflows/rules/dates'
import { INCOME_KINDS, PROPERTY_ITEMS, parseEconomicCheck, perCapitaIncomeFen, totalIncomeFen } from '../../workflows/rules/economicCheck'
import type { ReviewOutcome } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { yuanDigits } from '../utils/format'
import { MEMBER_COLUMNS, memberView, type MemberView } from './householdMembers.server'

const c = t.paper.conclusion
const e = t.economicCheck

export interface PaperEconomicCheck {
  incomes: Array<{ kind: string; amountFen: number; source: string | null }>
  totalFen: number
  perCapitaFen: number
  members: number
  /** the property items present, in words (deposits with their amount) */
  property: string[]
}

export interface PaperConclusion {
  /** 继续保障 / 拟停止保障 … ; null before a conclusion */
  text: string | null
  /** 拟月保障金额…元 / 拟停发日期… */
  detail: string | null
  /** where the proposal stands in the chain */
  state: string | null
  grounds: string | null
}

export interface PaperSignature {
  role: 'reviewer' | 'committee' | 'township' | 'county'
  /** the opinion as recorded (审核通过，进入公示 / 批准 …) */
  opinion: string | null
  name: string | null
  day: string | null
}

export interface ReviewPaper {
  members: MemberView[]
  economic: PaperEconomicCheck | null
  conclusion: PaperConclusion
  signatures: PaperSignature[]
}

export interface ReviewPaperInput {
  householdId: number
  memberCount: number
  outcome: string | null
  reviewedBy: string | null
  reviewedAt: string | null
}

const TOWNSHIP_EVENTS: ApprovalEventType[] = ['ACCEPT', 'RETURN', 'REFER_BACK']
const COUNTY_EVENTS: ApprovalEventType[] = ['APPROVE', 'REFUSE']

function economicOf(json: string | null, memberCount: number): PaperEconomicCheck | null {
  const check = parseEconomicCheck(json)
  if (!check) return null
  const source = (s: string | null) => (s ? e.figureSources[s as keyof typeof e.figureSources] : null)
  return {
    incomes: INCOME_KINDS.map((kind) => ({ kind: e.incomeKinds[kind], amountFen: check.incomes[kind].monthlyFen, source: source(check.incomes[kind].source) })),
    totalFen: totalIncomeFen(check),
    perCapitaFen: perCapitaIncomeFen(check, memberCount),
    members: Math.max(1, memberCount),
    property: PROPERTY_ITEMS.filter((item) => check.property[item].present).map((item) => {
      const amount = item === 'deposits' ? check.property.deposits.amountFen : null
      const from = source(check.property[item].source)
      return `${e.propertyItems[item]}${amount ? ` ${yuanDigits(amount)}元` : ''}${from ? `（${from}）` : ''}`
    }),
  }
}

/** Rows by a key, in their order (Map.groupBy needs Node 21). */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const row of rows) {
    const group = groups.get(key(row))
    if (group) group.push(row)
    else groups.set(key(row), [row])
  }
  return groups
}

/** The paper parts of the review forms of these households in this campaign, by household id. */
export async function getReviewPapers(db: DB, q: { campaignId: number; households: ReviewPaperInput[] }): Promise<Map<number, ReviewPaper>> {
  const ids = q.households.map((h) => h.householdId)
  const result = new Map<number, ReviewPaper>()
  if (ids.length === 0) return result
  const [members, reviews, proposals] = await Promise.all([
    db
      .selectFrom('household_members')
      .select([...MEMBER_COLUMNS, 'household_id'])
      .where('household_id', 'in', ids)
      .orderBy('household_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('household_reviews')
      .select(['household_id', 'economic_check'])
      .where('campaign_id', '=', q.campaignId)
      .where('household_id', 'in', ids)
      .execute(),
    db
      .selectFrom('proposals')
      .leftJoin('users', 'users.id', 'proposals.proposed_by_user_id')
      .select([
        'proposals.id',
        'proposals.household_id',
        'proposals.kind',
        'proposals.grounds',
        'proposals.state',
        'proposals.proposed_amount_fen',
        'proposals.proposed_exit_date',
        'proposals.proposed_on',
        'proposals.final',
        'users.display_name as proposer',
      ])
      .where('proposals.campaign_id', '=', q.campaignId)
      .where('proposals.household_id', 'in', ids)
      .orderBy('proposals.id')
      .execute(),
  ])
  // the household's current proposal: the open one, else the latest
  const proposalOf = new Map<number, (typeof proposals)[number]>()
  for (const p of proposals) {
    const held = proposalOf.get(p.household_id)
    if (!held || held.final === 1 || p.final === 0) proposalOf.set(p.household_id, p)
  }
  const proposalIds = [...proposalOf.values()].map((p) => p.id)
  const events = proposalIds.length
    ? await db
        .selectFrom('proposal_events')
        .leftJoin('users', 'users.id', 'proposal_events.actor_user_id')
        .select(['proposal_events.proposal_id', 'proposal_events.event_type', 'proposal_events.occurred_at', 'users.display_name'])
        .where('proposal_events.proposal_id', 'in', proposalIds)
        .where('proposal_events.event_type', 'in', [...TOWNSHIP_EVENTS, ...COUNTY_EVENTS])
        .orderBy('proposal_events.id')
        .execute()
    : []
  const economicJson = new Map(reviews.map((r) => [r.household_id, r.economic_check]))
  // grouped once: a village's bulk print reads every household's members and signatures from these
  const membersOf = groupBy(members, (m) => m.household_id)
  const eventsOf = groupBy(events, (ev) => ev.proposal_id)
  for (const h of q.households) {
    const proposal = proposalOf.get(h.householdId) ?? null
    const latest = (types: ApprovalEventType[]) =>
      (proposal ? (eventsOf.get(proposal.id) ?? []) : []).filter((ev) => types.includes(ev.event_type as ApprovalEventType)).at(-1)
    const signed = (role: PaperSignature['role'], ev: ReturnType<typeof latest>): PaperSignature =>
      ev
        ? {
            role,
            opinion: APPROVAL_EVENT_LABELS[ev.event_type as ApprovalEventType] ?? null,
            name: ev.display_name,
            day: shanghaiDay(new Date(ev.occurred_at)),
          }
        : { role, opinion: null, name: null, day: null }
    // a conclusion that made no proposal (继续保障, or one saved before the chain), in the plan's words
    const outcomeWords = h.outcome ? (t.households.outcomes[h.outcome as ReviewOutcome] ?? null) : null
    result.set(h.householdId, {
      members: (membersOf.get(h.householdId) ?? []).map(memberView),
      economic: economicOf(economicJson.get(h.householdId) ?? null, h.memberCount),
      conclusion: proposal
        ? {
            text: format(c.proposal, { kind: PROPOSAL_KIND_LABELS[proposal.kind] }),
            detail:
              proposal.proposed_amount_fen !== null
                ? format(c.amount, { amount: yuanDigits(proposal.proposed_amount_fen) })
                : proposal.proposed_exit_date
                  ? format(c.exitOn, { date: proposal.proposed_exit_date })
                  : null,
            state: format(c.state, { state: APPROVAL_STATE_LABELS[proposal.state] ?? proposal.state }),
            grounds: proposal.grounds,
          }
        : { text: outcomeWords, detail: null, state: null, grounds: null },
      signatures: [
        { role: 'reviewer', opinion: null, name: h.reviewedBy, day: h.reviewedAt ? shanghaiDay(new Date(h.reviewedAt)) : null },
        proposal
          ? { role: 'committee', opinion: null, name: proposal.proposer, day: proposal.proposed_on }
          : { role: 'committee', opinion: null, name: null, day: null },
        signed('township', latest(TOWNSHIP_EVENTS)),
        signed('county', latest(COUNTY_EVENTS)),
      ],
    })
  }
  return result
}
