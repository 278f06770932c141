// The problem register against the built server, part one: its plain form posts (no JavaScript) and a cadre kept
// inside their own village. Inspectors, the county bureau and issue 11's integrity of findings: problem-review.test.ts.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { problemPages } from '../support/problemPages'

const demo = useDemoServer()
const { villages, users, query, count, signedIn } = demo
const { problem, problemsOf, registerPath, problemPath, registerAsHongxing, rectifiedProblem } = problemPages(demo)

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
      const id =
        new RegExp(`<(?:input|select|textarea)[^>]*\\bid="([^"]+)"[^>]*name="${name}"`).exec(html)?.[1] ??
        new RegExp(`<(?:input|select|textarea)[^>]*name="${name}"[^>]*\\bid="([^"]+)"`).exec(html)?.[1]
      expect(id, name).toBeTruthy()
      expect(html, name).toContain(`for="${id}"`)
    }
  })

  it('registers a problem found today, lists it, and filters the register by status with a GET form', async () => {
    const { cadre, id } = await registerAsHongxing({ deadlineOn: '', deadlineDays: '5' })
    const row = problem(id)
    // 2026-11-29 is a Sunday: five working days on is Friday 2026-12-04
    expect(row).toMatchObject({
      village_id: villages.get('红星村'),
      source: 'selfInspection',
      status: 'open',
      found_on: '2026-11-29',
      deadline_on: '2026-12-04',
      created_by_user_id: users.get('hongxing'),
    })
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
    const res = await cadre.post(registerPath('红星村'), {
      intent: 'register',
      category: '',
      source: 'selfInspection',
      description: '',
      deadlineOn: '2026-11-01',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/class="field-error">请选择问题类别。/)
    expect(html).toMatch(/class="field-error">请填写问题描述。/)
    expect(html).toMatch(/class="field-error">整改期限不能早于今天。/)
    expect(count('problems')).toBe(before)
    const days = await cadre.post(registerPath('红星村'), {
      intent: 'register',
      category: 'favour',
      source: 'publicReport',
      description: '村民反映优亲厚友',
      deadlineDays: '0',
    })
    expect(days.status).toBe(400)
    expect(await days.text()).toMatch(/class="field-error">工作日天数须为1到365之间的整数。/)
    expect(count('problems')).toBe(before)
  })

  it('moves a problem on with buttons that say what they do: 开始整改, then 报送整改情况', async () => {
    const { cadre, id } = await registerAsHongxing()
    const page = await (await cadre.get(problemPath('红星村', id))).text()
    expect(page).toMatch(/<button[^>]*name="intent"[^>]*value="start"[^>]*>开始整改</)
    expect(page).not.toContain('验收销号</button>')
    const start = await cadre.post(problemPath('红星村', id), {
      intent: 'start',
      version: '0',
      description: '入户调查记录缺少签字',
      measure: '补签并归档',
      responsiblePerson: '刘芳',
      deadlineOn: '2026-12-20',
    })
    expect(start.status).toBe(302)
    expect(problem(id)).toMatchObject({ status: 'rectifying', version: 1 })
    expect(await (await cadre.get(problemPath('红星村', id))).text()).toMatch(/value="markRectified"[^>]*>报送整改情况</)
    const done = await cadre.post(problemPath('红星村', id), {
      intent: 'markRectified',
      version: '1',
      description: '入户调查记录缺少签字',
      measure: '已补签并归档',
      responsiblePerson: '刘芳',
      deadlineOn: '2026-12-20',
    })
    expect(done.status).toBe(302)
    expect(problem(id)).toMatchObject({ status: 'rectified', measure: '已补签并归档', version: 2 })
    const audit = query<{ action: string; actor_user_id: number }>(
      "select action, actor_user_id from audit_log where entity_type = 'problem' and entity_id = ? order by id",
      id,
    )
    expect(audit.map((a) => a.action)).toEqual(['problem.create', 'problem.startRectifying', 'problem.markRectified'])
  })

  it('shows someone who saved over a newer version what changed, and keeps the stored problem', async () => {
    const { cadre, id } = await registerAsHongxing()
    expect(
      (
        await cadre.post(problemPath('红星村', id), {
          intent: 'save',
          version: '0',
          description: '入户调查记录缺少签字',
          measure: '先补签',
          responsiblePerson: '陈刚',
          deadlineOn: '2026-12-20',
        })
      ).status,
    ).toBe(302)
    const stale = await cadre.post(problemPath('红星村', id), {
      intent: 'save',
      version: '0',
      description: '入户调查记录缺少签字',
      measure: '另一套措施',
      responsiblePerson: '刘芳',
      deadlineOn: '2026-12-20',
    })
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
    const res = await cadre.post(registerPath('东风村'), {
      intent: 'register',
      category: 'favour',
      source: 'selfInspection',
      householdId: String(otherHousehold),
      description: '挂到别村的户',
    })
    expect(res.status).toBe(403)
    expect(count('problems')).toBe(before)
    const planted = await cadre.post(registerPath('东风村'), {
      intent: 'register',
      category: 'favour',
      source: 'selfInspection',
      description: '表单里夹带村编号',
      villageId: String(villages.get('红星村')),
    })
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
    const edit = {
      intent: 'save',
      version: String(target.version),
      description: '改掉别村的问题',
      measure: '无',
      responsiblePerson: '无',
      deadlineOn: '2026-12-31',
    }
    expect((await cadre.post(problemPath('红星村', target.id), edit)).status).toBe(403)
    expect((await cadre.post(problemPath('东风村', target.id), edit)).status).toBe(403)
    expect(problem(target.id)).toEqual(target)
  })

  it('cannot verify, not even a problem of their own village', async () => {
    const target = await rectifiedProblem()
    const cadre = await signedIn('hongxing')
    const page = await (await cadre.get(problemPath('红星村', target.id))).text()
    expect(page).toContain('待督查人员或镇领导验收销号')
    expect(page).not.toContain('value="verify"')
    expect((await cadre.post(problemPath('红星村', target.id), { intent: 'verify', version: String(target.version) })).status).toBe(403)
    expect((await cadre.post(problemPath('红星村', target.id), { intent: 'sendBack', version: String(target.version), note: '自己退回' })).status).toBe(403)
    // a status field planted in the edit form does nothing either
    const open = problem((await registerAsHongxing()).id)
    const res = await cadre.post(problemPath('红星村', open.id), {
      intent: 'save',
      status: 'verified',
      version: String(open.version),
      description: open.description,
      measure: open.measure ?? '',
      responsiblePerson: open.responsible_person ?? '',
      deadlineOn: open.deadline_on ?? '',
    })
    expect(res.status).toBe(302)
    expect(problem(target.id)).toEqual(target)
    expect(problem(open.id)).toMatchObject({ status: 'open', verified_by_user_id: null })
  })
})
