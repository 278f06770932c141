import { beforeAll, describe, expect, it } from 'vitest'
import { attentionFor, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listOpenFollowUps } from '../../app/models/villageProgress.server'
import {
  assignSupervisor,
  closeComplaint,
  registerComplaint,
  verifyComplaint,
  type RegisterComplaintInput,
  type VerifyComplaintInput,
} from '../../app/models/complaintWrites.server'
import { getComplaint, listComplaints } from '../../app/models/complaints.server'
import { createProblem } from '../../app/models/problemWrites.server'
import { DEMO_TODAY } from '../support/demo'
import { complaintInput, countRows, createTestComplaint, firstHousehold, useDemoDatabase } from '../support/factories'

const TODAY = DEMO_TODAY
const t = useDemoDatabase()
const { village, actor } = t
/** the demo's three reports, before any test adds one */
let demoIds: number[] = []
beforeAll(async () => {
  demoIds = (await t.db.selectFrom('complaints').select('id').execute()).map((c) => c.id)
})

const row = (id: number) => t.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const demoComplaint = async (name: string) =>
  await t.db.selectFrom('complaints').select(['id', 'version']).where('village_id', '=', village(name)).orderBy('id').executeTakeFirstOrThrow()
const followUps = async () => attentionFor([], await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER), TODAY)
/** a hotline report about 河西村 (the factory's), with what a test changes */
const report = (extra: Partial<RegisterComplaintInput> = {}) => complaintInput(t, extra)
const registered = (extra: Partial<RegisterComplaintInput> = {}) => createTestComplaint(t, extra)

const verify = (id: number, version: number, extra: Partial<VerifyComplaintInput> = {}): Promise<Awaited<ReturnType<typeof verifyComplaint>>> =>
  verifyComplaint(t.db, {
    townshipId: t.townshipId,
    campaignId: t.campaignId,
    complaintId: id,
    expectedVersion: version,
    verifiedOn: TODAY,
    result: 'unsubstantiated',
    note: '经入户核查，不属实',
    problem: { kind: 'none' },
    today: TODAY,
    actor: actor('inspector'),
    ...extra,
  })

describe('registering a report', () => {
  it('keeps the reporter on the report, never in the audit log, and puts it on the due list with its verification deadline', async () => {
    const household = await firstHousehold(t, '河西村')
    const id = await registered({ householdId: household.id })
    expect(await row(id)).toMatchObject({
      channel: 'hotline',
      received_on: '2026-11-27',
      village_id: village('河西村'),
      household_id: household.id,
      status: 'open',
      deadline_on: '2026-12-10',
      reporter_name: '举报人赵某',
      reporter_contact: '13912345678',
      is_major: 0,
      created_by_user_id: t.users.get('inspector'),
      version: 0,
    })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'complaint').where('entity_id', '=', id).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'complaint.create', township_id: t.townshipId, village_id: village('河西村') })
    expect(audit[0].after).not.toContain('举报人赵某')
    expect(audit[0].after).not.toContain('13912345678')
    expect(JSON.parse(audit[0].after!)).toMatchObject({ reporter_recorded: true, content: '反映某户家中有人开办商铺仍享受低保' })
    expect((await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).filter((f) => f.kind === 'complaint' && f.id === id)).toHaveLength(1)
  })

  it('counts a working-day verification deadline from the day the report was received', async () => {
    // received Friday 2025-09-26: Sunday 28 is a 调休 working day, then Mon 29, Tue 30, the National Day holidays to 10-08, Thu 10-09
    const result = await registerComplaint(t.db, report({ receivedOn: '2025-09-26', deadline: { kind: 'workingDays', days: 4 } }))
    if (!result.ok) throw new Error(JSON.stringify(result))
    expect((await row(result.id)).deadline_on).toBe('2025-10-09')
  })

  it('refuses a date received in the future, empty content and a deadline before the day received', async () => {
    expect(await registerComplaint(t.db, report({ receivedOn: '2026-11-30', content: ' ' }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { content: 'required', receivedOn: 'dateInFuture' },
    })
    expect(await registerComplaint(t.db, report({ deadline: { kind: 'date', on: '2026-11-26' } }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'deadlineBeforeReceived' },
    })
  })

  it('refuses a village of another township and a household of another village, writing nothing', async () => {
    const before = await countRows(t.db, 'complaints')
    expect(await registerComplaint(t.db, report({ townshipId: t.townshipId + 1000 }))).toEqual({ ok: false, kind: 'outOfScope' })
    const elsewhere = await firstHousehold(t, '红星村')
    expect(await registerComplaint(t.db, report({ householdId: elsewhere.id }))).toEqual({ ok: false, kind: 'outOfScope' })
    expect(await countRows(t.db, 'complaints')).toBe(before)
  })
})

