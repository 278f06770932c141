// 发放比对 (/ledger) against the built server with the demo township: a leader uploads a month's payment ledger as a
// browser without JavaScript sends it (multipart), the comparison and its discrepancies appear, the problems are in
// the villages' registers; who may upload and who sees what.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'

const { villages, signedIn, query, count } = useDemoServer()
const MONTH = '2026-10'
const STRANGER = '130925195804127770'

/** A CSV ledger of MONTH: 柳树屯村's and 东风村's households, the first paid ¥1 more than its amount, and a stranger. */
function ledgerCsv(): string {
  const rows = query<{ head_name: string; id_number: string; monthly_amount_fen: number }>(
    `select head_name, id_number, monthly_amount_fen from households where status = 'active' and village_id in (?, ?) order by id`,
    villages.get('柳树屯村'),
    villages.get('东风村'),
  )
  const lines = ['序号,收款人姓名,公民身份号码,银行卡号,所属期,实发金额(元)']
  rows.forEach((r, i) =>
    lines.push(
      [i + 1, r.head_name, `'${r.id_number}`, `6228480000${String(1000 + i)}`, MONTH, ((r.monthly_amount_fen + (i === 0 ? 100 : 0)) / 100).toFixed(2)].join(
        ',',
      ),
    ),
  )
  lines.push([rows.length + 1, '外乡人', STRANGER, '62284800009999', MONTH, '450.00'].join(','))
  return lines.join('\r\n')
}

function upload(browser: Browser, content: string, month = MONTH) {
  const form = new FormData()
  form.append('month', month)
  form.append('file', new Blob([new TextEncoder().encode(content)]), '发放明细.csv')
  return browser.request('/ledger', { method: 'POST', body: form })
}

describe('the payment ledger page', () => {
  it('shows a leader the upload form with labelled fields and the demo’s month', async () => {
    const page = await (await signedIn('leader')).get('/ledger')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toMatch(/<label[^>]*for="ledger-file"[^>]*>发放花名册文件<\/label>/)
    expect(html).toMatch(/<label[^>]*for="ledger-month"[^>]*>发放月份<\/label>/)
    expect(html).toContain('公示与发放比对')
  })

  it('imports a leader’s upload, compares it and files the discrepancies in the villages’ registers', async () => {
    const leader = await signedIn('leader')
    const problemsBefore = count("problems where source = 'paymentCheck'")
    const res = await upload(leader, ledgerCsv())
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/ledger?month=${MONTH}&done=1`)
    const html = await (await leader.get(res.headers.get('location')!)).text()
    expect(html).toContain('发放花名册已导入并完成比对')
    expect(html).toContain('外乡人')
    expect(html).toContain('发放金额与公示不一致')
    // the stranger's number is never shown whole
    expect(html).not.toContain(STRANGER)
    expect(count("problems where source = 'paymentCheck'")).toBeGreaterThan(problemsBefore)
    const ledgers = query<{ n: number }>('select count(*) as n from payment_ledgers where month = ? and replaced_at is null', MONTH)
    expect(ledgers[0].n).toBe(1)
  })

  it('a re-upload of the month replaces the earlier ledger and registers no problem twice', async () => {
    const leader = await signedIn('leader')
    const problemsBefore = count("problems where source = 'paymentCheck'")
    expect((await upload(leader, ledgerCsv())).status).toBe(302)
    expect(count("problems where source = 'paymentCheck'")).toBe(problemsBefore)
    expect(query<{ n: number }>('select count(*) as n from payment_ledgers where month = ? and replaced_at is not null', MONTH)[0].n).toBe(1)
  })

  it('refuses a file without the columns it needs with a Chinese message that repeats nothing of it', async () => {
    const res = await upload(await signedIn('leader'), '名字,钱\r\n<script>x</script>,1')
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('没有找到表头')
    expect(html).not.toContain('<script>x')
  })

  it('lets the 镇民政所 upload too', async () => {
    expect((await upload(await signedIn('minzheng'), ledgerCsv())).status).toBe(302)
  })

  it('refuses an upload from anyone but the township’s leaders, administrators and 镇民政所, and writes nothing', async () => {
    const before = count('payment_ledgers')
    for (const who of ['inspector', 'county', 'liushutun', 'baocun']) {
      const res = await upload(await signedIn(who), ledgerCsv())
      expect(res.status, who).toBe(403)
    }
    expect(count('payment_ledgers')).toBe(before)
  })

  it('shows a village cadre only their own village’s discrepancies, without the township’s figures or items', async () => {
    const html = await (await (await signedIn('liushutun')).get(`/ledger?month=${MONTH}`)).text()
    expect(html).toContain('柳树屯村')
    expect(html).not.toContain('东风村')
    expect(html).not.toContain('外乡人')
    expect(html).not.toContain('导入发放花名册')
    expect(html).not.toContain('长期公示</th>')
  })

  it('lets a county user open the township with ?township=ID, and no other township', async () => {
    const county = await signedIn('county')
    const township = query<{ id: number }>('select id from townships')[0].id
    expect((await county.get('/ledger')).status).toBe(200)
    const page = await county.get(`/ledger?township=${township}&month=${MONTH}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('外乡人')
    expect((await county.get(`/ledger?township=${township + 999}`)).status).toBe(404)
    expect((await (await signedIn('leader')).get(`/ledger?township=${township + 999}`)).status).toBe(403)
  })

  it('downloads the comparison as .xlsx for the township', async () => {
    const res = await (await signedIn('leader')).get(`/ledger.xlsx?month=${MONTH}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    expect((await (await signedIn('liushutun')).get(`/ledger.xlsx?month=${MONTH}`)).status).toBe(403)
  })
})
