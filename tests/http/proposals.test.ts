// The approval chain over HTTP on the built server (ADR 010): who may send which event to a proposal is decided
// once per POST — a cadre cannot accept or approve by crafting a form, a leader cannot approve, the county of
// another county cannot reach the proposal at all, the 镇民政所 account accepts; a stale form answers 409; nothing is
// written by a refused POST.
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const demo = useDemoServer()

interface Row {
  id: number
  version: number
  state: string
  household_id: number
  village_id: number
}
const proposalIn = (state: string) =>
  demo.query<Row>('select id, version, state, household_id, village_id from proposals where state = ? order by id limit 1', state)[0]
const proposal = (id: number) => demo.query<Row>('select id, version, state, household_id, village_id from proposals where id = ?', id)[0]
const cadreOf = (villageId: number) =>
  demo.query<{ username: string }>("select username from users where role = 'cadre' and village_id = ?", villageId)[0].username
const written = () =>
  [
    demo.count('proposal_events'),
    demo.count('household_allowance_changes'),
    demo.query<{ n: number }>("select count(*) as n from audit_log where action not like 'signIn%'")[0].n,
  ].join('/')

async function post(username: string, id: number, form: Record<string, string>) {
  const browser = await demo.signedIn(username)
  return browser.post(`/proposals/${id}`, form)
}

beforeAll(() => {
  // a county bureau user of another county, with the demo's password
  const db = new Database(demo.server.databaseFile)
  try {
    db.prepare(
      "insert into users (username, display_name, password_hash, role, county_name, updated_at) select 'county-other', '外县用户', password_hash, 'county', '别的县', updated_at from users where username = 'county'",
    ).run()
  } finally {
    db.close()
  }
})

describe('who may send which event to a proposal', () => {
  it('refuses the village’s cadre an acceptance and an approval crafted by hand, with nothing written', async () => {
    const p = proposalIn('townshipReview.proposed')
    const before = written()
    const cadre = cadreOf(p.village_id)
    expect((await post(cadre, p.id, { intent: 'ACCEPT', version: String(p.version) })).status).toBe(403)
    const atCounty = proposalIn('countyReview')
    expect(
      (
        await post(cadreOf(atCounty.village_id), atCounty.id, {
          intent: 'APPROVE',
          version: String(atCounty.version),
          effectiveMonth: '2027-01',
          exitDate: '2026-12-31',
          amount: '300',
        })
      ).status,
    ).toBe(403)
    expect(written()).toBe(before)
    expect(proposal(p.id).state).toBe('townshipReview.proposed')
  })

  it('refuses a township leader the county’s approval, and an inspector without the 镇民政所 mark the township’s review', async () => {
    const atCounty = proposalIn('countyReview')
    const before = written()
    expect(
      (
        await post('leader', atCounty.id, {
          intent: 'APPROVE',
          version: String(atCounty.version),
          effectiveMonth: '2027-01',
          exitDate: '2026-12-31',
          amount: '300',
        })
      ).status,
    ).toBe(403)
    const p = proposalIn('townshipReview.proposed')
    expect((await post('inspector', p.id, { intent: 'ACCEPT', version: String(p.version) })).status).toBe(403)
    expect(written()).toBe(before)
  })

  it('keeps the county of another county out of the proposal entirely', async () => {
    const atCounty = proposalIn('countyReview')
    const other = await demo.signedIn('county-other')
    expect((await other.get(`/proposals/${atCounty.id}`)).status).toBe(403)
    const before = written()
    expect(
      (
        await other.post(`/proposals/${atCounty.id}`, {
          intent: 'APPROVE',
          version: String(atCounty.version),
          effectiveMonth: '2027-01',
          exitDate: '2026-12-31',
          amount: '300',
        })
      ).status,
    ).toBe(403)
    expect(written()).toBe(before)
  })

  it('lets the 镇民政所 accept a proposal into 审核结果公示, and answers a stale form with 409', async () => {
    const p = proposalIn('townshipReview.proposed')
    const page = await (await demo.signedIn('minzheng')).get(`/proposals/${p.id}`)
    expect(await page.text()).toContain('通过审核（进入公示）')
    const res = await post('minzheng', p.id, { intent: 'ACCEPT', version: String(p.version) })
    expect(res.status).toBe(302)
    expect(proposal(p.id)).toMatchObject({ state: 'inNotice', version: p.version + 1 })
    const before = written()
    expect((await post('leader', p.id, { intent: 'RETURN', version: String(p.version), reason: '理由不足' })).status).toBe(409)
    expect(written()).toBe(before)
  })

  it('explains in Chinese an event the machine refuses now', async () => {
    // the notice that runs longest: its period is not over
    const [p] = demo.query<Row>("select id from proposals where state = 'inNotice' order by notice_to desc limit 1")
    const res = await post('minzheng', p.id, { intent: 'NOTICE_ENDED', version: String(proposal(p.id).version) })
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(/公示期至\d{4}-\d{2}-\d{2}，期满后才能报县审批。|件异议未核实/)
  })

  it('lets the county approve from a stated month, which changes the household', async () => {
    const atCounty = proposalIn('countyReview')
    const [household] = demo.query<{ status: string; monthly_amount_fen: number }>(
      'select status, monthly_amount_fen from households where id = ?',
      atCounty.household_id,
    )
    expect(household.status).toBe('active')
    const res = await post('county', atCounty.id, {
      intent: 'APPROVE',
      version: String(atCounty.version),
      effectiveMonth: '2027-01',
      exitDate: '2026-12-31',
      amount: '300',
    })
    expect(res.status).toBe(302)
    expect(proposal(atCounty.id).state).toBe('approved')
    const [change] = demo.query<{ from_month: string }>('select from_month from household_allowance_changes where proposal_id = ?', atCounty.id)
    expect(change.from_month).toBe('2027-01')
  })
})

describe('the approvals page', () => {
  it('shows the township its queue by step, and the county only 待县审批', async () => {
    const township = await (await demo.signedIn('minzheng')).get('/approvals')
    const html = await township.text()
    for (const heading of ['待镇审核', '公示中', '待县审批']) expect(html).toContain(heading)
    const county = await (await demo.signedIn('county')).get('/approvals')
    const countyHtml = await county.text()
    expect(countyHtml).toContain('待县审批')
    expect(countyHtml).not.toContain('待镇审核')
  })
})
