// Shared set-up of the household tests (tests/integration/households*.test.ts): the demo township on a fresh database
// (useDemoDatabase in factories.ts), a review that keeps the household, and the helpers that save a review, read the
// figures and the rows back. The bindings below are filled before the tests.
import { parseWithZod } from '@conform-to/zod/v4'
import { beforeAll } from 'vitest'
import { getCurrentCampaign, type CampaignInfo, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import { reviewFormSchema, type ReviewInput } from '../../app/models/householdReviewForm.server'
import type { EconomicCheck } from '../../workflows/rules/economicCheck'
import { listRoster } from '../../app/models/householdRoster.server'
import { listVillageProgress } from '../../app/models/villageProgress.server'
import type { TestDatabase } from './database'
import { DEMO_AT, DEMO_TODAY } from './demo'
import { useDemoDatabase } from './factories'

export const TODAY = DEMO_TODAY
export const AT = DEMO_AT
export let t: TestDatabase
export let campaign: CampaignInfo
let townshipId: number
/** village name → id */
export const villages = new Map<string, number>()
/** username → id */
export const users = new Map<string, number>()

/** The demo township on a fresh database for this test file, with its villages and users by name. */
export function useHouseholdsDatabase(): void {
  const demo = useDemoDatabase()
  beforeAll(async () => {
    t = demo
    townshipId = demo.townshipId
    campaign = (await getCurrentCampaign(t.db, townshipId))!
    for (const [name, id] of demo.villages) villages.set(name, id)
    for (const [username, id] of demo.users) users.set(username, id)
  })
}

/** 家庭经济状况核查 done: every income kind sourced (入户核实), no property; an ordinary household's review is complete with it. */
export const SOURCED_CHECK: EconomicCheck = {
  incomes: {
    wages: { monthlyFen: 30_000, source: 'visited' },
    business: { monthlyFen: 0, source: 'visited' },
    pension: { monthlyFen: 0, source: 'visited' },
    transfer: { monthlyFen: 0, source: 'visited' },
    other: { monthlyFen: 0, source: 'visited' },
  },
  property: {
    vehicle: { present: false, source: 'crossChecked' },
    extraHousing: { present: false, source: 'crossChecked' },
    businessRegistration: { present: false, source: 'crossChecked' },
    deposits: { present: false, source: 'crossChecked', amountFen: null },
  },
}

export const KEEP: ReviewInput = {
  incomeChecked: true,
  propertyChecked: true,
  economicCheck: SOURCED_CHECK,
  situationNotes: {},
  homeVisitOn: null,
  homeVisitBy: null,
  keyCheckSituations: [],
  riskSignals: [],
  nearRelativeFiling: false,
  nearRelativeNote: null,
  outcome: 'keep',
  adjustedAmountFen: null,
  exitReason: null,
  exitOn: null,
  fraudRecoveredFen: null,
  fraudFineFen: null,
  notes: null,
}

export async function progress(village: string) {
  const [p] = await listVillageProgress(t.db, townshipId, campaign, TODAY, TOWNSHIP_VIEWER, villages.get(village)!)
  return p
}

/** Households of a village that have no review yet, oldest first. */
export async function unreviewed(village: string): Promise<number[]> {
  const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: villages.get(village)!, filter: 'unreviewed' })
  // the filter also lists reviews still incomplete: only those with no review at all
  return roster.rows.filter((r) => r.enrolment === 'roster' && r.reviewStatus === 'unreviewed').map((r) => r.id)
}

export function save(
  village: string,
  householdId: number,
  input: ReviewInput,
  expectedVersion: number,
  actor = village === '大孙庄村' ? 'dasunzhuang' : 'zhangzhuang',
) {
  return saveHouseholdReview(t.db, {
    campaignId: campaign.id,
    villageId: villages.get(village)!,
    householdId,
    actor: { id: users.get(actor)! },
    input,
    expectedVersion,
    at: AT,
    ip: '127.0.0.1',
  })
}

export function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v)
  return data
}

export function parseReview(values: Record<string, string | string[]>) {
  return parseWithZod(form({ version: '0', ...values }), { schema: reviewFormSchema({ today: TODAY }) })
}

export async function reviewRow(householdId: number) {
  return t.db.selectFrom('household_reviews').selectAll().where('household_id', '=', householdId).where('campaign_id', '=', campaign.id).executeTakeFirst()
}
export async function householdRow(householdId: number) {
  return t.db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
}
export async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()
}
