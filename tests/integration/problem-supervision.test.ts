// 专人督办 of serious problems (issue 15) on the demo township, on both databases: a leader or inspector marks a
// problem found by self-inspection or inspection as serious and names a supervisor with a deadline — versioned and
// audited; the register and the follow-ups show it; the dashboard counts it; the reports stay redacted for a cadre.
import { describe, expect, it } from 'vitest'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { assignProblemSupervisor, listProblemSupervisors } from '../../app/models/problemSupervision.server'
import { getProblem, listProblems } from '../../app/models/problems.server'
import { verifyProblem, updateProblem } from '../../app/models/problemWrites.server'
import { getTownshipOverview } from '../../app/models/townshipOverview.server'
import { listOpenFollowUps } from '../../app/models/villageProgress.server'
import { DEMO_TODAY } from '../support/demo'
import { auditRows, createTestComplaint, createTestProblem, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

function assign(problemId: number, extra: Partial<Parameters<typeof assignProblemSupervisor>[1]> = {}) {
  return assignProblemSupervisor(t.db, {
    campaignId: t.campaignId,
    villageId: t.village('红星村'),
    townshipId: t.townshipId,
    problemId,
    expectedVersion: 0,
    supervisorUserId: t.userId('inspector'),
    deadline: { kind: 'date', on: '2026-12-10' },
    today: DEMO_TODAY,
    actor: t.actor('leader'),
    ...extra,
  })
}

describe('专人督办 of a serious problem', () => {
  it('marks a self-inspection problem serious with its supervisor and deadline, versioned and audited', async () => {
    const before = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER, {})
    const { id } = await createTestProblem(t)
    const result = await assign(id)
    expect(result).toMatchObject({ ok: true, version: 1 })
    const row = await t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ is_serious: 1, supervisor_user_id: t.userId('inspector'), supervisor_deadline_on: '2026-12-10', version: 1 })
    const audits = await auditRows(t.db, 'problem', id)
    expect(audits.at(-1)).toMatchObject({ action: 'problem.assignSupervisor', actor_user_id: t.userId('leader') })
    expect(JSON.parse(audits.at(-1)!.after ?? '{}')).toMatchObject({
      is_serious: 1,
      supervisor_deadline_on: '2026-12-10',
      supervisor: t.names.get('inspector'),
    })

    // the register and the problem's page say who supervises it and by when
    const listed = (await listProblems(t.db, { campaignId: t.campaignId, villageId: t.village('红星村'), today: DEMO_TODAY })).find((p) => p.id === id)!
    expect(listed.supervision).toEqual({
      supervisorUserId: t.userId('inspector'),
      supervisorName: t.names.get('inspector'),
      deadlineOn: '2026-12-10',
      overdue: false,
    })
    const page = await getProblem(t.db, { campaignId: t.campaignId, villageId: t.village('红星村'), problemId: id, today: '2026-12-11' })
    expect(page.ok && page.detail.problem.supervision?.overdue).toBe(true)

    // the supervisor's deadline is a follow-up of its own, and the dashboard counts the problem under supervision
    const items = await listOpenFollowUps(t.db, t.townshipId, t.campaignId, TOWNSHIP_VIEWER, t.village('红星村'))
    expect(items.filter((f) => f.kind === 'problemSupervision' && f.id === id)).toEqual([
      expect.objectContaining({ deadline: '2026-12-10', responsible: t.names.get('inspector'), path: `/villages/${t.village('红星村')}/problems/${id}` }),
    ])
    const after = await getTownshipOverview(t.db, t.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER, {})
    const of = (o: typeof after) => o.villages.find((v) => v.name === '红星村')!.seriousSupervised
    expect(of(after)).toBe(of(before) + 1)
    expect(after.totals.seriousSupervised).toBe(before.totals.seriousSupervised + 1)
  })

  it('refuses a stale version, writing nothing', async () => {
    const { id } = await createTestProblem(t)
    expect((await assign(id)).ok).toBe(true)
    const stale = await assign(id, { supervisorUserId: t.userId('leader'), expectedVersion: 0 })
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', currentVersion: 1 })
    expect((await t.db.selectFrom('problems').select('supervisor_user_id').where('id', '=', id).executeTakeFirstOrThrow()).supervisor_user_id).toBe(
      t.userId('inspector'),
    )
    // the current version changes the supervisor
    expect(await assign(id, { supervisorUserId: t.userId('leader'), expectedVersion: 1 })).toMatchObject({ ok: true, version: 2 })
  })

  it('names only an active leader or inspector of the township as supervisor, with a deadline not in the past', async () => {
    const { id } = await createTestProblem(t)
    for (const username of ['hongxing', 'county', 'baocun', 'admin'])
      expect(await assign(id, { supervisorUserId: t.userId(username) }), username).toMatchObject({
        ok: false,
        kind: 'invalid',
        errors: { supervisorUserId: 'supervisorInvalid' },
      })
    expect(await assign(id, { deadline: { kind: 'date', on: '2026-11-01' } })).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: { deadline: 'deadlinePast' },
    })
    expect((await t.db.selectFrom('problems').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version).toBe(0)
    const offered = await listProblemSupervisors(t.db, t.townshipId)
    expect(offered.length).toBeGreaterThan(0)
    expect(offered.every((u) => u.role === 'leader' || u.role === 'inspector')).toBe(true)
  })

  it('counts working days on the township’s calendar', async () => {
    const { id } = await createTestProblem(t)
    const result = await assign(id, { deadline: { kind: 'workingDays', days: 5 } })
    expect(result.ok).toBe(true)
    // Sunday 11-29 + 5 working days: Mon 11-30 … Fri 12-04
    expect((await t.db.selectFrom('problems').select('supervisor_deadline_on').where('id', '=', id).executeTakeFirstOrThrow()).supervisor_deadline_on).toBe(
      '2026-12-04',
    )
  })

  it('is only for problems found by self-inspection or inspection, and still being rectified', async () => {
    const { id: reported } = await createTestProblem(t, { source: 'publicReport', actor: t.actor('inspector') })
    expect(await assign(reported)).toMatchObject({ ok: false, kind: 'refused', refusal: 'notSeriousSource' })
    const { id: found } = await createTestProblem(t, { source: 'inspector', actor: t.actor('inspector') })
    expect((await assign(found)).ok).toBe(true)

    const { id: done } = await createTestProblem(t)
    const village = { campaignId: t.campaignId, villageId: t.village('红星村'), problemId: done, today: DEMO_TODAY, actor: t.actor('hongxing') }
    expect((await updateProblem(t.db, { ...village, expectedVersion: 0, status: 'rectifying' })).ok).toBe(true)
    expect((await updateProblem(t.db, { ...village, expectedVersion: 1, status: 'rectified' })).ok).toBe(true)
    expect((await verifyProblem(t.db, { ...village, expectedVersion: 2, decision: 'accept', actor: t.actor('inspector') })).ok).toBe(true)
    expect(await assign(done, { expectedVersion: 3 })).toMatchObject({ ok: false, kind: 'refused', refusal: 'notNow' })
  })

  it('leaves a cadre’s follow-ups as redacted as before: the problem’s supervision, never a report’s', async () => {
    const { id } = await createTestProblem(t)
    expect((await assign(id)).ok).toBe(true)
    await createTestComplaint(t, { villageId: t.village('红星村') })
    const cadre = { role: 'cadre' as const, villageId: t.village('红星村') }
    const items = await listOpenFollowUps(t.db, t.townshipId, t.campaignId, cadre, t.village('红星村'))
    expect(items.some((f) => f.kind === 'problemSupervision' && f.id === id)).toBe(true)
    expect(items.filter((f) => f.kind === 'complaint' || f.kind === 'supervisor')).toEqual([])
  })
})
