// Histories in words (issue 12), on the demo township and on both databases: every audit row the demo and a review
// save write has a labelled action and labelled fields, and every village's and household's history — read by the
// township office and by the village's cadre — names actions, records and fields without a single code.
import { describe, expect, it } from 'vitest'
import { hasAuditActionLabel, hasAuditFieldLabel } from '../../app/i18n/auditText'
import { TOWNSHIP_VIEWER, type Viewer } from '../../app/models/campaign.server'
import { getHouseholdHistory } from '../../app/models/householdHistory.server'
import { saveHouseholdReview } from '../../app/models/householdReview.server'
import type { ReviewInput } from '../../app/models/householdReviewForm.server'
import { getVillageHistory } from '../../app/models/villageHistory.server'
import { DEMO_AT } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

/** An identifier a person should never read: dotted (export.reviewForms), snake_case (deadline_on) or camelCase. */
const CODE = /[A-Za-z]+[._][A-Za-z]+|\b[a-z]+[A-Z][A-Za-z]*\b/

const REVIEW: ReviewInput = {
  incomeChecked: true,
  propertyChecked: false,
  homeVisitOn: '2026-11-27',
  homeVisitBy: '王建国',
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
  notes: '复查无变化',
}

async function reviewOne(villageName: string, username: string): Promise<{ householdId: number; headName: string }> {
  const villageId = t.village(villageName)
  const household = await t.db.selectFrom('households').select(['id', 'head_name']).where('village_id', '=', villageId).orderBy('id').executeTakeFirstOrThrow()
  const stored = await t.db.selectFrom('household_reviews').select('version').where('household_id', '=', household.id).executeTakeFirst()
  const saved = await saveHouseholdReview(t.db, {
    campaignId: t.campaignId,
    villageId,
    householdId: household.id,
    actor: { id: t.userId(username) },
    input: REVIEW,
    expectedVersion: stored?.version ?? 0,
    at: DEMO_AT,
    ip: null,
  })
  expect(saved.ok).toBe(true)
  return { householdId: household.id, headName: household.head_name }
}

describe('histories in words', () => {
  it('has a label for every action and field in the audit log', async () => {
    await reviewOne('王家庄村', 'wangjiazhuang')
    const rows = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).execute()
    expect(rows.length).toBeGreaterThan(0)
    const unlabelled = new Set<string>()
    for (const r of rows) {
      if (!hasAuditActionLabel(r.action)) unlabelled.add(r.action)
      for (const side of [r.before, r.after]) {
        const value: unknown = side ? JSON.parse(side) : null
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const key of Object.keys(value)) if (!hasAuditFieldLabel(key)) unlabelled.add(`${r.action}: ${key}`)
      }
    }
    expect([...unlabelled]).toEqual([])
  })

  it('reads every village’s history without a code, naming the household a review concerns, for the township office and the cadre', async () => {
    const { headName } = await reviewOne('河西村', 'hexi')
    const cadres = await t.db.selectFrom('users').select(['username', 'village_id']).where('role', '=', 'cadre').execute()
    for (const [name, villageId] of t.villages) {
      const cadre = cadres.find((c) => c.village_id === villageId)
      const viewers: Array<[string, Viewer]> = [
        ['leader', TOWNSHIP_VIEWER],
        ...(cadre ? [[cadre.username, { role: 'cadre', villageId }] as [string, Viewer]] : []),
      ]
      for (const [who, viewer] of viewers) {
        const entries = await getVillageHistory(t.db, villageId, viewer)
        for (const e of entries) {
          const text = [e.label, e.subject?.name ?? '', ...e.details].join(' ')
          expect(text, `${name}, ${who}: ${e.action}`).not.toMatch(CODE)
          if (viewer.role === 'cadre') expect(e.entityType, `${name}, ${who}`).not.toBe('complaint')
        }
        if (name === '河西村') {
          const save = entries.find((e) => e.action === 'householdReview.save')
          expect(save?.subject?.name, who).toBe(`${headName}户`)
          expect(save?.subject?.path, who).toMatch(new RegExp(`^/villages/${villageId}/households/\\d+$`))
          expect(save?.details, who).toEqual(expect.arrayContaining(['入户调查日期', '备注']))
        }
      }
    }
  })

  it('names a proposal (拟) in a village’s history by its household, linking to the proposal (issue 17)', async () => {
    const proposal = await t.db.selectFrom('audit_log').select(['entity_id', 'village_id']).where('entity_type', '=', 'proposal').executeTakeFirstOrThrow()
    const owner = await t.db
      .selectFrom('proposals')
      .innerJoin('households', 'households.id', 'proposals.household_id')
      .select('households.head_name')
      .where('proposals.id', '=', proposal.entity_id as number)
      .executeTakeFirstOrThrow()
    const entries = await getVillageHistory(t.db, proposal.village_id as number, TOWNSHIP_VIEWER)
    expect(entries.find((e) => e.entityType === 'proposal' && e.entityId === proposal.entity_id)?.subject).toEqual({
      name: `${owner.head_name}户的拟办事项`,
      path: `/proposals/${proposal.entity_id}`,
    })
  })

  it('reads a household’s history without a code', async () => {
    const { householdId } = await reviewOne('张庄村', 'zhangzhuang')
    const history = await getHouseholdHistory(t.db, householdId)
    expect(history.length).toBeGreaterThan(0)
    for (const e of history) expect([e.label, ...e.details].join(' ')).not.toMatch(CODE)
    expect(history[0].label).toBe('保存复核登记')
    // the page gets words only: no action code travels with an entry
    expect(history[0]).not.toHaveProperty('action')
  })
})
