// Confidentiality (issue 11, findings 1–3) against the built server with the demo township: what a village cadre,
// the county bureau or any roster reader can learn that is not theirs — a public report's text and the people
// around it, an ID number's hidden digits, whether an ID number is enrolled somewhere else.
import { beforeAll, describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const fixture = useDemoServer()
const { villages, users, names, query, signedIn } = fixture

/** The page's text as a reader sees it (React's text separators out). */
const bodyOf = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '').replace(/\0/g, '')

// ————————————————————————————————————————— finding 1: public reports —————————————————————————————————————————

// A report about 王家庄村 that names its reporter and phone in the text, due within days (so it is on the attention
// lists), with a dedicated supervisor: registered by the inspector, the supervisor assigned by a leader.
const NAMED_REPORT = '举报人张秀兰（电话13912340000）反映王家庄村主任亲属违规享受低保'
const DEMO_REPORT = '反映村民某某家有两套楼房仍享受低保'
let supervisorName: string

describe('a public report reaches only those who may open the report register', () => {
  beforeAll(async () => {
    const inspector = await signedIn('inspector')
    const res = await inspector.post('/complaints?index', {
      channel: 'hotline',
      receivedOn: '2026-11-28',
      villageId: String(villages.get('王家庄村')),
      content: NAMED_REPORT,
      reporterName: '张秀兰',
      reporterContact: '13912340000',
      deadlineDays: '2',
    })
    expect(res.status).toBe(302)
    const id = Number(/\/complaints\/(\d+)/.exec(res.headers.get('location')!)![1])
    const leader = await signedIn('leader')
    const assigned = await leader.post(`/complaints/${id}`, {
      intent: 'assign',
      version: '0',
      supervisorUserId: String(users.get('baocun-wang')!),
      deadlineOn: '2026-12-01',
    })
    expect(assigned.status).toBe(302)
    supervisorName = names.get('baocun-wang')!
  })

  it('a village cadre’s dashboard.json says only that a report is being verified', async () => {
    const cadre = await signedIn('wangjiazhuang')
    const res = await cadre.get('/dashboard.json')
    expect(res.status).toBe(200)
    const text = await res.text()
    for (const secret of [DEMO_REPORT, NAMED_REPORT, '张秀兰', '13912340000', supervisorName, '/complaints/', '举报核实', '专人督办'])
      expect(text, secret).not.toContain(secret)
    const data = JSON.parse(text) as {
      townships: Array<{
        villages: Array<{ name: string; reportsBeingVerified: number }>
        attention: { overdue: Array<{ kind: string }>; dueSoon: Array<{ kind: string }> }
      }>
    }
    const [township] = data.townships
    expect(township.villages.map((v) => [v.name, v.reportsBeingVerified])).toEqual([['王家庄村', 2]])
    expect([...township.attention.overdue, ...township.attention.dueSoon].filter((f) => f.kind === 'complaint' || f.kind === 'supervisor')).toEqual([])
    // the same in the spreadsheet
    const csv = await (await cadre.get('/dashboard.csv')).text()
    for (const secret of [DEMO_REPORT, NAMED_REPORT, supervisorName]) expect(csv, secret).not.toContain(secret)
  })

  it('a village cadre’s village page says only how many reports are being verified', async () => {
    const cadre = await signedIn('wangjiazhuang')
    const id = villages.get('王家庄村')!
    for (const path of [`/villages/${id}`, `/villages/${id}?_data=routes%2Fvillages.%24villageId._index`]) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(200)
      const body = await bodyOf(res)
      for (const secret of [DEMO_REPORT, NAMED_REPORT, '张秀兰', '13912340000', supervisorName, '/complaints/', '"complaint"', '"supervisor"'])
        expect(body, `${path}: ${secret}`).not.toContain(secret)
    }
    expect(await bodyOf(await cadre.get(`/villages/${id}`))).toContain('有2件群众举报正在核实中')
  })

  it('a village cadre’s history page shows no report entries: no channel, registering official, time or supervisor', async () => {
    const cadre = await signedIn('wangjiazhuang')
    const id = villages.get('王家庄村')!
    for (const path of [`/villages/${id}/history`, `/villages/${id}/history?_data=routes%2Fvillages.%24villageId.history`]) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(200)
      const body = await bodyOf(res)
      for (const secret of ['登记举报', '核实举报', '派专人督办', '举报办结', '"complaint"', 'channel', 'supervisor_user_id'])
        expect(body, `${path}: ${secret}`).not.toContain(secret)
    }
    // the township office still reads every entry of the village's history
    const leaderHistory = await bodyOf(await (await signedIn('leader')).get(`/villages/${id}/history`))
    expect(leaderHistory).toContain('登记举报')
    expect(leaderHistory).toContain('派专人督办')
  })

  it('the county bureau sees that reports are being verified and by when, never their text, page or supervisor', async () => {
    const county = await signedIn('county')
    for (const path of [
      '/dashboard.json',
      `/dashboard.json?township=${fixture.townshipId}`,
      `/townships/${fixture.townshipId}?attention=all`,
      `/townships/${fixture.townshipId}?attention=all&_data=routes%2Ftownships.%24townshipId`,
    ]) {
      const res = await county.get(path)
      expect(res.status, path).toBe(200)
      const body = await bodyOf(res)
      // (the supervisor is also 包村领导 of other villages, and named as such in the village table)
      for (const secret of [DEMO_REPORT, NAMED_REPORT, '张秀兰', '13912340000', '/complaints/']) expect(body, `${path}: ${secret}`).not.toContain(secret)
      expect(body, path).toContain('有一件群众举报待核实')
      expect(body, path).toContain('有一件群众举报在专人督办中')
    }
    const data = (await (await county.get('/dashboard.json')).json()) as {
      townships: Array<{
        attention: {
          overdue: Array<{ kind: string; responsible: string | null; path: string | null }>
          dueSoon: Array<{ kind: string; responsible: string | null; path: string | null }>
        }
      }>
    }
    const reports = data.townships
      .flatMap((tw) => [...tw.attention.overdue, ...tw.attention.dueSoon])
      .filter((f) => f.kind === 'complaint' || f.kind === 'supervisor')
    expect(reports.length).toBeGreaterThanOrEqual(3)
    for (const f of reports) expect(f).toMatchObject({ responsible: null, path: null })
    // consistent with the report's own page, which the county may not open
    const [demo] = query<{ id: number }>('select id from complaints where village_id = ? order by id', villages.get('王家庄村'))
    expect((await county.get(`/complaints/${demo.id}`)).status).toBe(403)
  })

  it('the township leader still sees the report’s text and its supervisor on the dashboard', async () => {
    const leader = await signedIn('leader')
    const text = await (await leader.get('/dashboard.json')).text()
    expect(text).toContain(DEMO_REPORT)
    expect(text).toContain(NAMED_REPORT)
    expect(text).toContain(supervisorName)
  })
})

