// The inspector's and 包村干部's day on a 360-px phone (issue 17): 我的待办 as the landing page, one tap to an answer
// waiting for 核验; 退回上一阶段 confirmed with a reason, without JavaScript; the phases as a progress line; the login
// page's contact for a forgotten password; the notice's print view without a console error.
import type { Page } from '@playwright/test'
import { expect, expectAccessible, pageScrollWidth, signIn, test } from './support'

const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true }

async function openVillage(page: Page, name: string) {
  // the leader's dashboard table links every village
  await page.goto('/dashboard')
  await page.getByRole('link', { name, exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible()
}

test.describe('督查人员和包村干部的一天（360像素手机）', () => {
  test.use(PHONE)

  test('督查人员登录后落在“我的待办”，一点就打开待核验的整改情况', async ({ page }) => {
    await signIn(page, 'inspector')
    await expect(page).toHaveURL(/\/work$/)
    await expect(page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible()
    // the navigation carries the count
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /我的待办.*项待办/ })).toBeVisible()
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await expectAccessible(page, '我的待办（360像素）')
    await page.getByRole('link', { name: /^去核验：柳树屯村第\d+号责令整改已报送整改情况$/ }).click()
    await expect(page.getByRole('heading', { level: 2, name: /整改情况|核验|验收/ }).first()).toBeVisible()
    await expect(page.getByRole('button', { name: '整改通过' })).toBeVisible()
    // 办理记录 lists each step once
    const history = page.getByRole('region', { name: '办理记录' })
    await expect(history.getByText(/退回重新整改/)).toHaveCount(1)
  })

  test('包村干部只看到自己包村的待办', async ({ page }) => {
    await signIn(page, 'baocun')
    await expect(page).toHaveURL(/\/work$/)
    await expect(page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible()
    await expect(page.getByRole('link', { name: /柳树屯村/ }).first()).toBeVisible()
    await expect(page.getByText(/红星村|东风村|河东村/)).toHaveCount(0)
  })

  test('村页面用一条进度线显示四个阶段和当前阶段，流程详图另页打开', async ({ page }) => {
    await signIn(page, 'dongfeng')
    const line = page.getByRole('list').filter({ hasText: '动员部署' }).filter({ hasText: '总结整改' })
    await expect(line.getByRole('listitem')).toHaveText([/动员部署/, /全面排查/, /检查督导/, /总结整改/])
    await expect(line.locator('[aria-current="step"]')).toHaveText(/总结整改/)
    await expect(page.getByText(/^下一步：/)).toBeVisible()
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await page.getByRole('link', { name: '流程详图' }).click()
    await expect(page.getByRole('heading', { level: 1, name: '东风村流程详图' })).toBeVisible()
    await expect(page.locator('svg').first()).toBeVisible()
  })

  test('打印公示名单页面不在控制台报任何错误', async ({ page }) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await signIn(page, 'leader')
    await expect(page).toHaveURL(/\/dashboard$/)
    errors.length = 0
    await openVillage(page, '东风村')
    const villagePath = new URL(page.url()).pathname
    await page.goto(`${villagePath}/exports/notice`)
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
    await expect(page.getByRole('button', { name: /打印/ })).toBeVisible()
    await page.waitForLoadState('networkidle')
    expect(errors).toEqual([])
  })
})

test.describe('不用JavaScript（360像素手机）', () => {
  test.use({ ...PHONE, javaScriptEnabled: false })

  test('退回上一阶段要先确认并填写理由，理由记入流程记录', async ({ page }) => {
    await signIn(page, 'leader')
    await openVillage(page, '北关社区')
    await page.getByRole('link', { name: '退回上一阶段…' }).click()
    await expect(page.getByRole('heading', { level: 1, name: '退回上一阶段' })).toBeVisible()
    await expect(page.getByText('将北关社区从“全面排查”退回到“动员部署”')).toBeVisible()
    const reason = page.getByLabel('退回理由（必填）')
    await expect(reason).toHaveAttribute('required', '')
    await expectAccessible(page, '退回上一阶段（无JavaScript）')
    // a reason too short is refused by the server with the reason, and nothing changes
    await reason.evaluate((el) => el.removeAttribute('minlength'))
    await reason.fill('x')
    await page.getByRole('button', { name: '确认退回' }).click()
    await expect(page.getByRole('alert')).toHaveText('请填写退回理由（至少2个字）。')
    await page.getByLabel('退回理由（必填）').fill('动员部署会议记录缺失，请补开动员会')
    await page.getByRole('button', { name: '确认退回' }).click()
    await expect(page.getByRole('status')).toHaveText(/已办理：退回上一阶段/)
    await expect(page.getByRole('region', { name: '办理记录' }).getByText(/动员部署会议记录缺失，请补开动员会/)).toBeVisible()
    await expect(page.locator('[aria-current="step"]').first()).toHaveText(/动员部署/)
  })

  test('登录页写明忘记密码时联系谁，县管理员可以改这段话', async ({ page }) => {
    await page.goto('/login')
    await expect(page.getByRole('heading', { name: '忘记密码？' })).toBeVisible()
    await expect(page.getByText(/请联系本镇\(街道\)的系统管理员/)).toBeVisible()

    await signIn(page, 'county-admin')
    await page.goto('/county/admin')
    await page.getByRole('link', { name: '登录页提示' }).click()
    await page.getByLabel('联系方式说明').fill('忘记密码请拨打县民政局信息科 0312-5551234（工作日）')
    await page.getByRole('button', { name: '保存登录页提示' }).click()
    await expect(page.getByRole('status')).toHaveText('登录页提示已保存。')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.goto('/login')
    await expect(page.getByText('忘记密码请拨打县民政局信息科 0312-5551234（工作日）')).toBeVisible()
  })
})
