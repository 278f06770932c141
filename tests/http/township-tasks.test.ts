// 乡镇工作清单 and the summary report's submission, through the built server: the dashboard's section, a duty's page
// (leaders and administrators only), a stale form, the submission and what the county sees of it.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const demo = useDemoServer()

type Task = { id: number; task_key: string; version: number; evidence_note: string | null; done_on: string | null }
const task = (key: string) => demo.query<Task>('select id, task_key, version, evidence_note, done_on from township_tasks where task_key = ?', key)[0]
const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1]

describe('乡镇工作清单 on the dashboard and a duty’s page', () => {
  it('shows the leader the duties apart from the villages, with owner, due day, evidence, the 包村干部 and an edit link each', async () => {
    const leader = await demo.signedIn('leader')
    const html = await (await leader.get('/dashboard')).text()
    expect(html).toContain('乡镇工作清单')
    expect(html).toContain('制定专项整治方案')
    expect(html).toContain('镇政发〔2026〕12号')
    expect(html).toContain('汇总上报总结报告：截止2026-12-21')
    expect(html).toContain('上报县民政局')
    expect(html).toContain(`href="/township-tasks/${task('plan').id}"`)
    expect(html).toContain(`包村干部：${demo.names.get('baocun')}`)
    // an inspector sees the duties, without the edit links or the button
    const inspector = await (await (await demo.signedIn('inspector')).get('/dashboard')).text()
    expect(inspector).toContain('乡镇工作清单')
    expect(inspector).not.toContain('/township-tasks/')
    expect(inspector).not.toContain('name="intent" value="submitSummary"')
  })

  it('lets the leader record a duty’s evidence; the page answers 403 to the inspector, cadre, 包村干部 and county', async () => {
    const hotline = task('hotline')
    const leader = await demo.signedIn('leader')
    const page = await leader.get(`/township-tasks/${hotline.id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<label for="evidenceNote"')
    const res = await leader.post(`/township-tasks/${hotline.id}`, {
      intent: 'save',
      ownerUserId: String(demo.users.get('leader')),
      dueOn: '2026-10-14',
      done: 'on',
      doneOn: '2026-10-10',
      evidenceNote: '举报电话 0531-1234567 已在公告栏公布',
      version: versionOn(html)!,
    })
    expect(res.status).toBe(302)
    expect(task('hotline')).toMatchObject({ evidence_note: '举报电话 0531-1234567 已在公告栏公布', version: hotline.version + 1 })
    for (const username of ['inspector', 'liushutun', 'baocun', 'county']) {
      const who = await demo.signedIn(username)
      expect((await who.get(`/township-tasks/${hotline.id}`)).status, username).toBe(403)
      expect((await who.post(`/township-tasks/${hotline.id}`, { intent: 'save', evidenceNote: '越权', version: '1' })).status, username).toBe(403)
    }
    expect(task('hotline').evidence_note).toBe('举报电话 0531-1234567 已在公告栏公布')
  })

  it('answers a stale duty form with 409 and the conflict notice, writing nothing', async () => {
    const meeting = task('meeting')
    const leader = await demo.signedIn('leader')
    const admin = await demo.signedIn('admin')
    const stale = versionOn(await (await leader.get(`/township-tasks/${meeting.id}`)).text())!
    const form = (note: string) => ({ intent: 'save', dueOn: '2026-10-09', done: 'on', doneOn: '2026-10-07', evidenceNote: note, version: stale })
    expect((await admin.post(`/township-tasks/${meeting.id}`, form('管理员补充的会议纪要'))).status).toBe(302)
    const res = await leader.post(`/township-tasks/${meeting.id}`, form('镇长的说明'))
    expect(res.status).toBe(409)
    const page = await res.text()
    expect(page).toContain('这项工作在您打开后已被他人修改')
    expect(page).toContain('管理员补充的会议纪要')
    expect(task('meeting').evidence_note).toBe('管理员补充的会议纪要')
    // a done day in the future: 422 with the reason
    const future = await admin.post(`/township-tasks/${meeting.id}`, { ...form('x'), version: String(task('meeting').version), doneOn: '2026-12-01' })
    expect(future.status).toBe(422)
    expect(await future.text()).toContain('完成日期不能晚于今天')
  })

  it('submits the summary report from the dashboard; the county view then shows it submitted', async () => {
    const county = await demo.signedIn('county')
    expect(await (await county.get('/county')).text()).toContain('未上报，截止2026-12-21')
    const leader = await demo.signedIn('leader')
    const dashboard = await (await leader.get('/dashboard')).text()
    const form = /<form[^>]*action="(\/township-tasks\/\d+)"[\s\S]*?<\/form>/.exec(dashboard)
    expect(form).not.toBeNull()
    const field = (name: string) => new RegExp(`name="${name}" value="(\\d+)"`).exec(form![0])![1]
    const res = await leader.post(form![1], { intent: 'submitSummary', campaignId: field('campaignId'), version: field('version') })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/dashboard\?summarySubmitted=1/)
    expect(demo.query('select summary_submitted_on from campaigns')).toEqual([{ summary_submitted_on: '2026-11-29' }])
    expect(task('summaryReport').done_on).toBe('2026-11-29')
    const after = await (await leader.get('/dashboard?summarySubmitted=1')).text()
    expect(after).toContain('已于2026-11-29上报县民政局')
    // the same old form again: refused, nothing changes
    const again = await leader.post(form![1], { intent: 'submitSummary', campaignId: field('campaignId'), version: field('version') })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('不能重复上报')
    const countyPage = await (await county.get('/county')).text()
    expect(countyPage).toContain('已上报（2026-11-29）')
    expect(countyPage).toContain('总结报告已上报 1 / 1 个乡镇')
  })

  it('shows a leader of a township without a campaign "尚未创建专项整治" and the way to create one', async () => {
    // a second township with its own leader (the demo leader's password), written beside the running server
    const db = new Database(demo.server.databaseFile)
    try {
      const hash = (db.prepare("select password_hash from users where username = 'leader'").get() as { password_hash: string }).password_hash
      const township = db.prepare("insert into townships (name, county_name) values ('新建镇', '青山县')").run().lastInsertRowid
      db.prepare(
        "insert into users (username, display_name, password_hash, role, township_id, updated_at) values ('xinjian', '新建镇镇长', ?, 'leader', ?, '2026-11-29T00:00:00Z')",
      ).run(hash, township)
    } finally {
      db.close()
    }
    const leader = await demo.signedIn('xinjian')
    const res = await leader.get('/dashboard')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('尚未创建专项整治')
    expect(html).toContain('href="/campaigns/new"')
    expect(html).not.toContain('乡镇工作清单')
  })

  it('answers 404 for another campaign id on the dashboard and its exports, and says when a campaign was just created', async () => {
    const leader = await demo.signedIn('leader')
    expect((await leader.get('/dashboard?campaign=999999')).status).toBe(404)
    expect((await leader.get('/dashboard.json?campaign=999999')).status).toBe(404)
    const id = demo.query<{ id: number }>('select id from campaigns')[0].id
    const json = (await (await leader.get(`/dashboard.json?campaign=${id}`)).json()) as {
      townships: Array<{ campaign: { id: number; summarySubmittedOn: string } }>
    }
    expect(json.townships[0].campaign).toMatchObject({ id, summarySubmittedOn: '2026-11-29' })
    expect(await (await leader.get('/dashboard?campaignCreated=1')).text()).toContain('专项整治已创建')
  })
})
