// Print and download over HTTP against the built server: who may export what, the audit row each export writes, and
// the headers a download of personal data must carry (type, a Chinese file name, no caching).
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { readZipEntry } from '../support/zip'

let db: Database.Database
const demo = useDemoServer()
const { server, villages, signedIn } = demo

beforeAll(async () => {
  db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
})
afterAll(() => db?.close())

const FULL_ID = /\d{17}[\dX]/
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
function userId(username: string): number {
  return (db.prepare('select id from users where username = ?').get(username) as { id: number }).id
}
function exportAudits(): Array<{
  id: number
  action: string
  actor_user_id: number
  village_id: number | null
  township_id: number | null
  entity_type: string
  entity_id: number
  occurred_at: string
  after: string
  ip: string | null
}> {
  return db.prepare("select * from audit_log where action like 'export.%' order by id").all() as never
}
const v = (name: string) => `/villages/${villages.get(name)}/exports`

/** The UTF-8 name a browser saves the file under (RFC 5987 filename*). */
function savedAs(res: Response): string {
  const header = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1]
  return star ? decodeURIComponent(star) : ''
}

describe('a village cadre exports only their own village', () => {
  it('cannot print or download another village’s notice, review forms or registers, and nothing is recorded', async () => {
    const cadre = await signedIn('dongfeng')
    const before = exportAudits().length
    const theirs = db.prepare('select id, head_name from households where village_id = ? order by id limit 1').get(villages.get('红星村')) as {
      id: number
      head_name: string
    }
    const paths = [
      v('红星村'),
      `${v('红星村')}/notice`,
      `${v('红星村')}/notice?kind=twoLists&start=2026-12-01&end=2026-12-07`,
      `${v('红星村')}/notice.xlsx`,
      `${v('红星村')}/review-forms`,
      `${v('红星村')}/review-forms.xlsx`,
      `${v('红星村')}/problems.xlsx`,
      `${v('红星村')}/rectification.xlsx`,
      // their household through my village's address
      `${v('东风村')}/review-forms.xlsx?household=${theirs.id}`,
      `/villages/${villages.get('东风村')}/households/${theirs.id}/print`,
    ]
    for (const path of paths) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(403)
      const body = await res.text()
      expect(body, path).not.toContain(theirs.head_name)
    }
    expect(exportAudits().length).toBe(before)
  })

  it('cannot download the township’s registers or the summary report, and is sent to their own village’s page from /exports', async () => {
    const cadre = await signedIn('dongfeng')
    for (const file of ['summary.docx', 'problems.xlsx', 'rectification.xlsx'])
      expect((await cadre.get(`/exports/${demo.townshipId}/${file}`)).status, file).toBe(403)
    const res = await cadre.get('/exports')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(v('东风村'))
  })

  it('sees their own village’s 打印与导出 page with the notice form, which works without JavaScript', async () => {
    const cadre = await signedIn('dongfeng')
    const res = await cadre.get(v('东风村'))
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('东风村 · 打印与导出')
    expect(html).toMatch(new RegExp(`<form[^>]*method="get"[^>]*action="${v('东风村')}/notice"`))
    for (const field of ['name="kind"', 'name="start"', 'name="end"', 'value="2026-11-29"', 'value="2026-12-05"']) expect(html).toContain(field)
    for (const link of ['/review-forms"', '/review-forms.xlsx"', '/problems.xlsx"', '/rectification.xlsx"']) expect(html).toContain(`${v('东风村')}${link}`)
  })
})

