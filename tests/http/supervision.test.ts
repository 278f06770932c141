import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { villages, users, query, count, signedIn } = useDemoServer()
const stateOf = (village: string) =>
  query<{ state: string; version: number }>('select state, version from village_workflows where village_id = ?', villages.get(village))[0]
const orderOf = (village: string) =>
  query<{ id: number; status: string; version: number; response: string | null }>(
    'select id, status, version, response from rectification_orders where village_id = ? order by id',
    villages.get(village),
  )
const complaintOf = (village: string) =>
  query<{ id: number; version: number; reporter_name: string; reporter_contact: string; supervisor_user_id: number | null }>(
    'select * from complaints where village_id = ? order by id',
    villages.get(village),
  )[0]

const visitsPath = (village: string) => `/villages/${villages.get(village)}/visits`
const orderPath = (village: string, id: number) => `/villages/${villages.get(village)}/orders/${id}`
const flagForm = (extra: Record<string, string> = {}) => ({
  intent: 'recordVisit',
  visitedOn: '2026-11-29',
  inspectors: '孙立新',
  checked: '抽查复核登记表5份',
  findings: '入户调查记录雷同',
  superficial: 'on',
  reason: '入户调查走过场，责令重新入户',
  deadlineOn: '2026-12-03',
  ...extra,
})

