// The township leader's day on a 360-px phone (issue 17): every overdue 责令整改 in sight on the dashboard without
// "显示全部", the township-wide 问题台账 filtered by village and overdue and downloaded, and 每日简报 to copy into the
// township's chat group — with JavaScript off where the page must work without it.
import { expect, expectAccessible, pageScrollWidth, signIn, test } from './support'

const PHONE = { width: 360, height: 780 }

interface DashboardJson {
  townships: Array<{ attention: { overdue: Array<{ kind: string; villageName: string; path: string | null; daysOverdue: number }> } }>
}

test.describe('镇领导的一天（手机，关闭JavaScript）', () => {
  test.use({ viewport: PHONE, javaScriptEnabled: false })

  test('镇领导打开工作总览，不点“显示全部”就能看到每一项逾期的责令整改', async ({ page }) => {
    await signIn(page, 'leader')
    await expect(page).toHaveURL(/\/dashboard$/)
    const data = (await (await page.request.get('/dashboard.json')).json()) as DashboardJson
    const orders = data.townships[0].attention.overdue.filter((f) => f.kind === 'order')
    expect(orders.length).toBeGreaterThan(0)
    const serious = page.getByRole('list', { name: '责令整改、举报核实和专人督办（全部列出）' }).first()
    for (const order of orders) {
      const item = serious.getByRole('listitem').filter({ has: page.locator(`a[href="${order.path}"]`) })
      await expect(item).toBeVisible()
      await expect(item).toContainText(`逾期${order.daysOverdue}天`)
      await expect(item).toContainText(order.villageName)
    }
    // the other kinds are grouped with their count, and open without JavaScript
    const group = page.getByRole('region', { name: '需要关注' }).locator('details').filter({ hasText: '问题整改（' }).first()
    await group.locator('summary').click()
    await expect(group.getByRole('listitem').first()).toBeVisible()
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(page, '工作总览（手机）')
  })

  test('镇领导在问题台账里按村和逾期筛选，再下载同样筛选的Excel表格', async ({ page }) => {
    await signIn(page, 'leader')
    await page.getByRole('link', { name: '全镇问题和责令整改台账（可筛选、导出）' }).click()
    await expect(page.getByRole('heading', { level: 1, name: /问题台账（全镇）/ })).toBeVisible()
    await page.getByLabel('村(居)').selectOption({ label: '红星村' })
    await page.getByLabel('只看逾期未办结').check()
    await page.getByRole('button', { name: '筛选' }).click()
    await expect(page).toHaveURL(/village=\d+.*overdue=1/)
    const items = page.getByRole('main').getByRole('listitem')
    const count = await items.count()
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) {
      await expect(items.nth(i)).toContainText('红星村')
      await expect(items.nth(i)).toContainText(/逾期\d+天/)
    }
    await expect(page.getByRole('status').filter({ hasText: `共${count}项` })).toBeVisible()
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(page, '问题台账（全镇，筛选后）')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出当前筛选结果（Excel）' }).click()])
    expect(download.suggestedFilename()).toMatch(/问题和责令整改台账.*\.xlsx$/)
  })

  test('每日简报显示在工作总览上，不用JavaScript也能选中复制', async ({ page }) => {
    await signIn(page, 'leader')
    const brief = page.getByLabel('今日简报文字')
    await expect(brief).toBeVisible()
    await expect(brief).toHaveJSProperty('readOnly', true)
    await expect(brief).toBeEnabled()
    const text = await brief.inputValue()
    expect(text).toMatch(/^【清河镇低保专项整治每日简报】\n截至\d+月\d+日，全镇自查面/)
    await brief.selectText()
    // the same text as /brief.txt
    expect((await (await page.request.get('/brief.txt')).text()).trimEnd()).toBe(text)
    // no copy button without JavaScript: the page says how to copy instead
    await expect(page.getByRole('button', { name: '复制简报' })).toHaveCount(0)
    await expect(page.getByText('也可长按或拖选上面的文字复制。')).toBeVisible()
  })
})

test.describe('镇领导复制每日简报（开启JavaScript）', () => {
  test.use({ viewport: PHONE })

  test('镇领导点“复制简报”，简报文字进入剪贴板', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await signIn(page, 'leader')
    const text = await page.getByLabel('今日简报文字').inputValue()
    await page.getByRole('button', { name: '复制简报' }).click()
    await expect(page.getByText('已复制，可粘贴到工作群。')).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text)
  })
})
