// The exports officials file, read back from the generated files: the public notice (names and amounts, nothing
// more) and the downloaded file's name. The review forms: exports-review-forms.test.ts; the problem register,
// rectification list and summary report: exports-registers.test.ts. Runs on SQLite and, with TEST_DIALECT=postgres,
// on PostgreSQL.
import { describe, expect, it } from 'vitest'
import { contentDisposition } from '../../app/models/exports.server'
import { downloadPublicNotice, parseNoticeQuery, printPublicNotice } from '../../app/models/noticeExport.server'
import { maskIdNumber } from '../../workflows/rules/idNumber'
import { AT, ctx, expectedNotice, exportAudits, rowsOf, t, TODAY, townshipId, useExportsDatabase, users, village, workbook } from '../support/exportFiles'

useExportsDatabase()

describe('the public notice (公示名单) shows the recipient and the amount, and nothing more', () => {
  it('lists every household still in the allowance by name and monthly amount, under a title, the place, the period and the issuing committee', async () => {
    const v = village('东风村')
    const result = await downloadPublicNotice(t.db, ctx('dongfeng'), v, new URLSearchParams())
    if (!result.ok) throw new Error('expected a notice')
    expect(result.file.filename).toBe('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx')
    const ws = await workbook(result.file)
    const rows = rowsOf(ws)
    const header = rows.findIndex((r) => r[0] === '序号')
    expect(rows[header]).toEqual(['序号', '保障对象', '月保障金额（元）'])
    const expected = await expectedNotice(v.id)
    expect(expected.length).toBeGreaterThan(30)
    const body = rows.slice(header + 1, header + 1 + expected.length)
    expect(body).toEqual(expected.map(([name, amount], i) => [String(i + 1), String(name), String(amount)]))
    // everything else on the sheet: the title, the place, two fixed sentences, the period, the committee and the date
    expect([...rows.slice(0, header), ...rows.slice(header + 1 + expected.length)].filter((r) => r.length)).toEqual([
      ['东风村最低生活保障对象公示'],
      ['清河镇　东风村'],
      ['根据最低生活保障有关规定，经入户调查和审核，现将本村(居)最低生活保障对象及月保障金额予以公示，接受群众监督。'],
      ['公示期：2026年11月29日至2026年12月5日（共7天）'],
      ['以下为2026年11月享受最低生活保障的对象及月保障金额。'],
      ['公示期间如有异议，请向本村(居)民委员会或镇民政所反映。'],
      ['举报电话：0531-87654321'],
      ['东风村村民委员会'],
      ['2026年11月29日'],
    ])
  })

  it('carries no ID number, phone, category, member count, exit reason or note of any household, and leaves out exited households', async () => {
    const v = village('王家庄村')
    // a month by which every approved change of the demo has taken effect
    const result = await downloadPublicNotice(
      t.db,
      ctx('leader'),
      v,
      new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2026-12-07', month: '2027-06' }),
    )
    if (!result.ok) throw new Error('expected a notice')
    const text = rowsOf(await workbook(result.file))
      .flat()
      .join('\n')
    const households = await t.db
      .selectFrom('households')
      .leftJoin('household_reviews as r', 'r.household_id', 'households.id')
      .select([
        'households.head_name',
        'households.id_number',
        'households.phone',
        'households.category',
        'households.notes',
        'households.status',
        'households.responsible_cadre',
        'r.exit_reason',
        'r.notes as reviewNotes',
      ])
      .where('households.village_id', '=', v.id)
      .execute()
    const exited = households.filter((h) => h.status === 'exited')
    expect(exited.length).toBeGreaterThan(0)
    for (const h of households) {
      expect(text).not.toContain(h.id_number)
      expect(text).not.toContain(h.id_number.slice(-6))
      expect(text).not.toContain(maskIdNumber(h.id_number))
      if (h.phone) expect(text).not.toContain(h.phone)
      expect(text).not.toContain(h.category)
      for (const words of [h.notes, h.exit_reason, h.reviewNotes, h.responsible_cadre]) if (words) expect(text).not.toContain(words)
    }
    // exited households are not on the list, unless their approved stop applies only from a later month (they are
    // still paid this month); a name shared with someone paid may appear once for them
    const paidNames = (await expectedNotice(v.id, '2027-06')).map(([name]) => name)
    const gone = exited.filter((h) => !paidNames.includes(h.head_name))
    expect(gone.length).toBeGreaterThan(0)
    for (const h of gone) expect(text).not.toContain(h.head_name)
    // no long number but the township's 举报电话
    expect(text).toContain('举报电话：0531-87654321')
    expect(text.replace('举报电话：0531-87654321', '')).not.toMatch(/\d{6,}/)
    expect(text).not.toMatch(/类/)
    expect(text).not.toMatch(/(人情保|关系保|错保|骗保|清退|包户)/)
  })

  it('shows the roster’s amount, not what a review proposes: an adjustment counts only once approved, from its month', async () => {
    const adjusted = await t.db
      .selectFrom('household_reviews')
      .innerJoin('households', 'households.id', 'household_reviews.household_id')
      .innerJoin('villages', 'villages.id', 'households.village_id')
      .select(['households.id', 'households.head_name', 'households.monthly_amount_fen', 'household_reviews.adjusted_amount_fen', 'villages.name as village'])
      .where('household_reviews.outcome', '=', 'adjust')
      .where('households.status', '=', 'active')
      .where('households.id', 'not in', (eb) => eb.selectFrom('household_allowance_changes').select('household_id'))
      .executeTakeFirstOrThrow()
    expect(adjusted.adjusted_amount_fen).not.toBe(adjusted.monthly_amount_fen)
    const result = await printPublicNotice(t.db, ctx('leader'), village(adjusted.village), new URLSearchParams())
    if (!result.ok) throw new Error('expected a notice')
    const amounts = result.notice.rows.filter((r) => r.name === adjusted.head_name).map((r) => r.amountFen)
    expect(amounts).toContain(adjusted.monthly_amount_fen)
    // the print page's data are names and amounts only
    for (const row of result.notice.rows) expect(Object.keys(row).sort()).toEqual(['amountFen', 'name'])
  })

  it('makes a standing notice (长期公示) from a start date, with no end', async () => {
    const result = await printPublicNotice(t.db, ctx('beiguan'), village('北关社区'), new URLSearchParams({ kind: 'standing', start: '2026-12-10', end: '' }))
    if (!result.ok) throw new Error('expected a notice')
    expect(result.notice).toMatchObject({
      kind: 'standing',
      endOn: null,
      heading: '北关社区最低生活保障对象长期公示',
      period: '公示时间：自2026年12月10日起长期公示',
      issuer: '北关社区居民委员会',
      issuedOn: '2026年12月10日',
    })
  })

  it('refuses a period that ends before it starts or runs too long, in Chinese, and records nothing', async () => {
    const before = (await exportAudits()).length
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-12-10', end: '2026-12-01' }), TODAY)).toMatchObject({
      ok: false,
      errors: { endOn: '结束日期不能早于开始日期。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2027-12-01' }), TODAY)).toMatchObject({
      ok: false,
      errors: { endOn: '公示期最长90天。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'twoLists', start: '2026-02-30', end: '2026-03-05' }), TODAY)).toMatchObject({
      ok: false,
      errors: { startOn: '请输入有效日期（如 2026-12-01）。' },
    })
    expect(parseNoticeQuery(new URLSearchParams({ kind: 'secret' }), TODAY)).toMatchObject({ ok: false, errors: { kind: '请选择公示类型。' } })
    const bad = await downloadPublicNotice(t.db, ctx('dongfeng'), village('东风村'), new URLSearchParams({ start: 'yesterday' }))
    expect(bad.ok).toBe(false)
    expect((await exportAudits()).length).toBe(before)
  })

  it('records who exported which village’s notice, for which period, and when', async () => {
    const v = village('河西村')
    await downloadPublicNotice(t.db, ctx('hexi'), v, new URLSearchParams({ kind: 'twoLists', start: '2026-12-01', end: '2026-12-07' }))
    const row = (await exportAudits()).at(-1)!
    expect(row).toMatchObject({
      action: 'export.publicNotice',
      actor_user_id: users.get('hexi')!.id,
      village_id: v.id,
      township_id: townshipId,
      entity_type: 'village',
      entity_id: v.id,
      occurred_at: AT.toISOString(),
    })
    expect(JSON.parse(row.after!)).toMatchObject({
      format: 'xlsx',
      noticeKind: 'twoLists',
      startOn: '2026-12-01',
      endOn: '2026-12-07',
      file: '河西村低保对象公示名单（2026-12-01至2026-12-07）.xlsx',
    })
  })
})

describe('the downloaded file’s name', () => {
  it('travels as UTF-8 (RFC 5987) with an ASCII stand-in for old browsers', () => {
    const header = contentDisposition('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx', 'notice-dongfeng-2026-11-29.xlsx')
    expect(header).toBe(
      `attachment; filename="notice-dongfeng-2026-11-29.xlsx"; filename*=UTF-8''${encodeURIComponent('东风村低保对象公示名单（2026-11-29至2026-12-05）.xlsx')}`,
    )
    expect(contentDisposition("张三's (副本)*.xlsx", 'a"b.xlsx')).toBe(
      `attachment; filename="a_b.xlsx"; filename*=UTF-8''${encodeURIComponent('张三')}%27s%20%28${encodeURIComponent('副本')}%29%2A.xlsx`,
    )
  })
})
