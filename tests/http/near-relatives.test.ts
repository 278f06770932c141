// 近亲属备案 over HTTP on the built server: 东风村's cadre opens their own relative's household and finds the recusal
// in place of the review form, and a review posted anyway is refused with nothing written; the leader opens the
// township's register, the cadre may not; the filing form saves with the household's version.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const demo = useDemoServer()
const { villages, signedIn } = demo

function cadresRelative() {
  const [row] = demo.query<{ id: number; head_name: string; version: number }>(
    'select id, head_name, version from households where village_id = ? and near_relative_official_user_id = ?',
    villages.get('东风村'),
    demo.users.get('dongfeng'),
  )
  return row
}
const householdPath = (id: number) => `/villages/${villages.get('东风村')}/households/${id}`
const RECUSAL = '本户为您的近亲属，按规定您不能复核或提出意见，应由'

describe('a cadre and their own near relative', () => {
  it('shows the cadre the recusal and the 包村领导 who must review, and no review form', async () => {
    const cadre = await signedIn('dongfeng')
    const res = await cadre.get(householdPath(cadresRelative().id))
    expect(res.status).toBe(200)
    const html = await res.text()
    const [leader] = demo.query<{ display_name: string }>(
      'select users.display_name from villages join users on users.id = villages.leader_user_id where villages.id = ?',
      villages.get('东风村'),
    )
    expect(html).toContain(`${RECUSAL}包村领导${leader.display_name}复核`)
    expect(html).not.toContain('name="outcome"')
  })

  it('refuses a review the cadre posts anyway with a 403 and writes nothing', async () => {
    const cadre = await signedIn('dongfeng')
    const household = cadresRelative()
    const before = { audits: demo.count('audit_log'), review: demo.query('select * from household_reviews where household_id = ?', household.id) }
    const [review] = demo.query<{ version: number }>('select version from household_reviews where household_id = ?', household.id)
    const res = await cadre.request(`${householdPath(household.id)}?index`, {
      method: 'POST',
      body: new URLSearchParams([
        ['version', String(review?.version ?? 0)],
        ['incomeChecked', 'on'],
        ['propertyChecked', 'on'],
        ['outcome', 'keep'],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain(RECUSAL)
    expect(demo.count('audit_log')).toBe(before.audits)
    expect(demo.query('select * from household_reviews where household_id = ?', household.id)).toEqual(before.review)
  })

  it('offers the leader the review form on that household, and saves the leader’s review', async () => {
    const leader = await signedIn('leader')
    const household = cadresRelative()
    const html = await (await leader.get(householdPath(household.id))).text()
    expect(html).toContain('name="outcome"')
    expect(html).not.toContain(RECUSAL)
    const [review] = demo.query<{ version: number }>('select version from household_reviews where household_id = ?', household.id)
    const res = await leader.request(`${householdPath(household.id)}?index`, {
      method: 'POST',
      body: new URLSearchParams([
        ['version', String(review?.version ?? 0)],
        ['incomeChecked', 'on'],
        ['propertyChecked', 'on'],
        ['nearRelativeFiling', 'on'],
        ['outcome', 'keep'],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(302)
    const [saved] = demo.query<{ reviewed_by_user_id: number }>('select reviewed_by_user_id from household_reviews where household_id = ?', household.id)
    expect(saved.reviewed_by_user_id).toBe(demo.users.get('leader'))
  })
})

describe('the township register of near relatives', () => {
  it('opens for the leader, listing the cadre’s relative with a masked ID number', async () => {
    const leader = await signedIn('leader')
    const res = await leader.get('/near-relatives')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('近亲属备案登记')
    expect(html).toContain(cadresRelative().head_name)
    expect(html).not.toMatch(/\d{17}[\dX]/)
    const dashboard = await (await leader.get('/dashboard')).text()
    expect(dashboard).toMatch(/近亲属备案：\d+户（已复核\d+户）/)
  })

  it('is refused to a village cadre', async () => {
    const cadre = await signedIn('dongfeng')
    expect((await cadre.get('/near-relatives')).status).toBe(403)
  })
})

describe('the filing form', () => {
  it('saves a filing with a day and an official, and refuses a stale one with 409', async () => {
    const cadre = await signedIn('liushutun')
    const [household] = demo.query<{ id: number; version: number }>(
      'select id, version from households where village_id = ? and near_relative_filing = 0 order by id desc limit 1',
      villages.get('柳树屯村'),
    )
    const path = `/villages/${villages.get('柳树屯村')}/households/${household.id}/near-relative`
    expect((await cadre.get(path)).status).toBe(200)
    const form = (version: number, filedOn: string) => ({
      intent: 'saveFiling',
      version: String(version),
      filed: 'on',
      officialName: '村委会委员王某',
      filedOn,
    })
    const future = await cadre.post(path, form(household.version, '2099-01-01'))
    expect(future.status).toBe(422)
    expect(await future.text()).toContain('备案日期不能晚于今天')
    const saved = await cadre.post(path, form(household.version, '2026-06-01'))
    expect(saved.status).toBe(302)
    const [row] = demo.query<Record<string, unknown>>('select * from households where id = ?', household.id)
    expect(row).toMatchObject({
      near_relative_filing: 1,
      near_relative_filed_on: '2026-06-01',
      near_relative_official_name: '村委会委员王某',
      version: household.version + 1,
    })
    expect((await cadre.post(path, form(household.version, '2026-05-01'))).status).toBe(409)
  })
})
