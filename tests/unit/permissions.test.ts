import { describe, expect, it } from 'vitest'
import type { CurrentUser } from '../../app/utils/auth.server'
import { isVillageInScope, VILLAGE_RIGHTS } from '../../app/utils/permissions.server'

const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 1,
  username: 'u',
  displayName: 'u',
  role: 'leader',
  townshipId: 1,
  villageId: null,
  countyName: null,
  countyAdmin: false,
  civilAffairs: false,
  liaisonVillageIds: [],
  ...over,
})
const village = { id: 7, township_id: 1 }

describe('who may reach a village', () => {
  it('lets a cadre reach only the village they belong to', () => {
    expect(isVillageInScope(user({ role: 'cadre', villageId: 7 }), village, '青山县')).toBe(true)
    expect(isVillageInScope(user({ role: 'cadre', villageId: 8 }), village, '青山县')).toBe(false)
  })
  it('lets township roles reach every village of their own township only', () => {
    for (const role of ['leader', 'inspector', 'admin'] as const) {
      expect(isVillageInScope(user({ role }), village, null)).toBe(true)
      expect(isVillageInScope(user({ role, townshipId: 2 }), village, null)).toBe(false)
    }
  })
  it('lets the county bureau read across the townships of its county', () => {
    expect(isVillageInScope(user({ role: 'county', townshipId: null, countyName: '青山县' }), village, '青山县')).toBe(true)
    expect(isVillageInScope(user({ role: 'county', townshipId: null, countyName: '绿水县' }), village, '青山县')).toBe(false)
  })
  it('gives the cadre work, inspectors supervision, and leaders the lead', () => {
    expect(VILLAGE_RIGHTS.work).toEqual(['cadre'])
    expect(VILLAGE_RIGHTS.supervise).not.toContain('cadre')
    expect(VILLAGE_RIGHTS.lead).not.toContain('cadre')
    expect(VILLAGE_RIGHTS.lead).not.toContain('inspector')
  })
})
