// 批量导入账号 (issue 14) against a real database (SQLite; PostgreSQL with `npm run test:pg`): the demo township's
// administrator uploads an account list, sees each row judged with nothing written, confirms, and the new accounts
// sign in with the initial passwords shown once. The list: tests/fixtures/accounts-qinghe.xlsx (tests/support/accountList.ts).
import fs from 'node:fs'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import {
  accountReadProblemText,
  confirmAccountImport,
  loadAccountImportPage,
  saveAccountUpload,
  type AccountFile,
  type AccountImportPage,
} from '../../app/models/accountImport.server'
import { initialPassword, parsePhone, parseRole, splitVillages } from '../../app/models/accountImport/rules.server'
import { createTownshipUser } from '../../app/models/users.server'
import { landingPath, signIn, type CurrentUser } from '../../app/utils/auth.server'
import { ACCOUNTS_FIXTURE, ACCOUNTS_TEMPLATE, accountListXlsx } from '../support/accountList'
import { DEMO_AT } from '../support/demo'
import { countRows, useDemoDatabase } from '../support/factories'
import { zipBomb } from '../support/hostileXlsx'

const t = useDemoDatabase()
const fixture = { name: 'accounts-qinghe.xlsx', content: new Uint8Array(fs.readFileSync(ACCOUNTS_FIXTURE)) }
let ip = 0

async function userOf(username: string, password = 'qinghe-demo'): Promise<CurrentUser> {
  const result = await signIn(t.db, { username, password, ip: `10.14.5.${++ip}` })
  if (!result.ok) throw new Error(`${username} could not sign in`)
  return result.user
}

async function upload(user: CurrentUser, file: AccountFile = fixture): Promise<string> {
  const saved = await saveAccountUpload(t.db, { user, file, at: DEMO_AT })
  if (!saved.ok) throw new Error(`refused: ${saved.problem}`)
  return saved.token
}

async function preview(user: CurrentUser, token: string, at = DEMO_AT): Promise<AccountImportPage> {
  return loadAccountImportPage(t.db, { user, searchParams: new URLSearchParams({ upload: token }), at })
}

async function previewOf(user: CurrentUser, token: string) {
  const page = await preview(user, token)
  if (page.kind !== 'preview') throw new Error(`no preview: ${JSON.stringify(page)}`)
  return page
}

