// Creating and closing a campaign on a township built from nothing (no demo seed): 白杨镇 with three villages, its
// administrator and its leader; 红旗乡 beside it for the cases that need a township of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeCampaign, createCampaign, planCampaign, type CreateCampaignInput } from '../../app/models/campaignCreate.server'
import { createVillage } from '../../app/models/villages.server'
import { createCampaignFromCli } from '../../seed/campaign-create'
import { initTownship } from '../../seed/init-township'
import { windowsFromStart } from '../../workflows/rules/campaignPlan'
import { pianYiTemplate } from '../../workflows/template'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { countRows } from '../support/factories'
import { spawnTsx } from '../support/server'

let t: TestDatabase
let baiyang: number
let hongqi: number
let adminId: number
const villages: Record<string, number> = {}
// the morning the campaign is created, and the windows from the Monday after
const AT = new Date('2026-12-01T02:00:00Z')
const START = '2026-12-07'

async function addVillage(townshipId: number, name: string, code: string, at = AT) {
  const result = await createVillage(t.db, townshipId, { name, code, kind: 'village', leaderUserId: null }, { actorUserId: adminId, at })
  if (!result.ok) throw new Error(result.problem)
  villages[name] = result.villageId
  return result.villageId
}

async function addHouseholds(villageId: number, n: number) {
  for (let i = 0; i < n; i++)
    await t.db
      .insertInto('households')
      .values({
        village_id: villageId,
        head_name: `户主${villageId}-${i}`,
        id_number: `1101051949123${String(villageId).padStart(2, '0')}${String(i).padStart(3, '0')}`,
        member_count: 2,
        covered_count: 2,
        category: '农村低保A类',
        monthly_amount_fen: 60000,
        updated_at: AT.toISOString(),
      })
      .execute()
}

/** The form's defaults for a township, as the page would post them unchanged. */
async function defaultInput(townshipId: number, start = START): Promise<CreateCampaignInput> {
  const planned = await planCampaign(t.db, townshipId, 'pian1', start)
  if (!planned.ok) throw new Error(planned.kind)
  const { plan } = planned
  return {
    townshipId,
    templateKey: plan.template.key,
    name: plan.name,
    windows: plan.windows.map(({ phase, starts_on, ends_on }) => ({ phase, starts_on, ends_on })),
    checklist: plan.checklist,
    villageIds: plan.villages.map((v) => v.id),
  }
}

const leader = (at = AT) => ({ userId: adminId, at })

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false })
  ;({ townshipId: baiyang, adminId } = await initTownship(t.db, {
    township: '白杨镇',
    county: '青山县',
    adminUsername: 'baiyang-admin',
    password: 'a-long-password',
    bcryptCost: 4,
  }))
  ;({ townshipId: hongqi } = await initTownship(t.db, {
    township: '红旗乡',
    county: '青山县',
    adminUsername: 'hongqi-admin',
    password: 'a-long-password',
    bcryptCost: 4,
  }))
  for (const [name, code] of [
    ['东岗村', 'donggang'],
    ['西岗村', 'xigang'],
    ['南岗村', 'nangang'],
  ])
    await addVillage(baiyang, name, code)
  await addVillage(hongqi, '红旗村', 'hongqi')
  await addHouseholds(villages['东岗村'], 3)
})
afterAll(async () => t?.destroy())

describe('planning a campaign', () => {
  it('offers the township’s name, the template’s windows with their working days, its checklist and every village', async () => {
    const planned = await planCampaign(t.db, baiyang, 'pian1', START)
    expect(planned.ok).toBe(true)
    if (!planned.ok) return
    expect(planned.plan.name).toBe('白杨镇“人情保”“错保”专项整治')
    expect(planned.plan.windows.map((w) => [w.phase, w.starts_on, w.ends_on])).toEqual(
      windowsFromStart(pianYiTemplate, START).map((w) => [w.phase, w.starts_on, w.ends_on]),
    )
    // 2026-12-07 (Monday) to 12-20 (Sunday): two working weeks
    expect(planned.plan.windows[0]).toMatchObject({ label: '动员部署', workingDays: 10 })
    expect(planned.plan.villages.map((v) => v.name)).toEqual(['东岗村', '西岗村', '南岗村'])
    expect(planned.plan.checklist.filter((c) => c.phase === 'mobilisation').map((c) => c.label)).toContain('召开动员部署会议')
    expect(planned.plan.templates.map((x) => x.key)).toEqual(['pian-yi'])
    expect(planned.plan.openCampaign).toBeNull()
    expect(await planCampaign(t.db, baiyang, 'no-such-template', START)).toEqual({ ok: false, kind: 'unknownTemplate' })
  })
})

