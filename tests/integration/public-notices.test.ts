// The notices (公示) and the 举报电话, on the demo township, on SQLite and (TEST_DIALECT=postgres) PostgreSQL: the
// standing notice of a month drawn from the roster and the approved allowance history (a proposal changes nothing until
// approved), the 审核结果公示 of the proposals in notice with their period and the phone, 发布公示 that keeps what was
// posted and needs a phone, and the phone's versioned, audited save.
import { describe, expect, it } from 'vitest'
import { approvalNoticeWorkbook, downloadApprovalNotice, getApprovalNotice } from '../../app/models/approvalNotice.server'
import { listPublishedNotices, mayPublishNotice, publishApprovalNotice } from '../../app/models/approvalNoticePublish.server'
import { listPaidInMonth, printPublicNotice } from '../../app/models/noticeExport.server'
import { getTownshipReportPhone, isReportPhone, saveTownshipReportPhone } from '../../app/models/reportPhone.server'
import { AT, campaign, ctx, rowsOf, t, townshipId, users, village, workbook } from '../support/exportFiles'
import { useExportsDatabase } from '../support/exportFiles'
import { approveChange, insertProposal } from '../support/proposalRows'

useExportsDatabase()

/** Active households of a village with no proposal open, in roster order. */
async function freeHouseholds(villageName: string, n: number) {
  const rows = await t.db
    .selectFrom('households')
    .select(['id', 'head_name', 'monthly_amount_fen', 'covered_count', 'id_number'])
    .where('village_id', '=', village(villageName).id)
    .where('status', '=', 'active')
    .where('id', 'not in', (eb) => eb.selectFrom('proposals').select('household_id').where('final', '=', 0))
    .orderBy('id')
    .limit(n)
    .execute()
  expect(rows).toHaveLength(n)
  return rows
}

async function setPhone(phone: string | null) {
  await t.db.updateTable('townships').set({ report_phone: phone }).where('id', '=', townshipId).execute()
}