// ————————————————————————————————————————— finding 2: searching by ID number —————————————————————————————————————————

describe('searching a roster by ID number', () => {
  const firstHousehold = (village: string) =>
    query<{ id: number; head_name: string; id_number: string }>(
      'select id, head_name, id_number from households where village_id = ? order by id limit 1',
      villages.get(village),
    )[0]

  it('a roster search by ID number confirms no more digits than the masked number shows', async () => {
    const inspector = await signedIn('inspector')
    const household = firstHousehold('东风村')
    const roster = `/villages/${villages.get('东风村')}/households`
    const masked = `${household.id_number.slice(0, 4)}**********${household.id_number.slice(-4)}`
    // the last four, as every row shows them: found
    expect(await bodyOf(await inspector.get(`${roster}?q=${household.id_number.slice(-4)}`))).toContain(masked)
    // five, six or all but one of the digits: not run, and the page says what may be searched
    for (const digits of [5, 6, 10, 17]) {
      const res = await inspector.get(`${roster}?q=${household.id_number.slice(-digits)}`)
      const body = await bodyOf(res)
      expect(body, `${digits} digits`).not.toContain(masked)
      expect(body, `${digits} digits`).toContain('只能输入身份证号的后4位')
    }
    // nor fewer than four
    expect(await bodyOf(await inspector.get(`${roster}?q=${household.id_number.slice(-2)}`))).toContain('只能输入身份证号的后4位')
  })

  it('refuses a user’s 31st roster search within five minutes with 429 and a Chinese notice', async () => {
    const county = await signedIn('county')
    const roster = `/villages/${villages.get('河西村')}/households`
    for (let i = 0; i < 30; i++) expect((await county.get(`${roster}?q=王`)).status, `search ${i + 1}`).toBe(200)
    const refused = await county.get(`${roster}?q=王`)
    expect(refused.status).toBe(429)
    expect(await bodyOf(refused)).toMatch(/查找过于频繁，请\d+秒后再试。/)
    // the roster without a search still opens, and another user searches as before
    expect((await county.get(roster)).status).toBe(200)
    expect((await (await signedIn('leader')).get(`${roster}?q=王`)).status).toBe(200)
  })
})