describe('creating a campaign', () => {
  it('refuses villages of another township and writes nothing', async () => {
    const input = await defaultInput(baiyang)
    const result = await createCampaign(t.db, { ...input, villageIds: [villages['东岗村'], villages['红旗村']] }, leader())
    expect(result).toEqual({ ok: false, kind: 'foreignVillages' })
    expect(await countRows(t.db, 'campaigns')).toBe(0)
    expect(await countRows(t.db, 'village_workflows')).toBe(0)
  })

  it('refuses an empty or too long name, overlapping windows, an empty or overfull phase, a too long item, no village and an unknown template', async () => {
    const input = await defaultInput(baiyang)
    expect(await createCampaign(t.db, { ...input, name: '  ' }, leader())).toEqual({ ok: false, kind: 'nameInvalid' })
    const overlapping = input.windows.map((w) => (w.phase === 'supervision' ? { ...w, starts_on: input.windows[1].ends_on } : w))
    expect(await createCampaign(t.db, { ...input, windows: overlapping }, leader())).toMatchObject({
      ok: false,
      kind: 'invalidWindows',
      problems: [{ phase: 'supervision', code: 'overlapsPrevious' }],
    })
    const noSummary = input.checklist.filter((c) => c.phase !== 'summary')
    expect(await createCampaign(t.db, { ...input, checklist: noSummary }, leader())).toEqual({
      ok: false,
      kind: 'badChecklist',
      problems: [{ phase: 'summary', code: 'emptyPhase' }],
    })
    expect(await createCampaign(t.db, { ...input, villageIds: [] }, leader())).toEqual({ ok: false, kind: 'noVillages' })
    expect(await createCampaign(t.db, { ...input, name: '专'.repeat(61) }, leader())).toEqual({ ok: false, kind: 'nameInvalid' })
    const sixteen = [...input.checklist, ...Array.from({ length: 12 }, (_, i) => ({ phase: 'summary' as const, key: '', label: `补充事项${i + 1}` }))]
    expect(await createCampaign(t.db, { ...input, checklist: sixteen }, leader())).toEqual({
      ok: false,
      kind: 'badChecklist',
      problems: [{ phase: 'summary', code: 'tooMany' }],
    })
    const long = input.checklist.map((c, i) => (i === 1 ? { ...c, label: '长'.repeat(61) } : c))
    expect(await createCampaign(t.db, { ...input, checklist: long }, leader())).toEqual({
      ok: false,
      kind: 'badChecklist',
      problems: [{ phase: 'mobilisation', index: 1, code: 'labelTooLong' }],
    })
    expect(await createCampaign(t.db, { ...input, templateKey: 'pian9' }, leader())).toEqual({ ok: false, kind: 'unknownTemplate' })
    expect(await countRows(t.db, 'campaigns')).toBe(0)
  })

  it('starts every village’s workflow in mobilisation with the township’s edited checklist, in one go', async () => {
    const input = await defaultInput(baiyang)
    // reword the first mobilisation item, remove the hotline (a blank label), add one
    const checklist = input.checklist.map((c) =>
      c.phase === 'mobilisation' && c.key === 'meeting' ? { ...c, label: '召开全镇动员部署会议' } : c.key === 'hotline' ? { ...c, label: '' } : c,
    )
    checklist.push({ phase: 'mobilisation', key: '', label: '  张贴政策宣传海报  ' })
    const result = await createCampaign(t.db, { ...input, checklist }, leader())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const campaign = await t.db.selectFrom('campaigns').selectAll().where('id', '=', result.campaignId).executeTakeFirstOrThrow()
    expect(campaign).toMatchObject({ status: 'open', started_on: START, summary_due_on: '2027-03-14', name: '白杨镇“人情保”“错保”专项整治' })
    const own = await t.db
      .selectFrom('campaign_checklist_items')
      .select(['item_key', 'label'])
      .where('campaign_id', '=', result.campaignId)
      .where('phase', '=', 'mobilisation')
      .orderBy('sort_order')
      .execute()
    expect(own).toEqual([
      { item_key: 'meeting', label: '召开全镇动员部署会议' },
      { item_key: 'inspectionTeam', label: '组织核查力量' },
      { item_key: 'policyPublicity', label: '启动低保核查宣传、公开核查政策' },
      { item_key: 'custom-1', label: '张贴政策宣传海报' },
    ])
    const workflows = await t.db.selectFrom('village_workflows').select(['village_id', 'phase']).where('campaign_id', '=', result.campaignId).execute()
    expect(workflows.map((w) => w.phase)).toEqual(['mobilisation', 'mobilisation', 'mobilisation'])
    const items = await t.db
      .selectFrom('checklist_items')
      .select('item_key')
      .where('village_id', '=', villages['西岗村'])
      .where('campaign_id', '=', result.campaignId)
      .where('phase', '=', 'mobilisation')
      .orderBy('sort_order')
      .execute()
    expect(items.map((i) => i.item_key)).toEqual(['meeting', 'inspectionTeam', 'policyPublicity', 'custom-1'])
    const tasks = await t.db
      .selectFrom('township_tasks')
      .select(['label', 'due_on'])
      .where('campaign_id', '=', result.campaignId)
      .orderBy('sort_order')
      .execute()
    expect(tasks).toContainEqual({ label: '汇总上报总结报告', due_on: '2027-03-14' })
    expect(tasks).toHaveLength(5)
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'campaign').execute()
    expect(audit.map((a) => a.action)).toEqual(['campaign.create'])
    expect(JSON.parse(audit[0].after!)).toMatchObject({ name: campaign.name, template: 'pian-yi', villages: 3 })
  })

  it('refuses a second open campaign for the same township', async () => {
    expect(await createCampaign(t.db, await defaultInput(baiyang, '2027-04-01'), leader())).toEqual({ ok: false, kind: 'openCampaignExists' })
    const planned = await planCampaign(t.db, baiyang, 'pian1', START)
    expect(planned.ok && planned.plan.openCampaign?.name).toBe('白杨镇“人情保”“错保”专项整治')
  })

  it('lets a village added later join the open campaign in mobilisation with its checklist', async () => {
    const id = await addVillage(baiyang, '北岗村', 'beigang')
    const campaign = await t.db.selectFrom('campaigns').select('id').where('township_id', '=', baiyang).executeTakeFirstOrThrow()
    const workflow = await t.db
      .selectFrom('village_workflows')
      .select('phase')
      .where('village_id', '=', id)
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirst()
    expect(workflow?.phase).toBe('mobilisation')
    const items = await t.db.selectFrom('checklist_items').select('item_key').where('village_id', '=', id).where('phase', '=', 'mobilisation').execute()
    expect(items.map((i) => i.item_key).sort()).toEqual(['custom-1', 'inspectionTeam', 'meeting', 'policyPublicity'])
  })

  it('creates only one campaign when two are created at the same time', async () => {
    const input = await defaultInput(hongqi)
    const results = await Promise.all([createCampaign(t.db, input, leader()), createCampaign(t.db, input, leader())])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, kind: 'openCampaignExists' }])
    expect(await t.db.selectFrom('campaigns').select('id').where('township_id', '=', hongqi).execute()).toHaveLength(1)
  })
})

