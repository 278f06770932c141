// Problems (问题台账), part two: deadlines on the dashboard, the register list and the integrity of findings and
// deadlines (issue 11). Registering, the status flow and concurrent editing: problems.test.ts.
import { describe, expect, it } from 'vitest'
import { attentionFor, TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { listOpenFollowUps } from '../../app/models/villageProgress.server'
import { createProblem, extendDeadline, updateProblem, type UpdateProblemInput } from '../../app/models/problemWrites.server'
import { getProblem, listProblems } from '../../app/models/problems.server'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { auditRows, createTestProblem, useDemoDatabase } from '../support/factories'

const TODAY = DEMO_TODAY
const AT = DEMO_AT
const t = useDemoDatabase()
const { village, actor } = t

const row = (id: number) => t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const auditOf = (id: number) => auditRows(t.db, 'problem', id)
/** A problem of 红星村 registered by its cadre, ready to be worked on. */
const registered = (extra: Partial<Parameters<typeof createProblem>[1]> = {}) => createTestProblem(t, extra)
const scope = () => ({ campaignId: t.campaignId, villageId: village('红星村') })
/** 红星村's cadre edits a problem today */
const update = (problemId: number, expectedVersion: number, extra: Partial<UpdateProblemInput> = {}) =>
  updateProblem(t.db, { ...scope(), problemId, expectedVersion, today: TODAY, actor: actor('hongxing'), ...extra })

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
    const followUps = await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)
    expect(followUps).toContainEqual(
      expect.objectContaining({ kind: 'problem', id, villageId: village('红星村'), deadline: '2026-11-25', responsible: '王建军' }),
    )
    const attention = attentionFor([], followUps, TODAY)
    expect(attention.overdue.map((f) => f.id)).toContain(id)
    expect((await listProblems(t.db, { campaignId: t.campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === id)).toMatchObject({
      overdue: true,
      daysOverdue: 4,
    })

    await update(id, 0, { status: 'rectifying' })
    expect((await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).some((f) => f.kind === 'problem' && f.id === id)).toBe(true)
    await update(id, 1, { status: 'rectified' })
    expect((await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).some((f) => f.kind === 'problem' && f.id === id)).toBe(false)
    expect((await listProblems(t.db, { campaignId: t.campaignId, villageId: village('红星村'), today: TODAY })).find((p) => p.id === id)).toMatchObject({
      overdue: false,
    })
  })

  // issue 11: a deadline once set moves only by an extension, so moving it (even into the past) is 'deadlineLocked'
  it('keeps a deadline that has already passed when other fields are edited, but refuses moving it', async () => {
    const { id } = await registered({ today: '2026-11-20', deadline: { kind: 'date', on: '2026-11-25' } })
    expect(await update(id, 0, { measure: '补充措施', deadline: { kind: 'date', on: '2026-11-25' } })).toMatchObject({ ok: true })
    expect(await update(id, 1, { deadline: { kind: 'date', on: '2026-11-26' } })).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'deadlineLocked' },
    })
  })
})