describe('reading a report', () => {
  it('reads the reporter’s identity only when asked for it', async () => {
    const id = await registered()
    const hidden = await getComplaint(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, complaintId: id, today: TODAY, withReporter: false })
    if (!hidden.ok) throw new Error('not found')
    expect(hidden.detail.reporter).toBeNull()
    expect(JSON.stringify(hidden.detail)).not.toContain('举报人赵某')
    expect(JSON.stringify(hidden.detail)).not.toContain('13912345678')
    const shown = await getComplaint(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, complaintId: id, today: TODAY, withReporter: true })
    expect(shown.ok && shown.detail.reporter).toEqual({ name: '举报人赵某', contact: '13912345678' })
    expect(await getComplaint(t.db, { townshipId: t.townshipId + 1000, campaignId: t.campaignId, complaintId: id, today: TODAY, withReporter: true })).toEqual({
      ok: false,
      kind: 'notFound',
    })
  })

  it('lists the demo register with open reports first, the overdue one counted and the major petition under supervision', async () => {
    const register = await listComplaints(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, today: TODAY })
    const demo = register.complaints.filter((c) => demoIds.includes(c.id))
    expect(demo.map((c) => [c.villageName, c.status])).toEqual([
      ['南关社区', 'open'],
      ['王家庄村', 'open'],
      ['河西村', 'verified'],
      ['东风村', 'closed'],
    ])
    expect(demo.find((c) => c.villageName === '王家庄村')).toMatchObject({ overdue: true, daysOverdue: 3 })
    expect(demo.find((c) => c.villageName === '南关社区')).toMatchObject({ isMajor: true, supervisorName: t.names.get('baocun-li') })
    expect(register.major).toBe(1)
    const verified = await listComplaints(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, today: TODAY, status: 'verified' })
    expect(verified.complaints.every((c) => c.status === 'verified')).toBe(true)
  })
})