describe('an administrator imports accounts from an .xlsx list', () => {
  it('previews every row with the reasons it cannot become an account, and writes nothing', async () => {
    const admin = await userOf('admin')
    const users = await countRows(t.db, 'users')
    const page = await previewOf(admin, await upload(admin))
    expect(page.counts).toEqual({ total: 11, ok: 4, rejected: 7 })
    expect(page.file).toBe('文件：accounts-qinghe.xlsx，工作表“账号名单”，表头在第2行。')
    const verdict = new Map(page.rows.map((r) => [r.sheetRow, r.ok ? '可以创建' : r.reasons.join('；')]))
    expect(Object.fromEntries(verdict)).toEqual({
      3: '可以创建',
      4: '可以创建',
      5: '可以创建',
      6: '本镇没有“不存在村”这个村(居)',
      7: '“县民政局”是县级角色，乡镇不能创建',
      8: '村(居)干部须填写所属村',
      9: '角色“镇长”无法识别',
      10: '手机号与第3行重复',
      11: '手机号应为11位数字，以1开头',
      12: '用户名已被其他账号使用',
      13: '可以创建',
    })
    // what each valid row will be: the username defaults to the phone number, spaces taken out
    expect(page.rows.find((r) => r.sheetRow === 4)).toMatchObject({
      role: '包村干部',
      villages: '河西村、河东村',
      phone: '13912340002',
      username: '13912340002',
    })
    expect(page.rows.find((r) => r.sheetRow === 5)).toMatchObject({ role: '督查人员', username: 'sunli' })
    expect(await countRows(t.db, 'users')).toBe(users)
    expect(await countRows(t.db, 'village_liaisons')).toBe(2) // the demo's 包村干部 only
  })

  it('creates the valid rows in one go, each with an initial password that signs in and is stored only as a hash', async () => {
    const admin = await userOf('admin')
    const token = await upload(admin)
    const { digest } = await previewOf(admin, token)
    const result = await confirmAccountImport(t.db, { user: admin, token, digest, at: DEMO_AT, ip: '10.14.0.1' })
    if (result.kind !== 'imported') throw new Error(`not imported: ${JSON.stringify(result)}`)
    expect(result.created.map((c) => [c.sheetRow, c.name, c.role, c.villages, c.username])).toEqual([
      [3, '赵春燕', '村(居)干部', '东风村', '13912340001'],
      [4, '钱国华', '包村干部', '河西村、河东村', '13912340002'],
      [5, '孙丽', '督查人员', '', 'sunli'],
      [13, '褚红', '镇领导', '', '13912340011'],
    ])
    expect(result.skipped.map((s) => s.sheetRow)).toEqual([6, 7, 8, 9, 10, 11, 12])
    expect(result.skipped[0]).toEqual({ sheetRow: 6, name: '李明', reasons: ['本镇没有“不存在村”这个村(居)'] })
    for (const account of result.created) {
      expect(account.password).toMatch(/^[A-HJKMNP-Za-hjkmnp-z2-9]{12}$/)
      const row = await t.db.selectFrom('users').selectAll().where('username', '=', account.username).executeTakeFirstOrThrow()
      expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/)
      expect(await bcrypt.compare(account.password, row.password_hash)).toBe(true)
      expect(row).toMatchObject({ township_id: t.townshipId, display_name: account.name, active: 1 })
    }
    expect(new Set(result.created.map((c) => c.password)).size).toBe(4)

    // the cadre signs in and lands on her village; the 包村干部 works his two villages
    const cadre = await signIn(t.db, { username: '13912340001', password: result.created[0].password, ip: '10.14.0.2' })
    if (!cadre.ok) throw new Error('the new cadre cannot sign in')
    expect(cadre.user).toMatchObject({ role: 'cadre', villageId: t.village('东风村') })
    expect(landingPath(cadre.user)).toBe(`/villages/${t.village('东风村')}`)
    const liaison = await signIn(t.db, { username: '13912340002', password: result.created[1].password, ip: '10.14.0.3' })
    if (!liaison.ok) throw new Error('the new 包村干部 cannot sign in')
    expect(liaison.user.role).toBe('liaison')
    expect([...liaison.user.liaisonVillageIds].sort()).toEqual([t.village('河西村'), t.village('河东村')].sort())
    expect(await signIn(t.db, { username: 'sunli', password: 'qinghe-demo', ip: '10.14.0.4' })).toMatchObject({ ok: false })

    // one audit row per account, naming it — never its password or hash
    const audits = await t.db.selectFrom('audit_log').select(['entity_id', 'after', 'actor_user_id']).where('action', '=', 'user.import').execute()
    expect(audits).toHaveLength(4)
    for (const audit of audits) {
      expect(audit.actor_user_id).toBe(admin.id)
      for (const account of result.created) expect(audit.after).not.toContain(account.password)
      expect(audit.after).not.toContain('password')
      expect(audit.after).not.toContain('$2')
    }
    expect(JSON.parse(audits[1].after!)).toMatchObject({ username: '13912340002', role: 'liaison', liaison_villages: ['河西村', '河东村'] })
  })

  it('refuses a second confirm of the same upload', async () => {
    const admin = await userOf('admin')
    const list = await accountListXlsx([['蒋涛', '镇领导', null, '13912340021', null]])
    const token = await upload(admin, { name: 'one.xlsx', content: list })
    const { digest } = await previewOf(admin, token)
    expect(await confirmAccountImport(t.db, { user: admin, token, digest, at: DEMO_AT })).toMatchObject({ kind: 'imported' })
    const users = await countRows(t.db, 'users')
    expect(await confirmAccountImport(t.db, { user: admin, token, digest, at: DEMO_AT })).toEqual({ kind: 'expired' })
    expect(await countRows(t.db, 'users')).toBe(users)
    // the preview page says so instead of showing the list again
    expect(await preview(admin, token)).toMatchObject({ kind: 'upload', notice: accountReadProblemText('expired') })
  })

  it('refuses an upload of another administrator, and anyone who is not a township administrator', async () => {
    const admin = await userOf('admin')
    const token = await upload(admin)
    const { digest } = await previewOf(admin, token)
    const created = await createTownshipUser(
      t.db,
      t.townshipId,
      { username: 'admin-two', displayName: '第二管理员', role: 'admin', villageId: null, password: 'a-long-password' },
      { actorUserId: admin.id, at: DEMO_AT },
    )
    expect(created).toMatchObject({ ok: true })
    const other = await userOf('admin-two', 'a-long-password')
    const users = await countRows(t.db, 'users')
    expect(await preview(other, token)).toMatchObject({ kind: 'upload', notice: accountReadProblemText('expired') })
    expect(await confirmAccountImport(t.db, { user: other, token, digest, at: DEMO_AT })).toEqual({ kind: 'expired' })
    const leader = await userOf('leader')
    expect(await confirmAccountImport(t.db, { user: leader, token, digest, at: DEMO_AT })).toEqual({ kind: 'forbidden' })
    expect(await saveAccountUpload(t.db, { user: leader, file: fixture, at: DEMO_AT })).toEqual({ ok: false, problem: 'forbidden' })
    expect(await loadAccountImportPage(t.db, { user: await userOf('county-admin'), searchParams: new URLSearchParams(), at: DEMO_AT })).toEqual({
      kind: 'forbidden',
    })
    expect(await countRows(t.db, 'users')).toBe(users)
  })

  it('writes nothing when the accounts changed after the preview, and shows the new preview', async () => {
    const admin = await userOf('admin')
    const list = await accountListXlsx([
      ['沈洁', '督查人员', null, '13912340031', 'shenjie'],
      ['韩冰', '镇领导', null, '13912340032', null],
    ])
    const token = await upload(admin, { name: 'two.xlsx', content: list })
    const { digest } = await previewOf(admin, token)
    await createTownshipUser(
      t.db,
      t.townshipId,
      { username: 'shenjie', displayName: '沈洁', role: 'inspector', villageId: null, password: 'a-long-password' },
      { actorUserId: admin.id, at: DEMO_AT },
    )
    const users = await countRows(t.db, 'users')
    expect(await confirmAccountImport(t.db, { user: admin, token, digest, at: DEMO_AT })).toEqual({
      kind: 'redirect',
      to: `/admin/users/import?upload=${token}&notice=stale`,
    })
    expect(await countRows(t.db, 'users')).toBe(users)
    const fresh = await previewOf(admin, token)
    expect(fresh.counts).toEqual({ total: 2, ok: 1, rejected: 1 })
    expect(fresh.rows[0].reasons).toEqual(['用户名已被其他账号使用'])
  })

  it('forgets an upload after 12 hours', async () => {
    const admin = await userOf('admin')
    const token = await upload(admin)
    expect(await preview(admin, token, new Date(DEMO_AT.getTime() + 11 * 3600_000))).toMatchObject({ kind: 'preview' })
    expect(await preview(admin, token, new Date(DEMO_AT.getTime() + 13 * 3600_000))).toMatchObject({ kind: 'upload' })
  })

  it('refuses a hostile file (a zip bomb, too many rows, not an .xlsx) with a reason in Chinese', async () => {
    const admin = await userOf('admin')
    const tooMany = await accountListXlsx(Array.from({ length: 1001 }, (_, i) => [`测试${i}`, '镇领导', null, String(13900000000 + i), null]))
    const refused = async (content: Uint8Array) => saveAccountUpload(t.db, { user: admin, file: { name: 'x.xlsx', content }, at: DEMO_AT })
    expect(await refused(zipBomb('sharedStrings', 100))).toEqual({ ok: false, problem: 'tooBig' })
    expect(await refused(tooMany)).toEqual({ ok: false, problem: 'tooManyRows' })
    expect(await refused(new TextEncoder().encode('姓名,角色,手机号\n张三,镇领导,13900000000\n'))).toEqual({ ok: false, problem: 'notXlsx' })
    expect(await refused(await accountListXlsx([['张三', '13900000000']], { header: ['姓名', '电话'] }))).toEqual({ ok: false, problem: 'noHeader' })
    expect(accountReadProblemText('tooManyRows')).toBe('名单超过1,000行，请分成几个文件上传。')
    expect(accountReadProblemText('tooBig')).toContain('文件解压后过大')
    expect(await countRows(t.db, 'account_import_uploads')).toBeGreaterThan(0) // the earlier tests' uploads, none of these
  })

  it('reads the downloadable template as an empty list', async () => {
    const admin = await userOf('admin')
    const page = await previewOf(admin, await upload(admin, { name: '账号导入模板.xlsx', content: new Uint8Array(fs.readFileSync(ACCOUNTS_TEMPLATE)) }))
    expect(page.counts).toEqual({ total: 0, ok: 0, rejected: 0 })
  })
})

