// A history reads as words (issue 12): the village's history and a household's name every action, the household or
// record it concerns, and the fields it touched in Chinese — never a code such as "export.reviewForms" or
// "incomeChecked" — for the township office and for the village's cadre, who still sees no report entries.
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'

const demo = useDemoServer()
const { villages, signedIn, query } = demo

/** An identifier a person should never read: dotted (export.reviewForms), snake_case (deadline_on) or camelCase. */
const CODE = /[A-Za-z]+[._][A-Za-z]+|\b[a-z]+[A-Z][A-Za-z]*\b/

/** The visible text of the page's main content: markup, React's comments and the page's data scripts left out. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'))
  return main
    .replace(/<!-- -->/g, '')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
}

/** The text of the household page's history section. */
function householdHistoryText(html: string): string {
  const start = html.indexOf('aria-labelledby="household-history"')
  expect(start).toBeGreaterThan(-1)
  return mainText(`<main${html.slice(start, html.indexOf('</section>', start))}</main>`)
}

describe('histories in words', () => {
  it('names the household and the fields of a review save and the format and size of an export, for the leader and the cadre', async () => {
    const villageId = villages.get('王家庄村')
    if (villageId === undefined) throw new Error('no 王家庄村')
    const [household] = query<{ id: number; head_name: string }>('select id, head_name from households where village_id = ? order by id limit 1', villageId)
    const version = query<{ version: number }>('select version from household_reviews where household_id = ?', household.id)[0]?.version ?? 0

    const cadre = await signedIn('wangjiazhuang')
    const path = `/villages/${villageId}/households/${household.id}`
    const saved = await cadre.request(`${path}?index`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['version', String(version)],
        ['incomeChecked', 'on'],
        ['homeVisitOn', '2026-11-27'],
        ['homeVisitBy', '王建国'],
        ['outcome', 'keep'],
        ['notes', '复查无变化'],
      ]),
    })
    expect(saved.status).toBe(302)
    expect((await cadre.get(`/villages/${villageId}/exports/review-forms.xlsx`)).status).toBe(200)
    expect((await cadre.get(`${path}/print`)).status).toBe(200)
    const exported = query<{ after: string }>("select after from audit_log where action = 'export.reviewForms' order by id desc limit 1")[0]
    const exportedHouseholds = (JSON.parse(exported.after) as { households: number }).households
    expect(exportedHouseholds).toBeGreaterThan(0)

    for (const username of ['leader', 'wangjiazhuang']) {
      const reader = await signedIn(username)
      const history = mainText(await (await reader.get(`/villages/${villageId}/history`)).text())
      expect(history, username).toContain('王家庄村 · 修改记录')
      expect(history, `${username}: ${history.match(CODE)?.[0]}`).not.toMatch(CODE)
      expect(history, username).toMatch(new RegExp(`保存复核登记 · ${household.head_name}户（[^）]*入户调查日期[^）]*备注）`))
      expect(history, username).toContain(`导出复核认定情况登记表（Excel文件，${exportedHouseholds}户）`)
      expect(history, username).toContain(`导出复核认定情况登记表 · ${household.head_name}户（打印，1户）`)
      expect(history, username).toMatch(/登记问题 · \S+问题/)
      // report entries only for those who may open the report register (issue 11, finding 1)
      if (username === 'leader') expect(history).toContain('登记举报')
      else for (const secret of ['登记举报', '核实举报', '派专人督办', '举报办结', '举报']) expect(history, secret).not.toContain(secret)

      const own = householdHistoryText(await (await reader.get(path)).text())
      expect(own, `${username}: ${own.match(CODE)?.[0]}`).not.toMatch(CODE)
      expect(own, username).toMatch(/保存复核登记（[^）]*入户调查日期[^）]*备注）/)
      expect(own, username).toContain('导出复核认定情况登记表（打印，1户）')
    }
  })
})