// ————————————————————————————————————————— finding 3: enrolment oracle —————————————————————————————————————————

describe('adding a family that is enrolled elsewhere', () => {
  const elsewhere = () =>
    query<{ id_number: string }>('select id_number from households where village_id = ? order by id limit 1', villages.get('东风村'))[0].id_number
  const refusals = (action: string, villageId: number) =>
    query<{ actor_user_id: number; after: string }>(
      'select actor_user_id, after from audit_log where action = ? and village_id = ? order by id',
      action,
      villageId,
    )

  it('a cadre’s 漏保 form says only that the household cannot be added here, and the attempt is on record', async () => {
    const cadre = await signedIn('hongxing')
    const idNumber = elsewhere()
    const path = `/villages/${villages.get('红星村')}/households/new`
    const res = await cadre.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ headName: '试探户', idNumber, memberCount: '2', coveredCount: '2', category: '农村低保A类', monthlyAmount: '500' }),
    })
    expect(res.status).toBe(422)
    const body = await bodyOf(res)
    expect(body).toContain('该户无法在本村(居)纳入，镇民政所将核实处理。')
    for (const said of ['东风村', '其他村', '其他乡镇', '已登记为']) expect(body, said).not.toContain(said)
    const rows = refusals('household.addMissedRefused', villages.get('红星村')!)
    expect(rows).toHaveLength(1)
    expect(rows[0].actor_user_id).toBe(users.get('hongxing')!)
    expect(rows[0].after).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
    expect(rows[0].after).not.toContain(idNumber)
  })

  it('a cadre’s import preview says only that a household cannot be added here, and the attempt is on record', async () => {
    const cadre = await signedIn('hongxing')
    const idNumber = elsewhere()
    const csv = `户主姓名,身份证号码,家庭人口,保障类别,月保障金额\r\n试探户,${idNumber},2,农村低保A类,500\r\n`
    const form = new FormData()
    form.append('file', new Blob([new TextEncoder().encode(csv)]), 'probe.csv')
    const upload = await cadre.request('/import', { method: 'POST', body: form })
    expect(upload.status).toBe(302)
    const preview = await cadre.get(upload.headers.get('location')!)
    expect(preview.status).toBe(200)
    const body = await bodyOf(preview)
    expect(body).toContain('该户无法在本村(居)纳入，镇民政所将核实处理')
    for (const said of ['东风村的低保户', '本镇其他村', '其他乡镇的低保户']) expect(body, said).not.toContain(said)
    const rows = refusals('rosterImport.notAddableHere', villages.get('红星村')!)
    expect(rows).toHaveLength(1)
    expect(rows[0].after).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
    expect(rows[0].after).not.toContain(idNumber)
  })
})