describe('the standing notice (长期公示) of a month', () => {
  it('lists who the allowance history says is paid that month: a stop off from its month, an adjustment from its month, an enrolment from its month', async () => {
    const v = village('河西村')
    const [stopped, adjusted, proposedStop, enrolled] = await freeHouseholds('河西村', 4)
    await approveChange(t.db, { householdId: stopped.id, kind: 'stop', fromMonth: '2026-12' })
    await approveChange(t.db, { householdId: adjusted.id, kind: 'adjust', fromMonth: '2026-12', amountFen: adjusted.monthly_amount_fen + 12_300 })
    // a stop only proposed (the township has not even examined it): the household is still paid
    await insertProposal(t.db, { campaignId: campaign.id, villageId: v.id, householdId: proposedStop.id, kind: 'stop', state: 'townshipReview.proposed' })
    // an enrolment approved from December: the family was not paid before
    await t.db.updateTable('households').set({ status: 'applicant' }).where('id', '=', enrolled.id).execute()
    const applicantNov = await listPaidInMonth(t.db, { villageId: v.id, month: '2026-11' })
    expect(applicantNov.map((r) => r.householdId)).not.toContain(enrolled.id)
    await approveChange(t.db, { householdId: enrolled.id, kind: 'enrol', fromMonth: '2026-12', amountFen: 45_000 })

    const november = new Map((await listPaidInMonth(t.db, { villageId: v.id, month: '2026-11' })).map((r) => [r.householdId, r.amountFen]))
    const december = new Map((await listPaidInMonth(t.db, { villageId: v.id, month: '2026-12' })).map((r) => [r.householdId, r.amountFen]))
    expect(november.get(stopped.id)).toBe(stopped.monthly_amount_fen)
    expect(december.has(stopped.id)).toBe(false)
    expect(november.get(adjusted.id)).toBe(adjusted.monthly_amount_fen)
    expect(december.get(adjusted.id)).toBe(adjusted.monthly_amount_fen + 12_300)
    expect(november.get(proposedStop.id)).toBe(proposedStop.monthly_amount_fen)
    expect(december.get(proposedStop.id)).toBe(proposedStop.monthly_amount_fen)
    expect(november.has(enrolled.id)).toBe(false)
    expect(december.get(enrolled.id)).toBe(45_000)
  })

  it('never lists an applicant family or one not enrolled', async () => {
    const [applicant, notEnrolled] = await freeHouseholds('河东村', 2)
    await t.db.updateTable('households').set({ status: 'applicant' }).where('id', '=', applicant.id).execute()
    await t.db.updateTable('households').set({ status: 'notEnrolled' }).where('id', '=', notEnrolled.id).execute()
    const ids = (await listPaidInMonth(t.db, { villageId: village('河东村').id, month: '2026-11' })).map((r) => r.householdId)
    expect(ids).not.toContain(applicant.id)
    expect(ids).not.toContain(notEnrolled.id)
  })

  it('cannot drift from the roster: once every approved change has taken effect, the notice is the roster’s paid households and amounts', async () => {
    const v = village('河西村')
    // the last month any change of the village applies from
    const changes = await t.db
      .selectFrom('household_allowance_changes as c')
      .innerJoin('households', 'households.id', 'c.household_id')
      .select('c.from_month')
      .where('households.village_id', '=', v.id)
      .execute()
    expect(changes.length).toBeGreaterThan(0)
    const month = changes
      .map((c) => c.from_month)
      .sort()
      .at(-1)!
    const roster = await t.db
      .selectFrom('households')
      .select(['id', 'monthly_amount_fen'])
      .where('village_id', '=', v.id)
      .where('status', '=', 'active')
      .execute()
    const notice = await listPaidInMonth(t.db, { villageId: v.id, month })
    expect(new Map(notice.map((r) => [r.householdId, r.amountFen]))).toEqual(new Map(roster.map((r) => [r.id, r.monthly_amount_fen])))
    // and the printed notice of that month says the same, with the month and the phone
    const printed = await printPublicNotice(t.db, ctx('hexi'), v, new URLSearchParams({ kind: 'standing', start: '2026-12-01', month }))
    if (!printed.ok) throw new Error('expected a notice')
    expect(printed.notice.rows).toEqual(notice.map((r) => ({ name: r.name, amountFen: r.amountFen })))
    expect(printed.notice.monthLine).toBe('以下为2026年12月享受最低生活保障的对象及月保障金额。')
    expect(printed.notice.phoneLine).toBe('举报电话：0531-87654321')
  })

  it('refuses a month that is not YYYY-MM, in Chinese', async () => {
    const result = await printPublicNotice(t.db, ctx('hexi'), village('河西村'), new URLSearchParams({ month: '2026-13' }))
    expect(result).toMatchObject({ ok: false, errors: { month: '请输入有效月份（如 2026-11）。' } })
  })
})

