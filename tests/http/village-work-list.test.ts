import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

// 待办事项 on the village page and its count in the navigation (issue 17), as the built server sends them.
const { villages, query, signedIn } = useDemoServer()

/** The text of an HTML page with its tags taken out, for what a person reads. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the village cadre’s work list over HTTP', () => {
  it('shows 红星村’s cadre the overdue order first with the link that answers it, and counts the village’s items in the navigation', async () => {
    const cadre = await signedIn('hongxing')
    const id = villages.get('红星村')!
    const [order] = query<{ id: number; reason: string }>("select id, reason from rectification_orders where village_id = ? and status = 'open'", id)
    const html = await (await cadre.get(`/villages/${id}`)).text()
    const text = textOf(html)
    expect(text).toContain('待办事项')
    expect(text).toContain(order.reason)
    expect(html).toContain(`href="/villages/${id}/orders/${order.id}"`)
    expect(html).toContain(`aria-label="报送整改情况：${order.reason.slice(0, 40)}"`)
    // the navigation's count is the heading's: what waits on the village
    const count = Number(/本村\(居\)需要办理（(\d+)项）/.exec(text)?.[1])
    expect(count).toBeGreaterThan(0)
    expect(text).toContain(`（${count}项待办）`)
  })

  it('gives a cadre no word of a public report but that it is being verified, while the inspector reads it and may verify it', async () => {
    const id = villages.get('王家庄村')!
    const [report] = query<{ id: number; content: string }>("select id, content from complaints where village_id = ? and status = 'open'", id)
    const cadreHtml = await (await (await signedIn('wangjiazhuang')).get(`/villages/${id}`)).text()
    expect(textOf(cadreHtml)).toContain('有1件群众举报正在核实中')
    expect(cadreHtml).not.toContain(report.content)
    expect(cadreHtml).not.toContain(`/complaints/${report.id}`)
    const inspectorHtml = await (await (await signedIn('inspector')).get(`/villages/${id}`)).text()
    expect(inspectorHtml).toContain(report.content)
    expect(inspectorHtml).toContain(`href="/complaints/${report.id}"`)
    expect(textOf(inspectorHtml)).toContain('核实举报')
    // the inspector answers nothing for the village: no 报送整改情况 or 登记整改情况 links
    expect(inspectorHtml).not.toMatch(/aria-label="(报送整改情况|登记整改情况)：/)
  })

  it('refuses another village’s cadre the page and shows no count in a navigation without a village', async () => {
    const other = await signedIn('dongfeng')
    expect((await other.get(`/villages/${villages.get('红星村')}`)).status).toBe(403)
    const leader = await signedIn('leader')
    expect(textOf(await (await leader.get('/dashboard')).text())).not.toContain('项待办）')
  })
})
