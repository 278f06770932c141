import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, startTestServer, type TestServer } from '../support/server'

let server: TestServer
const villages = new Map<string, number>()
const users = new Map<string, number>()
const names = new Map<string, string>()

beforeAll(async () => {
  server = await startTestServer()
  const db = new Database(server.databaseFile, { readonly: true })
  for (const v of db.prepare('select id, name from villages').all() as Array<{ id: number; name: string }>) villages.set(v.name, v.id)
  for (const u of db.prepare('select id, username, display_name from users').all() as Array<{ id: number; username: string; display_name: string }>) {
    users.set(u.username, u.id)
    names.set(u.username, u.display_name)
  }
  db.close()
})
afterAll(async () => server?.stop())

interface ProblemRow {
  id: number
  village_id: number
  household_id: number | null
  category: string
  source: string
  status: string
  description: string
  measure: string | null
  responsible_person: string | null
  deadline_on: string | null
  found_on: string
  created_by_user_id: number | null
  verified_by_user_id: number | null
  verified_at: string | null
  version: number
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.databaseFile, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}
const problem = (id: number) => query<ProblemRow>('select * from problems where id = ?', id)[0]
const problemsOf = (village: string) => query<ProblemRow>('select * from problems where village_id = ? order by id', villages.get(village))
const count = (table: string) => query<{ n: number }>(`select count(*) as n from ${table}`)[0].n

async function signedIn(username: string) {
  const browser = new Browser(server.url)
  expect((await browser.signIn(username)).status).toBe(302)
  return browser
}

const registerPath = (village: string) => `/villages/${villages.get(village)}/problems?index`
const problemPath = (village: string, id: number) => `/villages/${villages.get(village)}/problems/${id}`

/** A new problem of 红星村, registered by its cadre through the form; returns its id. */
async function registerAsHongxing(fields: Record<string, string> = {}) {
  const cadre = await signedIn('hongxing')
  const res = await cadre.post(registerPath('红星村'), {
    intent: 'register', category: 'irregular', source: 'selfInspection', description: '入户调查记录缺少签字', measure: '补签并归档', responsiblePerson: '刘芳', deadlineOn: '2026-12-20', ...fields,
  })
  expect(res.status).toBe(302)
  const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
  return { cadre, id }
}

const FIELDS = { description: '入户调查记录缺少签字', measure: '补签并归档', responsiblePerson: '刘芳', deadlineOn: '2026-12-20' }

/** A problem of 红星村 its cadre has rectified, awaiting verification; returns its row. */
async function rectifiedProblem() {
  const { cadre, id } = await registerAsHongxing()
  expect((await cadre.post(problemPath('红星村', id), { intent: 'start', version: '0', ...FIELDS })).status).toBe(302)
  expect((await cadre.post(problemPath('红星村', id), { intent: 'markRectified', version: '1', ...FIELDS })).status).toBe(302)
  const row = problem(id)
  expect(row.status).toBe('rectified')
  return row
}