describe('closing a campaign', () => {
  const openCampaign = () =>
    t.db.selectFrom('campaigns').select(['id', 'version', 'status']).where('township_id', '=', baiyang).where('status', '=', 'open').executeTakeFirstOrThrow()

  it('refuses while villages are still working and the last window has not ended', async () => {
    const campaign = await openCampaign()
    const result = await closeCampaign(
      t.db,
      { townshipId: baiyang, campaignId: campaign.id, expectedVersion: campaign.version },
      leader(new Date('2027-03-14T08:00:00Z')),
    )
    expect(result).toEqual({ ok: false, kind: 'villagesStillWorking', villages: 4, endsOn: '2027-03-14' })
    expect((await openCampaign()).status).toBe('open')
  })

  it('refuses a stale form and a campaign of another township', async () => {
    const campaign = await openCampaign()
    const after = leader(new Date('2027-03-15T02:00:00Z'))
    expect(await closeCampaign(t.db, { townshipId: baiyang, campaignId: campaign.id, expectedVersion: campaign.version + 1 }, after)).toEqual({
      ok: false,
      kind: 'conflict',
      version: campaign.version,
    })
    expect(await closeCampaign(t.db, { townshipId: hongqi, campaignId: campaign.id, expectedVersion: campaign.version }, after)).toEqual({
      ok: false,
      kind: 'notFound',
    })
  })

  it('closes once every village’s work is closed, before the end', async () => {
    const campaign = await t.db.selectFrom('campaigns').select(['id', 'version']).where('township_id', '=', hongqi).executeTakeFirstOrThrow()
    await t.db.updateTable('village_workflows').set({ phase: 'closed', state: 'closed' }).where('campaign_id', '=', campaign.id).execute()
    expect(await closeCampaign(t.db, { townshipId: hongqi, campaignId: campaign.id, expectedVersion: campaign.version }, leader())).toEqual({ ok: true })
    const closed = await t.db.selectFrom('campaigns').selectAll().where('id', '=', campaign.id).executeTakeFirstOrThrow()
    expect(closed).toMatchObject({ status: 'closed', closed_on: '2026-12-01', closed_by_user_id: adminId, version: campaign.version + 1 })
  })

  it('closes after the last window has ended, and a new campaign follows it with the households kept', async () => {
    const campaign = await openCampaign()
    const households = await t.db.selectFrom('households').select('id').where('village_id', '=', villages['东岗村']).execute()
    const after = new Date('2027-03-15T02:00:00Z')
    expect(await closeCampaign(t.db, { townshipId: baiyang, campaignId: campaign.id, expectedVersion: campaign.version }, leader(after))).toEqual({ ok: true })
    expect(await closeCampaign(t.db, { townshipId: baiyang, campaignId: campaign.id, expectedVersion: campaign.version + 1 }, leader(after))).toEqual({
      ok: false,
      kind: 'alreadyClosed',
    })
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'campaign').where('entity_id', '=', campaign.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.close'])

    const next = await createCampaign(t.db, await defaultInput(baiyang, '2027-04-05'), leader(after))
    expect(next.ok).toBe(true)
    if (!next.ok) return
    expect(await t.db.selectFrom('households').select('id').where('village_id', '=', villages['东岗村']).execute()).toEqual(households)
    const workflows = await t.db.selectFrom('village_workflows').select('phase').where('campaign_id', '=', next.campaignId).execute()
    expect(workflows).toHaveLength(4)
    // the closed campaign stays as it was
    expect((await t.db.selectFrom('campaigns').select('status').where('id', '=', campaign.id).executeTakeFirstOrThrow()).status).toBe('closed')
  })
})

