// `npm run init` for a real county, run as a person runs it: the command in its own process on this test's database
// (SQLite, or PostgreSQL under npm run test:pg), the password on standard input, the exit code and what it prints.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCampaign, planCampaign } from '../../app/models/campaignCreate.server'
import { initCounty, initTownship, initVillages } from '../../seed/initSteps'
import { forgetProcess, registerProcess } from '../support/processes'
import { createTestDatabase, type TestDatabase } from '../support/database'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.destroy())

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * `npm run init -- …args`. `password` is written to standard input and the input closed; without it, standard input
 * stays open and unwritten — a command that waited for a password would never end (it is killed after 20 s).
 */
function init(args: string[], password?: string): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'seed/init-township.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const pid = child.pid
  if (pid !== undefined) registerProcess(pid)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  if (password !== undefined) child.stdin.end(`${password}\n`)
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer)
      if (pid !== undefined) forgetProcess(pid)
      child.stdin.destroy()
      resolve({ code, stdout, stderr })
    }),
  )
}

const count = async (table: 'counties' | 'townships' | 'users' | 'villages') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function snapshot() {
  return { counties: await count('counties'), townships: await count('townships'), users: await count('users'), villages: await count('villages') }
}

describe('setting up a real county from the command line', () => {
  it('creates the county and its bureau administrator, and a second run changes nothing without asking for a password', async () => {
    const first = await init(['--county', '青山县', '--county-admin', 'qsx-admin'], 'a-long-password')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('已创建县“青山县”。')
    expect(first.stdout).toContain('已创建青山县县民政局管理员 qsx-admin。')
    expect(await t.db.selectFrom('counties').select('name').execute()).toEqual([{ name: '青山县' }])
    const admin = await t.db
      .selectFrom('users')
      .select(['role', 'county_name', 'county_admin', 'display_name', 'township_id'])
      .where('username', '=', 'qsx-admin')
      .executeTakeFirstOrThrow()
    expect(admin).toEqual({ role: 'county', county_name: '青山县', county_admin: 1, display_name: '县民政局管理员', township_id: null })

    const again = await init(['--county', '青山县', '--county-admin', 'qsx-admin'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('县“青山县”已存在，未改动。')
    expect(again.stdout).toContain('县民政局管理员 qsx-admin 已存在，未改动。')
    expect(await snapshot()).toEqual({ counties: 1, townships: 0, users: 1, villages: 0 })
  })

  it('refuses a township of a county that was never created, naming the command to run first', async () => {
    const run = await init(['--township', '白杨镇', '--county', '黄县', '--admin', 'baiyang'], 'a-long-password')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('县“黄县”尚未创建：请先运行 npm run init -- --county 黄县 --county-admin 用户名')
    expect(await count('townships')).toBe(0)
  })

  it('adds a township with its administrator to the county, and the same command again is a no-op', async () => {
    const first = await init(['--township', '白杨镇', '--county', '青山县', '--admin', 'baiyang'], 'a-long-password')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('已创建乡镇“白杨镇”（青山县')
    expect(first.stdout).toContain('已创建乡镇“白杨镇”的管理员 baiyang。')
    const township = await t.db.selectFrom('townships').select(['id', 'county_name']).where('name', '=', '白杨镇').executeTakeFirstOrThrow()
    expect(township.county_name).toBe('青山县')
    const admin = await t.db.selectFrom('users').select(['role', 'township_id']).where('username', '=', 'baiyang').executeTakeFirstOrThrow()
    expect(admin).toEqual({ role: 'admin', township_id: township.id })

    const again = await init(['--township', '白杨镇', '--county', '青山县', '--admin', 'baiyang'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('乡镇“白杨镇”已存在，未改动。')
    expect(again.stdout).toContain('管理员 baiyang 已存在，未改动。')
    expect(await snapshot()).toEqual({ counties: 1, townships: 1, users: 2, villages: 0 })
  })

  it('refuses a clash with a Chinese reason (exit 1) before asking for a password, and writes nothing', async () => {
    const before = await snapshot()
    // the county administrator's username is a township administrator's: the command exits 1 without reading stdin
    const county = await init(['--county', '青山县', '--county-admin', 'baiyang'])
    expect(county.code).toBe(1)
    expect(county.stderr).toContain('用户名“baiyang”已被使用（乡镇“白杨镇”的管理员）')
    // the other clashes, through the same steps the command runs, in this process
    const noPassword = () => Promise.reject(new Error('asked for a password'))
    const township = (name: string, countyName: string, adminUsername: string) =>
      initTownship(t.db, { township: name, county: countyName, adminUsername, password: noPassword, requireCounty: countyName !== '' })
    // a township administrator's username is the county administrator's
    await expect(township('白杨镇', '青山县', 'qsx-admin')).rejects.toThrow('用户名“qsx-admin”已被使用（青山县县民政局管理员）')
    // the administrator's name already belongs to another township
    await expect(township('红旗镇', '青山县', 'baiyang')).rejects.toThrow('用户名“baiyang”已被使用（乡镇“白杨镇”的管理员）')
    // a second administrator is added on the web, not by the command
    await expect(township('白杨镇', '', 'baiyang2')).rejects.toThrow('乡镇“白杨镇”已经存在，已有管理员 baiyang')
    // the township exists in another county
    await initCounty(t.db, { county: '黄县', adminUsername: 'hx-admin', password: 'a-long-password', bcryptCost: 4 })
    await expect(township('白杨镇', '黄县', 'baiyang')).rejects.toThrow('乡镇“白杨镇”已属于“青山县”，不能再加入“黄县”。')
    await expect(initVillages(t.db, { township: '白杨镇', county: '黄县', villages: '一村' })).rejects.toThrow('乡镇“白杨镇”属于“青山县”，不属于“黄县”。')
    // another county's administrator
    await expect(initCounty(t.db, { county: '青山县', adminUsername: 'hx-admin', password: noPassword })).rejects.toThrow(
      '用户名“hx-admin”已被使用（黄县县民政局管理员）',
    )
    // a short password
    const short = await init(['--township', '红旗镇', '--county', '青山县', '--admin', 'hongqi'], 'short')
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('管理员密码至少10个字符。')
    expect(await snapshot()).toEqual({ ...before, counties: before.counties + 1, users: before.users + 1 })
  })

  it('adds villages to a township without asking for a password: codes v01…, 社区 by its name, each name once', async () => {
    const first = await init(['--township', '白杨镇', '--villages', '东岗村，西岗村、南岗社区'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('已创建村(居)“东岗村”（代码 v01）。')
    const township = await t.db.selectFrom('townships').select('id').where('name', '=', '白杨镇').executeTakeFirstOrThrow()
    const villages = () =>
      t.db.selectFrom('villages').select(['name', 'code', 'kind', 'sort_order']).where('township_id', '=', township.id).orderBy('sort_order').execute()
    expect(await villages()).toEqual([
      { name: '东岗村', code: 'v01', kind: 'village', sort_order: 0 },
      { name: '西岗村', code: 'v02', kind: 'village', sort_order: 1 },
      { name: '南岗社区', code: 'v03', kind: 'community', sort_order: 2 },
    ])

    const again = await init(['--township', '白杨镇', '--county', '青山县', '--villages', '东岗村,北岗村'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('已创建村(居)“北岗村”（代码 v04）。')
    expect(again.stdout).toContain('村(居)“东岗村”已存在，未改动。')
    expect((await villages()).map((v) => v.code)).toEqual(['v01', 'v02', 'v03', 'v04'])

    const unknown = await init(['--township', '无名镇', '--villages', '一村'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('乡镇“无名镇”尚未创建')
  })

  it('a village added while the township’s campaign is open joins it in mobilisation with its checklist', async () => {
    const township = await t.db.selectFrom('townships').select('id').where('name', '=', '白杨镇').executeTakeFirstOrThrow()
    const planned = await planCampaign(t.db, township.id, 'pian1', '2026-12-07')
    if (!planned.ok) throw new Error(planned.kind)
    const { plan } = planned
    const created = await createCampaign(
      t.db,
      {
        townshipId: township.id,
        templateKey: 'pian1',
        name: plan.name,
        windows: plan.windows,
        checklist: plan.checklist,
        villageIds: plan.villages.map((v) => v.id),
      },
      { userId: null, at: new Date('2026-12-01T02:00:00Z') },
    )
    if (!created.ok) throw new Error(created.kind)

    const run = await init(['--township', '白杨镇', '--villages', '新庄村'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`已创建村(居)“新庄村”（代码 v05），已加入“${plan.name}”（动员部署阶段）。`)
    const village = await t.db.selectFrom('villages').select('id').where('name', '=', '新庄村').executeTakeFirstOrThrow()
    const workflow = await t.db.selectFrom('village_workflows').select(['campaign_id', 'phase']).where('village_id', '=', village.id).executeTakeFirstOrThrow()
    expect(workflow).toEqual({ campaign_id: created.campaignId, phase: 'mobilisation' })
    const items = await t.db.selectFrom('checklist_items').select('id').where('village_id', '=', village.id).execute()
    expect(items.length).toBe(plan.checklist.length)
  })

  it('keeps the township-only form: the county is the township’s own name, and gets its row', async () => {
    const run = await init(['--township', '柳河镇', '--admin', 'liuhe-admin', '--villages', '柳河村'], 'a-long-password')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('已创建县“柳河镇”。')
    expect(run.stdout).toContain('已创建村(居)“柳河村”（代码 v01）。')
    expect(await t.db.selectFrom('townships').select('county_name').where('name', '=', '柳河镇').executeTakeFirstOrThrow()).toEqual({ county_name: '柳河镇' })
    expect(await t.db.selectFrom('counties').select('id').where('name', '=', '柳河镇').execute()).toHaveLength(1)
  })

  it('gives a township created on the county’s page, still without an administrator, its first one', async () => {
    await t.db.insertInto('townships').values({ name: '青石镇', county_name: '青山县' }).execute()
    const result = await initTownship(t.db, {
      township: '青石镇',
      county: '青山县',
      adminUsername: 'qingshi-admin',
      password: 'a-long-password',
      bcryptCost: 4,
      requireCounty: true,
    })
    expect(result.lines).toEqual(['乡镇“青石镇”已存在，未改动。', '已创建乡镇“青石镇”的管理员 qingshi-admin。'])
    const admin = await t.db.selectFrom('users').select(['role', 'township_id']).where('username', '=', 'qingshi-admin').executeTakeFirstOrThrow()
    expect(admin).toEqual({ role: 'admin', township_id: result.townshipId })
  })

  it('answers a command line that is none of the three forms with the usage in Chinese (exit 2)', async () => {
    const before = await snapshot()
    const wrong = [[], ['--township', '白杨镇'], ['--county', '青山县', '--county-admin', 'x', '--admin', 'y'], ['--bogus', '1']]
    // refused before the database is opened, so they may run side by side
    const runs = await Promise.all(wrong.map((args) => init(args)))
    runs.forEach((run, i) => {
      expect(run.code, wrong[i].join(' ')).toBe(2)
      expect(run.stderr).toContain('用法（密码从标准输入读取，只在创建账号时读取）')
    })
    expect(await snapshot()).toEqual(before)
  })
})
