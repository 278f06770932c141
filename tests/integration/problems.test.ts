import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attentionFor, listOpenFollowUps, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { createProblem, extendDeadline, getProblem, listProblems, updateProblem, verifyProblem } from '../../app/models/problems.server'
import { createDemoDatabase, DEMO_AT, DEMO_TODAY, type DemoDatabase } from '../support/demo'

const TODAY = DEMO_TODAY
const AT = DEMO_AT
let t: DemoDatabase
let campaignId: number
let townshipId: number
let villages: Map<string, number>
let users: Map<string, number>
let names: Map<string, string>

beforeAll(async () => {
  t = await createDemoDatabase()
  ;({ campaignId, townshipId, villages, users, names } = t)
})
afterAll(async () => t?.destroy())

const village = (name: string) => villages.get(name)!
const actor = (username: string, at = AT) => ({ userId: users.get(username)!, at })
const row = (id: number) => t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const auditOf = (id: number) =>
  t.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'problem').where('entity_id', '=', id).orderBy('id').execute()
const householdOf = async (name: string) =>
  await t.db.selectFrom('households').select(['id', 'head_name']).where('village_id', '=', village(name)).orderBy('id').executeTakeFirstOrThrow()

/** A problem of 红星村 registered by its cadre, ready to be worked on. */
async function registered(extra: Partial<Parameters<typeof createProblem>[1]> = {}) {
  const result = await createProblem(t.db, {
    campaignId,
    villageId: village('红星村'),
    category: 'wrongful',
    source: 'selfInspection',
    description: '家庭有小汽车未申报',
    measure: '停发低保金并追回',
    responsiblePerson: '王建军',
    deadline: { kind: 'date', on: '2026-12-15' },
    today: TODAY,
    actor: actor('hongxing'),
    ...extra,
  })
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result)}`)
  return result
}

describe('registering a problem', () => {
  it('records it as 待整改, found today, with a date deadline and the household it concerns', async () => {
    const household = await householdOf('红星村')
    const result = await registered({ householdId: household.id })
    expect(result).toMatchObject({ ok: true, version: 0, status: 'open', deadlineOn: '2026-12-15' })
    expect(await row(result.id)).toMatchObject({
      campaign_id: campaignId,
      village_id: village('红星村'),
      household_id: household.id,
      category: 'wrongful',
      source: 'selfInspection',
      status: 'open',
      found_on: TODAY,
      deadline_on: '2026-12-15',
      created_by_user_id: users.get('hongxing'),
      verified_by_user_id: null,
      version: 0,
    })
    const listed = (await listProblems(t.db, { campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === result.id)
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
    const before = (
      await t.db
        .selectFrom('problems')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
    const audits = (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
    const base = {
      campaignId,
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
    expect(
      Number(
        (
          await t.db
            .selectFrom('problems')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(Number(before))
    expect(
      Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(Number(audits))
  })

  it('refuses a household of another village, writing nothing', async () => {
    const other = await householdOf('东风村')
    const before = await t.db.selectFrom('problems').select('id').where('village_id', '=', village('红星村')).execute()
    const result = await createProblem(t.db, {
      campaignId,
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
  it('goes 待整改 → 整改中 → 已整改 → 已核验, one audit row per step, and records who verified and when', async () => {
    const { id } = await registered({ measure: null, responsiblePerson: null, deadline: null })
    // starting rectification needs a measure, a responsible person and a deadline
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 0,
        status: 'rectifying',
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { measure: 'measureRequired', responsiblePerson: 'responsibleRequired', deadline: 'deadlineRequired' },
    })
    const started = await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      status: 'rectifying',
      measure: '入户核实后停发',
      responsiblePerson: '李红',
      deadline: { kind: 'date', on: '2026-12-10' },
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(started).toMatchObject({ ok: true, version: 1, status: 'rectifying', deadlineOn: '2026-12-10' })
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 1,
        status: 'rectified',
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toMatchObject({ ok: true, version: 2, status: 'rectified' })
    // once rectified the village cannot edit it any more
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 2,
        measure: '改一下',
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toEqual({
      ok: false,
      kind: 'refused',
      refusal: 'locked',
      status: 'rectified',
    })
    const verifiedAt = new Date('2026-11-30T02:30:00Z')
    expect(
      await verifyProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 2,
        decision: 'accept',
        note: '已入户核实',
        actor: actor('inspector', verifiedAt),
      }),
    ).toMatchObject({
      ok: true,
      version: 3,
      status: 'verified',
    })
    expect(await row(id)).toMatchObject({
      status: 'verified',
      verified_by_user_id: users.get('inspector'),
      verified_at: verifiedAt.toISOString(),
      measure: '入户核实后停发',
      version: 3,
    })
    const audit = await auditOf(id)
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['problem.create', users.get('hongxing')],
      ['problem.startRectifying', users.get('hongxing')],
      ['problem.markRectified', users.get('hongxing')],
      ['problem.verify', users.get('inspector')],
    ])
    expect(JSON.parse(audit[1].before!)).toEqual({ measure: null, responsible_person: null, deadline_on: null, status: 'open' })
    expect(JSON.parse(audit[1].after!)).toEqual({ measure: '入户核实后停发', responsible_person: '李红', deadline_on: '2026-12-10', status: 'rectifying' })
    expect(JSON.parse(audit[3].after!)).toMatchObject({ status: 'verified', verified_by_user_id: users.get('inspector'), note: '已入户核实' })
    expect(audit.every((a) => a.village_id === village('红星村'))).toBe(true)
    const detail = await getProblem(t.db, { campaignId, villageId: village('红星村'), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.problem).toMatchObject({
      status: 'verified',
      verifiedByName: names.get('inspector'),
      verifiedAt: verifiedAt.toISOString(),
    })
  })

  it('does not let the village skip a step or go back', async () => {
    const { id } = await registered()
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 0,
        status: 'rectified',
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toEqual({
      ok: false,
      kind: 'refused',
      refusal: 'notNow',
      status: 'open',
    })
    expect((await row(id)).status).toBe('open')
  })

  it('never lets a cadre-level update mark a problem verified', async () => {
    const { id } = await registered()
    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      status: 'rectifying',
      today: TODAY,
      actor: actor('hongxing'),
    })
    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 1,
      status: 'rectified',
      today: TODAY,
      actor: actor('hongxing'),
    })
    const result = await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 2,
      status: 'verified',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(result).toEqual({ ok: false, kind: 'refused', refusal: 'verifyNotAllowed', status: 'rectified' })
    expect(await row(id)).toMatchObject({ status: 'rectified', verified_by_user_id: null, verified_at: null, version: 2 })
    expect(await auditOf(id)).toHaveLength(3)
  })

  it('lets the verifier send a rectified problem back to 整改中 with a note, which the problem page shows', async () => {
    const { id } = await registered()
    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      status: 'rectifying',
      today: TODAY,
      actor: actor('hongxing'),
    })
    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 1,
      status: 'rectified',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(
      await verifyProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 2,
        decision: 'sendBack',
        note: ' ',
        actor: actor('leader'),
      }),
    ).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { note: 'noteRequired' },
    })
    expect(
      await verifyProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 2,
        decision: 'sendBack',
        note: '追回金额未到账',
        actor: actor('leader'),
      }),
    ).toMatchObject({
      ok: true,
      status: 'rectifying',
      version: 3,
    })
    expect(await row(id)).toMatchObject({ status: 'rectifying', verified_by_user_id: null, verified_at: null })
    const detail = await getProblem(t.db, { campaignId, villageId: village('红星村'), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.lastSendBackNote).toBe('追回金额未到账')
    // only a rectified problem can be verified
    expect(
      await verifyProblem(t.db, { campaignId, villageId: village('红星村'), problemId: id, expectedVersion: 3, decision: 'accept', actor: actor('inspector') }),
    ).toEqual({
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
        campaignId,
        villageId: village('东风村'),
        problemId: id,
        expectedVersion: 0,
        measure: '改',
        today: TODAY,
        actor: actor('dongfeng'),
      }),
      await verifyProblem(t.db, { campaignId, villageId: village('东风村'), problemId: id, expectedVersion: 0, decision: 'accept', actor: actor('inspector') }),
    ])
      expect(result).toEqual({ ok: false, kind: 'otherVillage' })
    expect(await getProblem(t.db, { campaignId, villageId: village('东风村'), problemId: id, today: TODAY })).toEqual({ ok: false, kind: 'otherVillage' })
    expect(await row(id)).toMatchObject({ version: 0, measure: '停发低保金并追回' })
  })
})

describe('two people editing one problem', () => {
  it('changes nothing for the one who saw an older version, and tells them who changed what', async () => {
    const { id } = await registered()
    const first = await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      measure: '召开村民代表会议评议后停发',
      responsiblePerson: '赵敏',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(first).toMatchObject({ ok: true, version: 1 })
    const second = await updateProblem(t.db, {
      campaignId,
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
          actorName: names.get('hongxing'),
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
    expect(
      await verifyProblem(t.db, { campaignId, villageId: village('红星村'), problemId: id, expectedVersion: 0, decision: 'accept', actor: actor('inspector') }),
    ).toMatchObject({ ok: false, kind: 'conflict', currentVersion: 1 })
  })

  it('lets only one of two simultaneous saves of the same version through', async () => {
    const { id } = await registered()
    const results = await Promise.all(
      ['甲方案', '乙方案'].map((measure) =>
        updateProblem(t.db, { campaignId, villageId: village('红星村'), problemId: id, expectedVersion: 0, measure, today: TODAY, actor: actor('hongxing') }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.kind === 'conflict')).toHaveLength(1)
    expect(await auditOf(id)).toHaveLength(2)
    expect((await row(id)).version).toBe(1)
  })
})

describe('deadlines on the dashboard', () => {
  it('puts a new problem past its deadline on the overdue list, and takes it off once rectified', async () => {
    // registered a week ago with a deadline three days later: overdue today
    const { id } = await registered({
      description: '公示信息与实际不符',
      category: 'falseNotice',
      today: '2026-11-22',
      deadline: { kind: 'date', on: '2026-11-25' },
      actor: actor('hongxing', new Date('2026-11-22T03:00:00Z')),
    })
    const followUps = await listOpenFollowUps(t.db, townshipId, campaignId, TOWNSHIP_VIEWER)
    expect(followUps).toContainEqual(
      expect.objectContaining({ kind: 'problem', id, villageId: village('红星村'), deadline: '2026-11-25', responsible: '王建军' }),
    )
    const attention = attentionFor([], followUps, TODAY)
    expect(attention.overdue.map((f) => f.id)).toContain(id)
    expect((await listProblems(t.db, { campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === id)).toMatchObject({
      overdue: true,
      daysOverdue: 4,
    })

    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 0,
      status: 'rectifying',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect((await listOpenFollowUps(t.db, townshipId, campaignId, TOWNSHIP_VIEWER)).some((f) => f.kind === 'problem' && f.id === id)).toBe(true)
    await updateProblem(t.db, {
      campaignId,
      villageId: village('红星村'),
      problemId: id,
      expectedVersion: 1,
      status: 'rectified',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect((await listOpenFollowUps(t.db, townshipId, campaignId, TOWNSHIP_VIEWER)).some((f) => f.kind === 'problem' && f.id === id)).toBe(false)
    expect((await listProblems(t.db, { campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === id)).toMatchObject({ overdue: false })
  })

  // issue 11: a deadline once set moves only by an extension, so moving it (even into the past) is 'deadlineLocked'
  it('keeps a deadline that has already passed when other fields are edited, but refuses moving it', async () => {
    const { id } = await registered({ today: '2026-11-20', deadline: { kind: 'date', on: '2026-11-25' } })
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 0,
        measure: '补充措施',
        deadline: { kind: 'date', on: '2026-11-25' },
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toMatchObject({ ok: true })
    expect(
      await updateProblem(t.db, {
        campaignId,
        villageId: village('红星村'),
        problemId: id,
        expectedVersion: 1,
        deadline: { kind: 'date', on: '2026-11-26' },
        today: TODAY,
        actor: actor('hongxing'),
      }),
    ).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'deadlineLocked' },
    })
  })
})

describe('the register list', () => {
  it('filters by status and puts unresolved problems first, soonest deadline first', async () => {
    const all = await listProblems(t.db, { campaignId, villageId: village('红星村'), today: TODAY })
    const rectified = await listProblems(t.db, { campaignId, villageId: village('红星村'), status: 'rectified', today: TODAY })
    expect(rectified.length).toBeGreaterThan(0)
    expect(rectified.every((p) => p.status === 'rectified')).toBe(true)
    const unresolved = all.filter((p) => p.status === 'open' || p.status === 'rectifying')
    expect(all.slice(0, unresolved.length)).toEqual(unresolved)
    const deadlines = unresolved.map((p) => p.deadlineOn ?? '9999-12-31')
    expect(deadlines).toEqual([...deadlines].sort())
  })
})

// Issue 11, finding 9: findings someone else made, deadlines and sources are not the village's to rewrite.
describe('the integrity of findings and deadlines (issue 11)', () => {
  const scope = () => ({ campaignId, villageId: village('红星村') })
  const overdueOne = async (extra: Partial<Parameters<typeof createProblem>[1]> = {}) =>
    registered({ description: '逾期未整改的问题', today: '2026-11-20', deadline: { kind: 'date', on: '2026-11-25' }, actor: actor('hongxing', new Date('2026-11-20T03:00:00Z')), ...extra })
  const isOverdueOnDashboard = async (id: number) => {
    const followUps = await listOpenFollowUps(t.db, townshipId, campaignId, TOWNSHIP_VIEWER)
    return attentionFor([], followUps, TODAY).overdue.some((f) => f.kind === 'problem' && f.id === id)
  }

  it("a village cadre cannot rewrite an inspector's finding", async () => {
    const { id } = await registered({ source: 'inspector', description: '督查发现：户主刘某系村干部亲属，违规享受低保', actor: actor('inspector') })
    const before = await row(id)
    const result = await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, description: '材料不全', deadline: null, today: TODAY, actor: actor('hongxing') })
    expect(result).toEqual({ ok: false, kind: 'invalid', errors: { description: 'findingReadOnly', deadline: 'deadlineLocked' } })
    expect(await row(id)).toEqual(before)
    // a public report is someone else's record too; the village's own finding stays the village's to describe
    const report = await registered({ source: 'publicReport', description: '群众举报：某户有经营性车辆' })
    expect(await updateProblem(t.db, { ...scope(), problemId: report.id, expectedVersion: 0, description: '无', today: TODAY, actor: actor('hongxing') })).toMatchObject({ ok: false, errors: { description: 'findingReadOnly' } })
    const own = await registered()
    expect(await updateProblem(t.db, { ...scope(), problemId: own.id, expectedVersion: 0, description: '家庭有小汽车未申报（已核实车主）', today: TODAY, actor: actor('hongxing') })).toMatchObject({ ok: true })
  })

  it('a cleared deadline does not take a problem off the overdue list', async () => {
    const { id } = await overdueOne()
    expect(await isOverdueOnDashboard(id)).toBe(true)
    const cleared = await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, deadline: null, today: TODAY, actor: actor('hongxing') })
    expect(cleared).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineLocked' } })
    const moved = await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, deadline: { kind: 'workingDays', days: 10 }, today: TODAY, actor: actor('hongxing') })
    expect(moved).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineLocked' } })
    expect((await row(id)).deadline_on).toBe('2026-11-25')
    expect(await isOverdueOnDashboard(id)).toBe(true)
    // only rectification takes it off
    await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, status: 'rectifying', today: TODAY, actor: actor('hongxing') })
    expect(await isOverdueOnDashboard(id)).toBe(true)
  })

  it('refuses a deadline more than a year on (9999-12-31), and lets a problem without one be given one once', async () => {
    for (const on of ['9999-12-31', '2027-12-01']) {
      const result = await createProblem(t.db, { ...scope(), category: 'irregular', source: 'selfInspection', description: '永不逾期', deadline: { kind: 'date', on }, today: TODAY, actor: actor('hongxing') })
      expect(result, on).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineTooFar' } })
    }
    const { id } = await registered({ deadline: null })
    expect(await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, deadline: { kind: 'date', on: '2026-11-01' }, today: TODAY, actor: actor('hongxing') })).toMatchObject({ errors: { deadline: 'deadlinePast' } })
    expect(await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 0, deadline: { kind: 'date', on: '2026-12-10' }, today: TODAY, actor: actor('hongxing') })).toMatchObject({ ok: true, deadlineOn: '2026-12-10' })
    expect(await updateProblem(t.db, { ...scope(), problemId: id, expectedVersion: 1, deadline: { kind: 'date', on: '2026-12-31' }, today: TODAY, actor: actor('hongxing') })).toMatchObject({ errors: { deadline: 'deadlineLocked' } })
  })

  it('only a leader or inspector extends a deadline, with a reason, and the dashboard shows it as extended', async () => {
    const { id } = await overdueOne()
    const extend = (extra: Partial<Parameters<typeof extendDeadline>[1]>) =>
      extendDeadline(t.db, { ...scope(), problemId: id, expectedVersion: 0, deadline: { kind: 'date', on: '2026-12-01' }, reason: '户主外出务工，需本人到场', today: TODAY, actor: actor('leader'), ...extra })
    expect(await extend({ reason: '  ' })).toEqual({ ok: false, kind: 'invalid', errors: { reason: 'reasonRequired' }, currentDeadline: '2026-11-25' })
    expect(await extend({ deadline: { kind: 'date', on: '9999-12-31' } })).toMatchObject({ ok: false, errors: { deadline: 'deadlineTooFar' } })
    expect(await extend({ reason: '理由\u0000' })).toMatchObject({ ok: false, errors: { reason: 'controlCharacters' } })
    expect((await row(id)).deadline_on).toBe('2026-11-25')
    expect(await extend({})).toMatchObject({ ok: true, version: 1, deadlineOn: '2026-12-01' })
    expect(await extend({ expectedVersion: 1, deadline: { kind: 'date', on: '2026-11-30' }, actor: actor('inspector') })).toMatchObject({ ok: false, errors: { deadline: 'extensionNotLater' } })
    const rows = await t.db.selectFrom('problem_deadline_extensions').selectAll().where('problem_id', '=', id).execute()
    expect(rows).toEqual([expect.objectContaining({ old_deadline_on: '2026-11-25', new_deadline_on: '2026-12-01', reason: '户主外出务工，需本人到场', granted_by_user_id: users.get('leader'), granted_at: AT.toISOString() })])
    const audit = (await auditOf(id)).at(-1)!
    expect(audit.action).toBe('problem.extendDeadline')
    expect(JSON.parse(audit.before!)).toEqual({ deadline_on: '2026-11-25' })
    expect(JSON.parse(audit.after!)).toEqual({ deadline_on: '2026-12-01', note: '户主外出务工，需本人到场' })
    // off the overdue list (a leader moved it), onto due-soon, marked as extended with the original day
    expect(await isOverdueOnDashboard(id)).toBe(false)
    const followUp = (await listOpenFollowUps(t.db, townshipId, campaignId, TOWNSHIP_VIEWER)).find((f) => f.kind === 'problem' && f.id === id)
    expect(followUp).toMatchObject({ deadline: '2026-12-01', extendedFrom: '2026-11-25' })
    expect((await listProblems(t.db, { ...scope(), today: TODAY })).find((p) => p.id === id)).toMatchObject({ extendedFrom: '2026-11-25', overdue: false })
    const detail = await getProblem(t.db, { ...scope(), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.extensions).toEqual([expect.objectContaining({ oldDeadlineOn: '2026-11-25', newDeadlineOn: '2026-12-01', grantedByName: names.get('leader') })])
    // a verified problem is not extended any more
    const done = await registered()
    await updateProblem(t.db, { ...scope(), problemId: done.id, expectedVersion: 0, status: 'rectifying', today: TODAY, actor: actor('hongxing') })
    await updateProblem(t.db, { ...scope(), problemId: done.id, expectedVersion: 1, status: 'rectified', today: TODAY, actor: actor('hongxing') })
    expect(await extendDeadline(t.db, { ...scope(), problemId: done.id, expectedVersion: 2, deadline: { kind: 'date', on: '2026-12-20' }, reason: '再宽限', today: TODAY, actor: actor('leader') })).toMatchObject({ ok: false, kind: 'refused', refusal: 'notNow' })
  })

  it('refuses control characters in the text a person types', async () => {
    const result = await createProblem(t.db, { ...scope(), category: 'irregular', source: 'selfInspection', description: '描述\u0000截断', responsiblePerson: '王\t建军', today: TODAY, actor: actor('hongxing') })
    expect(result).toEqual({ ok: false, kind: 'invalid', errors: { description: 'controlCharacters', responsiblePerson: 'controlCharacters' } })
    // a newline or a tab in long text is fine
    expect(await registered({ description: '第一行\n第二行\t附注' })).toMatchObject({ ok: true })
  })
})
