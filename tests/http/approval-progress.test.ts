// 审批进度 on the pages (issue 15), against the built server and its demo township (proposals at every step): the
// dashboard's village table has the column, the township's figures the panel, and the attention lists each open
// proposal's step deadline linking to its page — as /dashboard.json says; the village page lists them too.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const { signedIn, villages } = useDemoServer()

interface FollowUpJson {
  kind: string
  id: number
  villageName: string
  path: string | null
  title: string
}
interface Approvals {
  proposed: number
  inNotice: number
  objections: number
  countyApproved: number
  returned: number
  overdue: number
}

describe('审批进度 on the dashboard and the village page', () => {
  it('shows each village’s approval figures and every open proposal’s step deadline the JSON gives', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as {
      townships: Array<{
        totals: { approvals: Approvals }
        villages: Array<{ name: string; approvals: Approvals }>
        attention: { overdue: FollowUpJson[]; dueSoon: FollowUpJson[] }
      }>
    }
    const township = data.townships[0]
    // not vacuous: the demo has proposals awaiting the township, approved, and past a step's deadline
    expect(township.totals.approvals.proposed).toBeGreaterThan(0)
    expect(township.totals.approvals.countyApproved).toBeGreaterThan(0)
    const items = [...township.attention.overdue, ...township.attention.dueSoon].filter((f) => f.kind === 'approval')
    expect(items.length).toBeGreaterThan(0)

    const page = await (await leader.get('/dashboard?attention=all')).text()
    expect(page).toContain('<th scope="col">审批进度</th>')
    for (const v of township.villages) {
      const a = v.approvals
      const label = `${v.name}审批进度：待镇审核${a.proposed}件，公示中${a.inNotice}件（异议${a.objections}件），已批准${a.countyApproved}件，退回${a.returned}件，逾期${a.overdue}件`
      if (a.proposed + a.inNotice + a.countyApproved + a.returned + a.overdue > 0) expect(page, v.name).toContain(`aria-label="${label}"`)
    }
    for (const f of items) {
      expect(f.path).toBe(`/proposals/${f.id}`)
      expect(f.title).toMatch(/· (镇审核 截止|公示期满|县审批 截止) \d{4}-\d{2}-\d{2}$/)
      expect(page, f.title).toContain(`href="/proposals/${f.id}"`)
    }
  })

  it('lists the step deadline on its village’s page, for the village’s cadre too', async () => {
    const leader = await signedIn('leader')
    const data = (await (await leader.get('/dashboard.json')).json()) as { townships: Array<{ attention: { overdue: FollowUpJson[] } }> }
    const overdue = data.townships[0].attention.overdue.find((f) => f.kind === 'approval')
    expect(overdue).toBeDefined()
    const cadreName: Record<string, string> = { 张庄村: 'zhangzhuang', 柳树屯村: 'liushutun', 河西村: 'hexi', 大孙庄村: 'dasunzhuang', 南关社区: 'nanguan' }
    const username = cadreName[overdue!.villageName]
    expect(username, overdue!.villageName).toBeDefined()
    const cadre = await signedIn(username)
    const page = await (await cadre.get(`/villages/${villages.get(overdue!.villageName)}`)).text()
    expect(page).toContain(`href="/proposals/${overdue!.id}"`)
    expect(page).toContain('审批期限')
  })
})
