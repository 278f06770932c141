import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const { server } = useDemoServer()

describe('a household’s history', () => {
  it('shows leaders and inspectors who changed the review, when, and which fields', async () => {
    const db = new Database(server.databaseFile, { readonly: true })
    const { villageId, householdId } = db
      .prepare(
        "select v.id as villageId, h.id as householdId from households h join villages v on v.id = h.village_id where v.name = '河西村' order by h.id limit 1",
      )
      .get() as { villageId: number; householdId: number }
    const version =
      (db.prepare('select version from household_reviews where household_id = ?').get(householdId) as { version: number } | undefined)?.version ?? 0
    db.close()
    const cadre = new Browser(server.url)
    await cadre.signIn('hexi')
    const path = `/villages/${villageId}/households/${householdId}`
    const saved = await cadre.request(`${path}?index`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['version', String(version)],
        ['incomeChecked', 'on'],
        ['propertyChecked', 'on'],
        ['homeVisitOn', '2026-11-27'],
        ['homeVisitBy', '张玉兰'],
        ['outcome', 'keep'],
        ['notes', '复查无变化'],
      ]),
    })
    expect(saved.status).toBe(302)
    for (const username of ['leader', 'inspector']) {
      const reader = new Browser(server.url)
      await reader.signIn(username)
      const html = (await (await reader.get(path)).text()).replaceAll('<!-- -->', '')
      expect(html).toContain('修改记录')
      expect(html).toMatch(/张玉兰：保存复核登记（[^）]*备注/)
      // the village's history has the same save among everything else done in 河西村
      const village = (await (await reader.get(`/villages/${villageId}/history`)).text()).replaceAll('<!-- -->', '')
      expect(village).toContain('河西村 · 修改记录')
      expect(village).toMatch(/张玉兰：保存复核登记/)
    }
  })
})
