// Issue 17 against the built server: an item the data decides cannot be ticked by a form post; the self-inspection
// report's written sections are saved (a stale save is told as a conflict) and come out in the .docx and print view.
import { describe, expect, it } from 'vitest'
import { readZipEntry } from '../support/zip'
import { useDemoServer } from '../support/factories'

const { villages: ids, query, signedIn } = useDemoServer()
const one = <T>(sql: string, ...params: unknown[]): T => query<T>(sql, ...params)[0]

describe('checklist items the data decides', () => {
  it('shows 100%入户调查 with its figure and no tick button, and refuses a hand-made tick with a Chinese reason', async () => {
    const cadre = await signedIn('lijiawa')
    const village = ids.get('李家洼村')!
    const html = await (await cadre.get(`/villages/${village}`)).text()
    expect(html).toMatch(/入户调查 \d+\/\d+户（[\d.]+%）/)
    expect(html).not.toContain('标记完成：100%入户调查')
    expect(html).toContain('佐证材料（')
    const item = one<{ id: number; version: number; done_on: string | null }>(
      "select id, version, done_on from checklist_items where village_id = ? and item_key = 'homeVisits'",
      village,
    )
    const res = await cadre.post(`/villages/${village}?index`, {
      intent: 'checklistDone',
      itemId: String(item.id),
      version: String(item.version),
      doneOn: '2026-11-28',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('此项由系统根据数据判定完成情况')
    expect(one('select id, version, done_on from checklist_items where id = ?', item.id)).toEqual(item)
  })
})

describe('the self-inspection report', () => {
  it('saves the edited 工作开展情况, refuses a stale save with 409, and prints and downloads the saved words', async () => {
    const cadre = await signedIn('zhangzhuang')
    const village = ids.get('张庄村')!
    const page = await (await cadre.get(`/villages/${village}/report`)).text()
    expect(page).toContain('一、工作开展情况')
    expect(page).toContain('（系统起草，尚未保存）')
    const form = {
      intent: 'narrative',
      version: '0',
      workDone: '村两委成立专班，逐户上门复核。',
      problemsFound: '未发现问题。',
      measures: '继续跟踪。',
      nextSteps: '做好长期公示。',
    }
    const saved = await cadre.post(`/villages/${village}/report`, form)
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe(`/villages/${village}/report?saved=narrative`)
    const stale = await cadre.post(`/villages/${village}/report`, { ...form, workDone: '另一个人的版本' })
    expect(stale.status).toBe(409)
    const conflict = await stale.text()
    expect(conflict).toContain('已有其他人修改了自查报告正文')
    expect(one<{ work_done: string; version: number }>('select work_done, version from self_inspection_narratives where village_id = ?', village)).toEqual({
      work_done: '村两委成立专班，逐户上门复核。',
      version: 1,
    })

    const docx = await cadre.get(`/villages/${village}/report.docx`)
    expect(docx.status).toBe(200)
    expect(docx.headers.get('content-type')).toContain('wordprocessingml')
    expect(docx.headers.get('content-disposition')).toContain('self-inspection-report')
    const xml = readZipEntry(new Uint8Array(await docx.arrayBuffer()), 'word/document.xml')
    expect(xml).not.toBeNull()
    for (const text of [
      '张庄村低保专项整治自查报告',
      '一、工作开展情况',
      '二、发现的问题',
      '三、整改措施',
      '四、下一步打算',
      '村两委成立专班，逐户上门复核。',
      '低保户总数（原名册）',
    ])
      expect(xml).toContain(text)

    const print = await (await cadre.get(`/villages/${village}/report/print`)).text()
    expect(print).toContain('村两委成立专班，逐户上门复核。')
    expect(print).toContain('四、下一步打算')
    expect(one<{ n: number }>("select count(*) as n from audit_log where action = 'export.selfInspectionReport' and village_id = ?", village).n).toBe(2)
  })

  it('refuses a section longer than the form allows, saving nothing', async () => {
    const cadre = await signedIn('dasunzhuang')
    const village = ids.get('大孙庄村')!
    const res = await cadre.post(`/villages/${village}/report`, {
      intent: 'narrative',
      version: '0',
      workDone: '字'.repeat(3001),
      problemsFound: '',
      measures: '',
      nextSteps: '',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('每一部分不超过3000字')
    expect(one<{ n: number }>('select count(*) as n from self_inspection_narratives where village_id = ?', village).n).toBe(0)
  })

  it('shows the submit button disabled with the machine’s reason below full coverage', async () => {
    const cadre = await signedIn('dasunzhuang')
    const html = await (await cadre.get(`/villages/${ids.get('大孙庄村')}/report`)).text()
    expect(html).toMatch(/暂不能提交：自查面必须达到100%/)
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>(提交自查报告|确认提交零报告)<\/button>/)
  })
})