describe('verifying a report (件件有核实)', () => {
  it('puts a substantiated report into the village’s problem register as a 群众举报 problem on the report’s household, in the same transaction', async () => {
    const household = await firstHousehold(t, '河西村')
    const id = await registered({ householdId: household.id })
    const result = await verify(id, 0, {
      result: 'substantiated',
      note: null,
      problem: { kind: 'new', category: 'wrongful', description: '家庭成员开办商铺，收入超标' },
    })
    if (!result.ok || !result.problemId) throw new Error(JSON.stringify(result))
    const problem = await t.db.selectFrom('problems').selectAll().where('id', '=', result.problemId).executeTakeFirstOrThrow()
    expect(problem).toMatchObject({
      village_id: village('河西村'),
      household_id: household.id,
      category: 'wrongful',
      source: 'publicReport',
      status: 'open',
      description: '家庭成员开办商铺，收入超标',
      found_on: TODAY,
      created_by_user_id: t.users.get('inspector'),
    })
    expect(await row(id)).toMatchObject({
      status: 'verified',
      verification_result: 'substantiated',
      verified_by_user_id: t.users.get('inspector'),
      verified_on: TODAY,
      problem_id: result.problemId,
      version: 1,
    })
    const problemAudit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'problem')
      .where('entity_id', '=', result.problemId)
      .execute()
    expect(problemAudit.map((a) => a.action)).toEqual(['problem.create'])
    // verified: no longer an overdue or due verification
    expect((await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).filter((f) => f.kind === 'complaint' && f.id === id)).toHaveLength(0)
    const found = await getComplaint(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, complaintId: id, today: TODAY, withReporter: false })
    expect(found.ok && found.detail.problem).toMatchObject({ id: result.problemId, category: 'wrongful' })
    expect(found.ok && found.detail.history.map((h) => h.action)).toEqual(['complaint.create', 'complaint.verify'])
    expect(found.ok && found.detail.responsible).toMatchObject({
      householdCadre: household.responsible_cadre,
      verifier: t.names.get('inspector'),
      villageCadres: [t.names.get('hexi')],
    })
  })

  it('registers a report from the press as a 媒体曝光 problem', async () => {
    const id = await registered({ channel: 'media' })
    const result = await verify(id, 0, { result: 'partly', note: '部分情况属实', problem: { kind: 'new', category: 'irregular', description: '公示不及时' } })
    if (!result.ok || !result.problemId) throw new Error(JSON.stringify(result))
    expect((await t.db.selectFrom('problems').select('source').where('id', '=', result.problemId).executeTakeFirstOrThrow()).source).toBe('media')
  })

  it('links an existing problem of the same village instead of registering a new one', async () => {
    const existing = await createProblem(t.db, {
      campaignId: t.campaignId,
      villageId: village('河西村'),
      category: 'favour',
      source: 'selfInspection',
      description: '优亲厚友',
      today: TODAY,
      actor: actor('hexi'),
    })
    if (!existing.ok) throw new Error('no problem')
    const problemsBefore = await countRows(t.db, 'problems')
    const id = await registered()
    expect(await verify(id, 0, { result: 'substantiated', note: null, problem: { kind: 'existing', problemId: existing.id } })).toMatchObject({
      ok: true,
      problemId: existing.id,
    })
    expect(await countRows(t.db, 'problems')).toBe(problemsBefore)
  })

  it('records an unsubstantiated report with its reason and no problem', async () => {
    const id = await registered()
    expect(await verify(id, 0, { problem: { kind: 'new', category: 'favour', description: '不该登记' } })).toMatchObject({ ok: true, problemId: null })
    expect(await row(id)).toMatchObject({ verification_result: 'unsubstantiated', verification_note: '经入户核查，不属实', problem_id: null })
  })

  it('refuses a verification without its reason, a substantiated one without a problem, a problem of another village and a date before the report, writing nothing', async () => {
    const id = await registered()
    const elsewhere = await t.db.selectFrom('problems').select('id').where('village_id', '=', village('红星村')).executeTakeFirstOrThrow()
    const problemsBefore = await countRows(t.db, 'problems')
    expect(await verify(id, 0, { result: 'partly', note: ' ' })).toEqual({ ok: false, kind: 'invalid', errors: { note: 'required' } })
    expect(await verify(id, 0, { result: 'substantiated', note: null })).toEqual({ ok: false, kind: 'invalid', errors: { problem: 'problemRequired' } })
    expect(await verify(id, 0, { result: 'substantiated', problem: { kind: 'existing', problemId: elsewhere.id } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { problem: 'problemNotInVillage' },
    })
    expect(await verify(id, 0, { verifiedOn: '2026-11-20' })).toEqual({ ok: false, kind: 'invalid', errors: { verifiedOn: 'beforeReceived' } })
    expect(await verify(id, 0, { result: 'substantiated', note: null, problem: { kind: 'new', category: 'fraud', description: ' ' } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { problemDescription: 'required' },
    })
    expect(await row(id)).toMatchObject({ status: 'open', version: 0 })
    expect(await countRows(t.db, 'problems')).toBe(problemsBefore)
  })

  it('tells the second of two people verifying the same report who verified it first, and registers no second problem', async () => {
    const id = await registered()
    expect(await verify(id, 0, { actor: actor('leader') })).toMatchObject({ ok: true })
    const problemsBefore = await countRows(t.db, 'problems')
    const second = await verify(id, 0, { result: 'substantiated', note: null, problem: { kind: 'new', category: 'favour', description: '重复' } })
    expect(second).toMatchObject({ ok: false, kind: 'conflict', currentVersion: 1, saves: [{ actorName: t.names.get('leader'), action: 'complaint.verify' }] })
    expect(await countRows(t.db, 'problems')).toBe(problemsBefore)
  })
})