describe('who may export the township’s files', () => {
  it('lets an inspector download the registers but not the summary report', async () => {
    const inspector = await signedIn('inspector')
    expect((await inspector.get(`/exports/${demo.townshipId}/problems.xlsx`)).status).toBe(200)
    expect((await inspector.get(`/exports/${demo.townshipId}/summary.docx`)).status).toBe(403)
    const page = await (await inspector.get('/exports')).text()
    expect(page).not.toContain('summary.docx')
    expect(page).toContain('总结报告由镇领导、管理员或县民政局导出。')
  })

  it('lets the county bureau download the summary report of a township in its county, and not of an unknown one', async () => {
    const county = await signedIn('county')
    const res = await county.get(`/exports/${demo.townshipId}/summary.docx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX)
    expect((await county.get('/exports/999999/summary.docx')).status).toBe(404)
  })

  it('lists the township’s files and each village for a leader', async () => {
    const leader = await signedIn('leader')
    const html = await (await leader.get('/exports')).text()
    expect(html).toContain('清河镇 · 打印与导出')
    for (const file of ['summary.docx', 'problems.xlsx', 'rectification.xlsx']) expect(html).toContain(`/exports/${demo.townshipId}/${file}`)
    for (const [name, id] of villages) {
      expect(html).toContain(`/villages/${id}/exports`)
      expect(html).toContain(name)
    }
  })
})

describe('a download of personal data', () => {
  const downloads: Array<{ who: string; path: () => string; type: string; name: RegExp; action: string }> = [
    {
      who: 'dongfeng',
      path: () => `${v('东风村')}/notice.xlsx?kind=twoLists&start=2026-12-01&end=2026-12-07`,
      type: XLSX,
      name: /^东风村低保对象公示名单（2026-12-01至2026-12-07）\.xlsx$/,
      action: 'export.publicNotice',
    },
    {
      who: 'dongfeng',
      path: () => `${v('东风村')}/review-forms.xlsx`,
      type: XLSX,
      name: /^东风村复核认定情况登记表（2026-11-29）\.xlsx$/,
      action: 'export.reviewForms',
    },
    { who: 'dongfeng', path: () => `${v('东风村')}/problems.xlsx`, type: XLSX, name: /^东风村问题台账（2026-11-29）\.xlsx$/, action: 'export.problemRegister' },
    {
      who: 'dongfeng',
      path: () => `${v('东风村')}/rectification.xlsx`,
      type: XLSX,
      name: /^东风村整改清单（2026-11-29）\.xlsx$/,
      action: 'export.rectificationList',
    },
    {
      who: 'leader',
      path: () => `/exports/${demo.townshipId}/problems.xlsx`,
      type: XLSX,
      name: /^清河镇问题台账（2026-11-29）\.xlsx$/,
      action: 'export.problemRegister',
    },
    {
      who: 'leader',
      path: () => `/exports/${demo.townshipId}/rectification.xlsx`,
      type: XLSX,
      name: /^清河镇整改清单（2026-11-29）\.xlsx$/,
      action: 'export.rectificationList',
    },
    {
      who: 'leader',
      path: () => `/exports/${demo.townshipId}/summary.docx`,
      type: DOCX,
      name: /^清河镇专项整治总结报告（2026-11-29）\.docx$/,
      action: 'export.summaryReport',
    },
  ]

  it('says what it is, is saved under its Chinese name (with an ASCII stand-in), is never cached, and writes one audit row naming who and what', async () => {
    for (const d of downloads) {
      const browser = await signedIn(d.who)
      const before = exportAudits().length
      const res = await browser.get(d.path())
      expect(res.status, d.path()).toBe(200)
      expect(res.headers.get('content-type')).toBe(d.type)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]+\.(xlsx|docx)"; filename\*=UTF-8''[A-Za-z0-9%._-]+$/)
      expect(savedAs(res)).toMatch(d.name)
      const body = new Uint8Array(await res.arrayBuffer())
      expect(Buffer.from(body.subarray(0, 2)).toString()).toBe('PK')
      expect(Number(res.headers.get('content-length'))).toBe(body.byteLength)

      const audits = exportAudits()
      expect(audits.length, d.path()).toBe(before + 1)
      const row = audits.at(-1)!
      expect(row).toMatchObject({ action: d.action, actor_user_id: userId(d.who), township_id: demo.townshipId, ip: expect.any(String) })
      expect(Date.parse(row.occurred_at)).toBeGreaterThan(0)
      expect(JSON.parse(row.after)).toMatchObject({ format: d.type === DOCX ? 'docx' : 'xlsx', file: savedAs(res) })
    }
  })

  it('the public notice file opens with the names and amounts in Chinese and no ID number', async () => {
    const cadre = await signedIn('dongfeng')
    const res = await cadre.get(`${v('东风村')}/notice.xlsx`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const ws = wb.worksheets[0]
    expect(ws.name).toBe('公示名单')
    const texts: string[] = []
    ws.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))))
    const first = db
      .prepare("select head_name, id_number from households where village_id = ? and status = 'active' order by enrolment desc, id limit 1")
      .get(villages.get('东风村')) as { head_name: string; id_number: string }
    expect(texts).toContain(first.head_name)
    expect(texts.join('\n')).not.toMatch(FULL_ID)
    expect(texts.join('\n')).not.toContain(first.id_number.slice(-4))
  })

  it('refuses a notice period that ends before it starts, and records nothing', async () => {
    const cadre = await signedIn('dongfeng')
    const before = exportAudits().length
    const res = await cadre.get(`${v('东风村')}/notice.xlsx?kind=twoLists&start=2026-12-10&end=2026-12-01`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('结束日期不能早于开始日期。')
    expect(exportAudits().length).toBe(before)
  })

  it('the summary report opens as a Word document whose text is Chinese', async () => {
    const leader = await signedIn('leader')
    const body = new Uint8Array(await (await leader.get(`/exports/${demo.townshipId}/summary.docx`)).arrayBuffer())
    const xml = readZipEntry(body, 'word/document.xml') ?? ''
    expect(xml.includes('清河镇低保“人情保”“错保”专项整治工作总结报告')).toBe(true)
    expect(xml.includes('东风村')).toBe(true)
  })
})

describe('the print pages', () => {
  it('the public notice page shows the period from the GET form, names and amounts only, is not cached, and is recorded', async () => {
    const cadre = await signedIn('dongfeng')
    const before = exportAudits().length
    const res = await cadre.get(`${v('东风村')}/notice?kind=twoLists&start=2026-12-01&end=2026-12-07`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('东风村最低生活保障对象公示')
    expect(html).toContain('公示期：2026年12月1日至2026年12月7日（共7天）')
    expect(html).toContain('东风村村民委员会')
    expect(html).toContain('size: A4')
    expect(html).not.toMatch(FULL_ID)
    expect(html).not.toMatch(/\d{4}\*+\d{3}[\dX]/)
    // no category, no exit reason, no cadre on the notice page
    const categories = db.prepare('select distinct category from households where village_id = ?').all(villages.get('东风村')) as Array<{ category: string }>
    for (const { category } of categories) expect(html).not.toContain(category)
    const row = exportAudits().at(-1)!
    expect(exportAudits().length).toBe(before + 1)
    expect(row).toMatchObject({ action: 'export.publicNotice', actor_user_id: userId('dongfeng'), village_id: villages.get('东风村') })
    expect(JSON.parse(row.after)).toMatchObject({ format: 'print', startOn: '2026-12-01', endOn: '2026-12-07' })
  })

  it('the notice page explains a bad period next to the field and prints nothing', async () => {
    const cadre = await signedIn('dongfeng')
    const before = exportAudits().length
    const res = await cadre.get(`${v('东风村')}/notice?kind=twoLists&start=2026-12-10&end=2026-12-01`)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('结束日期不能早于开始日期。')
    expect(html).not.toContain('东风村村民委员会')
    expect(exportAudits().length).toBe(before)
  })

  it('the village review-form page has one A4 sheet per household, page breaks between them, masked ID numbers, and is recorded', async () => {
    const leader = await signedIn('leader')
    const before = exportAudits().length
    const res = await leader.get(`${v('河西村')}/review-forms`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    const households = (db.prepare('select count(*) as n from households where village_id = ?').get(villages.get('河西村')) as { n: number }).n
    expect(html.match(/<article class="sheet /g)).toHaveLength(households)
    expect(html).toContain('size: A4')
    expect(html).toContain('.sheet + .sheet { break-before: page;')
    expect(html).toContain('青山县城乡低保对象复核认定情况登记表')
    expect(html).not.toMatch(FULL_ID)
    expect(exportAudits().length).toBe(before + 1)
    expect(exportAudits().at(-1)).toMatchObject({
      action: 'export.reviewForms',
      actor_user_id: userId('leader'),
      village_id: villages.get('河西村'),
      entity_type: 'village',
    })
  })

  it('the one-household print page is recorded against that household', async () => {
    const cadre = await signedIn('dongfeng')
    const household = db.prepare('select id from households where village_id = ? order by id limit 1').get(villages.get('东风村')) as { id: number }
    const res = await cadre.get(`/villages/${villages.get('东风村')}/households/${household.id}/print`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(exportAudits().at(-1)).toMatchObject({
      action: 'export.reviewForm',
      entity_type: 'household',
      entity_id: household.id,
      actor_user_id: userId('dongfeng'),
    })
  })
})