describe('the 审核结果公示 (first notice)', () => {
  it('lists the village’s proposals in notice, with the period, the matter in the plan’s words and the 举报电话 — no ID number, no grounds', async () => {
    const v = village('北关社区')
    const [raise, stop, returned] = await freeHouseholds('北关社区', 3)
    const raiseId = await insertProposal(t.db, {
      campaignId: campaign.id,
      villageId: v.id,
      householdId: raise.id,
      kind: 'adjust',
      currentAmountFen: raise.monthly_amount_fen,
      proposedAmountFen: raise.monthly_amount_fen + 10_000,
      grounds: '邻居王某反映其子已外出务工',
    })
    await insertProposal(t.db, { campaignId: campaign.id, villageId: v.id, householdId: stop.id, kind: 'stopAndRecover', grounds: '隐瞒经营收入' })
    // returned to the village: not in notice, not listed
    await insertProposal(t.db, {
      campaignId: campaign.id,
      villageId: v.id,
      householdId: returned.id,
      kind: 'stop',
      state: 'returned',
      noticeFrom: null,
      noticeTo: null,
    })

    const notice = await getApprovalNotice(t.db, v.id)
    const inNotice = await t.db.selectFrom('proposals').select('id').where('village_id', '=', v.id).where('state', '=', 'inNotice').execute()
    expect(notice.sheets.flatMap((s) => s.rows.map((r) => r.proposalId)).sort()).toEqual(inNotice.map((p) => p.id).sort())
    const sheet = notice.sheets.find((s) => s.rows.some((r) => r.proposalId === raiseId))!
    expect(sheet.period).toBe('公示期：2026年11月27日至2026年12月3日（共7天）')
    expect(sheet.phoneLine).toBe('举报电话：0531-87654321')
    expect(sheet.rows.find((r) => r.proposalId === raiseId)).toEqual({
      proposalId: raiseId,
      name: raise.head_name,
      coveredCount: raise.covered_count,
      matter: '拟调整保障金额（增发）',
      amountFen: raise.monthly_amount_fen + 10_000,
    })
    expect(sheet.rows.find((r) => r.name === stop.head_name)).toMatchObject({ matter: '拟停止保障', amountFen: null })
    expect(sheet.rows.map((r) => r.name)).not.toContain(returned.head_name)

    // the .xlsx is built from the same function and carries nothing more
    const file = await downloadApprovalNotice(t.db, ctx('leader'), v)
    const text = rowsOf(await workbook(file))
      .flat()
      .join('\n')
    expect(text).toContain(raise.head_name)
    expect(text).toContain('举报电话：0531-87654321')
    expect(text).toContain('公示期：2026年11月27日至2026年12月3日（共7天）')
    for (const secret of [raise.id_number, stop.id_number, '邻居王某', '隐瞒经营收入', '骗保', '追回']) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/\d{17}[\dX]/)
    expect(rowsOf(await workbook(file))).toEqual(rowsOf(approvalNoticeWorkbook(notice).worksheets[0]))
  })

  it('cannot be published without a 举报电话, and nothing is recorded', async () => {
    const v = village('北关社区')
    const notice = await getApprovalNotice(t.db, v.id)
    const sheet = notice.sheets[0]
    await setPhone(null)
    try {
      const before = await t.db.selectFrom('notices').select('id').execute()
      const result = await publishApprovalNotice(t.db, {
        village: v,
        noticeFrom: sheet.noticeFrom,
        proposalIds: sheet.rows.map((r) => r.proposalId),
        actor: { id: users.get('leader')!.id },
        at: AT,
      })
      expect(result).toEqual({ ok: false, kind: 'noPhone' })
      expect(await t.db.selectFrom('notices').select('id').execute()).toEqual(before)
      expect((await getApprovalNotice(t.db, v.id)).sheets[0].phoneLine).toBeNull()
    } finally {
      await setPhone('0531-87654321')
    }
  })

  it('keeps what was posted — the list and the phone in force — even after the phone changes, and does not post the same twice', async () => {
    const v = village('北关社区')
    const sheet = (await getApprovalNotice(t.db, v.id)).sheets[0]
    const ids = sheet.rows.map((r) => r.proposalId)
    const leader = users.get('leader')!
    const stale = await publishApprovalNotice(t.db, { village: v, noticeFrom: sheet.noticeFrom, proposalIds: ids.slice(1), actor: leader, at: AT })
    expect(stale).toEqual({ ok: false, kind: 'stale' })
    const posted = await publishApprovalNotice(t.db, { village: v, noticeFrom: sheet.noticeFrom, proposalIds: ids, actor: leader, at: AT })
    if (!posted.ok) throw new Error(`expected a notice, got ${posted.kind}`)
    expect(await publishApprovalNotice(t.db, { village: v, noticeFrom: sheet.noticeFrom, proposalIds: ids, actor: leader, at: AT })).toEqual({
      ok: false,
      kind: 'alreadyPublished',
    })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'notice.publish').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_user_id: leader.id, village_id: v.id, township_id: townshipId })
    expect(JSON.parse(audit.after!)).toEqual({ noticeFrom: '2026-11-27', noticeTo: '2026-12-03', reportPhone: '0531-87654321', households: ids.length })

    await setPhone('0531-11112222')
    const [kept] = await listPublishedNotices(t.db, v.id)
    expect(kept).toMatchObject({ id: posted.noticeId, reportPhone: '0531-87654321', households: ids.length, noticeFrom: '2026-11-27', noticeTo: '2026-12-03' })
    const listed = await t.db.selectFrom('notice_proposals').select('proposal_id').where('notice_id', '=', posted.noticeId).execute()
    expect(listed.map((l) => l.proposal_id).sort()).toEqual([...ids].sort())
    // with the new phone the same list is a new posting
    const again = await publishApprovalNotice(t.db, { village: v, noticeFrom: sheet.noticeFrom, proposalIds: ids, actor: leader, at: AT })
    expect(again.ok).toBe(true)
    await setPhone('0531-87654321')
  })

  it('is posted by the township’s leaders, administrators and 镇民政所, not by a cadre, an inspector or the county', () => {
    const u = (username: string, civilAffairs = false) => ({ ...users.get(username)!, civilAffairs })
    expect(mayPublishNotice(u('leader'))).toBe(true)
    expect(mayPublishNotice(u('admin'))).toBe(true)
    expect(mayPublishNotice(u('inspector', true))).toBe(true)
    expect(mayPublishNotice(u('inspector'))).toBe(false)
    expect(mayPublishNotice(u('beiguan'))).toBe(false)
    expect(mayPublishNotice(u('county'))).toBe(false)
  })
})

