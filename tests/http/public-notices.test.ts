// The notices and the paper over HTTP on the built server: the township administrator sets the 举报电话 (versioned,
// a stale form refused), the standing notice and the 审核结果公示 print it, a township leader posts the 审核结果公示
// (a cadre may not), and the printed 复核认定情况登记表 and 异议登记表 carry their new sections.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const demo = useDemoServer()
const { villages, signedIn } = demo

function township() {
  return demo.query<{ report_phone: string | null; version: number }>('select report_phone, version from townships where id = ?', demo.townshipId)[0]
}

/** A village with proposals in notice, and its cadre's username. */
function villageInNotice() {
  const [row] = demo.query<{ village_id: number; username: string }>(
    `select p.village_id, u.username from proposals p join users u on u.village_id = p.village_id and u.role = 'cadre'
     where p.state = 'inNotice' order by p.id limit 1`,
  )
  expect(row, 'the demo has a proposal in notice').toBeTruthy()
  return row
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''

describe('the 举报电话', () => {
  it('is set by the township administrator on the version the form was loaded with, and printed on the standing notice', async () => {
    const admin = await signedIn('admin')
    const page = await admin.get('/admin/township')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<label for="report-phone"')
    expect(html).toContain('0531-87654321')
    const { version } = township()
    const saved = await admin.post('/admin/township', { intent: 'saveReportPhone', phone: '0531-55556666', version: String(version) })
    expect(saved.status).toBe(302)
    expect(township()).toEqual({ report_phone: '0531-55556666', version: version + 1 })
    expect(demo.query<{ n: number }>("select count(*) as n from audit_log where action = 'township.reportPhone'")[0].n).toBe(1)

    const stale = await admin.post('/admin/township', { intent: 'saveReportPhone', phone: '0531-00000000', version: String(version) })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('您的修改没有保存')
    const invalid = await admin.post('/admin/township', { intent: 'saveReportPhone', phone: '请拨打', version: String(version + 1) })
    expect(invalid.status).toBe(422)
    expect(township().report_phone).toBe('0531-55556666')

    const cadre = await signedIn('liushutun')
    expect((await cadre.post('/admin/township', { intent: 'saveReportPhone', phone: '0531-1', version: String(version + 1) })).status).toBe(403)
    const notice = await cadre.get(`/villages/${villages.get('柳树屯村')}/exports/notice?kind=standing&start=2026-12-01`)
    expect(notice.status).toBe(200)
    const text = await notice.text()
    expect(text).toContain('举报电话：0531-55556666')
    expect(text).toMatch(/以下为\d{4}年\d{1,2}月享受最低生活保障的对象及月保障金额。/)
    expect((await cadre.get(`/villages/${villages.get('柳树屯村')}/exports/notice?month=2026-13`)).status).toBe(400)
  })
})

describe('the 审核结果公示', () => {
  it('lists the proposals in notice with the period and the phone; a leader posts it, a cadre may not', async () => {
    const { village_id: villageId, username } = villageInNotice()
    const path = `/villages/${villageId}/exports/approval-notice`
    const names = demo.query<{ head_name: string }>(
      "select h.head_name from proposals p join households h on h.id = p.household_id where p.village_id = ? and p.state = 'inNotice'",
      villageId,
    )
    const cadre = await signedIn(username)
    const seen = await (await cadre.get(path)).text()
    for (const { head_name } of names) expect(seen).toContain(head_name)
    expect(seen).toContain('公示期：')
    expect(seen).toMatch(/举报电话：[\d-]+/)
    expect(seen).not.toContain('>发布公示<')

    const leader = await signedIn('leader')
    const page = await (await leader.get(path)).text()
    expect(page).toContain('>发布公示<')
    const form = { intent: 'publish', from: hidden(page, 'from'), ids: hidden(page, 'ids') }
    const before = demo.count('notices')
    expect((await cadre.post(path, form)).status).toBe(403)
    expect(demo.count('notices')).toBe(before)
    const posted = await leader.post(path, form)
    expect(posted.status).toBe(302)
    expect(demo.count('notices')).toBe(before + 1)
    const [notice] = demo.query<{ report_phone: string; n: number }>(
      'select report_phone, (select count(*) from notice_proposals where notice_id = notices.id) as n from notices order by id desc limit 1',
    )
    expect(notice).toEqual({ report_phone: township().report_phone, n: form.ids.split(',').length })
    expect((await leader.post(path, form)).status).toBe(409)

    const file = await cadre.get(`${path}.xlsx`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('spreadsheetml')
    const index = await (await cadre.get(`/villages/${villageId}/exports`)).text()
    expect(index).toContain(`${path}"`)
    expect(index).toContain(`/villages/${villageId}/exports/objection-record"`)
  })
})

describe('the paper', () => {
  it('prints the 登记表 with the members, the economic check, the conclusion and the four signature lines', async () => {
    const [h] = demo.query<{ id: number; village_id: number; username: string }>(
      `select p.household_id as id, p.village_id, u.username from proposals p join users u on u.village_id = p.village_id and u.role = 'cadre'
       where p.state = 'inNotice' order by p.id limit 1`,
    )
    const cadre = await signedIn(h.username)
    const res = await cadre.get(`/villages/${h.village_id}/households/${h.id}/print`)
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const words of [
      '家庭成员',
      '与户主关系',
      '家庭经济状况核查',
      '村(居)复核结论',
      '复核人（签字）',
      '村(居)委会意见（盖章）',
      '镇审核意见（镇民政所）',
      '县审批意见（县民政局）',
    ])
      expect(html, words).toContain(words)
    expect(html).toContain('审核通过，进入公示')
    expect(html).not.toMatch(/\d{17}[\dX]/)
  })

  it('prints the 异议登记表 blank or filled, and never shows the village cadre who objected', async () => {
    const [o] = demo.query<{ proposal_id: number; village_id: number; username: string }>(
      `select po.proposal_id, p.village_id, u.username from proposal_objections po join proposals p on p.id = po.proposal_id
       join users u on u.village_id = p.village_id and u.role = 'cadre' order by po.id limit 1`,
    )
    const cadre = await signedIn(o.username)
    const blank = await cadre.get(`/villages/${o.village_id}/exports/objection-record`)
    expect(blank.status).toBe(200)
    const blankHtml = await blank.text()
    expect(blankHtml).toContain('最低生活保障审核结果公示异议登记表')
    expect(blankHtml).toContain('<label for="objection-proposal"')
    const filled = await (await cadre.get(`/villages/${o.village_id}/exports/objection-record?proposal=${o.proposal_id}`)).text()
    expect(filled).toContain('（已登记，按保护举报人规定不显示）')
    expect(filled).toContain('核实人（签字）')
    const leader = await signedIn('leader')
    const led = await (await leader.get(`/villages/${o.village_id}/exports/objection-record?proposal=${o.proposal_id}`)).text()
    expect(led).not.toContain('（已登记，按保护举报人规定不显示）')
    // another village's cadre, and a proposal of another village, are refused
    const other = await signedIn(o.username === 'dongfeng' ? 'hongxing' : 'dongfeng')
    expect((await other.get(`/villages/${o.village_id}/exports/objection-record?proposal=${o.proposal_id}`)).status).toBe(403)
    const otherVillage = o.village_id === villages.get('东风村') ? villages.get('红星村') : villages.get('东风村')
    expect((await leader.get(`/villages/${otherVillage}/exports/objection-record?proposal=${o.proposal_id}`)).status).toBe(404)
  })
})
