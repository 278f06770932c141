import type { Page } from '@playwright/test'
import { expect, expectAccessible, pageScrollWidth, signIn, test } from './support'

// A cadre on a cheap phone finishes the self-inspection: every household still without a review or a home visit,
// one by one, until coverage reaches 100%, then submits the report.
async function reviewEverythingLeft(page: Page, villageId: string) {
  let reviewed = 0
  for (;;) {
    await page.goto(`/villages/${villageId}/households?filter=notVisited`)
    // a household not reviewed (or not complete) says 填写复核登记; one complete but not visited, 登记入户调查
    const cards = page.getByRole('link', { name: /填写复核登记|登记入户调查/ })
    if ((await cards.count()) === 0) break
    if (reviewed === 0) await expectAccessible(page, '低保户名册（未入户）')
    await cards.first().click()
    await expect(page.getByRole('heading', { level: 1, name: /复核认定情况登记表/ })).toBeVisible()
    if (reviewed === 0) await expectAccessible(page, '复核认定情况登记表')
    // 家庭经济状况核查: every income kind with its amount and where the figure comes from
    for (const kind of ['工资性收入', '经营性收入', '养老金/退休金', '转移性收入', '其他收入']) {
      await page.getByLabel(`${kind}（元/月）`).fill(kind === '转移性收入' ? '120' : '0')
      await page.getByLabel(`${kind}的数据来源`).selectOption({ label: '入户核实' })
    }
    await page.getByLabel('入户调查日期').fill('2026-11-28')
    await page.getByLabel('入户调查人员').fill('孙长山、马翠花')
    // a 重点核查 household asks for a note on each situation that flagged it
    const notes = page.getByLabel(/^情况说明：/)
    for (let i = 0; i < (await notes.count()); i++) await notes.nth(i).fill('入户核实，情况已说明')
    await page.getByLabel('继续保障', { exact: true }).check()
    await page.getByRole('button', { name: '保存复核登记' }).click()
    await expect(page.getByRole('status')).toContainText('已保存')
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    if (reviewed === 0) await expectAccessible(page, '复核认定情况登记表（已保存）')
    reviewed++
    if (reviewed > 40) throw new Error('the roster never reached 100%')
  }
  return reviewed
}

async function submitReport(page: Page, villageId: string) {
  await page.goto(`/villages/${villageId}/report`)
  await expect(page.getByRole('progressbar', { name: '已复核' })).toHaveAttribute('aria-valuenow', '100')
  await expect(page.getByRole('progressbar', { name: '已入户调查' })).toHaveAttribute('aria-valuenow', '100')
  await expectAccessible(page, '自查报告')
  await page.getByRole('button', { name: /提交自查报告|确认提交零报告/ }).click()
  await expect(page.getByRole('status')).toContainText('已办理：提交自查报告')
  await expect(page.getByText('自查报告已提交').first()).toBeVisible()
  await expectAccessible(page, '自查报告（已提交）')
}

test.describe('村干部在手机上完成自查', () => {
  test.use({ viewport: { width: 360, height: 740 } })
  // the walk visits every household left, a dozen full forms each: its length follows the roster, not a hang
  test.describe.configure({ timeout: 120_000 })

  test('张庄村的村干部把剩下的低保户逐户复核、入户，自查面达到100%后提交自查报告', async ({ page }) => {
    await signIn(page, 'zhangzhuang')
    await expect(page).toHaveURL(/\/villages\/\d+$/)
    const villageId = /\/villages\/(\d+)/.exec(page.url())![1]
    expect(await reviewEverythingLeft(page, villageId)).toBeGreaterThan(0)
    await submitReport(page, villageId)
  })

  test.describe('关闭JavaScript', () => {
    test.use({ javaScriptEnabled: false })

    test('李家洼村的村干部在不能运行JavaScript的手机上完成同样的复核并提交自查报告', async ({ page }) => {
      await signIn(page, 'lijiawa')
      await expect(page).toHaveURL(/\/villages\/\d+$/)
      const villageId = /\/villages\/(\d+)/.exec(page.url())![1]
      expect(await reviewEverythingLeft(page, villageId)).toBeGreaterThan(0)
      await submitReport(page, villageId)
    })
  })
})
