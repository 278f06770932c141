// Problems (问题台账), part one: registering a problem, its status flow and two people editing one problem.
// Deadlines, the register list and the integrity of findings (issue 11): problem-deadlines.test.ts.
import { describe, expect, it } from 'vitest'
import { createProblem, updateProblem, verifyProblem, type UpdateProblemInput, type VerifyProblemInput } from '../../app/models/problemWrites.server'
import { getProblem, listProblems } from '../../app/models/problems.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { auditRows, countRows, createTestProblem, firstHousehold, useDemoDatabase } from '../support/factories'

const TODAY = DEMO_TODAY
const AT = DEMO_AT
const t = useDemoDatabase()
const { village, actor } = t

const auditOf = (id: number) => auditRows(t.db, 'problem', id)
const row = (id: number) => t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
/** A problem of 红星村 registered by its cadre, ready to be worked on. */
const registered = (extra: Partial<Parameters<typeof createProblem>[1]> = {}) => createTestProblem(t, extra)
const scope = () => ({ campaignId: t.campaignId, villageId: village('红星村') })
/** 红星村's cadre edits a problem today */
const update = (problemId: number, expectedVersion: number, extra: Partial<UpdateProblemInput> = {}) =>
  updateProblem(t.db, { ...scope(), problemId, expectedVersion, today: TODAY, actor: actor('hongxing'), ...extra })
/** someone decides on a rectified problem of 红星村 */
const verify = (problemId: number, expectedVersion: number, extra: Omit<VerifyProblemInput, 'campaignId' | 'villageId' | 'problemId' | 'expectedVersion'>) =>
  verifyProblem(t.db, { ...scope(), problemId, expectedVersion, ...extra })

