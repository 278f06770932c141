// The review form's 骗保 amounts over HTTP (《社会救助暂行办法》第六十八条): the form says the rule before anything is sent
// — with this case's range once an amount recovered is saved — and a fine outside 1 to 3 times the amount recovered
// comes back as a 400 with the rule and the range beside the fine, nothing saved.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { yuanBrief } from '../../app/utils/format'
import { useDemoServer } from '../support/factories'

let db: Database.Database
const { server, villages, signedIn } = useDemoServer()

beforeAll(async () => {
  db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
})
afterAll(() => db?.close())

const RULE = '如处罚款，应为追回金额的1至3倍（《社会救助暂行办法》第六十八条）；不处罚款请留空或填0。'
const formPath = (village: string, householdId: number) => `/villages/${villages.get(village)}/households/${householdId}`

describe('the review form and 第六十八条', () => {
  it('says the fine’s rule on the form, and this case’s range for the amount recovered already saved', async () => {
    const cadre = await signedIn('zhangzhuang')
    const saved = db
      .prepare("select household_id, fraud_recovered_fen from household_reviews where village_id = ? and outcome = 'fraud' order by id limit 1")
      .get(villages.get('张庄村')) as { household_id: number; fraud_recovered_fen: number }
    const html = await (await cadre.get(formPath('张庄村', saved.household_id))).text()
    expect(html).toContain(RULE)
    const r = saved.fraud_recovered_fen
    expect(html).toContain(`按已保存的追回金额${yuanBrief(r)}，罚款应在${yuanBrief(r)}至${yuanBrief(3 * r)}之间。`)

    const kept = db
      .prepare("select household_id from household_reviews where village_id = ? and outcome = 'keep' order by id limit 1")
      .get(villages.get('张庄村')) as {
      household_id: number
    }
    const plain = await (await cadre.get(formPath('张庄村', kept.household_id))).text()
    expect(plain).toContain(RULE)
    expect(plain).not.toContain('按已保存的追回金额')
  })

  it('refuses ¥24,000 recovered with a ¥1,300 fine, with the rule and the range beside the fine, and saves nothing', async () => {
    const cadre = await signedIn('zhangzhuang')
    const household = db
      .prepare(
        "select h.id from households h where h.village_id = ? and h.enrolment = 'roster' and h.near_relative_filing = 0 and not exists (select 1 from household_reviews r where r.household_id = h.id) order by h.id limit 1",
      )
      .get(villages.get('张庄村')) as { id: number }
    const res = await cadre.request(`${formPath('张庄村', household.id)}?index`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['version', '0'],
        ['outcome', 'fraud'],
        ['exitOn', '2026-11-20'],
        ['fraudRecovered', '24000'],
        ['fraudFine', '1300'],
      ]),
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    const error = /<p id="[^"]*fraudFine[^"]*-error"[^>]*>([^<]*)<\/p>/.exec(html)?.[1]
    expect(error).toBe('罚款应为追回金额的1至3倍（《社会救助暂行办法》第六十八条）：本案应在¥24,000至¥72,000之间；不处罚款请留空。')
    expect(db.prepare('select id from household_reviews where household_id = ?').get(household.id)).toBeUndefined()
  })
})
