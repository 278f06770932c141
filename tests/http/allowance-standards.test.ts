// 低保标准 (/county/standards) against the built server: every county user sees the county's standards, only the county
// administrator adds one (audited); a township's household review shows the standard in force and the amount the rules
// give, and says what a review still lacks.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { users, query, signedIn } = useDemoServer()

const standardsCount = () => query<{ n: number }>('select count(*) as n from allowance_standards')[0].n

describe('the county’s 低保标准', () => {
  it('are shown to a county user, who gets no form and whose post is refused', async () => {
    const county = await signedIn('county')
    const page = await county.get('/county/standards')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>低保标准')
    expect(html).toContain('现行')
    expect(html).not.toContain('添加低保标准</button>')
    const before = standardsCount()
    const refused = await county.post('/county/standards', { area: 'rural', effectiveFrom: '2027-01-01', monthly: '600' })
    expect(refused.status).toBe(403)
    expect(standardsCount()).toBe(before)
    // the county roll-up links to them
    expect(await (await county.get('/county')).text()).toContain('href="/county/standards"')
  })

  it('are added by the county administrator with 分类施保, audited', async () => {
    const admin = await signedIn('county-admin')
    expect(await (await admin.get('/county/admin')).text()).toContain('href="/county/standards"')
    const before = standardsCount()
    const added = await admin.post('/county/standards', {
      area: 'urban',
      effectiveFrom: '2027-01-01',
      monthly: '880',
      supplement_seriousIllness: '130',
      supplement_elderly: '60',
    })
    expect(added.status).toBe(302)
    expect(standardsCount()).toBe(before + 1)
    const row = query<{ monthly_fen: number; supplements: string; created_by_user_id: number }>(
      "select monthly_fen, supplements, created_by_user_id from allowance_standards where area = 'urban' and effective_from = '2027-01-01'",
    )[0]
    expect(row.monthly_fen).toBe(88_000)
    expect(JSON.parse(row.supplements)).toEqual({ seriousIllness: 13_000, severeDisability: 0, elderly: 6_000, minor: 0 })
    expect(row.created_by_user_id).toBe(users.get('county-admin'))
    expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'allowanceStandard.create'")[0].n).toBe(1)
    const page = await (await admin.get(added.headers.get('location')!)).text()
    expect(page).toContain('已添加城市低保标准（2027-01-01起执行）。')
    // the same area and day again: refused with a sentence, nothing added
    const again = await admin.post('/county/standards', { area: 'urban', effectiveFrom: '2027-01-01', monthly: '900' })
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('本县该类别在这一执行日期已有标准。')
    expect(standardsCount()).toBe(before + 1)
  })

  it('are not open to a township’s leader or a village cadre', async () => {
    for (const username of ['leader', 'liushutun']) {
      const browser = await signedIn(username)
      expect((await browser.get('/county/standards')).status).toBe(403)
      expect((await browser.post('/county/standards', { area: 'rural', effectiveFrom: '2027-02-01', monthly: '600' })).status).toBe(403)
    }
  })
})

describe('the household review page', () => {
  it('shows the economic check, the standard in force beside the conclusion and what the review lacks', async () => {
    const cadre = await signedIn('dasunzhuang')
    const household = query<{ id: number; village_id: number }>(
      "select h.id, h.village_id from households h join villages v on v.id = h.village_id where v.name = '大孙庄村' and h.id not in (select household_id from household_reviews) order by h.id limit 1",
    )[0]
    const html = await (await cadre.get(`/villages/${household.village_id}/households/${household.id}`)).text()
    expect(html).toContain('家庭经济状况核查')
    expect(html).toContain('工资性收入（元/月）')
    expect(html).toContain('工资性收入的数据来源')
    expect(html).toContain('农村低保标准')
    expect(html).toContain('尚缺：复核结论、家庭经济状况核查')
    expect(html).not.toContain('name="nearRelativeFiling"')
  })
})
