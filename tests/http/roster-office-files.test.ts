// /import with files as offices have them (issue 16), against the built server with the demo township: a legacy .xls
// uploaded, previewed and confirmed as a browser without JavaScript does it, and the roster template downloaded.
import * as XLSX from '@e965/xlsx'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'
import { makeIdNumber } from '../../workflows/rules/idNumber'

const { query, signedIn } = useDemoServer()

const text = (html: string) => html.replace(/<!-- -->/g, '').replace(/&quot;/g, '"')

function upload(browser: Browser, content: Uint8Array, name: string) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(content)]), name)
  return browser.request('/import', { method: 'POST', body: form })
}

/** A legacy .xls of two 东风村 households, with an old roster on a hidden first sheet. */
function legacyWorkbook(): { content: Uint8Array; ids: string[] } {
  const header = ['村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '月保障金额']
  const ids = [1, 2].map((n) => makeIdNumber('130925', `19660${n}11`, 930 + n))
  const workbook = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(
    workbook,
    XLSX.utils.aoa_to_sheet([header, ['东风村', '旧户主', makeIdNumber('130925', '19500101', 931), 1, '农村低保', 300]]),
    '2019年',
  )
  XLSX.utils.book_append_sheet(
    workbook,
    XLSX.utils.aoa_to_sheet([header, ...ids.map((id, i) => ['东风村', `旧式表户主${i + 1}`, id, 2, '农村低保', 420])]),
    '花名册',
  )
  workbook.Workbook = { Sheets: [{ Hidden: 1 }, { Hidden: 0 }] }
  return { content: new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }) as Buffer), ids }
}

describe('a legacy .xls on /import', () => {
  it('is read, its hidden old sheet listed and passed over, and its visible roster imported on confirm', async () => {
    const admin = await signedIn('admin')
    const { content, ids } = legacyWorkbook()
    const res = await upload(admin, content, '东风村花名册.xls')
    expect(res.status).toBe(302)
    const url = res.headers.get('location')!
    expect(url).toMatch(/^\/import\?upload=[A-Za-z0-9_-]+$/)
    const html = text(await (await admin.get(url)).text())
    expect(html).toContain('旧版 Excel（.xls）')
    expect(html).toContain('“2019年”：隐藏，2行')
    expect(html).toContain('“花名册”：显示，3行（本次导入）')
    expect(html).toContain('新增2户')

    const form = /<form method="post" action="\/import"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
    expect(form, 'the page has a confirm form').toBeDefined()
    const fields = [...form!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]])
    const confirm = await admin.request('/import', {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(confirm.status).toBe(302)
    expect(confirm.headers.get('location')).toMatch(/^\/import\?done=\d+$/)
    const written = query<{ head_name: string }>(`select head_name from households where id_number in (?, ?) order by head_name`, ...ids)
    expect(written.map((h) => h.head_name)).toEqual(['旧式表户主1', '旧式表户主2'])
    const record = query<{ sheets: string }>(`select sheets from roster_imports order by id desc limit 1`)[0]
    expect(JSON.parse(record.sheets)).toEqual([
      { name: '2019年', hidden: true, rows: 2, roster: true },
      { name: '花名册', hidden: false, rows: 3, roster: true },
    ])
  })

  it('refuses garbage behind the .xls signature with a Chinese message that repeats nothing of the file', async () => {
    const admin = await signedIn('admin')
    const garbage = new Uint8Array(8192).fill(0x3c)
    garbage.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    const res = await upload(admin, garbage, 'broken.xls')
    expect(res.status).toBe(422)
    const html = text(await res.text())
    expect(html).toContain('无法读取这个文件')
    expect(html).not.toContain('&lt;&lt;&lt;')
  })
})

describe('the roster template', () => {
  it('is linked from /import and downloads as an .xlsx with the roster’s columns and its 填表说明', async () => {
    const cadre = await signedIn('dongfeng')
    const page = text(await (await cadre.get('/import')).text())
    expect(page).toMatch(/<a href="\/import\/template\.xlsx" download="">下载花名册模板（\.xlsx）<\/a>/)
    const res = await cadre.get('/import/template.xlsx')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('低保花名册模板.xlsx')}`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['花名册', '填表说明'])
    expect((workbook.getWorksheet('花名册')!.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['序号', '村(居)', '户主姓名', '身份证号码', '家庭人口'])
  })

  it('is not for inspectors', async () => {
    expect((await (await signedIn('inspector')).get('/import/template.xlsx')).status).toBe(403)
  })
})