describe('the problem register with plain form posts (no JavaScript)', () => {
  it('shows the village register with a labelled register form posting to the page itself', async () => {
    const cadre = await signedIn('hongxing')
    const res = await cadre.get(`/villages/${villages.get('红星村')}/problems`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('红星村问题台账')
    expect(html).toContain('按类别')
    expect(html).toMatch(/<form method="post" action="\/villages\/\d+\/problems\?index"/)
    // (issue 11: no source field any more — the server sets the source from the role)
    for (const name of ['category', 'householdId', 'description', 'measure', 'responsiblePerson', 'deadlineOn', 'deadlineDays']) {
      const id = new RegExp(`<(?:input|select|textarea)[^>]*\\bid="([^"]+)"[^>]*name="${name}"`).exec(html)?.[1] ?? new RegExp(`<(?:input|select|textarea)[^>]*name="${name}"[^>]*\\bid="([^"]+)"`).exec(html)?.[1]
      expect(id, name).toBeTruthy()
      expect(html, name).toContain(`for="${id}"`)
    }
  })

  it('registers a problem found today, lists it, and filters the register by status with a GET form', async () => {
    const { cadre, id } = await registerAsHongxing({ deadlineOn: '', deadlineDays: '5' })
    const row = problem(id)
    // 2026-11-29 is a Sunday: five working days on is Friday 2026-12-04
    expect(row).toMatchObject({ village_id: villages.get('红星村'), source: 'selfInspection', status: 'open', found_on: '2026-11-29', deadline_on: '2026-12-04', created_by_user_id: users.get('hongxing') })
    const list = await (await cadre.get(`/villages/${villages.get('红星村')}/problems?created=${id}`)).text()
    expect(list).toContain('问题已登记')
    expect(list).toContain('入户调查记录缺少签字')
    const open = await (await cadre.get(`/villages/${villages.get('红星村')}/problems?status=open`)).text()
    expect(open).toContain('入户调查记录缺少签字')
    const verified = await (await cadre.get(`/villages/${villages.get('红星村')}/problems?status=verified`)).text()
    expect(verified).not.toContain('入户调查记录缺少签字')
  })

  it('answers bad input with zh-CN messages next to the fields and writes nothing', async () => {
    const cadre = await signedIn('hongxing')
    const before = count('problems')
    const res = await cadre.post(registerPath('红星村'), { intent: 'register', category: '', source: 'selfInspection', description: '', deadlineOn: '2026-11-01' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/class="field-error">请选择问题类别。/)
    expect(html).toMatch(/class="field-error">请填写问题描述。/)
    expect(html).toMatch(/class="field-error">整改期限不能早于今天。/)
    expect(count('problems')).toBe(before)
    const days = await cadre.post(registerPath('红星村'), { intent: 'register', category: 'favour', source: 'publicReport', description: '村民反映优亲厚友', deadlineDays: '0' })
    expect(days.status).toBe(400)
    expect(await days.text()).toMatch(/class="field-error">工作日天数须为1到365之间的整数。/)
    expect(count('problems')).toBe(before)
  })

  it('moves a problem on with buttons that say what they do: 开始整改, then 标记已整改', async () => {
    const { cadre, id } = await registerAsHongxing()
    const page = await (await cadre.get(problemPath('红星村', id))).text()
    expect(page).toMatch(/<button[^>]*name="intent"[^>]*value="start"[^>]*>开始整改</)
    expect(page).not.toContain('核验通过</button>')
    const start = await cadre.post(problemPath('红星村', id), { intent: 'start', version: '0', description: '入户调查记录缺少签字', measure: '补签并归档', responsiblePerson: '刘芳', deadlineOn: '2026-12-20' })
    expect(start.status).toBe(302)
    expect(problem(id)).toMatchObject({ status: 'rectifying', version: 1 })
    expect(await (await cadre.get(problemPath('红星村', id))).text()).toMatch(/value="markRectified"[^>]*>标记已整改</)
    const done = await cadre.post(problemPath('红星村', id), { intent: 'markRectified', version: '1', description: '入户调查记录缺少签字', measure: '已补签并归档', responsiblePerson: '刘芳', deadlineOn: '2026-12-20' })
    expect(done.status).toBe(302)
    expect(problem(id)).toMatchObject({ status: 'rectified', measure: '已补签并归档', version: 2 })
    const audit = query<{ action: string; actor_user_id: number }>("select action, actor_user_id from audit_log where entity_type = 'problem' and entity_id = ? order by id", id)
    expect(audit.map((a) => a.action)).toEqual(['problem.create', 'problem.startRectifying', 'problem.markRectified'])
  })

  it('shows someone who saved over a newer version what changed, and keeps the stored problem', async () => {
    const { cadre, id } = await registerAsHongxing()
    expect((await cadre.post(problemPath('红星村', id), { intent: 'save', version: '0', description: '入户调查记录缺少签字', measure: '先补签', responsiblePerson: '陈刚', deadlineOn: '2026-12-20' })).status).toBe(302)
    const stale = await cadre.post(problemPath('红星村', id), { intent: 'save', version: '0', description: '入户调查记录缺少签字', measure: '另一套措施', responsiblePerson: '刘芳', deadlineOn: '2026-12-20' })
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('该问题刚被其他人修改')
    expect(html).toContain('整改责任人：刘芳 → 陈刚')
    expect(problem(id)).toMatchObject({ measure: '先补签', responsible_person: '陈刚', version: 1 })
  })
})

describe('a cadre stays inside their own village', () => {
  it("cannot read or register in another village's register by changing the village id in the URL", async () => {
    const cadre = await signedIn('dongfeng')
    expect((await cadre.get(`/villages/${villages.get('红星村')}/problems`)).status).toBe(403)
    const before = problemsOf('红星村').length
    const res = await cadre.post(registerPath('红星村'), { intent: 'register', category: 'favour', source: 'selfInspection', description: '跨村登记' })
    expect(res.status).toBe(403)
    expect(problemsOf('红星村')).toHaveLength(before)
  })

  it("cannot link another village's household, and a village id in a form field is ignored", async () => {
    const cadre = await signedIn('dongfeng')
    const otherHousehold = query<{ id: number }>('select id from households where village_id = ? limit 1', villages.get('红星村'))[0].id
    const before = count('problems')
    const res = await cadre.post(registerPath('东风村'), { intent: 'register', category: 'favour', source: 'selfInspection', householdId: String(otherHousehold), description: '挂到别村的户' })
    expect(res.status).toBe(403)
    expect(count('problems')).toBe(before)
    const planted = await cadre.post(registerPath('东风村'), { intent: 'register', category: 'favour', source: 'selfInspection', description: '表单里夹带村编号', villageId: String(villages.get('红星村')) })
    expect(planted.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(planted.headers.get('location')!)![1])
    expect(problem(id).village_id).toBe(villages.get('东风村'))
  })

  it("cannot open or edit another village's problem, whichever village the URL names", async () => {
    const target = problem((await registerAsHongxing()).id)
    const cadre = await signedIn('dongfeng')
    expect((await cadre.get(problemPath('红星村', target.id))).status).toBe(403)
    expect((await cadre.get(problemPath('东风村', target.id))).status).toBe(403)
    expect((await cadre.get(problemPath('东风村', 999999))).status).toBe(403)
    const edit = { intent: 'save', version: String(target.version), description: '改掉别村的问题', measure: '无', responsiblePerson: '无', deadlineOn: '2026-12-31' }
    expect((await cadre.post(problemPath('红星村', target.id), edit)).status).toBe(403)
    expect((await cadre.post(problemPath('东风村', target.id), edit)).status).toBe(403)
    expect(problem(target.id)).toEqual(target)
  })

  it('cannot verify, not even a problem of their own village', async () => {
    const target = await rectifiedProblem()
    const cadre = await signedIn('hongxing')
    const page = await (await cadre.get(problemPath('红星村', target.id))).text()
    expect(page).toContain('等待督查人员或镇领导核验')
    expect(page).not.toContain('value="verify"')
    expect((await cadre.post(problemPath('红星村', target.id), { intent: 'verify', version: String(target.version) })).status).toBe(403)
    expect((await cadre.post(problemPath('红星村', target.id), { intent: 'sendBack', version: String(target.version), note: '自己退回' })).status).toBe(403)
    // a status field planted in the edit form does nothing either
    const open = problem((await registerAsHongxing()).id)
    const res = await cadre.post(problemPath('红星村', open.id), {
      intent: 'save', status: 'verified', version: String(open.version), description: open.description, measure: open.measure ?? '', responsiblePerson: open.responsible_person ?? '', deadlineOn: open.deadline_on ?? '',
    })
    expect(res.status).toBe(302)
    expect(problem(target.id)).toEqual(target)
    expect(problem(open.id)).toMatchObject({ status: 'open', verified_by_user_id: null })
  })
})

describe('inspectors', () => {
  it('register a problem they found, always as 督查发现, but cannot use the cadre form', async () => {
    const inspector = await signedIn('inspector')
    const page = await (await inspector.get(`/villages/${villages.get('王家庄村')}/problems`)).text()
    expect(page).toContain('督查发现')
    expect(page).not.toMatch(/<select[^>]*name="source"/)
    const res = await inspector.post(registerPath('王家庄村'), { intent: 'registerFinding', category: 'falseNotice', source: 'selfInspection', description: '公示栏未张贴低保名单', deadlineOn: '2026-12-05' })
    expect(res.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
    expect(problem(id)).toMatchObject({ village_id: villages.get('王家庄村'), source: 'inspector', status: 'open', created_by_user_id: users.get('inspector') })
    const before = count('problems')
    expect((await inspector.post(registerPath('王家庄村'), { intent: 'register', category: 'favour', source: 'selfInspection', description: '冒充村里登记' })).status).toBe(403)
    expect(count('problems')).toBe(before)
  })

  it('verify a rectified problem, which records who and when; sending back needs a reason', async () => {
    const target = await rectifiedProblem()
    const inspector = await signedIn('inspector')
    const page = await (await inspector.get(problemPath('红星村', target.id))).text()
    expect(page).toMatch(/value="verify"[^>]*>核验通过</)
    expect(page).toMatch(/value="sendBack"[^>]*>退回整改</)
    const noReason = await inspector.post(problemPath('红星村', target.id), { intent: 'sendBack', version: String(target.version), note: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('退回整改时请写明理由。')
    expect(problem(target.id)).toEqual(target)
    const res = await inspector.post(problemPath('红星村', target.id), { intent: 'verify', version: String(target.version), note: '现场核实，已整改到位' })
    expect(res.status).toBe(302)
    const after = problem(target.id)
    expect(after).toMatchObject({ status: 'verified', verified_by_user_id: users.get('inspector'), verified_at: '2026-11-29T02:00:00.000Z', version: target.version + 1 })
    const shown = await (await inspector.get(problemPath('红星村', target.id))).text()
    expect(shown).toContain(`${names.get('inspector')}于2026-11-29 10:00核验通过`)
  })

  it('send a rectified problem back to 整改中 with their note, which the cadre then sees', async () => {
    const { id } = await rectifiedProblem()
    const cadre = await signedIn('hongxing')
    const leader = await signedIn('leader')
    expect((await leader.post(problemPath('红星村', id), { intent: 'sendBack', version: '2', note: '抽查发现仍有三户未签字' })).status).toBe(302)
    expect(problem(id)).toMatchObject({ status: 'rectifying', verified_by_user_id: null })
    expect(await (await cadre.get(problemPath('红星村', id))).text()).toContain('退回整改意见：抽查发现仍有三户未签字')
  })
})

describe('the county bureau', () => {
  it('reads a register but registers nothing', async () => {
    const county = await signedIn('county')
    const page = await county.get(`/villages/${villages.get('红星村')}/problems`)
    expect(page.status).toBe(200)
    expect(await page.text()).not.toContain('id="register"')
    const before = count('problems')
    for (const intent of ['register', 'registerFinding']) {
      expect((await county.post(registerPath('红星村'), { intent, category: 'favour', source: 'selfInspection', description: '县局登记' })).status, intent).toBe(403)
    }
    expect(count('problems')).toBe(before)
  })
})

// Issue 11, finding 9: the record's integrity. Findings someone else made are read-only to the village; a deadline
// moves only by an extension a leader or inspector grants, with a reason; the source follows from the role.
describe('findings, deadlines and sources cannot be rewritten by the village (issue 11)', () => {
  const dashboardHtml = async () => (await (await signedIn('leader')).get('/dashboard?attention=all')).text()
  /** An unresolved problem of the demo township already past its deadline (2026-11-29 is today). */
  const overdueProblem = () => {
    const row = query<ProblemRow & { username: string; village_name: string }>(
      `select p.*, u.username, v.name as village_name from problems p join villages v on v.id = p.village_id join users u on u.village_id = v.id and u.role = 'cadre'
       where p.status in ('open','rectifying') and p.deadline_on < '2026-11-29' and p.source = 'selfInspection' and p.responsible_person is not null and p.measure is not null order by p.id limit 1`,
    )[0]
    expect(row, 'the demo township has an overdue problem').toBeTruthy()
    return row
  }

  it("a village cadre cannot rewrite an inspector's finding", async () => {
    const inspector = await signedIn('inspector')
    const res = await inspector.post(registerPath('红星村'), { intent: 'registerFinding', category: 'favour', description: '督查发现：户主刘某系村干部亲属，违规享受低保', deadlineOn: '2026-12-05' })
    expect(res.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
    const before = problem(id)
    expect(before.source).toBe('inspector')
    const cadre = await signedIn('hongxing')
    const rewrite = await cadre.post(problemPath('红星村', id), { intent: 'save', version: String(before.version), description: '材料不全', measure: '', responsiblePerson: '', deadlineOn: '' })
    expect(problem(id)).toEqual(before)
    expect(rewrite.status).toBe(422)
    expect(await rewrite.text()).toContain('村(居)不能修改')
    const page = await (await cadre.get(problemPath('红星村', id))).text()
    expect(page).not.toMatch(/<textarea[^>]*name="description"/)
    // the village still answers for it: measure and responsible person are its to fill in, the finding stays
    const work = await cadre.post(problemPath('红星村', id), { intent: 'start', version: String(before.version), measure: '取消该户低保并追回', responsiblePerson: '刘芳' })
    expect(work.status).toBe(302)
    expect(problem(id)).toMatchObject({ description: before.description, deadline_on: '2026-12-05', status: 'rectifying', measure: '取消该户低保并追回' })
  })

  it('a cleared deadline does not take a problem off the overdue list', async () => {
    const target = overdueProblem()
    expect(await dashboardHtml()).toContain(`/villages/${target.village_id}/problems/${target.id}"`)
    const cadre = await signedIn(target.username)
    const res = await cadre.post(`/villages/${target.village_id}/problems/${target.id}`, {
      intent: 'save', version: String(target.version), description: target.description, measure: target.measure ?? '', responsiblePerson: target.responsible_person ?? '', deadlineOn: '', deadlineDays: '',
    })
    expect([302, 422]).toContain(res.status)
    expect(problem(target.id).deadline_on).toBe(target.deadline_on)
    // moving it to a later day is refused too
    const moved = await cadre.post(`/villages/${target.village_id}/problems/${target.id}`, {
      intent: 'save', version: String(problem(target.id).version), description: target.description, measure: target.measure ?? '', responsiblePerson: target.responsible_person ?? '', deadlineOn: '2026-12-20',
    })
    expect(moved.status).toBe(422)
    expect(await moved.text()).toContain('只能由镇领导或督查人员批准延期')
    expect(problem(target.id).deadline_on).toBe(target.deadline_on)
    const dashboard = await dashboardHtml()
    expect(dashboard).toContain(`/villages/${target.village_id}/problems/${target.id}"`)
  })

  it('a deadline of 9999-12-31 (or more than a year on) is refused', async () => {
    const cadre = await signedIn('hongxing')
    const before = count('problems')
    for (const deadlineOn of ['9999-12-31', '2027-12-31']) {
      const res = await cadre.post(registerPath('红星村'), { intent: 'register', category: 'irregular', source: 'selfInspection', description: '永不逾期', deadlineOn })
      expect(res.status, deadlineOn).toBe(400)
      expect(await res.text()).toContain('整改期限不能晚于2027-11-30')
    }
    expect(count('problems')).toBe(before)
  })

  it('only a leader or inspector extends a deadline, with a reason, and the dashboard shows it as extended', async () => {
    const target = overdueProblem()
    const path = `/villages/${target.village_id}/problems/${target.id}`
    const cadre = await signedIn(target.username)
    expect((await cadre.post(path, { intent: 'extend', version: String(target.version), deadlineOn: '2026-12-01', reason: '自己延期' })).status).toBe(403)
    expect(problem(target.id).deadline_on).toBe(target.deadline_on)
    const leader = await signedIn('leader')
    const page = await (await leader.get(path)).text()
    expect(page).toMatch(/value="extend"[^>]*>批准延期</)
    const noReason = await leader.post(path, { intent: 'extend', version: String(target.version), deadlineOn: '2026-12-01', reason: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('请写明延期理由。')
    const res = await leader.post(path, { intent: 'extend', version: String(target.version), deadlineOn: '2026-12-01', reason: '涉及户外出务工，需本人到场补签' })
    expect(res.status).toBe(302)
    expect(problem(target.id)).toMatchObject({ deadline_on: '2026-12-01', version: target.version + 1 })
    expect(query('select old_deadline_on, new_deadline_on, reason, granted_by_user_id from problem_deadline_extensions where problem_id = ?', target.id)).toEqual([
      { old_deadline_on: target.deadline_on, new_deadline_on: '2026-12-01', reason: '涉及户外出务工，需本人到场补签', granted_by_user_id: users.get('leader') },
    ])
    const audit = query<{ action: string; before: string; after: string }>("select action, before, after from audit_log where entity_type = 'problem' and entity_id = ? order by id desc limit 1", target.id)[0]
    expect(audit.action).toBe('problem.extendDeadline')
    expect(JSON.parse(audit.after)).toMatchObject({ deadline_on: '2026-12-01', note: '涉及户外出务工，需本人到场补签' })
    // an "extension" to an earlier day is no extension
    const earlier = await leader.post(path, { intent: 'extend', version: String(target.version + 1), deadlineOn: '2026-11-30', reason: '缩短' })
    expect(earlier.status).toBe(422)
    expect(await earlier.text()).toContain('延期后的期限须晚于原定期限（2026-12-01）')
    expect(problem(target.id).deadline_on).toBe('2026-12-01')
    const dashboard = await dashboardHtml()
    expect(dashboard).toContain(`已延期（原定 ${target.deadline_on}）`)
    expect(await (await leader.get(path)).text()).toContain(`已延期（原定 ${target.deadline_on}）`)
  })

  it("a cadre cannot label its own entry as an inspector's finding", async () => {
    const cadre = await signedIn('hongxing')
    const page = await (await cadre.get(`/villages/${villages.get('红星村')}/problems`)).text()
    expect(page).not.toMatch(/<select[^>]*name="source"/)
    for (const source of ['inspector', 'publicReport', 'media']) {
      const res = await cadre.post(registerPath('红星村'), { intent: 'register', category: 'favour', source, description: `自称${source}` })
      expect(res.status, source).toBe(302)
      const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
      expect(problem(id).source, source).toBe('selfInspection')
    }
  })
})
