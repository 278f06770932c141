// The demo's proposals (拟, ADR 010): every review concluded 调整, 清退 or 骗保 and every 漏保 family becomes a proposal
// on its review day, driven through the approval chain by the app's own model with the demo's dates, so snapshots,
// events, objections, allowance changes and audit rows are real. Older ones are approved (the household changes only
// then); the latest show every step: 待镇审核, 退回, 补充核查, 公示中 with an objection being verified, 公示期满 with
// the objection verified (ready for the county), 待县审批, one refused, and a 漏保 applicant's 纳入申请.
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { createProposal, type ProposalContent } from '../app/models/proposals/create.server'
import { applyToRow, type ProposalEventInput } from '../app/models/proposals/events.server'
import { findProposal } from '../app/models/proposals/machineRow.server'
import { KINDS_WITH_AMOUNT, type ProposalKind } from '../workflows/approvalSteps'
import { addDays, shanghaiInstant } from '../workflows/rules/dates'
import { present } from '../workflows/present'

type Special = 'proposed' | 'returned' | 'furtherChecks' | 'objectionOpen' | 'readyForCounty' | 'atCounty' | 'refused'

/** Words for the reviews the demo concluded without a note (a real review must give its grounds). */
const DEMO_GROUNDS: Record<ProposalKind, string> = {
  adjust: '家庭成员务工收入变化，按核算后的家庭收入调整保障金额',
  stop: '家庭经济状况超出低保条件',
  stopAndRecover: '隐瞒家庭成员务工收入骗取低保金，追回并处罚款',
  enrol: '登记漏保对象，提出纳入申请',
}

interface Case {
  householdId: number
  villageId: number
  reviewId: number | null
  proposedOn: string
  proposer: number
  currentAmountFen: number
  content: ProposalContent
}