describe('dedicated supervision (专人督办)', () => {
  it('keeps the overdue report of 王家庄村 on the leader’s attention list from assignment until it is closed', async () => {
    const { id, version } = await demoComplaint('王家庄村')
    const mine = <T extends { kind: string; id: number }>(items: T[]) => items.filter((f) => (f.kind === 'complaint' || f.kind === 'supervisor') && f.id === id)
    expect(mine((await followUps()).overdue).map((f) => f.kind)).toEqual(['complaint'])

    const assigned = await assignSupervisor(t.db, {
      townshipId: t.townshipId,
      campaignId: t.campaignId,
      complaintId: id,
      expectedVersion: version,
      supervisorUserId: t.users.get('inspector')!,
      deadline: { kind: 'workingDays', days: 2 },
      today: TODAY,
      actor: actor('leader'),
    })
    expect(assigned).toMatchObject({ ok: true, version: version + 1 })
    expect(await row(id)).toMatchObject({ is_major: 1, supervisor_user_id: t.users.get('inspector'), supervisor_deadline_on: '2026-12-01' })
    expect(mine((await followUps()).dueSoon).map((f) => [f.kind, f.responsible])).toEqual([['supervisor', t.names.get('inspector')]])

    expect(await verify(id, version + 1, { verifiedOn: '2026-11-28' })).toMatchObject({ ok: true })
    const afterVerification = await followUps()
    expect(mine([...afterVerification.overdue, ...afterVerification.dueSoon]).map((f) => f.kind)).toEqual(['supervisor'])

    expect(
      await closeComplaint(t.db, {
        townshipId: t.townshipId,
        campaignId: t.campaignId,
        complaintId: id,
        expectedVersion: version + 2,
        note: '已向举报人反馈核查结果',
        actor: actor('leader'),
      }),
    ).toMatchObject({ ok: true, status: 'closed' })
    const afterClosing = await followUps()
    expect(mine([...afterClosing.overdue, ...afterClosing.dueSoon])).toHaveLength(0)

    const found = await getComplaint(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, complaintId: id, today: TODAY, withReporter: false })
    if (!found.ok) throw new Error('not found')
    expect(found.detail.history.map((h) => [h.action, h.actorName])).toEqual([
      ['complaint.create', t.names.get('leader')], // the demo's registration
      ['complaint.assignSupervisor', t.names.get('leader')],
      ['complaint.verify', t.names.get('inspector')],
      ['complaint.close', t.names.get('leader')],
    ])
    expect(found.detail.userNames[t.users.get('inspector')!]).toBe(t.names.get('inspector'))
    expect(found.detail.history[3].after).toMatchObject({ status: 'closed', note: '已向举报人反馈核查结果' })
  })

  it('names only the township’s leaders and inspectors, with a deadline not in the past', async () => {
    const id = await registered()
    const assign = (supervisor: string, on: string) =>
      assignSupervisor(t.db, {
        townshipId: t.townshipId,
        campaignId: t.campaignId,
        complaintId: id,
        expectedVersion: 0,
        supervisorUserId: t.users.get(supervisor)!,
        deadline: { kind: 'date', on },
        today: TODAY,
        actor: actor('leader'),
      })
    expect(await assign('hexi', '2026-12-05')).toEqual({ ok: false, kind: 'invalid', errors: { supervisorUserId: 'supervisorInvalid' } })
    expect(await assign('county', '2026-12-05')).toEqual({ ok: false, kind: 'invalid', errors: { supervisorUserId: 'supervisorInvalid' } })
    expect(await assign('baocun-wang', '2026-11-28')).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlinePast' } })
    expect(await assign('baocun-wang', '2026-12-05')).toMatchObject({ ok: true })
  })

  it('closes only a verified report', async () => {
    const id = await registered()
    expect(
      await closeComplaint(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, complaintId: id, expectedVersion: 0, actor: actor('leader') }),
    ).toEqual({
      ok: false,
      kind: 'notNow',
      status: 'open',
    })
  })
})