describe('what a village cadre may not do', () => {
  it('lets a cadre read their own village’s visits and orders, but not record a visit, flag superficial work or accept an order', async () => {
    const cadre = await signedIn('hongxing')
    const page = await cadre.get(visitsPath('红星村'))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('入户调查走过场，责令重新入户核查并补正登记表')
    expect(html).not.toContain('保存督查记录')
    const [order] = orderOf('红星村')
    expect((await cadre.get(orderPath('红星村', order.id))).status).toBe(200)

    const before = [count('inspection_visits'), count('rectification_orders'), stateOf('红星村').version]
    expect((await cadre.post(`${visitsPath('红星村')}?index`, flagForm())).status).toBe(403)
    expect((await cadre.post(`${visitsPath('红星村')}?index`, { ...flagForm(), superficial: '' })).status).toBe(403)
    const answered = orderOf('柳树屯村')[0]
    const liushutun = await signedIn('liushutun')
    expect((await liushutun.post(orderPath('柳树屯村', answered.id), { intent: 'accept', version: String(answered.version) })).status).toBe(403)
    expect((await liushutun.post(orderPath('柳树屯村', answered.id), { intent: 'reject', version: String(answered.version), note: '自己退回' })).status).toBe(
      403,
    )
    expect([count('inspection_visits'), count('rectification_orders'), stateOf('红星村').version]).toEqual(before)
    expect(orderOf('柳树屯村')[0]).toEqual(answered)
  })

  it('gives a cadre 403 on the report register and on a report, and never shows a reporter’s name or contact on the cadre’s pages', async () => {
    const nanguan = complaintOf('南关社区')
    const cadre = await signedIn('nanguan')
    for (const path of [
      '/complaints',
      `/complaints/${nanguan.id}`,
      '/complaints?_data=routes%2Fcomplaints._index',
      `/complaints/${nanguan.id}?_data=routes%2Fcomplaints.%24complaintId`,
    ]) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(403)
      const body = await res.text()
      expect(body).not.toContain(nanguan.reporter_name)
      expect(body).not.toContain(nanguan.reporter_contact)
    }
    const id = villages.get('南关社区')
    for (const path of [
      `/villages/${id}`,
      `/villages/${id}/visits`,
      `/villages/${id}?_data=routes%2Fvillages.%24villageId._index`,
      `/villages/${id}/visits?_data=routes%2Fvillages.%24villageId.visits._index`,
    ]) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(200)
      const body = await res.text()
      expect(body, path).not.toContain(nanguan.reporter_name)
      expect(body, path).not.toContain(nanguan.reporter_contact)
    }
    expect(
      (await cadre.post('/complaints?index', { channel: 'hotline', receivedOn: '2026-11-29', villageId: String(id), content: '试图登记', deadlineDays: '5' }))
        .status,
    ).toBe(403)
    expect(
      (
        await cadre.post(`/complaints/${nanguan.id}`, {
          intent: 'verify',
          version: String(nanguan.version),
          verifiedOn: '2026-11-29',
          result: 'unsubstantiated',
          note: '不属实',
        })
      ).status,
    ).toBe(403)
  })

  it('shows the reporter to the leader and the inspector, but not to the administrator', async () => {
    const nanguan = complaintOf('南关社区')
    for (const username of ['leader', 'inspector']) {
      const html = await (await (await signedIn(username)).get(`/complaints/${nanguan.id}`)).text()
      expect(html, username).toContain(nanguan.reporter_name)
      expect(html, username).toContain(nanguan.reporter_contact)
    }
    const res = await (await signedIn('admin')).get(`/complaints/${nanguan.id}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain(nanguan.reporter_name)
    expect(html).not.toContain(nanguan.reporter_contact)
    expect(html).toContain('举报人信息仅镇领导和督查人员可见')
  })

  it('keeps a cadre of another village from answering this village’s order, by either URL', async () => {
    const [order] = orderOf('红星村')
    const hexi = await signedIn('hexi')
    const form = { intent: 'answer', version: String(order.version), response: '冒名答复' }
    expect((await hexi.post(orderPath('红星村', order.id), form)).status).toBe(403)
    expect((await hexi.post(orderPath('河西村', order.id), form)).status).toBe(403)
    expect((await hexi.get(orderPath('河西村', order.id))).status).toBe(403)
    expect(orderOf('红星村')[0]).toEqual(order)
  })
})

describe('what an inspector may not do', () => {
  it('keeps an inspector from changing a household review', async () => {
    const household = query<{ id: number }>('select id from households where village_id = ? order by id limit 1', villages.get('河西村'))[0]
    const review = query<Record<string, unknown>>('select * from household_reviews where household_id = ?', household.id)
    const inspector = await signedIn('inspector')
    const res = await inspector.post(`/villages/${villages.get('河西村')}/households/${household.id}`, {
      version: '0',
      outcome: 'exit',
      exitReason: '督查人员改的',
      exitOn: '2026-11-29',
      incomeChecked: 'on',
    })
    expect(res.status).toBe(403)
    expect(query('select * from household_reviews where household_id = ?', household.id)).toEqual(review)
  })

  it('keeps an inspector from assigning a dedicated supervisor, which is a leader’s decision', async () => {
    const wang = complaintOf('王家庄村')
    const inspector = await signedIn('inspector')
    expect(
      (
        await inspector.post(`/complaints/${wang.id}`, {
          intent: 'assign',
          version: String(wang.version),
          supervisorUserId: String(users.get('inspector')),
          deadlineDays: '3',
        })
      ).status,
    ).toBe(403)
    expect(complaintOf('王家庄村').supervisor_user_id).toBeNull()
  })
})

describe('an order with plain form posts', () => {
  it('takes the inspector’s flag, the cadre’s answer, a rejection with a reason, a second answer and the acceptance', async () => {
    const inspector = await signedIn('inspector')
    const cadre = await signedIn('hexi')
    const flagged = await inspector.post(`${visitsPath('河西村')}?index`, flagForm())
    expect(flagged.status).toBe(302)
    const [order] = orderOf('河西村')
    expect(flagged.headers.get('location')).toBe(`${visitsPath('河西村')}?saved=visit&order=${order.id}`)
    expect(stateOf('河西村').state).toBe('supervision.orderedToRectify')
    expect(await (await inspector.get(flagged.headers.get('location')!)).text()).toContain('督查记录已保存，并已下达责令整改。')

    expect((await cadre.post(orderPath('河西村', order.id), { intent: 'answer', version: '0', response: '已重新入户核查' })).status).toBe(302)
    const rejected = await inspector.post(orderPath('河西村', order.id), { intent: 'reject', version: '1', note: '仍有3户未入户', deadlineDays: '2' })
    expect(rejected.status).toBe(302)
    expect(rejected.headers.get('location')).toBe(`${orderPath('河西村', order.id)}?done=reject`)
    expect(stateOf('河西村').state).toBe('supervision.orderedToRectify')
    const cadrePage = await (await cadre.get(orderPath('河西村', order.id))).text()
    expect(cadrePage).toContain('退回意见：仍有3户未入户')
    expect(cadrePage).toMatch(/value="answer"[^>]*>报送整改情况</)

    expect((await cadre.post(orderPath('河西村', order.id), { intent: 'answer', version: '2', response: '3户已补入户' })).status).toBe(302)
    expect((await inspector.post(orderPath('河西村', order.id), { intent: 'accept', version: '3' })).status).toBe(302)
    expect(orderOf('河西村')[0]).toMatchObject({ status: 'accepted', response: '3户已补入户', version: 4 })
    expect(stateOf('河西村').state).toBe('supervision.underSupervision')

    const history = await (await inspector.get(orderPath('河西村', order.id))).text()
    for (const line of ['孙立新：责令整改', '张玉兰：报送整改情况', '孙立新：退回重新整改', '孙立新：整改通过', '已责令整改 → 整改待验收'])
      expect(history).toContain(line)
    // 办理记录 lists each step once, with the workflow move it drove (issue 17)
    // (in the page as shown, not the loader data the page's script carries after it)
    const shown = history.slice(0, history.indexOf('window.__remixContext'))
    expect(shown.split('孙立新：整改通过').length - 1).toBe(1)
    expect(shown.split('孙立新：退回重新整改').length - 1).toBe(1)
  })

  it('answers a stale second post with a conflict and who answered in between', async () => {
    const [order] = orderOf('红星村')
    const cadre = await signedIn('hongxing')
    expect((await cadre.post(orderPath('红星村', order.id), { intent: 'answer', version: String(order.version), response: '第一份答复' })).status).toBe(302)
    const second = await cadre.post(orderPath('红星村', order.id), { intent: 'answer', version: String(order.version), response: '第二份答复' })
    expect(second.status).toBe(409)
    expect(await second.text()).toContain('这份整改单刚被其他人办理')
    expect(orderOf('红星村')[0].response).toBe('第一份答复')
  })

  it('says in Chinese why an order cannot be given to a village outside 检查督导, and keeps nothing', async () => {
    const inspector = await signedIn('inspector')
    const before = [count('inspection_visits'), count('rectification_orders'), count('audit_log')]
    const res = await inspector.post(`${visitsPath('北关社区')}?index`, flagForm())
    expect(res.status).toBe(422)
    const body = await res.text()
    expect(body).toContain('当前阶段不能进行此操作')
    expect(body).toContain('自查报告已提交')
    expect([count('inspection_visits'), count('rectification_orders'), count('audit_log')]).toEqual(before)
  })

  it('asks for the reason and the deadline when superficial work is flagged without them', async () => {
    const inspector = await signedIn('inspector')
    const res = await inspector.post(`${visitsPath('王家庄村')}?index`, flagForm({ reason: '', deadlineOn: '' }))
    expect(res.status).toBe(400)
    const body = await res.text()
    expect(body).toContain('请填写此项')
    expect(body).toContain('请填写截止日期或工作日天数')
  })
})

describe('the report register with plain form posts', () => {
  it('lets the inspector register a report in two steps and a leader assign a supervisor', async () => {
    const inspector = await signedIn('inspector')
    const step2 = await (await inspector.get(`/complaints?village=${villages.get('张庄村')}`)).text()
    expect(step2).toContain('涉及村(居)：张庄村')
    const household = query<{ id: number; head_name: string }>(
      'select id, head_name from households where village_id = ? order by id limit 1',
      villages.get('张庄村'),
    )[0]
    expect(step2).toContain(household.head_name)
    const res = await inspector.post('/complaints?index', {
      channel: 'online',
      receivedOn: '2026-11-28',
      villageId: String(villages.get('张庄村')),
      householdId: String(household.id),
      content: '网上反映该户子女已就业',
      reporterName: '网民甲',
      reporterContact: 'jia@example.com',
      deadlineDays: '10',
    })
    expect(res.status).toBe(302)
    const id = Number(/\/complaints\/(\d+)/.exec(res.headers.get('location')!)![1])
    const page = await (await inspector.get(res.headers.get('location')!)).text()
    expect(page).toContain('网民甲')
    expect(page).toContain('举报已登记。')

    const leader = await signedIn('leader')
    const assigned = await leader.post(`/complaints/${id}`, {
      intent: 'assign',
      version: '0',
      supervisorUserId: String(users.get('baocun-wang')),
      deadlineOn: '2026-12-02',
    })
    expect(assigned.status).toBe(302)
    expect(query<{ is_major: number; supervisor_user_id: number }>('select is_major, supervisor_user_id from complaints where id = ?', id)[0]).toEqual({
      is_major: 1,
      supervisor_user_id: users.get('baocun-wang'),
    })
    expect((await (await signedIn('zhangzhuang')).get(`/complaints/${id}`)).status).toBe(403)
  })
})
