// 批量导入账号 with the optional 镇民政所 column (issue 15), on the demo township and on both databases: "是" makes a
// township account of the 民政所 (responsible for 镇审核), a cadre cannot be one, anything but 是/否 is a reason.
import { describe, expect, it } from 'vitest'
import { confirmAccountImport, loadAccountImportPage, saveAccountUpload } from '../../app/models/accountImport.server'
import { parseYesNo } from '../../app/models/accountImport/rules.server'
import { signIn } from '../../app/utils/auth.server'
import { accountListXlsx } from '../support/accountList'
import { DEMO_AT } from '../support/demo'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

describe('the 镇民政所 column of an account list', () => {
  it('reads 是 and 否 as people write them', () => {
    for (const yes of ['是', ' √ ', 'Y', 'yes', '1']) expect(parseYesNo(yes), yes).toBe(true)
    for (const no of ['', '否', '×', 'N', '0']) expect(parseYesNo(no), no).toBe(false)
    expect(parseYesNo('也许')).toBeNull()
  })

  it('creates a 民政所 account from 是, and refuses it for a cadre or an unreadable answer', async () => {
    const signedIn = await signIn(t.db, { username: 'admin', password: 'qinghe-demo', ip: '10.15.0.1' })
    if (!signedIn.ok) throw new Error('admin could not sign in')
    const admin = signedIn.user
    const content = await accountListXlsx(
      [
        ['卫民政', '督查人员', null, '13912349001', '是'],
        ['蒋干部', '村(居)干部', '东风村', '13912349002', '是'],
        ['沈领导', '镇领导', null, '13912349003', '也许'],
        ['韩领导', '镇领导', null, '13912349004', null],
      ],
      { header: ['姓名', '角色', '所属村', '手机号', '镇民政所'] },
    )
    const saved = await saveAccountUpload(t.db, { user: admin, file: { name: 'minzheng.xlsx', content }, at: DEMO_AT })
    if (!saved.ok) throw new Error(saved.problem)
    const page = await loadAccountImportPage(t.db, { user: admin, searchParams: new URLSearchParams({ upload: saved.token }), at: DEMO_AT })
    if (page.kind !== 'preview') throw new Error(page.kind)
    expect(page.rows.map((r) => [r.sheetRow, r.role, r.ok ? '可以创建' : r.reasons.join('；')])).toEqual([
      [2, '督查人员（镇民政所）', '可以创建'],
      [3, '村(居)干部', '村(居)干部不能标为镇民政所'],
      [4, '镇领导', '“镇民政所”一栏应填“是”或“否”，不能填“也许”'],
      [5, '镇领导', '可以创建'],
    ])
    const result = await confirmAccountImport(t.db, { user: admin, token: saved.token, digest: page.digest, at: DEMO_AT, ip: '10.15.0.1' })
    if (result.kind !== 'imported') throw new Error(result.kind)
    const flags = await t.db
      .selectFrom('users')
      .select(['username', 'civil_affairs'])
      .where('username', 'in', ['13912349001', '13912349004'])
      .orderBy('username')
      .execute()
    expect(flags).toEqual([
      { username: '13912349001', civil_affairs: 1 },
      { username: '13912349004', civil_affairs: 0 },
    ])
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'user.import').orderBy('id', 'desc').limit(2).execute()
    expect(audit.map((a) => JSON.parse(a.after ?? '{}').civil_affairs).sort()).toEqual([0, 1])
  })
})