describe('registering a problem', () => {
  it('records it as 待整改, found today, with a date deadline and the household it concerns', async () => {
    const household = await firstHousehold(t, '红星村')
    const result = await registered({ householdId: household.id })
    expect(result).toMatchObject({ ok: true, version: 0, status: 'open', deadlineOn: '2026-12-15' })
    expect(await row(result.id)).toMatchObject({
      campaign_id: t.campaignId,
      village_id: village('红星村'),
      household_id: household.id,
      category: 'wrongful',
      source: 'selfInspection',
      status: 'open',
      found_on: TODAY,
      deadline_on: '2026-12-15',
      created_by_user_id: t.users.get('hongxing'),
      verified_by_user_id: null,
      version: 0,
    })
    const listed = (await listProblems(t.db, { campaignId: t.campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === result.id)
    expect(listed).toMatchObject({ householdHead: household.head_name, responsiblePerson: '王建军', deadlineOn: '2026-12-15', overdue: false })
  })

  it('counts a deadline of N working days from today on the official calendar, so it lands after the National Day holidays', async () => {
    // Monday 2025-09-29: Tuesday the 30th is the first working day, 10-01…10-08 are off, Saturday 10-11 is a 调休 working day
    const result = await registered({ deadline: { kind: 'workingDays', days: 5 }, today: '2025-09-29' })
    expect(result.deadlineOn).toBe('2025-10-13')
    expect(result.deadlineNotes).toBeNull()
    expect((await row(result.id)).deadline_on).toBe('2025-10-13')
  })

  it('says so when a working-day deadline runs into a year the official calendar does not hold yet', async () => {
    const result = await registered({ deadline: { kind: 'workingDays', days: 3 }, today: '2099-12-30' })
    expect(result.deadlineNotes).toEqual({ uncoveredYears: expect.arrayContaining([2100]) })
  })

  it('refuses an empty description, a deadline already past and a bad working-day count, writing nothing', async () => {
    const before = await countRows(t.db, 'problems')
    const audits = await countRows(t.db, 'audit_log')
    const base = {
      campaignId: t.campaignId,
      villageId: village('红星村'),
      category: 'favour' as const,
      source: 'publicReport' as const,
      today: TODAY,
      actor: actor('hongxing'),
    }
    expect(await createProblem(t.db, { ...base, description: '  ', deadline: { kind: 'date', on: '2026-11-28' } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { description: 'descriptionRequired', deadline: 'deadlinePast' },
    })
    expect(await createProblem(t.db, { ...base, description: '优亲厚友', deadline: { kind: 'date', on: '2026-02-30' } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'invalidDate' },
    })
    expect(await createProblem(t.db, { ...base, description: '优亲厚友', deadline: { kind: 'workingDays', days: 0 } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'workingDaysRange' },
    })
    expect(await countRows(t.db, 'problems')).toBe(Number(before))
    expect(await countRows(t.db, 'audit_log')).toBe(Number(audits))
  })

  it('refuses a household of another village, writing nothing', async () => {
    const other = await firstHousehold(t, '东风村')
    const before = await t.db.selectFrom('problems').select('id').where('village_id', '=', village('红星村')).execute()
    const result = await createProblem(t.db, {
      campaignId: t.campaignId,
      villageId: village('红星村'),
      category: 'favour',
      source: 'selfInspection',
      householdId: other.id,
      description: '关系保',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(result).toEqual({ ok: false, kind: 'otherVillage' })
    expect(await t.db.selectFrom('problems').select('id').where('village_id', '=', village('红星村')).execute()).toHaveLength(before.length)
  })
})

describe('the status flow', () => {
  it('goes 待整改 → 整改中 → 整改待验收 → 已销号, one audit row per step, and records who verified and when', async () => {
    const { id } = await registered({ measure: null, responsiblePerson: null, deadline: null })
    // starting rectification needs a measure, a responsible person and a deadline
    expect(await update(id, 0, { status: 'rectifying' })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { measure: 'measureRequired', responsiblePerson: 'responsibleRequired', deadline: 'deadlineRequired' },
    })
    const started = await update(id, 0, {
      status: 'rectifying',
      measure: '入户核实后停发',
      responsiblePerson: '李红',
      deadline: { kind: 'date', on: '2026-12-10' },
    })
    expect(started).toMatchObject({ ok: true, version: 1, status: 'rectifying', deadlineOn: '2026-12-10' })
    expect(await update(id, 1, { status: 'rectified' })).toMatchObject({ ok: true, version: 2, status: 'rectified' })
    // once rectified the village cannot edit it any more
    expect(await update(id, 2, { measure: '改一下' })).toEqual({
      ok: false,
      kind: 'refused',
      refusal: 'locked',
      status: 'rectified',
    })
    const verifiedAt = new Date('2026-11-30T02:30:00Z')
    expect(await verify(id, 2, { decision: 'accept', note: '已入户核实', actor: actor('inspector', verifiedAt) })).toMatchObject({
      ok: true,
      version: 3,
      status: 'verified',
    })
    expect(await row(id)).toMatchObject({
      status: 'verified',
      verified_by_user_id: t.users.get('inspector'),
      verified_at: verifiedAt.toISOString(),
      measure: '入户核实后停发',
      version: 3,
    })
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['problem.create', t.users.get('hongxing')],
      ['problem.startRectifying', t.users.get('hongxing')],
      ['problem.markRectified', t.users.get('hongxing')],
      ['problem.verify', t.users.get('inspector')],
    ])
    expect(JSON.parse(audit[1].before!)).toEqual({ measure: null, responsible_person: null, deadline_on: null, status: 'open' })
    expect(JSON.parse(audit[1].after!)).toEqual({ measure: '入户核实后停发', responsible_person: '李红', deadline_on: '2026-12-10', status: 'rectifying' })
    expect(JSON.parse(audit[3].after!)).toMatchObject({ status: 'verified', verified_by_user_id: t.users.get('inspector'), note: '已入户核实' })
    expect(audit.every((a) => a.village_id === village('红星村'))).toBe(true)
    const detail = await getProblem(t.db, { campaignId: t.campaignId, villageId: village('红星村'), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.problem).toMatchObject({
      status: 'verified',
      verifiedByName: t.names.get('inspector'),
      verifiedAt: verifiedAt.toISOString(),
    })
  })

  it('does not let the village skip a step or go back', async () => {
    const { id } = await registered()
    expect(await update(id, 0, { status: 'rectified' })).toEqual({
      ok: false,
      kind: 'refused',
      refusal: 'notNow',
      status: 'open',
    })
    expect((await row(id)).status).toBe('open')
  })

  it('never lets a cadre-level update mark a problem verified', async () => {
    const { id } = await registered()
    await update(id, 0, { status: 'rectifying' })
    await update(id, 1, { status: 'rectified' })
    const result = await update(id, 2, { status: 'verified' })
    expect(result).toEqual({ ok: false, kind: 'refused', refusal: 'verifyNotAllowed', status: 'rectified' })
    expect(await row(id)).toMatchObject({ status: 'rectified', verified_by_user_id: null, verified_at: null, version: 2 })
    expect(await auditOf(id)).toHaveLength(3)
  })

  it('lets the verifier send a rectified problem back to 整改中 with a note, which the problem page shows', async () => {
    const { id } = await registered()
    await update(id, 0, { status: 'rectifying' })
    await update(id, 1, { status: 'rectified' })
    expect(await verify(id, 2, { decision: 'sendBack', note: ' ', actor: actor('leader') })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { note: 'noteRequired' },
    })
    expect(await verify(id, 2, { decision: 'sendBack', note: '追回金额未到账', actor: actor('leader') })).toMatchObject({
      ok: true,
      status: 'rectifying',
      version: 3,
    })
    expect(await row(id)).toMatchObject({ status: 'rectifying', verified_by_user_id: null, verified_at: null })
    const detail = await getProblem(t.db, { campaignId: t.campaignId, villageId: village('红星村'), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.lastSendBackNote).toBe('追回金额未到账')
    // only a rectified problem can be verified
    expect(await verify(id, 3, { decision: 'accept', actor: actor('inspector') })).toEqual({
      ok: false,
      kind: 'refused',
      refusal: 'notNow',
      status: 'rectifying',
    })
  })

  it('refuses a problem id of another village, whichever village is named', async () => {
    const { id } = await registered()
    for (const result of [
      await updateProblem(t.db, {
        campaignId: t.campaignId,
        villageId: village('东风村'),
        problemId: id,
        expectedVersion: 0,
        measure: '改',
        today: TODAY,
        actor: actor('dongfeng'),
      }),
      await verifyProblem(t.db, {
        campaignId: t.campaignId,
        villageId: village('东风村'),
        problemId: id,
        expectedVersion: 0,
        decision: 'accept',
        actor: actor('inspector'),
      }),
    ])
      expect(result).toEqual({ ok: false, kind: 'otherVillage' })
    expect(await getProblem(t.db, { campaignId: t.campaignId, villageId: village('东风村'), problemId: id, today: TODAY })).toEqual({
      ok: false,
      kind: 'otherVillage',
    })
    expect(await row(id)).toMatchObject({ version: 0, measure: '停发低保金并追回' })
  })
})

describe('two people editing one problem', () => {
  it('changes nothing for the one who saw an older version, and tells them who changed what', async () => {
    const { id } = await registered()
    const first = await update(id, 0, { measure: '召开村民代表会议评议后停发', responsiblePerson: '赵敏' })
    expect(first).toMatchObject({ ok: true, version: 1 })
    const second = await updateProblem(t.db, {
      campaignId: t.campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      measure: '直接停发',
      deadline: { kind: 'date', on: '2026-12-31' },
      today: TODAY,
      actor: actor('leader'),
    })
    expect(second).toEqual({
      ok: false,
      kind: 'conflict',
      currentVersion: 1,
      saves: [
        {
          actorName: t.names.get('hongxing'),
          occurredAt: AT.toISOString(),
          action: 'problem.update',
          changes: [
            { field: 'measure', before: '停发低保金并追回', after: '召开村民代表会议评议后停发' },
            { field: 'responsible_person', before: '王建军', after: '赵敏' },
          ],
        },
      ],
    })
    expect(await row(id)).toMatchObject({ measure: '召开村民代表会议评议后停发', deadline_on: '2026-12-15', version: 1 })
    expect(await auditOf(id)).toHaveLength(2)
    // a verifier who saw an older version changes nothing either
    expect(await verify(id, 0, { decision: 'accept', actor: actor('inspector') })).toMatchObject({ ok: false, kind: 'conflict', currentVersion: 1 })
  })

  it('lets only one of two simultaneous saves of the same version through', async () => {
    const { id } = await registered()
    const results = await Promise.all(['甲方案', '乙方案'].map((measure) => update(id, 0, { measure })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.kind === 'conflict')).toHaveLength(1)
    expect(await auditOf(id)).toHaveLength(2)
    expect((await row(id)).version).toBe(1)
  })
})
