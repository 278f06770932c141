import type { Page } from '@playwright/test'
import { expect, expectAccessible, pageScrollWidth, screenshotForReview, signIn, test, villageIdOf } from './support'

// The cadre's day (issue 17) on a cheap phone with JavaScript off: what the village must do is on its home page,
// counted in the navigation, one tap from the page where it is done; the roster puts the households still to review first.
test.use({ viewport: { width: 360, height: 780 }, javaScriptEnabled: false })

async function switchTo(page: Page, username: string) {
  await page.context().clearCookies()
  await signIn(page, username)
  await expect(page).not.toHaveURL(/\/login/)
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

test.describe('村干部的一天', () => {
  test('督查人员责令南关社区整改后，村干部在本村页面的待办事项和导航里看到这件事，点一下就打开整改单', async ({ page }) => {
    const reason = `复核登记表由村干部代签，责令重新入户核查（${Date.now()}）`

    // the inspector flags superficial work on 南关社区, with a deadline
    await signIn(page, 'inspector')
    await expect(page).not.toHaveURL(/\/login/)
    await page.goto('/dashboard')
    await page.getByRole('region', { name: '各村(居)进度' }).getByRole('link', { name: '南关社区', exact: true }).click()
    const villageId = villageIdOf(page.url())
    await page.goto(`/villages/${villageId}/visits`)
    const today = await page.getByLabel('督查日期').inputValue()
    await page.getByLabel('检查内容').fill('抽查复核登记表8份')
    await page.getByLabel('发现的问题').fill('入户调查记录由村干部代签')
    await page.getByLabel('工作流于形式、走过场，责令限期整改').check()
    await page.getByLabel('责令整改理由').fill(reason)
    await page.getByLabel('截止日期').fill(addDays(today, 2))
    await page.getByRole('button', { name: '保存督查记录' }).click()
    await expect(page.getByRole('status')).toContainText('已下达责令整改')

    // the cadre signs in and lands on the village page: the order is the first thing the village must do
    await switchTo(page, 'nanguan')
    await expect(page).toHaveURL(new RegExp(`/villages/${villageId}$`))
    const work = page.getByRole('region', { name: '待办事项' })
    await expect(work).toBeVisible()
    const heading = await work.getByRole('heading', { level: 3, name: /本村\(居\)需要办理/ }).innerText()
    const count = Number(/（(\d+)项）/.exec(heading)?.[1])
    expect(count).toBeGreaterThan(0)
    const first = work.getByRole('listitem').first()
    await expect(first).toContainText('责令整改')
    await expect(first).toContainText(reason)
    await expect(first).toContainText(`截止 ${addDays(today, 2)}`)
    // the navigation says how many, in words (not by colour alone)
    await expect(
      page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: new RegExp(`^本村\\(居\\)工作\\s*（${count}项待办）$`) }),
    ).toBeVisible()
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await expectAccessible(page, '本村页面（待办事项）')
    await screenshotForReview(page, 'cadre-work-list-360')

    // one tap opens the order, where the answer is written
    await first.getByRole('link', { name: /^报送整改情况：/ }).click()
    await expect(page.getByRole('heading', { level: 1, name: /责令整改/ })).toBeVisible()
    await expect(page.getByText(reason, { exact: true })).toBeVisible()
    await expect(page.getByLabel('已采取的整改措施')).toBeVisible()
  })

  test('名册先列未复核和复核未完成的户，每户标明状态，已复核的户写“查看/修改”，分页和筛选不用JavaScript', async ({ page }) => {
    await signIn(page, 'lijiawa')
    await expect(page).toHaveURL(/\/villages\/\d+$/)
    const villageId = villageIdOf(page.url())
    await page.getByRole('link', { name: '低保户名册' }).first().click()
    await expect(page).toHaveURL(new RegExp(`/villages/${villageId}/households$`))

    const cards = page.getByRole('main').getByRole('list').first().getByRole('link')
    await expect(cards).toHaveCount(20)
    // the first card is a household not yet reviewed, with the action that says so
    await expect(cards.first()).toContainText('未复核')
    await expect(cards.first()).toContainText('填写复核登记')
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await expectAccessible(page, '低保户名册（第1页）')
    await screenshotForReview(page, 'cadre-roster-360')

    // every status is a link with its count
    const statuses = page.getByRole('navigation', { name: '按复核状态' })
    for (const label of ['未复核', '复核未完成', '待入户', '已复核']) await expect(statuses.getByText(new RegExp(`^${label}（\\d+）$`))).toBeVisible()

    // the next page, then the reviewed households only: 查看/修改
    const pages = page.getByRole('navigation', { name: '分页' })
    await pages.getByRole('link', { name: '下一页' }).click()
    await expect(page).toHaveURL(/page=2/)
    await expect(page.getByRole('navigation', { name: '分页' }).getByText('第2页')).toBeVisible()
    await page
      .getByRole('navigation', { name: '按复核状态' })
      .getByRole('link', { name: /^已复核（\d+）$/ })
      .click()
    await expect(page).toHaveURL(/status=reviewed/)
    const reviewed = page.getByRole('main').getByRole('list').first().getByRole('link')
    expect(await reviewed.count()).toBeGreaterThan(0)
    for (const card of await reviewed.all()) {
      await expect(card).toContainText('已复核')
      await expect(card).toContainText('查看/修改')
    }
    await expect(page.getByRole('main').getByText('填写复核登记')).toHaveCount(0)
    await expectAccessible(page, '低保户名册（已复核）')
  })
})
