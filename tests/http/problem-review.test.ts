// The problem register against the built server, part two: inspectors, the county bureau, and findings, deadlines
// and sources the village cannot rewrite (issue 11). Form posts and a cadre's own village: problems.test.ts.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { type ProblemRow, problemPages } from '../support/problemPages'

const demo = useDemoServer()
const { villages, users, names, query, count, signedIn } = demo
const { problem, registerPath, problemPath, rectifiedProblem } = problemPages(demo)

describe('inspectors', () => {
  it('register a problem they found, always as 督查发现, but cannot use the cadre form', async () => {
    const inspector = await signedIn('inspector')
    const page = await (await inspector.get(`/villages/${villages.get('王家庄村')}/problems`)).text()
    expect(page).toContain('督查发现')
    expect(page).not.toMatch(/<select[^>]*name="source"/)
    const res = await inspector.post(registerPath('王家庄村'), {
      intent: 'registerFinding',
      category: 'falseNotice',
      source: 'selfInspection',
      description: '公示栏未张贴低保名单',
      deadlineOn: '2026-12-05',
    })
    expect(res.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
    expect(problem(id)).toMatchObject({ village_id: villages.get('王家庄村'), source: 'inspector', status: 'open', created_by_user_id: users.get('inspector') })
    const before = count('problems')
    expect(
      (await inspector.post(registerPath('王家庄村'), { intent: 'register', category: 'favour', source: 'selfInspection', description: '冒充村里登记' }))
        .status,
    ).toBe(403)
    expect(count('problems')).toBe(before)
  })

  it('verify a rectified problem, which records who and when; sending back needs a reason', async () => {
    const target = await rectifiedProblem()
    const inspector = await signedIn('inspector')
    const page = await (await inspector.get(problemPath('红星村', target.id))).text()
    expect(page).toMatch(/value="verify"[^>]*>验收销号</)
    expect(page).toMatch(/value="sendBack"[^>]*>退回整改</)
    const noReason = await inspector.post(problemPath('红星村', target.id), { intent: 'sendBack', version: String(target.version), note: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('退回整改时请写明理由。')
    expect(problem(target.id)).toEqual(target)
    const res = await inspector.post(problemPath('红星村', target.id), { intent: 'verify', version: String(target.version), note: '现场核实，已整改到位' })
    expect(res.status).toBe(302)
    const after = problem(target.id)
    expect(after).toMatchObject({
      status: 'verified',
      verified_by_user_id: users.get('inspector'),
      verified_at: '2026-11-29T02:00:00.000Z',
      version: target.version + 1,
    })
    const shown = await (await inspector.get(problemPath('红星村', target.id))).text()
    expect(shown).toContain(`${names.get('inspector')}于2026-11-29 10:00验收销号`)
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
      expect(
        (await county.post(registerPath('红星村'), { intent, category: 'favour', source: 'selfInspection', description: '县局登记' })).status,
        intent,
      ).toBe(403)
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
    const res = await inspector.post(registerPath('红星村'), {
      intent: 'registerFinding',
      category: 'favour',
      description: '督查发现：户主刘某系村干部亲属，违规享受低保',
      deadlineOn: '2026-12-05',
    })
    expect(res.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
    const before = problem(id)
    expect(before.source).toBe('inspector')
    const cadre = await signedIn('hongxing')
    const rewrite = await cadre.post(problemPath('红星村', id), {
      intent: 'save',
      version: String(before.version),
      description: '材料不全',
      measure: '',
      responsiblePerson: '',
      deadlineOn: '',
    })
    expect(problem(id)).toEqual(before)
    expect(rewrite.status).toBe(422)
    expect(await rewrite.text()).toContain('村(居)不能修改')
    const page = await (await cadre.get(problemPath('红星村', id))).text()
    expect(page).not.toMatch(/<textarea[^>]*name="description"/)
    // the village still answers for it: measure and responsible person are its to fill in, the finding stays
    const work = await cadre.post(problemPath('红星村', id), {
      intent: 'start',
      version: String(before.version),
      measure: '取消该户低保并追回',
      responsiblePerson: '刘芳',
    })
    expect(work.status).toBe(302)
    expect(problem(id)).toMatchObject({ description: before.description, deadline_on: '2026-12-05', status: 'rectifying', measure: '取消该户低保并追回' })
  })

  it('a cleared deadline does not take a problem off the overdue list', async () => {
    const target = overdueProblem()
    expect(await dashboardHtml()).toContain(`/villages/${target.village_id}/problems/${target.id}"`)
    const cadre = await signedIn(target.username)
    const res = await cadre.post(`/villages/${target.village_id}/problems/${target.id}`, {
      intent: 'save',
      version: String(target.version),
      description: target.description,
      measure: target.measure ?? '',
      responsiblePerson: target.responsible_person ?? '',
      deadlineOn: '',
      deadlineDays: '',
    })
    expect([302, 422]).toContain(res.status)
    expect(problem(target.id).deadline_on).toBe(target.deadline_on)
    // moving it to a later day is refused too
    const moved = await cadre.post(`/villages/${target.village_id}/problems/${target.id}`, {
      intent: 'save',
      version: String(problem(target.id).version),
      description: target.description,
      measure: target.measure ?? '',
      responsiblePerson: target.responsible_person ?? '',
      deadlineOn: '2026-12-20',
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
      const res = await cadre.post(registerPath('红星村'), {
        intent: 'register',
        category: 'irregular',
        source: 'selfInspection',
        description: '永不逾期',
        deadlineOn,
      })
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
    const res = await leader.post(path, {
      intent: 'extend',
      version: String(target.version),
      deadlineOn: '2026-12-01',
      reason: '涉及户外出务工，需本人到场补签',
    })
    expect(res.status).toBe(302)
    expect(problem(target.id)).toMatchObject({ deadline_on: '2026-12-01', version: target.version + 1 })
    expect(
      query('select old_deadline_on, new_deadline_on, reason, granted_by_user_id from problem_deadline_extensions where problem_id = ?', target.id),
    ).toEqual([
      { old_deadline_on: target.deadline_on, new_deadline_on: '2026-12-01', reason: '涉及户外出务工，需本人到场补签', granted_by_user_id: users.get('leader') },
    ])
    const audit = query<{ action: string; before: string; after: string }>(
      "select action, before, after from audit_log where entity_type = 'problem' and entity_id = ? order by id desc limit 1",
      target.id,
    )[0]
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