describe('npm run campaign:create', () => {
  it('prints the campaign, its windows with working days, the villages enrolled and the township’s duties', async () => {
    const village = await addVillage(hongqi, '红星村', 'hongxing')
    expect(village).toBeGreaterThan(0)
    const result = await createCampaignFromCli(t.db, {
      township: '红旗乡',
      template: 'pian1',
      start: '2027-01-04',
      villages: ['红星村'],
      user: 'tester',
      at: AT,
    })
    expect(result.exitCode).toBe(0)
    if (result.exitCode !== 0) return
    expect(result.output).toMatchObject({ name: '红旗乡“人情保”“错保”专项整治', template: 'pian-yi', villagesEnrolled: ['红星村'] })
    expect(result.output.windows[0]).toEqual({ phase: 'mobilisation', label: '动员部署', starts_on: '2027-01-04', ends_on: '2027-01-17', workingDays: 10 })
    expect(result.output.townshipTasks.map((x) => x.label)).toContain('汇总上报总结报告')
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'after'])
      .where('action', '=', 'campaign.create')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(audit.actor_user_id).toBeNull()
    expect(JSON.parse(audit.after!).operator).toBe('命令行（tester）')
  })

  it('exits 1 with a Chinese reason when the township already has an open campaign, and 2 without a township', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawnTsx(['seed/campaign-create.ts', ...args], { DATABASE_URL: t.url })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d) => (stdout += d))
        child.stderr.on('data', (d) => (stderr += d))
        child.on('exit', (code) => resolve({ code, stdout, stderr }))
      })
    const clash = await run(['--township', '红旗乡', '--template', 'pian1', '--start', '2027-02-01'])
    expect(clash.code).toBe(1)
    expect(clash.stderr).toContain('本镇已有进行中的专项整治')
    expect(clash.stdout).toBe('')
    const usage = await run(['--template', 'pian1'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('用法')
  })
})
