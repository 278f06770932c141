import { expect, expectAccessible, test, signIn } from './support'

test.describe('登录与退出', () => {
  test('密码输错时提示“用户名或密码不正确”，仍停在登录页', async ({ page }) => {
    await signIn(page, 'leader', 'not-the-password')

    await expect(page.getByRole('alert')).toContainText('用户名或密码不正确')
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByRole('heading', { level: 1, name: '登录整改通' })).toBeVisible()
    await expect(page.getByLabel('用户名')).toHaveValue('leader')
    await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0)
    await expectAccessible(page, '登录（密码错误）')
  })

  test('退出登录后回到登录页，不重新登录就打不开工作总览', async ({ page }) => {
    await signIn(page, 'leader')
    await expect(page.getByRole('heading', { level: 1, name: /工作总览/ })).toBeVisible()

    await page.getByRole('button', { name: '退出登录' }).click()
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByRole('heading', { level: 1, name: '登录整改通' })).toBeVisible()
    await expect(page.getByText('您已退出登录。')).toBeVisible()
    await expectAccessible(page, '登录（已退出）')

    await page.goto('/dashboard')
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard/)
    await expect(page.getByRole('heading', { level: 1, name: '登录整改通' })).toBeVisible()
    await expect(page.getByRole('heading', { name: /工作总览/ })).toHaveCount(0)

    // signing in again from there goes back to where the person was heading
    await page.getByLabel('用户名').fill('leader')
    await page.getByLabel('密码', { exact: true }).fill('qinghe-demo')
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/dashboard$/)
    await expect(page.getByRole('heading', { level: 1, name: /工作总览/ })).toBeVisible()
  })
})
