// Issue 11, finding 10: a form loaded before someone else's save gets the conflict page, never a lost update.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { pianYiTemplate } from '../../workflows/template'

const { villages: ids, query: all, signedIn } = useDemoServer()

describe('stale forms', () => {
  it('a stale campaign-windows form shows the conflict page', async () => {
    const leader = await signedIn('leader')
    const admin = await signedIn('admin')
    const html = await (await leader.get('/campaign/windows')).text()
    const staleVersion = /name="version" value="(\d+)"/.exec(html)?.[1]
    expect(staleVersion).toBeDefined()
    const windows = all<{ phase: string; starts_on: string; ends_on: string }>('select phase, starts_on, ends_on from campaign_phases order by sort_order')
    const form = (changes: Record<string, string>, version: string) => ({
      ...Object.fromEntries(
        windows.flatMap((w) => [
          [`${w.phase}.starts_on`, w.starts_on],
          [`${w.phase}.ends_on`, w.ends_on],
        ]),
      ),
      ...changes,
      version,
    })
    const summary = windows.find((w) => w.phase === 'summary')!
    // the administrator, from the same version, moves the summary phase's end
    const theirs = '2027-01-31'
    expect((await admin.post('/campaign/windows', form({ 'summary.ends_on': theirs }, staleVersion!))).status).toBe(302)
    // the leader's older form saves another end date: a conflict showing the administrator's date, nothing written
    const res = await leader.post('/campaign/windows', form({ 'summary.ends_on': '2027-01-15' }, staleVersion!))
    expect(res.status).toBe(409)
    const page = await res.text()
    expect(page).toContain('已有其他人修改了阶段时间安排')
    expect(page).toContain(theirs)
    // who saved it, from the audit log
    expect(page).toContain('系统管理员')
    expect(all<{ ends_on: string }>("select ends_on from campaign_phases where phase = 'summary'")).toEqual([{ ends_on: theirs }])
    expect(summary.ends_on).not.toBe(theirs)
  })

  it('a stale checklist tick shows the conflict', async () => {
    const villageId = ids.get('张庄村')!
    // an item the cadre ticks by hand: those the data decides have no tick (issue 17)
    const ruled = pianYiTemplate.phases.flatMap((p) => p.checklist.filter((c) => c.rule).map((c) => `'${c.key}'`)).join(', ')
    const [item] = all<{ id: number; version: number }>(
      `select c.id, c.version from checklist_items c join village_workflows w on w.village_id = c.village_id and w.campaign_id = c.campaign_id
       where c.village_id = ? and c.phase = w.phase and c.done_on is null and c.item_key not in (${ruled}) order by c.sort_order limit 1`,
      villageId,
    )
    expect(item).toBeDefined()
    // the cadre has the village page open on a phone and on the office computer
    const phone = await signedIn('zhangzhuang')
    const office = await signedIn('zhangzhuang')
    for (const b of [phone, office]) expect(await (await b.get(`/villages/${villageId}`)).text()).toContain(`name="version" value="${item!.version}"`)
    const tick = (note: string, doneOn: string) => ({ intent: 'checklistDone', itemId: String(item!.id), version: String(item!.version), doneOn, note })
    expect((await office.post(`/villages/${villageId}?index`, tick('会议纪要已归档', '2026-11-28'))).status).toBe(302)
    const res = await phone.post(`/villages/${villageId}?index`, tick('手机上补录', '2026-11-27'))
    expect(res.status).toBe(409)
    const page = await res.text()
    expect(page).toContain('已有其他人修改了清单项')
    expect(page).toContain('会议纪要已归档')
    expect(all<{ done_on: string; note: string }>('select done_on, note from checklist_items where id = ?', item!.id)).toEqual([
      { done_on: '2026-11-28', note: '会议纪要已归档' },
    ])
    // reopening from the stale page is refused the same way
    expect(
      (await phone.post(`/villages/${villageId}?index`, { intent: 'checklistReopen', itemId: String(item!.id), version: String(item!.version) })).status,
    ).toBe(409)
    expect(all<{ done_on: string }>('select done_on from checklist_items where id = ?', item!.id)).toEqual([{ done_on: '2026-11-28' }])
  })
})
