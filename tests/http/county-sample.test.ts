// 县级入户抽查 against the built server: the county administrator draws a list with a stated seed and assigns it; a
// county official records a check (an inconsistent one lands in the village's register as a 县级抽查 problem, and a
// stale save gets the conflict page); a township leader reads their township's results; a cadre gets 无权访问 and
// sees only the problem; the county page and /dashboard.json carry the same figures.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { query, count, signedIn, villages } = useDemoServer()

const sampleCount = () => count('county_samples')

function postForm(browser: Awaited<ReturnType<typeof signedIn>>, path: string, form: URLSearchParams) {
  return browser.request(path, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

describe('the county’s sample pages', () => {
  it('let the county administrator draw a list with a stated seed, shown with its figures', async () => {
    const admin = await signedIn('county-admin')
    const page = await (await admin.get('/county/sample')).text()
    expect(page).toContain('<label for="sample-seed" class="label">随机种子</label>')
    expect(page).toContain('<label for="sample-percent" class="label">抽查比例（%）</label>')
    expect(page).toContain('各乡镇抽查进度')
    const before = sampleCount()
    const tooFew = await admin.post('/county/sample?index', { intent: 'draw', seed: 'x', percent: '20' })
    expect(tooFew.status).toBe(422)
    expect(await tooFew.text()).toContain('抽查比例须为30至100之间的整数。')
    const drawn = await admin.post('/county/sample?index', { intent: 'draw', seed: '青民发〔2026〕40号', percent: '35' })
    expect(drawn.status).toBe(302)
    expect(sampleCount()).toBe(before + 1)
    const shown = await (await admin.get(drawn.headers.get('location')!)).text()
    expect(shown).toContain('随机种子“青民发〔2026〕40号”')
    expect(shown).toContain('抽查比例35%')
    expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'countySample.draw'")[0].n).toBe(2)
  })

  it('let the administrator assign ticked households to a county official, and refuse an ordinary county user', async () => {
    const admin = await signedIn('county-admin')
    const sample = query<{ id: number }>('select id from county_samples order by id desc limit 1')[0]
    const rows = query<{ id: number }>('select id from county_sample_households where sample_id = ? order by id limit 3', sample.id)
    const countyId = query<{ id: number }>("select id from users where username = 'county'")[0].id
    const form = new URLSearchParams({ intent: 'assignSelected', sampleId: String(sample.id), assigneeUserId: String(countyId) })
    for (const r of rows) form.append('rowIds', String(r.id))
    const official = await signedIn('county')
    expect((await postForm(official, '/county/sample?index', form)).status).toBe(403)
    expect((await postForm(admin, '/county/sample?index', form)).status).toBe(302)
    expect(
      query<{ n: number }>('select count(*) as n from county_sample_households where sample_id = ? and assigned_user_id = ?', sample.id, countyId)[0].n,
    ).toBe(3)
    const mine = await (await official.get(`/county/sample?assignee=${countyId}`)).text()
    expect(mine).toContain('按检查人员筛选')
    // an ordinary county official draws nothing either
    const before = sampleCount()
    expect((await official.post('/county/sample?index', { intent: 'draw', seed: 'x', percent: '30' })).status).toBe(403)
    expect(sampleCount()).toBe(before)
  })

  it('record a county check: inconsistent becomes one 县级抽查 problem the village’s cadre sees, a stale save gets the conflict page', async () => {
    const official = await signedIn('county')
    const row = query<{ id: number; village_id: number; household_id: number; version: number }>(
      "select s.id, s.village_id, s.household_id, s.version from county_sample_households s join villages v on v.id = s.village_id where s.finding is null and v.name = '柳树屯村' order by s.id desc limit 1",
    )[0]
    const form = await (await official.get(`/county/sample/households/${row.id}`)).text()
    expect(form).toContain('<label for="visitedOn" class="label">入户日期</label>')
    expect(form).toContain('<label for="findingReasons" class="label">不一致的情况</label>')
    const problemsBefore = count('problems')
    const saved = await official.post(`/county/sample/households/${row.id}`, {
      version: String(row.version),
      visitedOn: '2026-11-28',
      finding: 'inconsistent',
      findingReasons: '名下登记小型汽车一辆，未如实申报',
      category: 'wrongful',
    })
    expect(saved.status).toBe(302)
    expect(count('problems')).toBe(problemsBefore + 1)
    const problem = query<{ id: number; source: string; household_id: number }>(
      'select p.id, p.source, p.household_id from problems p join county_sample_households s on s.problem_id = p.id where s.id = ?',
      row.id,
    )[0]
    expect(problem).toMatchObject({ source: 'countySample', household_id: row.household_id })
    // the same form posted again (its version is stale now): the conflict page, nothing written
    const stale = await official.post(`/county/sample/households/${row.id}`, {
      version: String(row.version),
      visitedOn: '2026-11-27',
      finding: 'consistent',
      findingReasons: '',
    })
    expect(stale.status).toBe(409)
    const conflict = await stale.text()
    expect(conflict).toContain('该检查记录已被他人修改，本次未保存')
    expect(conflict).toContain('名下登记小型汽车一辆，未如实申报')
    expect(count('problems')).toBe(problemsBefore + 1)
    // the village's cadre sees the problem in their register, as 县级抽查 — and nothing of the sample itself
    const cadre = await signedIn('liushutun')
    const register = await (await cadre.get(`/villages/${villages.get('柳树屯村')}/problems/${problem.id}`)).text()
    expect(register).toContain('县级抽查')
    const refused = await cadre.get('/county/sample')
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('无权访问')
    expect((await cadre.get(`/county/sample/households/${row.id}`)).status).toBe(403)
    const history = await (await cadre.get(`/villages/${villages.get('柳树屯村')}/history`)).text()
    expect(history).not.toContain('县级抽查记录')
  })

  it('show a township leader their township’s results read-only, and refuse their check', async () => {
    const leader = await signedIn('leader')
    const page = await leader.get('/county/sample')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('各乡镇抽查进度')
    expect(html).not.toContain('抽取抽查名单</button>')
    expect(html).not.toContain('name="rowIds"')
    const row = query<{ id: number; version: number }>('select id, version from county_sample_households order by id limit 1')[0]
    const record = await (await leader.get(`/county/sample/households/${row.id}`)).text()
    expect(record).toContain('只读：检查记录由县民政局填写。')
    expect(record).not.toContain('保存检查记录</button>')
    const before = query<{ version: number }>('select version from county_sample_households where id = ?', row.id)[0].version
    const refused = await leader.post(`/county/sample/households/${row.id}`, { version: String(row.version), visitedOn: '2026-11-28', finding: 'consistent' })
    expect(refused.status).toBe(403)
    expect(query<{ version: number }>('select version from county_sample_households where id = ?', row.id)[0].version).toBe(before)
  })

  it('give the county page and /dashboard.json the same figures', async () => {
    const county = await signedIn('county')
    const exported = (await (await county.get('/dashboard.json')).json()) as {
      countySample: {
        townships: Array<{ name: string; checked: number; sampled: number; checkedPercent: number; nearRelative: { total: number; checked: number } }>
      }
    }
    const tw = exported.countySample.townships[0]
    const progress = `${tw.checkedPercent}%（${tw.checked}/${tw.sampled}）`
    // React separates text nodes with empty comments: the figures as a reader sees them
    const visible = async (path: string) => (await (await county.get(path)).text()).replaceAll('<!-- -->', '')
    const countyPage = await visible('/county')
    expect(countyPage).toContain('href="/county/sample"')
    expect(countyPage).toContain(progress)
    expect(countyPage).toContain(`${tw.nearRelative.checked}/${tw.nearRelative.total}`)
    expect(await visible('/county/sample')).toContain(progress)
  })
})