const nextMonth = (day: string) => {
  const [y, m] = day.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

export async function seedDemoProposals(
  tx: Transaction<Database>,
  q: { campaignId: number; today: string; userId: (username: string) => number },
): Promise<void> {
  const today = q.today
  const township = q.userId('minzheng')
  const leader = q.userId('leader')
  const county = q.userId('county')
  const reviews = await tx
    .selectFrom('household_reviews')
    .innerJoin('households', 'households.id', 'household_reviews.household_id')
    .select([
      'household_reviews.id',
      'household_reviews.household_id',
      'household_reviews.village_id',
      'household_reviews.outcome',
      'household_reviews.adjusted_amount_fen',
      'household_reviews.exit_reason',
      'household_reviews.exit_on',
      'household_reviews.fraud_recovered_fen',
      'household_reviews.fraud_fine_fen',
      'household_reviews.notes',
      'household_reviews.reviewed_by_user_id',
      'household_reviews.reviewed_at',
      'households.monthly_amount_fen',
    ])
    .where('household_reviews.campaign_id', '=', q.campaignId)
    .where('household_reviews.outcome', 'in', ['adjust', 'exit', 'fraud'])
    .orderBy('household_reviews.reviewed_at')
    .orderBy('household_reviews.id')
    .execute()
  const cases: Case[] = reviews.map((r) => {
    const kind: ProposalKind = r.outcome === 'adjust' ? 'adjust' : r.outcome === 'exit' ? 'stop' : 'stopAndRecover'
    const day = present(r.reviewed_at, 'a concluded review’s day').slice(0, 10)
    return {
      householdId: r.household_id,
      villageId: r.village_id,
      reviewId: r.id,
      proposedOn: day,
      proposer: present(r.reviewed_by_user_id, 'the reviewer'),
      currentAmountFen: r.monthly_amount_fen,
      content: {
        kind,
        grounds: [r.exit_reason, r.notes].filter(Boolean).join('；') || DEMO_GROUNDS[kind],
        proposedAmountFen: kind === 'adjust' ? r.adjusted_amount_fen : null,
        proposedExitDate: kind === 'adjust' ? null : (r.exit_on ?? day),
        recoveredFen: kind === 'stopAndRecover' ? r.fraud_recovered_fen : null,
        fineFen: kind === 'stopAndRecover' ? r.fraud_fine_fen : null,
      },
    }
  })

  // the 漏保 families: registered as applicants with their 纳入申请; the last one is still before the township
  const missed = await tx
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .leftJoin('users', (join) => join.onRef('users.village_id', '=', 'villages.id').on('users.role', '=', 'cadre'))
    .select(['households.id', 'households.village_id', 'households.monthly_amount_fen', 'users.id as cadre'])
    .where('households.enrolment', '=', 'newlyEnrolled')
    .orderBy('households.id')
    .execute()
  await tx.updateTable('households').set({ status: 'applicant' }).where('enrolment', '=', 'newlyEnrolled').execute()
  const enrolments: Case[] = missed.map((h, i) => ({
    householdId: h.id,
    villageId: h.village_id,
    reviewId: null,
    proposedOn: addDays(today, i === missed.length - 1 ? -1 : -12),
    proposer: present(h.cadre, 'the village cadre'),
    currentAmountFen: 0,
    content: { kind: 'enrol', grounds: DEMO_GROUNDS.enrol, proposedAmountFen: h.monthly_amount_fen, proposedExitDate: null, recoveredFen: null, fineFen: null },
  }))

  // the latest proposals show the steps; each special takes the latest case whose dates allow it
  const specials = new Map<Case, Special>()
  const take = (special: Special, latestProposedOn: string) => {
    const c = [...cases].reverse().find((x) => !specials.has(x) && x.proposedOn <= latestProposedOn)
    if (c) specials.set(c, special)
  }
  take('proposed', today)
  take('returned', addDays(today, -1))
  take('furtherChecks', addDays(today, -1))
  take('objectionOpen', addDays(today, -2))
  take('readyForCounty', addDays(today, -9))
  take('atCounty', addDays(today, -9))
  take('refused', addDays(today, -10))

  for (const c of [...cases, ...enrolments]) {
    const id = await createProposal(tx, {
      campaignId: q.campaignId,
      villageId: c.villageId,
      householdId: c.householdId,
      reviewId: c.reviewId,
      currentAmountFen: c.currentAmountFen,
      content: c.content,
      actor: { id: c.proposer },
      at: new Date(shanghaiInstant(c.proposedOn, 16)),
      today: c.proposedOn,
    })
    const send = async (actor: number, day: string, event: ProposalEventInput) => {
      const row = present(await findProposal(tx, id), 'the proposal just made')
      const result = await applyToRow(tx, row, { proposalId: id, event, actor: { id: actor }, at: new Date(shanghaiInstant(day, 10)), today: day })
      if (!result.ok) throw new Error(`demo seed: proposal ${id} ${event.type} on ${day} refused (${JSON.stringify(result)})`)
    }
    const p = c.proposedOn
    const special = specials.get(c)
    if (special === 'proposed') continue
    if (special === 'returned') {
      await send(leader, addDays(p, 1), { type: 'RETURN', reason: '理由不够具体：请写明入户核查的情况和依据' })
      continue
    }
    if (special === 'furtherChecks') {
      await send(township, addDays(p, 1), { type: 'REFER_BACK', reason: '请补充核查家庭成员务工收入（部门比对）' })
      continue
    }
    const objection: ProposalEventInput = { type: 'OBJECTION', channel: 'hotline', objector: null, content: '反映该户情况与公示不符，请核实' }
    if (special === 'objectionOpen') {
      const accepted = addDays(today, -3) > addDays(p, 1) ? addDays(today, -3) : addDays(p, 1)
      await send(township, accepted, { type: 'ACCEPT' })
      await send(township, addDays(accepted, 1), objection)
      continue
    }
    if (special === 'readyForCounty') {
      const accepted = addDays(p, 1)
      await send(township, accepted, { type: 'ACCEPT' })
      await send(township, addDays(accepted, 1), objection)
      await send(township, addDays(accepted, 2), { type: 'VERIFY_OBJECTION', no: 1, result: 'unsubstantiated', note: '经入户核实，反映情况不属实' })
      continue
    }
    if (special === 'atCounty') {
      await send(township, addDays(p, 1), { type: 'ACCEPT' })
      await send(township, addDays(p, 8), { type: 'NOTICE_ENDED' })
      continue
    }
    // the usual way: accepted two days after, 公示 for the period, reported to the county the day after it ends, decided two days later — as far as today allows
    const accepted = addDays(p, special === 'refused' ? 1 : 2)
    if (accepted > today) continue
    await send(township, accepted, { type: 'ACCEPT' })
    const ended = addDays(accepted, 7)
    if (ended > today) continue
    await send(township, ended, { type: 'NOTICE_ENDED' })
    const decided = addDays(ended, special === 'refused' ? 1 : 2)
    if (decided > today) continue
    if (special === 'refused') {
      await send(county, decided, { type: 'REFUSE', reason: '核查材料不全，不予批准，请重新核查后提出' })
      continue
    }
    const withAmount = KINDS_WITH_AMOUNT.includes(c.content.kind)
    await send(county, decided, {
      type: 'APPROVE',
      effectiveMonth: nextMonth(decided),
      amountFen: withAmount ? c.content.proposedAmountFen : null,
      exitDate: withAmount ? null : c.content.proposedExitDate,
    })
  }
}
