// The roster import page (/import) against the built server with the demo township: plain multipart and form posts,
// as a browser without JavaScript sends them.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { Browser } from '../support/server'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SAMPLE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.xlsx')
const KEY_FILE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.key.json')

interface KeyRow {
  sheetRow: number
  village?: string
  id?: string
  accept?: boolean
  skip?: string
}

let db: Database.Database
let sample: Buffer
let keyRows: KeyRow[]
const { server, villages, signedIn } = useDemoServer()

beforeAll(async () => {
  // a missing sample fails the file instead of skipping it
  sample = fs.readFileSync(SAMPLE)
  keyRows = (JSON.parse(fs.readFileSync(KEY_FILE, 'utf8')) as { rows: KeyRow[] }).rows
  db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
})
afterAll(() => db?.close())

function upload(browser: Browser, content: Buffer, name = 'roster-qinghe.xlsx') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(content)]), name)
  return browser.request('/import', { method: 'POST', body: form })
}

/** Upload and follow the redirect to the preview; returns the preview's URL and HTML. */
async function uploadAndPreview(browser: Browser, content = sample): Promise<{ url: string; html: string }> {
  const res = await upload(browser, content)
  expect(res.status).toBe(302)
  const url = res.headers.get('location')!
  expect(url).toMatch(/^\/import\?upload=[A-Za-z0-9_-]+$/)
  const page = await browser.get(url)
  expect(page.status).toBe(200)
  return { url, html: await page.text() }
}

