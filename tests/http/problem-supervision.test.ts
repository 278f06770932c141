// 专人督办 of a serious problem through the problem's page (issue 15), against the built server: a township leader
// or inspector names the supervisor and deadline with a plain POST; the register then says "专人督办：姓名，期限 …";
// the village's cadre, a 包村干部 and the county cannot, and their posts change nothing.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { problemPages } from '../support/problemPages'

const demo = useDemoServer()
const { query, signedIn, users, names, villages } = demo
const pages = problemPages(demo)

/** A self-inspection problem of the village, registered by its cadre through the form. */
async function registered(village: string, cadreName: string) {
  const cadre = await signedIn(cadreName)
  const res = await cadre.post(`/villages/${villages.get(village)}/problems?index`, {
    intent: 'register',
    category: 'irregular',
    description: '严重问题：多户未入户核实',
    measure: '逐户补充入户核实',
    responsiblePerson: '刘芳',
    deadlineOn: '2026-12-20',
  })
  expect(res.status).toBe(302)
  return Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
}

const versionOf = (id: number) => query<{ version: number }>('select version from problems where id = ?', id)[0].version

describe('专人督办 on the problem page', () => {
  it('lets a township leader name an inspector as supervisor, and the register shows it', async () => {
    const { id } = await pages.registerAsHongxing()
    const leader = await signedIn('leader')
    const page = await (await leader.get(pages.problemPath('红星村', id))).text()
    expect(page).toContain('<label')
    expect(page).toContain('督办人')
    expect(page).toContain('列为严重问题并派专人督办')
    const res = await leader.post(pages.problemPath('红星村', id), {
      intent: 'assignSupervisor',
      version: '0',
      supervisorUserId: String(users.get('inspector')),
      deadlineOn: '2026-12-10',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('done=assignSupervisor')
    expect(query('select is_serious, supervisor_user_id, supervisor_deadline_on, version from problems where id = ?', id)[0]).toEqual({
      is_serious: 1,
      supervisor_user_id: users.get('inspector'),
      supervisor_deadline_on: '2026-12-10',
      version: 1,
    })
    const register = await (await leader.get(pages.registerPath('红星村'))).text()
    expect(register).toContain(`专人督办：${names.get('inspector')}，期限 2026-12-10`)
    // the history names it in Chinese
    expect(await (await leader.get(pages.problemPath('红星村', id))).text()).toContain('列为严重问题，派专人督办')
  })

  it('answers a stale form with 409 and a supervisor who is not a leader or inspector with 422, changing nothing', async () => {
    const { id } = await pages.registerAsHongxing()
    const inspector = await signedIn('inspector')
    const form = { intent: 'assignSupervisor', version: '0', supervisorUserId: String(users.get('leader')), deadlineOn: '2026-12-10' }
    expect((await inspector.post(pages.problemPath('红星村', id), { ...form, supervisorUserId: String(users.get('hongxing')) })).status).toBe(422)
    expect(versionOf(id)).toBe(0)
    expect((await inspector.post(pages.problemPath('红星村', id), form)).status).toBe(302)
    expect((await inspector.post(pages.problemPath('红星村', id), form)).status).toBe(409)
    expect(versionOf(id)).toBe(1)
  })

  it('refuses the village’s cadre, a 包村干部 and the county', async () => {
    const id = await registered('柳树屯村', 'liushutun')
    const path = `/villages/${villages.get('柳树屯村')}/problems/${id}`
    const form = { intent: 'assignSupervisor', version: '0', supervisorUserId: String(users.get('inspector')), deadlineOn: '2026-12-10' }
    for (const username of ['liushutun', 'baocun', 'county']) {
      const browser = await signedIn(username)
      expect((await browser.post(path, form)).status, username).toBe(403)
      expect(await (await browser.get(path)).text(), username).not.toContain('列为严重问题并派专人督办')
    }
    expect(versionOf(id)).toBe(0)
  })
})