describe('the register list', () => {
  it('filters by status and puts unresolved problems first, soonest deadline first', async () => {
    const all = await listProblems(t.db, { campaignId: t.campaignId, villageId: village('红星村'), today: TODAY })
    const rectified = await listProblems(t.db, { campaignId: t.campaignId, villageId: village('红星村'), status: 'rectified', today: TODAY })
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
  const overdueOne = async (extra: Partial<Parameters<typeof createProblem>[1]> = {}) =>
    registered({
      description: '逾期未整改的问题',
      today: '2026-11-20',
      deadline: { kind: 'date', on: '2026-11-25' },
      actor: actor('hongxing', new Date('2026-11-20T03:00:00Z')),
      ...extra,
    })
  const isOverdueOnDashboard = async (id: number) => {
    const followUps = await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)
    return attentionFor([], followUps, TODAY).overdue.some((f) => f.kind === 'problem' && f.id === id)
  }

  it("a village cadre cannot rewrite an inspector's finding", async () => {
    const { id } = await registered({ source: 'inspector', description: '督查发现：户主刘某系村干部亲属，违规享受低保', actor: actor('inspector') })
    const before = await row(id)
    const result = await update(id, 0, { description: '材料不全', deadline: null })
    expect(result).toEqual({ ok: false, kind: 'invalid', errors: { description: 'findingReadOnly', deadline: 'deadlineLocked' } })
    expect(await row(id)).toEqual(before)
    // a public report is someone else's record too; the village's own finding stays the village's to describe
    const report = await registered({ source: 'publicReport', description: '群众举报：某户有经营性车辆' })
    expect(await update(report.id, 0, { description: '无' })).toMatchObject({ ok: false, errors: { description: 'findingReadOnly' } })
    const own = await registered()
    expect(await update(own.id, 0, { description: '家庭有小汽车未申报（已核实车主）' })).toMatchObject({ ok: true })
  })

  it('a cleared deadline does not take a problem off the overdue list', async () => {
    const { id } = await overdueOne()
    expect(await isOverdueOnDashboard(id)).toBe(true)
    const cleared = await update(id, 0, { deadline: null })
    expect(cleared).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineLocked' } })
    const moved = await update(id, 0, { deadline: { kind: 'workingDays', days: 10 } })
    expect(moved).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineLocked' } })
    expect((await row(id)).deadline_on).toBe('2026-11-25')
    expect(await isOverdueOnDashboard(id)).toBe(true)
    // only rectification takes it off
    await update(id, 0, { status: 'rectifying' })
    expect(await isOverdueOnDashboard(id)).toBe(true)
  })

  it('refuses a deadline more than a year on (9999-12-31), and lets a problem without one be given one once', async () => {
    for (const on of ['9999-12-31', '2027-12-01']) {
      const result = await createProblem(t.db, {
        ...scope(),
        category: 'irregular',
        source: 'selfInspection',
        description: '永不逾期',
        deadline: { kind: 'date', on },
        today: TODAY,
        actor: actor('hongxing'),
      })
      expect(result, on).toEqual({ ok: false, kind: 'invalid', errors: { deadline: 'deadlineTooFar' } })
    }
    const { id } = await registered({ deadline: null })
    expect(await update(id, 0, { deadline: { kind: 'date', on: '2026-11-01' } })).toMatchObject({ errors: { deadline: 'deadlinePast' } })
    expect(await update(id, 0, { deadline: { kind: 'date', on: '2026-12-10' } })).toMatchObject({ ok: true, deadlineOn: '2026-12-10' })
    expect(await update(id, 1, { deadline: { kind: 'date', on: '2026-12-31' } })).toMatchObject({ errors: { deadline: 'deadlineLocked' } })
  })

  it('only a leader or inspector extends a deadline, with a reason, and the dashboard shows it as extended', async () => {
    const { id } = await overdueOne()
    const extend = (extra: Partial<Parameters<typeof extendDeadline>[1]>) =>
      extendDeadline(t.db, {
        ...scope(),
        problemId: id,
        expectedVersion: 0,
        deadline: { kind: 'date', on: '2026-12-01' },
        reason: '户主外出务工，需本人到场',
        today: TODAY,
        actor: actor('leader'),
        ...extra,
      })
    expect(await extend({ reason: '  ' })).toEqual({ ok: false, kind: 'invalid', errors: { reason: 'reasonRequired' }, currentDeadline: '2026-11-25' })
    expect(await extend({ deadline: { kind: 'date', on: '9999-12-31' } })).toMatchObject({ ok: false, errors: { deadline: 'deadlineTooFar' } })
    expect(await extend({ reason: '理由\u0000' })).toMatchObject({ ok: false, errors: { reason: 'controlCharacters' } })
    expect((await row(id)).deadline_on).toBe('2026-11-25')
    expect(await extend({})).toMatchObject({ ok: true, version: 1, deadlineOn: '2026-12-01' })
    expect(await extend({ expectedVersion: 1, deadline: { kind: 'date', on: '2026-11-30' }, actor: actor('inspector') })).toMatchObject({
      ok: false,
      errors: { deadline: 'extensionNotLater' },
    })
    const rows = await t.db.selectFrom('problem_deadline_extensions').selectAll().where('problem_id', '=', id).execute()
    expect(rows).toEqual([
      expect.objectContaining({
        old_deadline_on: '2026-11-25',
        new_deadline_on: '2026-12-01',
        reason: '户主外出务工，需本人到场',
        granted_by_user_id: t.users.get('leader'),
        granted_at: AT.toISOString(),
      }),
    ])
    const audit = (await auditOf(id)).at(-1)!
    expect(audit.action).toBe('problem.extendDeadline')
    expect(JSON.parse(audit.before!)).toEqual({ deadline_on: '2026-11-25' })
    expect(JSON.parse(audit.after!)).toEqual({ deadline_on: '2026-12-01', note: '户主外出务工，需本人到场' })
    // off the overdue list (a leader moved it), onto due-soon, marked as extended with the original day
    expect(await isOverdueOnDashboard(id)).toBe(false)
    const followUp = (await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER)).find((f) => f.kind === 'problem' && f.id === id)
    expect(followUp).toMatchObject({ deadline: '2026-12-01', extendedFrom: '2026-11-25' })
    expect((await listProblems(t.db, { ...scope(), today: TODAY })).find((p) => p.id === id)).toMatchObject({ extendedFrom: '2026-11-25', overdue: false })
    const detail = await getProblem(t.db, { ...scope(), problemId: id, today: TODAY })
    expect(detail.ok && detail.detail.extensions).toEqual([
      expect.objectContaining({ oldDeadlineOn: '2026-11-25', newDeadlineOn: '2026-12-01', grantedByName: t.names.get('leader') }),
    ])
    // a verified problem is not extended any more
    const done = await registered()
    await update(done.id, 0, { status: 'rectifying' })
    await update(done.id, 1, { status: 'rectified' })
    expect(
      await extendDeadline(t.db, {
        ...scope(),
        problemId: done.id,
        expectedVersion: 2,
        deadline: { kind: 'date', on: '2026-12-20' },
        reason: '再宽限',
        today: TODAY,
        actor: actor('leader'),
      }),
    ).toMatchObject({ ok: false, kind: 'refused', refusal: 'notNow' })
  })

  it('refuses control characters in the text a person types', async () => {
    const result = await createProblem(t.db, {
      ...scope(),
      category: 'irregular',
      source: 'selfInspection',
      description: '描述\u0000截断',
      responsiblePerson: '王\t建军',
      today: TODAY,
      actor: actor('hongxing'),
    })
    expect(result).toEqual({ ok: false, kind: 'invalid', errors: { description: 'controlCharacters', responsiblePerson: 'controlCharacters' } })
    // a newline or a tab in long text is fine
    expect(await registered({ description: '第一行\n第二行\t附注' })).toMatchObject({ ok: true })
  })
})
