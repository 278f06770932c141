// 批量导入账号 (/admin/users/import, issue 14) against the built server with the demo township: plain multipart and
// form posts, as a browser without JavaScript sends them. The list: tests/fixtures/accounts-qinghe.xlsx.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ACCOUNTS_FIXTURE, accountListXlsx } from '../support/accountList'
import { useDemoServer } from '../support/factories'
import { zipBomb } from '../support/hostileXlsx'
import { Browser } from '../support/server'

const demo = useDemoServer()
const fixture = fs.readFileSync(ACCOUNTS_FIXTURE)

function upload(browser: Browser, content: Uint8Array, name = 'accounts-qinghe.xlsx') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(content)]), name)
  return browser.request('/admin/users/import', { method: 'POST', body: form })
}

/** The confirm form's hidden fields, as the browser would post them. */
function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post"[^>]*>((?:(?!<\/form>)[\s\S])*name="digest"[\s\S]*?)<\/form>/.exec(html)?.[1]
  expect(form, 'the page has a confirm form').toBeDefined()
  return Object.fromEntries([...form!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]))
}

const text = (html: string) => html.replace(/<!-- -->/g, '')

/** The new accounts' table on the answer page: name (with role and villages), username, password. */
function passwordRows(html: string): string[][] {
  const table = /<table[^>]*>\s*<caption[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) => [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((td) => td[1].replace(/<[^>]+>/g, '')))
}

describe('who may import accounts', () => {
  it('is the township administrator only: a leader gets 403 on the page and on an upload', async () => {
    const leader = await demo.signedIn('leader')
    expect((await leader.get('/admin/users/import')).status).toBe(403)
    expect((await upload(leader, fixture)).status).toBe(403)
    expect(demo.count('account_import_uploads')).toBe(0)
  })
})

describe('an administrator imports the township’s accounts from an .xlsx list', () => {
  it('uploads the list, previews it, confirms, and a new cadre signs in with the password shown once', { timeout: 60_000 }, async () => {
    const admin = await demo.signedIn('admin')
    const adminPage = text(await (await admin.get('/admin')).text())
    expect(adminPage).toContain('href="/admin/users/import"')
    const form = text(await (await admin.get('/admin/users/import')).text())
    expect(form).toContain('账号名单（.xlsx）')
    expect(form).toContain('上传并预览')

    const uploaded = await upload(admin, fixture)
    expect(uploaded.status).toBe(302)
    const previewUrl = uploaded.headers.get('location')!
    expect(previewUrl).toMatch(/^\/admin\/users\/import\?upload=[A-Za-z0-9_-]+$/)
    const users = demo.count('users')
    const preview = text(await (await admin.get(previewUrl)).text())
    expect(preview).toContain('名单共11行：可以创建4个账号，有问题7行（不会创建）。')
    expect(preview).toContain('确认导入 4 个账号')
    expect(preview).toContain('本镇没有“不存在村”这个村(居)')
    expect(preview).toContain('“县民政局”是县级角色，乡镇不能创建')
    expect(demo.count('users')).toBe(users)

    const confirmed = await admin.post('/admin/users/import', confirmFields(preview))
    expect(confirmed.status).toBe(200)
    expect(confirmed.headers.get('cache-control')).toContain('no-store')
    const done = text(await confirmed.text())
    expect(done).toContain('初始密码仅显示这一次，请当面交给本人')
    const rows = passwordRows(done)
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['赵春燕村(居)干部 · 东风村', '13912340001'],
      ['钱国华包村干部 · 河西村、河东村', '13912340002'],
      ['孙丽督查人员', 'sunli'],
      ['褚红镇领导', '13912340011'],
    ])
    expect(demo.count('users')).toBe(users + 4)
    const stored = demo.query<{ password_hash: string }>('select password_hash from users where username = ?', '13912340001')[0]
    expect(stored.password_hash).not.toContain(rows[0][2])

    // the new cadre signs in with the password shown and lands on her village
    const cadre = new Browser(demo.server.url)
    const signIn = await cadre.signIn('13912340001', rows[0][2])
    expect(signIn.status).toBe(302)
    const village = `/villages/${demo.villages.get('东风村')}`
    expect(signIn.headers.get('location')).toBe(village)
    expect((await cadre.get(village)).status).toBe(200)

    // the page cannot be confirmed twice, and the passwords are nowhere else: not on the preview URL, not in the log
    const again = await admin.post('/admin/users/import', confirmFields(preview))
    expect(again.status).toBe(410)
    expect(text(await again.text())).toContain('上传的名单已过期、已导入或不存在，请重新上传。')
    const revisited = text(await (await admin.get(previewUrl)).text())
    for (const row of rows) expect(revisited).not.toContain(row[2])
    for (const row of rows) expect(demo.server.output()).not.toContain(row[2])
  })

  it('refuses a hostile or wrong file with a reason in Chinese (4xx)', { timeout: 60_000 }, async () => {
    const admin = await demo.signedIn('admin')
    const tooMany = await accountListXlsx(Array.from({ length: 1001 }, (_, i) => [`测试${i}`, '镇领导', null, String(13900000000 + i), null]))
    const cases: Array<[Uint8Array, string]> = [
      [zipBomb('sharedStrings', 100), '文件解压后过大'],
      [tooMany, '名单超过1,000行，请分成几个文件上传。'],
      [new TextEncoder().encode('姓名,角色,手机号\n张三,镇领导,13900000000\n'), '账号名单只支持 .xlsx 格式'],
    ]
    for (const [content, message] of cases) {
      const res = await upload(admin, content, 'list.xlsx')
      expect(res.status).toBe(422)
      expect(text(await res.text())).toContain(message)
    }
    const empty = await admin.request('/admin/users/import', { method: 'POST', body: new FormData() })
    expect(empty.status).toBe(400)
  })

  it('offers the list template for download', async () => {
    const admin = await demo.signedIn('admin')
    const page = text(await (await admin.get('/admin/users/import')).text())
    const href = /href="(\/templates\/[^"]+\.xlsx)"/.exec(page)?.[1]
    expect(href).toBeDefined()
    const res = await admin.get(encodeURI(href!))
    expect(res.status).toBe(200)
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
  })
})
