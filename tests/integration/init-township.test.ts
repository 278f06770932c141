import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareDatabase } from '../../seed/startup'
import { initTownship, InitError } from '../../seed/init-township'
import { createTestDatabase, type TestDatabase } from '../support/database'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false })
})
afterAll(async () => t?.destroy())

describe('preparing a database for a real township', () => {
  it('creates the township and its administrator, and start-up then adds no demo data', async () => {
    await initTownship(t.db, { township: '柳河镇', county: '青山县', adminUsername: 'liuhe-admin', password: 'a-long-password', bcryptCost: 4 })
    const prepared = await prepareDatabase(t.db, { today: '2026-11-29', seedDemo: true })
    expect(prepared.seededDemo).toBe(false)
    const townships = await t.db.selectFrom('townships').select('name').execute()
    expect(townships.map((r) => r.name)).toEqual(['柳河镇'])
    const users = await t.db.selectFrom('users').select(['username', 'role']).execute()
    expect(users).toEqual([{ username: 'liuhe-admin', role: 'admin' }])
    expect(await t.db.selectFrom('households').select('id').execute()).toHaveLength(0)
  })

  it('refuses a short password, a taken username and a township that exists, changing nothing', async () => {
    await expect(initTownship(t.db, { township: '新镇', county: '', adminUsername: 'x-admin', password: 'short', bcryptCost: 4 })).rejects.toThrow(InitError)
    await expect(
      initTownship(t.db, { township: '新镇', county: '', adminUsername: 'liuhe-admin', password: 'a-long-password', bcryptCost: 4 }),
    ).rejects.toThrow('已被使用')
    await expect(initTownship(t.db, { township: '柳河镇', county: '', adminUsername: 'other', password: 'a-long-password', bcryptCost: 4 })).rejects.toThrow(
      '已经存在',
    )
    expect(await t.db.selectFrom('townships').select('name').execute()).toHaveLength(1)
  })
})
