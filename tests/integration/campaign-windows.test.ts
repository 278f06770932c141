import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCurrentCampaign } from '../../app/models/campaign.server'
import { saveCampaignWindows } from '../../app/models/campaignWindows.server'
import { seedDemoTownship } from '../../seed/demo'
import { createTestDatabase, type TestDatabase } from '../support/database'

const who = { actorUserId: null, at: new Date('2026-11-29T03:00:00Z') }
let t: TestDatabase
let townshipId: number
beforeAll(async () => {
  t = await createTestDatabase()
  townshipId = await seedDemoTownship(t.db, { today: '2026-11-29', bcryptCost: 4 })
})
afterAll(async () => t?.destroy())

describe('editing the campaign windows', () => {
  it('saves ordered, non-overlapping windows', async () => {
    const campaign = (await getCurrentCampaign(t.db, townshipId))!
    const windows = [
      { phase: 'mobilisation' as const, starts_on: '2026-10-01', ends_on: '2026-10-15' },
      { phase: 'fullInspection' as const, starts_on: '2026-10-16', ends_on: '2026-11-25' },
      { phase: 'supervision' as const, starts_on: '2026-11-26', ends_on: '2026-12-15' },
      { phase: 'summary' as const, starts_on: '2026-12-16', ends_on: '2026-12-31' },
    ]
    expect(await saveCampaignWindows(t.db, campaign.id, windows, who)).toEqual({ ok: true })
    expect((await getCurrentCampaign(t.db, townshipId))!.windows).toEqual(windows)
    expect(await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'campaign').execute()).toEqual([{ action: 'campaign.windows' }])
  })

  it('changes nothing when one window overlaps the previous', async () => {
    const before = (await getCurrentCampaign(t.db, townshipId))!
    const windows = before.windows.map((w) => (w.phase === 'summary' ? { ...w, starts_on: '2026-12-10' } : w))
    const result = await saveCampaignWindows(t.db, before.id, windows, who)
    expect(result).toMatchObject({ ok: false, problems: [{ phase: 'summary', code: 'overlapsPrevious' }] })
    expect((await getCurrentCampaign(t.db, townshipId))!.windows).toEqual(before.windows)
  })
})