/** The confirm form's fields, as the browser would post them. */
function confirmFields(html: string): Array<[string, string]> {
  const form = /<form method="post" action="\/import"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
  expect(form, 'the page has a confirm form').toBeDefined()
  return [...form!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')])
}

function postForm(browser: Browser, fields: Array<[string, string]>) {
  return browser.request('/import', { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

const text = (html: string) => html.replace(/<!-- -->/g, '')
const idsInVillage = (village: string) =>
  new Set(
    (db.prepare('select id_number from households where village_id = ?').all(villages.get(village)) as Array<{ id_number: string }>).map((r) => r.id_number),
  )
const sampleIds = () => new Set(keyRows.filter((r) => r.accept).map((r) => r.id!))
const importedSampleIds = () =>
  (
    db
      .prepare(`select h.id_number, v.name as village from households h join villages v on v.id = h.village_id where h.id_number like '130925%'`)
      .all() as Array<{ id_number: string; village: string }>
  ).filter((r) => sampleIds().has(r.id_number))

describe('who may import a roster', () => {
  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const res = await new Browser(server.url).get('/import')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fimport')
  })

  it('refuses inspectors and the county bureau, and accepts no upload from them', async () => {
    for (const username of ['inspector', 'county']) {
      const browser = await signedIn(username)
      expect((await browser.get('/import')).status, username).toBe(403)
      expect((await upload(browser, sample)).status, username).toBe(403)
    }
    expect(importedSampleIds()).toEqual([])
  })

  it('shows the upload form with a visible label and a button that says what it does', async () => {
    const html = text(await (await (await signedIn('admin')).get('/import')).text())
    expect(html).toMatch(/<label for="roster-file"[^>]*>花名册文件<\/label>/)
    expect(html).toMatch(/<input id="roster-file" name="file" type="file"/)
    expect(html).toMatch(/<button type="submit"[^>]*>上传并检查<\/button>/)
  })
})

describe('a village cadre imports for their own village only', () => {
  let dongfengImport = ''

  it('previews the other villages’ rows as rejected and writes only the cadre’s own village', async () => {
    const cadre = await signedIn('dongfeng')
    const { html } = await uploadAndPreview(cadre)
    const ownRows = keyRows.filter((r) => r.accept && r.village === '东风村')
    const page = text(html)
    expect(page).toContain(`新增${ownRows.length}户，更新0户，无变化0户，退回${80 - ownRows.length}行`)
    expect(page).toContain('“河东村”不是您所在的村(居)，村(居)干部只能导入本村(居)的低保户')
    // the cadre sees masked numbers for what will be written
    expect(page).not.toContain(ownRows[0].id)

    const others = new Map([...villages.keys()].filter((v) => v !== '东风村').map((v) => [v, idsInVillage(v).size]))
    const res = await postForm(cadre, confirmFields(html))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/import\?done=\d+$/)
    const written = importedSampleIds()
    expect(written).toHaveLength(ownRows.length)
    expect(new Set(written.map((r) => r.village))).toEqual(new Set(['东风村']))
    for (const [village, n] of others) expect(idsInVillage(village).size, village).toBe(n)

    const done = text(await (await cadre.get(res.headers.get('location')!)).text())
    expect(done).toContain('导入完成')
    expect(done).toContain(`新增${ownRows.length}户`)
    dongfengImport = res.headers.get('location')!.split('=')[1]
  })

  it('does not show another village’s import to a cadre, nor its rejected rows', async () => {
    const cadre = await signedIn('hongxing')
    const page = text(await (await cadre.get(`/import?done=${dongfengImport}`)).text())
    expect(page).toContain('没有找到这次导入的记录。')
    expect(page).not.toContain('roster-qinghe.xlsx')
    const download = await cadre.get(`/import/rejected.xlsx?import=${dongfengImport}`)
    expect([download.status, download.headers.get('location')]).toEqual([302, '/import'])
    // the leader of the township sees it
    expect(text(await (await (await signedIn('leader')).get(`/import?done=${dongfengImport}`)).text())).toContain('刘春梅于')
  })

  it('cannot drop the village column to pull other villages’ families into the cadre’s village', async () => {
    const cadre = await signedIn('hongxing')
    const { html } = await uploadAndPreview(cadre)
    const before = idsInVillage('红星村').size
    const fields = confirmFields(html).map(([k, v]): [string, string] => (k === 'c1' ? [k, ''] : [k, v]))
    const res = await postForm(cadre, fields)
    expect(res.status).toBe(302)
    const after = text(await (await cadre.get(res.headers.get('location')!)).text())
    expect(after).toContain('文件中有“村(居)”列，不能设为不导入。')
    expect(after).not.toContain('确认导入')
    expect(idsInVillage('红星村').size).toBe(before)
  })

  it('cannot see, confirm or download another user’s upload', async () => {
    const leader = await signedIn('leader')
    const { url, html } = await uploadAndPreview(leader)
    const cadre = await signedIn('hongxing')
    const theirs = text(await (await cadre.get(url)).text())
    expect(theirs).toContain('上传的文件已过期或不存在，请重新上传。')
    expect(theirs).not.toContain('预览（尚未写入）')
    expect(theirs).not.toContain('核对列的对应关系')
    const before = importedSampleIds().length
    expect((await postForm(cadre, confirmFields(html))).status).toBe(410)
    const download = await cadre.get(`/import/rejected.xlsx?${url.split('?')[1]}`)
    expect([download.status, download.headers.get('location')]).toEqual([302, '/import'])
    expect(importedSampleIds()).toHaveLength(before)
  })
})

describe('an administrator imports the sample roster', () => {
  let doneUrl: string

  it('uploads, shows the detected columns and the preview, and confirms with a plain form post', async () => {
    const admin = await signedIn('admin')
    const { url, html } = await uploadAndPreview(admin)
    const page = text(html)
    // every column has a visible label and a select showing what it was taken as
    expect(page).toMatch(/<label for="c7"[^>]*>第8列“月保障金额\(元\)”<\/label>/)
    expect(page).toMatch(/<select id="c3" name="c3"[^>]*>[\s\S]*?<option value="idNumber" selected="">身份证号码（必填）<\/option>/)
    expect(page).toMatch(/<button type="submit"[^>]*>按此对应重新预览<\/button>/)
    // 东风村's rows are already there from the cadre's import: unchanged, not duplicated
    const dongfeng = keyRows.filter((r) => r.accept && r.village === '东风村').length
    expect(page).toContain(`新增${64 - dongfeng}户，更新0户，无变化${dongfeng}户，退回16行`)
    expect(page).toContain('第79行')
    expect(page).toContain('身份证号码与第13行重复')

    // the preview wrote nothing
    expect(importedSampleIds()).toHaveLength(dongfeng)
    // the rejected rows download while previewing
    const download = await admin.get(`/import/rejected.xlsx?${url.split('?')[1]}`)
    expect(download.status).toBe(200)

    const res = await postForm(admin, confirmFields(html))
    expect(res.status).toBe(302)
    doneUrl = res.headers.get('location')!
    expect(doneUrl).toMatch(/^\/import\?done=\d+$/)
    expect(importedSampleIds()).toHaveLength(64)
    const audit = db.prepare(`select actor_user_id, after from audit_log where action = 'rosterImport.confirm' order by id desc limit 1`).get() as {
      actor_user_id: number
      after: string
    }
    expect(JSON.parse(audit.after)).toMatchObject({ fileName: 'roster-qinghe.xlsx', added: 64 - dongfeng, unchanged: dongfeng, rejected: 16 })
  })

  it('offers the rejected rows as an .xlsx with the original row number, the original columns and the reason', async () => {
    const admin = await signedIn('admin')
    const res = await admin.get(`/import/rejected.xlsx?import=${doneUrl.split('=')[1]}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('roster-qinghe-退回的行.xlsx'))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const sheet = workbook.worksheets[0]
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header[0]).toBe('原行号')
    expect(header[header.length - 1]).toBe('原因')
    expect(header).toContain('身份证号码')
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1))
    expect(rows.map((r) => r[0])).toEqual(keyRows.filter((r) => r.accept === false).map((r) => r.sheetRow))
    const row15 = rows.find((r) => r[0] === 15)!
    expect(row15[4]).toBe('1309251959071625')
    expect(row15[row15.length - 1]).toBe('身份证号码位数不对：应为18位（或旧的15位），这里是16位')
  })

  it('imports nothing when the same file is uploaded again, and says so', async () => {
    const admin = await signedIn('admin')
    const before = db.prepare('select count(*) as n from audit_log').get() as { n: number }
    const { html } = await uploadAndPreview(admin)
    const page = text(html)
    expect(page).toContain('新增0户，更新0户，无变化64户，退回16行')
    expect(page).toContain('系统中的低保户与文件完全一致，没有需要写入的内容。')
    expect(page).not.toContain('确认导入')
    expect(db.prepare('select count(*) as n from audit_log').get()).toEqual(before)
  })

  it('refuses a file over 20 MB, and a file that is no roster, with a message in Chinese', async () => {
    const admin = await signedIn('admin')
    const big = await upload(admin, Buffer.alloc(21 * 1024 * 1024, 0x41), 'big.csv')
    expect(big.status).toBe(413)
    expect(await big.text()).toContain('文件超过20MB')
    const notes = await upload(admin, Buffer.from('这是一份说明，不是花名册。\n', 'utf8'), 'notes.csv')
    expect(notes.status).toBe(422)
    expect(await notes.text()).toContain('没有找到表头')
  })
})
