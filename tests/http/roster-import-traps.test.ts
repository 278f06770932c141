// The import page (/import) with the files that used to get in wrong silently: a start date taken for 月保障金额 is
// refused with the reason, and the user picks the right column; a 15-digit ID number of 2001-or-1901 is held back as
// 需人工确认出生年份. Plain multipart and GET forms, as a browser without JavaScript sends them; files made here.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'
import { makeIdNumber } from '../../workflows/rules/idNumber'

const { signedIn, count } = useDemoServer()

async function xlsx(header: string[], rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('花名册')
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array(await book.xlsx.writeBuffer())
}

async function preview(browser: Browser, content: Uint8Array, name: string): Promise<{ url: string; html: string }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(content)]), name)
  const res = await browser.request('/import', { method: 'POST', body: form })
  expect(res.status).toBe(302)
  const url = res.headers.get('location')!
  const page = await browser.get(url)
  expect(page.status).toBe(200)
  return { url, html: (await page.text()).replace(/<!-- -->/g, '') }
}

describe('the wrong column for 月保障金额, in the preview', () => {
  it('refuses the start date of payment with the reason, offers no confirm, and takes the column the user picks', async () => {
    const admin = await signedIn('admin')
    const rows = Array.from({ length: 20 }, (_, i) => ['河东村', `户主${i}`, makeIdNumber('130928', '19600101', i + 1), 2, '农村低保', 44317, 760])
    const file = await xlsx(['村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '低保金', '合计'], rows)
    const { url, html } = await preview(admin, file, 'date-trap.xlsx')
    expect(html).toContain('第6列“低保金”的内容是日期（如第2行的2021-05-01），不能作为“月保障金额（元）”。')
    expect(html).not.toContain('确认导入')

    // the user says column 7 (合计) is the amount and column 6 is not imported
    const token = new URL(url, 'http://x').searchParams.get('upload')!
    const fields = ['village', 'headName', 'idNumber', 'memberCount', 'category', '', 'monthlyAmount']
    const params = new URLSearchParams([['upload', token], ['mapped', '1'], ...fields.map((f, i): [string, string] => [`c${i}`, f])])
    const picked = await admin.get(`/import?${params}`)
    const pickedHtml = (await picked.text()).replace(/<!-- -->/g, '')
    expect(pickedHtml).not.toContain('的内容是日期')
    expect(pickedHtml).toContain('确认导入：新增20户')
  })
})

describe('a legacy 15-digit ID number whose century it does not say, in the preview', () => {
  it('is held back as 需人工确认出生年份, and one with a birth date beside it is added as born in 2001', async () => {
    const admin = await signedIn('admin')
    const file = await xlsx(
      ['村(社区)', '户主姓名', '身份证号码', '出生日期', '家庭人口', '保障类别', '月保障金额'],
      [
        ['河东村', '赵小军', '130928010315123', null, 1, '农村低保', 580],
        ['河东村', '钱小红', '130928020416124', '2002-04-16', 1, '农村低保', 580],
      ],
    )
    const before = count('households')
    const { html } = await preview(admin, file, 'legacy.xlsx')
    expect(html).toContain('需人工确认出生年份：旧的15位身份证号码只写了两位年份')
    expect(html).toContain('确认导入：新增1户')
    expect(count('households')).toBe(before)
  })
})
