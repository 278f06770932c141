import { describe, expect, it } from 'vitest'
import { TOWNSHIP_VIEWER } from '../../app/models/campaign.server'
import { getCountyOverview, getDashboardExport } from '../../app/models/county.server'
import { submitSummaryReport } from '../../app/models/summarySubmission.server'
import { addTownshipTasks, listTownshipTasks, updateTownshipTask, type TownshipTaskUpdate } from '../../app/models/townshipTasks.server'
import { getTownshipDashboard } from '../../app/models/townshipOverview.server'
import { windowsFromStart } from '../../workflows/rules/campaignPlan'
import { pianYiTemplate } from '../../workflows/template'
import { auditRows, useDemoDatabase } from '../support/factories'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'

const t = useDemoDatabase()

/** Another township of the county with a leader and a campaign (open unless said) started on `startOn`, its duties written. */
async function otherTownship(name: string, startOn: string, status: 'open' | 'closed' = 'open') {
  return t.db.transaction().execute(async (tx) => {
    const township = await tx.insertInto('townships').values({ name, county_name: '青山县' }).returning('id').executeTakeFirstOrThrow()
    const leader = await tx
      .insertInto('users')
      .values({
        username: `${name}-leader`,
        display_name: `${name}镇长`,
        password_hash: 'x',
        role: 'leader',
        township_id: township.id,
        updated_at: DEMO_AT.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const windows = windowsFromStart(pianYiTemplate, startOn)
    const campaign = await tx
      .insertInto('campaigns')
      .values({
        township_id: township.id,
        name: `${name}专项整治`,
        template_key: pianYiTemplate.key,
        status,
        started_on: startOn,
        closed_on: status === 'closed' ? windows[3].ends_on : null,
        summary_due_on: windows[3].ends_on,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx
      .insertInto('campaign_phases')
      .values(windows.map((w, i) => ({ campaign_id: campaign.id, phase: w.phase, sort_order: i, starts_on: w.starts_on, ends_on: w.ends_on })))
      .execute()
    await addTownshipTasks(tx, { id: campaign.id, townshipId: township.id, templateKey: pianYiTemplate.key, windows }, DEMO_AT)
    return { townshipId: township.id, leaderId: leader.id, campaignId: campaign.id }
  })
}

async function demoTask(key: string) {
  const task = (await listTownshipTasks(t.db, t.campaignId, DEMO_TODAY)).find((x) => x.key === key)
  if (!task) throw new Error(`no duty ${key}`)
  return task
}

function edit(task: Awaited<ReturnType<typeof demoTask>>, changes: Partial<TownshipTaskUpdate> = {}): TownshipTaskUpdate {
  return {
    townshipId: t.townshipId,
    taskId: task.id,
    ownerUserId: task.ownerUserId,
    ownerName: task.ownerName,
    dueOn: task.dueOn,
    done: task.doneOn !== null,
    doneOn: task.doneOn,
    evidenceNote: task.evidenceNote,
    expectedVersion: task.version,
    ...changes,
  }
}

describe('乡镇工作清单 (the township duties)', () => {
  it('lists the template’s five duties, due inside the windows, the mobilisation ones done by the leader with their evidence', async () => {
    const tasks = await listTownshipTasks(t.db, t.campaignId, DEMO_TODAY)
    // the demo's mobilisation window is 2026-09-30 … 2026-10-14, the summary window ends 2026-12-21
    expect(tasks.map((x) => [x.label, x.dueOn])).toEqual([
      ['制定专项整治方案', '2026-10-06'],
      ['召开动员部署会', '2026-10-09'],
      ['成立工作专班', '2026-10-09'],
      ['公布举报电话', '2026-10-14'],
      ['汇总上报总结报告', '2026-12-21'],
    ])
    const plan = tasks[0]
    expect(plan).toMatchObject({
      owner: t.names.get('leader'),
      doneOn: '2026-10-04',
      doneBy: t.names.get('leader'),
      evidenceNote: '镇政发〔2026〕12号',
      overdue: false,
    })
    expect(tasks[4]).toMatchObject({ doneOn: null, overdue: false })
    // the same summary duty read a day after its due day is overdue
    expect((await listTownshipTasks(t.db, t.campaignId, '2026-12-22'))[4].overdue).toBe(true)
  })

  it('saves an owner written by hand, a due day and evidence, audited; a second save from the same page is a conflict', async () => {
    const summary = await demoTask('summaryReport')
    const first = await updateTownshipTask(t.db, edit(summary, { ownerName: '民政所 周主任', evidenceNote: '已布置各村报送总结' }), t.actor('leader'))
    expect(first).toEqual({ ok: true })
    const saved = await demoTask('summaryReport')
    expect(saved).toMatchObject({ owner: '民政所 周主任', evidenceNote: '已布置各村报送总结', version: summary.version + 1 })
    const rows = await auditRows(t.db, 'township_task', summary.id)
    expect(rows.at(-1)).toMatchObject({ action: 'townshipTask.update' })

    const stale = await updateTownshipTask(t.db, edit(summary, { evidenceNote: '另一份说明' }), t.actor('admin'))
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', version: summary.version + 1 })
    if (stale.ok || stale.kind !== 'conflict') throw new Error('expected a conflict')
    expect(stale.changes.find((c) => c.field === 'evidenceNote')).toMatchObject({ theirs: '已布置各村报送总结', mine: '另一份说明', by: t.names.get('leader') })
    expect((await demoTask('summaryReport')).evidenceNote).toBe('已布置各村报送总结')
  })

  it('refuses a done day in the future, a bad date and evidence over 200 characters, writing nothing', async () => {
    const hotline = await demoTask('hotline')
    expect(await updateTownshipTask(t.db, edit(hotline, { doneOn: '2026-11-30' }), t.actor('leader'))).toEqual({ ok: false, kind: 'future' })
    expect(await updateTownshipTask(t.db, edit(hotline, { doneOn: '2026-02-30' }), t.actor('leader'))).toEqual({ ok: false, kind: 'invalidDate' })
    expect(await updateTownshipTask(t.db, edit(hotline, { evidenceNote: '证'.repeat(201) }), t.actor('leader'))).toEqual({ ok: false, kind: 'noteTooLong' })
    expect(await demoTask('hotline')).toEqual(hotline)
  })

  it('refuses an owner from another township, or a village cadre, as the duty’s owner', async () => {
    const other = await otherTownship('白杨镇', '2026-11-01')
    const meeting = await demoTask('meeting')
    expect(await updateTownshipTask(t.db, edit(meeting, { ownerUserId: other.leaderId }), t.actor('leader'))).toEqual({ ok: false, kind: 'ownerNotInTownship' })
    expect(await updateTownshipTask(t.db, edit(meeting, { ownerUserId: t.userId('dongfeng') }), t.actor('leader'))).toEqual({
      ok: false,
      kind: 'ownerNotInTownship',
    })
    // and another township's duty is not found from this township
    const theirs = (await listTownshipTasks(t.db, other.campaignId, DEMO_TODAY))[0]
    expect(await updateTownshipTask(t.db, { ...edit(meeting), taskId: theirs.id }, t.actor('leader'))).toEqual({ ok: false, kind: 'notFound' })
    expect(await demoTask('meeting')).toEqual(meeting)
  })

  it('submits the summary report: the day and who recorded, the campaign’s version moved on, the duty done that day; a second submit is refused', async () => {
    const before = await t.db.selectFrom('campaigns').select(['version']).where('id', '=', t.campaignId).executeTakeFirstOrThrow()
    const result = await submitSummaryReport(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, expectedVersion: before.version }, t.actor('leader'))
    expect(result).toEqual({ ok: true, submittedOn: DEMO_TODAY })
    const campaign = await t.db
      .selectFrom('campaigns')
      .select(['summary_submitted_on', 'summary_submitted_by_user_id', 'version'])
      .where('id', '=', t.campaignId)
      .executeTakeFirstOrThrow()
    expect(campaign).toEqual({ summary_submitted_on: DEMO_TODAY, summary_submitted_by_user_id: t.userId('leader'), version: before.version + 1 })
    expect(await demoTask('summaryReport')).toMatchObject({ doneOn: DEMO_TODAY, doneBy: t.names.get('leader') })
    expect((await auditRows(t.db, 'campaign', t.campaignId)).map((r) => r.action)).toContain('campaign.summarySubmitted')

    const again = await submitSummaryReport(t.db, { townshipId: t.townshipId, campaignId: t.campaignId, expectedVersion: before.version + 1 }, t.actor('admin'))
    expect(again).toEqual({ ok: false, kind: 'alreadySubmitted', submittedOn: DEMO_TODAY })
    // the county sees it submitted
    const county = await getCountyOverview(t.db, '青山县', DEMO_TODAY)
    expect(county.townships.find((tw) => tw.id === t.townshipId)).toMatchObject({ summarySubmittedOn: DEMO_TODAY, summaryDueOn: '2026-12-21' })
  })

  it('refuses to submit another township’s campaign, and a stale page is a conflict', async () => {
    const other = await otherTownship('东岭镇', '2026-11-01')
    expect(await submitSummaryReport(t.db, { townshipId: t.townshipId, campaignId: other.campaignId }, t.actor('leader'))).toEqual({
      ok: false,
      kind: 'notFound',
    })
    const stale = await submitSummaryReport(
      t.db,
      { townshipId: other.townshipId, campaignId: other.campaignId, expectedVersion: 7 },
      { userId: other.leaderId, at: DEMO_AT },
    )
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', version: 0 })
    const row = await t.db.selectFrom('campaigns').select('summary_submitted_on').where('id', '=', other.campaignId).executeTakeFirstOrThrow()
    expect(row.summary_submitted_on).toBeNull()
  })

  it('takes "today" in Shanghai: 23:30 is still the 29th, 00:30 is already the 30th', async () => {
    const late = await otherTownship('西坡镇', '2026-10-01')
    const early = await otherTownship('南湾镇', '2026-10-01')
    const at2330 = new Date('2026-11-29T15:30:00Z')
    const at0030 = new Date('2026-11-29T16:30:00Z')
    expect(await submitSummaryReport(t.db, { townshipId: late.townshipId, campaignId: late.campaignId }, { userId: late.leaderId, at: at2330 })).toEqual({
      ok: true,
      submittedOn: '2026-11-29',
    })
    expect(await submitSummaryReport(t.db, { townshipId: early.townshipId, campaignId: early.campaignId }, { userId: early.leaderId, at: at0030 })).toEqual({
      ok: true,
      submittedOn: '2026-11-30',
    })
    // a duty done "on the 30th": the future at 23:30 on the 29th, today half an hour after midnight
    const [plan] = await listTownshipTasks(t.db, late.campaignId, '2026-11-29')
    const input = {
      townshipId: late.townshipId,
      taskId: plan.id,
      ownerUserId: null,
      ownerName: null,
      dueOn: plan.dueOn,
      done: true,
      doneOn: '2026-11-30',
      evidenceNote: null,
    }
    expect(await updateTownshipTask(t.db, input, { userId: late.leaderId, at: at2330 })).toEqual({ ok: false, kind: 'future' })
    expect(await updateTownshipTask(t.db, input, { userId: late.leaderId, at: at0030 })).toEqual({ ok: true })
  })
})

describe('a closed campaign stays readable', () => {
  it('reads a township without any campaign yet without failing: no campaign, no duties, no earlier campaigns', async () => {
    const { id } = await t.db.insertInto('townships').values({ name: '新建镇', county_name: '青山县' }).returning('id').executeTakeFirstOrThrow()
    const page = (await getTownshipDashboard(t.db, id, DEMO_TODAY, TOWNSHIP_VIEWER, new URLSearchParams()))!
    expect(page).toMatchObject({ duties: null, campaigns: [], chosenCampaign: false })
    expect(page.overview.campaign).toBeNull()
    expect(page.overview.villages).toEqual([])
  })

  it('shows an earlier campaign by ?campaign=, refuses another township’s, and keeps its duties read only', async () => {
    const older = await otherTownship('北山镇', '2026-03-01', 'closed')
    const newer = await t.db.transaction().execute(async (tx) => {
      const windows = windowsFromStart(pianYiTemplate, '2026-11-01')
      const c = await tx
        .insertInto('campaigns')
        .values({ township_id: older.townshipId, name: '北山镇第二次专项整治', template_key: pianYiTemplate.key, started_on: '2026-11-01' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await addTownshipTasks(tx, { id: c.id, townshipId: older.townshipId, templateKey: pianYiTemplate.key, windows }, DEMO_AT)
      return c.id
    })
    const page = (q: string) => getTownshipDashboard(t.db, older.townshipId, DEMO_TODAY, TOWNSHIP_VIEWER, new URLSearchParams(q))
    const current = (await page(''))!
    expect(current.overview.campaign?.id).toBe(newer)
    expect(current.campaigns.map((c) => [c.id, c.status])).toEqual([
      [newer, 'open'],
      [older.campaignId, 'closed'],
    ])
    const earlier = (await page(`campaign=${older.campaignId}`))!
    expect(earlier.overview.campaign).toMatchObject({ id: older.campaignId, status: 'closed' })
    expect(earlier.duties?.campaign).toMatchObject({ status: 'closed', closedOn: '2026-06-06' })
    expect(earlier.duties?.tasks).toHaveLength(5)
    expect(await page(`campaign=${t.campaignId}`)).toBeNull()
    expect(await page('campaign=abc')).toBeNull()
    // the exports read the same campaign, and refuse another township's
    const scope = { kind: 'township', townshipId: older.townshipId } as const
    expect((await getDashboardExport(t.db, scope, DEMO_TODAY, TOWNSHIP_VIEWER, older.campaignId))?.townships[0].campaign).toMatchObject({
      id: older.campaignId,
      status: 'closed',
    })
    expect(await getDashboardExport(t.db, scope, DEMO_TODAY, TOWNSHIP_VIEWER, t.campaignId)).toBeNull()
    // a duty of the closed campaign cannot be changed
    const [plan] = earlier.duties!.tasks
    const input = {
      townshipId: older.townshipId,
      taskId: plan.id,
      ownerUserId: null,
      ownerName: '某人',
      dueOn: plan.dueOn,
      done: false,
      doneOn: null,
      evidenceNote: null,
    }
    expect(await updateTownshipTask(t.db, input, { userId: older.leaderId, at: DEMO_AT })).toEqual({ ok: false, kind: 'closed' })
  })
})