describe('the rules of an account list', () => {
  it('understands the roles as the app names them and their usual short forms', () => {
    expect(['镇领导', '督查人员', '村(居)干部', '村（居）干部', '村干部', '包村干部', '管理员', ' 包村 干部 '].map(parseRole)).toEqual([
      'leader',
      'inspector',
      'cadre',
      'cadre',
      'cadre',
      'liaison',
      'admin',
      'liaison',
    ])
    expect(parseRole('县民政局')).toBe('county')
    expect(parseRole('镇长')).toBeNull()
  })

  it('reads a phone number written with spaces, hyphens or +86, and nothing else', () => {
    expect(['13912345678', '139 1234 5678', '139-1234-5678', '+86 139 1234 5678', '１３９１２３４５６７８'].map(parsePhone)).toEqual(
      Array(5).fill('13912345678'),
    )
    expect(['23912345678', '1391234567', '139123456789', '13912345x78'].map(parsePhone)).toEqual([null, null, null, null])
  })

  it('splits a 包村干部’s villages on 、 and commas, full-width or not', () => {
    expect(splitVillages('河西村、河东村，东风村,红星村；张庄村')).toEqual(['河西村', '河东村', '东风村', '红星村', '张庄村'])
  })

  it('makes initial passwords of 12 unambiguous characters, with a letter and a digit', () => {
    for (let i = 0; i < 200; i++) {
      const password = initialPassword()
      expect(password).toMatch(/^[A-HJKMNP-Za-hjkmnp-z2-9]{12}$/)
      expect(password).toMatch(/[0-9]/)
      expect(password).toMatch(/[A-Za-z]/)
    }
  })
})