describe('the 举报电话', () => {
  it('accepts digits and dashes up to 20 characters, and nothing else', () => {
    for (const ok of ['0531-87654321', '12349', '0531-8765-4321', '12345678901234567890']) expect(isReportPhone(ok), ok).toBe(true)
    for (const bad of ['', 'abc', '1234', '0531 8765', '-0531876543', '05318765432-', '0531--87654321', '123456789012345678901', '＋86'])
      expect(isReportPhone(bad), bad).toBe(false)
  })

  it('is saved on the version the form was loaded with, audited, and a stale form changes nothing', async () => {
    const admin = users.get('admin')!
    const before = await getTownshipReportPhone(t.db, townshipId)
    const saved = await saveTownshipReportPhone(t.db, {
      townshipId,
      phone: '０５３１－６６６６８８８８',
      expectedVersion: before.version,
      actor: admin,
      at: AT,
      ip: '127.0.0.1',
    })
    expect(saved).toEqual({ ok: true, version: before.version + 1 })
    expect(await getTownshipReportPhone(t.db, townshipId)).toMatchObject({ phone: '0531-66668888', version: before.version + 1 })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'township.reportPhone').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_user_id: admin.id, entity_type: 'township', entity_id: townshipId, township_id: townshipId })
    expect(JSON.parse(audit.before!)).toEqual({ reportPhone: before.phone })
    expect(JSON.parse(audit.after!)).toEqual({ reportPhone: '0531-66668888' })

    const stale = await saveTownshipReportPhone(t.db, { townshipId, phone: '0531-12340000', expectedVersion: before.version, actor: admin, at: AT })
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', current: { phone: '0531-66668888' }, by: admin.displayName })
    expect(await saveTownshipReportPhone(t.db, { townshipId, phone: '打电话', expectedVersion: before.version + 1, actor: admin, at: AT })).toEqual({
      ok: false,
      kind: 'invalid',
      problem: 'format',
    })
    expect((await getTownshipReportPhone(t.db, townshipId)).phone).toBe('0531-66668888')
    await saveTownshipReportPhone(t.db, { townshipId, phone: '0531-87654321', expectedVersion: before.version + 1, actor: admin, at: AT })
  })
})
