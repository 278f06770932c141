import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { villages: ids, query, signedIn } = useDemoServer()
const read = <T>(sql: string, ...params: unknown[]): T => query<T>(sql, ...params)[0]

const villagePath = (name: string) => `/villages/${ids.get(name)}?index`

describe('the village page actions', () => {
  it('lets the cadre tick a checklist item with a plain form post', async () => {
    const cadre = await signedIn('lijiawa')
    const html = await (await cadre.get(`/villages/${ids.get('李家洼村')}`)).text()
    const itemId = /name="itemId" value="(\d+)"\/><div><label[^>]*>完成日期/.exec(html)?.[1]
    expect(itemId).toBeTruthy()
    const res = await cadre.post(villagePath('李家洼村'), {
      intent: 'checklistDone',
      itemId: itemId!,
      version: '0',
      doneOn: '2026-11-28',
      note: '入户表已收齐',
    })
    expect(res.status).toBe(302)
    expect(read<{ done_on: string; note: string }>('select done_on, note from checklist_items where id = ?', Number(itemId))).toEqual({
      done_on: '2026-11-28',
      note: '入户表已收齐',
    })
  })

  it('refuses a checklist item id of another village in the form, whichever village the URL names', async () => {
    const other = read<{ id: number }>('select id from checklist_items where village_id = ? and done_on is null order by id limit 1', ids.get('张庄村'))
    const cadre = await signedIn('lijiawa')
    expect((await cadre.post(villagePath('李家洼村'), { intent: 'checklistDone', itemId: String(other.id), version: '0', doneOn: '2026-11-28' })).status).toBe(
      403,
    )
    expect((await cadre.post(villagePath('张庄村'), { intent: 'checklistDone', itemId: String(other.id), version: '0', doneOn: '2026-11-28' })).status).toBe(
      403,
    )
    expect(read<{ done_on: string | null }>('select done_on from checklist_items where id = ?', other.id).done_on).toBeNull()
  })

  it('shows the machine reason in Chinese when a report is submitted below full coverage', async () => {
    const cadre = await signedIn('dasunzhuang')
    const version = read<{ version: number }>('select version from village_workflows where village_id = ?', ids.get('大孙庄村')).version
    const res = await cadre.post(`/villages/${ids.get('大孙庄村')}/report`, { version: String(version) })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('自查面必须达到100%')
    expect(read<{ version: number }>('select version from village_workflows where village_id = ?', ids.get('大孙庄村')).version).toBe(version)
  })

  it('keeps cadres from sending a village back and inspectors from doing the cadre work', async () => {
    const version = read<{ version: number }>('select version from village_workflows where village_id = ?', ids.get('河西村')).version
    const cadre = await signedIn('hexi')
    expect((await cadre.post(villagePath('河西村'), { intent: 'SEND_BACK', version: String(version), reason: '自己退回' })).status).toBe(403)
    const inspector = await signedIn('inspector')
    expect((await inspector.post(`/villages/${ids.get('大孙庄村')}/report`, { version: '0' })).status).toBe(403)
    const item = read<{ id: number }>('select id from checklist_items where village_id = ? order by id limit 1', ids.get('河西村'))
    expect((await inspector.post(villagePath('河西村'), { intent: 'checklistReopen', itemId: String(item.id), version: '0' })).status).toBe(403)
    expect(read<{ version: number }>('select version from village_workflows where village_id = ?', ids.get('河西村')).version).toBe(version)
  })

  it('lets the leader send a village back with a reason, and a stale second submission gets a conflict', async () => {
    const version = read<{ version: number }>('select version from village_workflows where village_id = ?', ids.get('南关社区')).version
    const leader = await signedIn('leader')
    const first = await leader.post(villagePath('南关社区'), { intent: 'SEND_BACK', version: String(version), reason: '入户调查记录不全' })
    expect(first.status).toBe(302)
    const second = await leader.post(villagePath('南关社区'), { intent: 'SEND_BACK', version: String(version), reason: '重复提交' })
    expect(second.status).toBe(409)
    expect(await second.text()).toContain('刚被其他人更新')
    const page = await (await leader.get(`/villages/${ids.get('南关社区')}`)).text()
    expect(page).toContain('入户调查记录不全')
    expect(read<{ state: string }>('select state from village_workflows where village_id = ?', ids.get('南关社区')).state).toBe('fullInspection.selfInspecting')
  })

  it('gives a cadre 403 for another village’s report page', async () => {
    const cadre = await signedIn('dongfeng')
    expect((await cadre.get(`/villages/${ids.get('红星村')}/report`)).status).toBe(403)
    expect((await cadre.get(`/villages/${ids.get('东风村')}/report`)).status).toBe(200)
  })
})
