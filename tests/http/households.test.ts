import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'

let db: Database.Database
const { server, villages, signedIn } = useDemoServer()

beforeAll(async () => {
  db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
})
afterAll(() => db?.close())

const FULL_ID = /\d{17}[\dX]/

function firstHousehold(village: string, where = '1 = 1'): { id: number; id_number: string; head_name: string } {
  return db.prepare(`select id, id_number, head_name from households where village_id = ? and ${where} order by id limit 1`).get(villages.get(village)) as never
}
function reviewOf(householdId: number) {
  return db.prepare('select * from household_reviews where household_id = ?').get(householdId) as Record<string, unknown> | undefined
}
function householdOf(householdId: number) {
  return db.prepare('select * from households where id = ?').get(householdId) as Record<string, unknown>
}
function auditCount(): number {
  return (db.prepare('select count(*) as n from audit_log').get() as { n: number }).n
}
/** The value of a hidden input, whatever the attribute order. */
function hiddenValue(html: string, name: string): string {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
  return /value="([^"]*)"/.exec(tag)?.[1] ?? ''
}
const formPath = (village: string, householdId: number) => `/villages/${villages.get(village)}/households/${householdId}`

function postForm(browser: Browser, path: string, fields: Array<[string, string]>) {
  return browser.request(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

const keepForm = (version: number | string): Array<[string, string]> => [
  ['version', String(version)],
  ['incomeChecked', 'on'],
  ['propertyChecked', 'on'],
  ['homeVisitOn', '2026-11-28'],
  ['homeVisitBy', '王建国、李秀英'],
  ['riskSignals', 'privateCar'],
  ['riskSignals', 'pension'],
  ['outcome', 'keep'],
  ['notes', '经入户核实，车辆已过户'],
]

describe('a cadre reaches only their own village’s households', () => {
  it('refuses another village’s household by its village id or by its household id, and changes nothing', async () => {
    const cadre = await signedIn('dongfeng')
    const theirs = firstHousehold('红星村')
    const before = { review: reviewOf(theirs.id), household: householdOf(theirs.id), audits: auditCount() }

    const viaVillage = formPath('红星村', theirs.id)
    const viaHousehold = `/villages/${villages.get('东风村')}/households/${theirs.id}`
    for (const path of [viaVillage, viaHousehold, `${viaVillage}/print`, `${viaHousehold}/print`, `/villages/${villages.get('红星村')}/households`]) {
      const res = await cadre.get(path)
      expect(res.status, path).toBe(403)
      const html = await res.text()
      expect(html).toContain('无权访问')
      expect(html).not.toContain(theirs.head_name)
    }
    for (const path of [viaVillage, viaHousehold]) {
      const res = await postForm(cadre, `${path}?index`, keepForm(String(before.review?.version ?? 0)))
      expect(res.status, path).toBe(403)
    }
    expect(reviewOf(theirs.id)).toEqual(before.review)
    expect(householdOf(theirs.id)).toEqual(before.household)
    expect(auditCount()).toBe(before.audits)
  })

  it('lets an inspector read a review but not save it', async () => {
    const inspector = await signedIn('inspector')
    const household = firstHousehold('河西村')
    const before = reviewOf(household.id)
    const page = await inspector.get(formPath('河西村', household.id))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('只读')
    expect(html).not.toContain('保存复核登记')
    const res = await postForm(inspector, `${formPath('河西村', household.id)}?index`, keepForm(String(before?.version ?? 0)))
    expect(res.status).toBe(403)
    expect(reviewOf(household.id)).toEqual(before)
    expect((await inspector.get(`/villages/${villages.get('河西村')}/households/new`)).status).toBe(403)
  })
})

describe('the cadre’s own review form without JavaScript', () => {
  it('saves a plain form post and goes back to the roster with a 已保存 message', async () => {
    const cadre = await signedIn('dongfeng')
    const household = firstHousehold('东风村', "enrolment = 'roster'")
    const page = await cadre.get(`${formPath('东风村', household.id)}?back=${encodeURIComponent('filter=unreviewed')}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('复核认定情况登记表')
    expect(html).not.toMatch(FULL_ID)
    expect(html).toMatch(/<form[^>]* method="post"[^>]* action="\/villages\/\d+\/households\/\d+\?index/)
    for (const label of [
      // 家庭经济状况核查: each income with its source (近亲属备案 has its own page, not this form)
      '家庭经济状况核查',
      '工资性收入（元/月）',
      '工资性收入的数据来源',
      '有机动车辆',
      '入户调查日期',
      '入户调查人员',
      '群众有异议',
      '拥有私家车辆',
      '停止保障原因',
      '追回低保金（元）',
      '罚款（元）',
      '备注',
    ])
      expect(html).toContain(label)
    const version = hiddenValue(html, 'version')
    const returnTo = hiddenValue(html, 'returnTo')
    expect(returnTo).toBe('filter=unreviewed')

    const res = await postForm(cadre, `${formPath('东风村', household.id)}?index`, [...keepForm(version), ['returnTo', returnTo]])
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/villages/${villages.get('东风村')}/households?filter=unreviewed&saved=${household.id}`)
    expect(reviewOf(household.id)).toMatchObject({
      version: Number(version) + 1,
      outcome: 'keep',
      home_visit_on: '2026-11-28',
      risk_signals: '["privateCar","pension"]',
    })
    const roster = await (await cadre.get(res.headers.get('location')!)).text()
    expect(roster).toContain(`已保存：${household.head_name}户的复核认定情况。`)
  })

  it('shows Chinese errors next to the fields, keeps what was typed, and saves nothing', async () => {
    const cadre = await signedIn('dongfeng')
    const household = firstHousehold('东风村', "enrolment = 'roster' and id > (select min(id) from households)")
    const before = reviewOf(household.id)
    const res = await postForm(cadre, `${formPath('东风村', household.id)}?index`, [
      ['version', String(before?.version ?? 0)],
      ['outcome', 'fraud'],
      ['fraudRecovered', '-12'],
      ['fraudFine', '3.555'],
      ['exitOn', '2026-11-20'],
      ['notes', '留着这段备注'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('金额不能为负数。')
    expect(html).toContain('金额最多保留两位小数（到分）。')
    expect(html).toMatch(/id="[^"]*fraudRecovered[^"]*-error"/)
    expect(html).toContain('留着这段备注')
    expect(reviewOf(household.id)).toEqual(before)
  })

  it('shows what someone else changed instead of overwriting it, with the form re-filled with their values', async () => {
    const cadre = await signedIn('dongfeng')
    const household = firstHousehold('东风村', "enrolment = 'roster' and id > (select min(id) + 5 from households where village_id = households.village_id)")
    const stale = String((reviewOf(household.id)?.version as number | undefined) ?? 0)
    // someone saves first …
    expect(
      (
        await postForm(cadre, `${formPath('东风村', household.id)}?index`, [
          ['version', stale],
          ['outcome', 'keep'],
          ['homeVisitOn', '2026-11-27'],
          ['homeVisitBy', '先保存的人'],
        ])
      ).status,
    ).toBe(302)
    const saved = reviewOf(household.id)
    // … then a second form, opened before that save, arrives
    const res = await postForm(cadre, `${formPath('东风村', household.id)}?index`, [
      ['version', stale],
      ['outcome', 'exit'],
      ['exitReason', '后来者的清退原因'],
      ['exitOn', '2026-12-01'],
    ])
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('已有其他人保存了这户的复核登记')
    expect(html).toContain('先保存的人')
    expect(html).toContain('后来者的清退原因')
    expect(hiddenValue(html, 'version')).toBe(String(saved!.version))
    expect(reviewOf(household.id)).toEqual(saved)
  })
})

describe('the roster', () => {
  it('never contains a full 18-digit ID number, and finds a household by the last digits', async () => {
    const cadre = await signedIn('dongfeng')
    const roster = await cadre.get(`/villages/${villages.get('东风村')}/households`)
    expect(roster.status).toBe(200)
    const html = await roster.text()
    expect(html).not.toMatch(FULL_ID)
    expect(html).toMatch(/\d{4}\*{10}[\dX]{4}/)
    const household = firstHousehold('东风村')
    const found = await (await cadre.get(`/villages/${villages.get('东风村')}/households?q=${household.id_number.slice(-4)}`)).text()
    expect(found).toContain(household.head_name)
    expect(found).not.toMatch(FULL_ID)
    const filtered = await cadre.get(`/villages/${villages.get('东风村')}/households?filter=unreviewed`)
    expect(filtered.status).toBe(200)
  })

  it('lets the cadre add a missed family, counted as a new enrolment, and refuses the same ID number twice', async () => {
    const cadre = await signedIn('dongfeng')
    const fields: Array<[string, string]> = [
      ['headName', '孙桂芝'],
      ['idNumber', '11010519491231002X'],
      ['memberCount', '2'],
      ['coveredCount', '2'],
      ['category', '农村低保B类'],
      ['monthlyAmount', '620.50'],
    ]
    const path = `/villages/${villages.get('东风村')}/households/new`
    expect((await cadre.get(path)).status).toBe(200)
    const res = await postForm(cadre, path, fields)
    expect(res.status).toBe(302)
    const row = db.prepare("select * from households where id_number = '11010519491231002X'").get() as Record<string, unknown>
    expect(row).toMatchObject({ enrolment: 'newlyEnrolled', monthly_amount_fen: 62050, village_id: villages.get('东风村') })
    const again = await postForm(cadre, path, fields)
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('该身份证号已在本村(居)低保名册中，不能重复纳入。')
  })
})

describe('the print view', () => {
  it('is an A4 page with the form’s title, the masked ID number and the signature lines', async () => {
    const leader = await signedIn('leader')
    const household = firstHousehold('东风村')
    const res = await leader.get(`${formPath('东风村', household.id)}/print`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('城乡低保对象复核认定情况登记表')
    expect(html).toContain('size: A4')
    for (const text of ['清河镇', '东风村', '复核人（签字）', '村(居)委会意见']) expect(html).toContain(text)
    expect(html).not.toMatch(FULL_ID)
  })
})
