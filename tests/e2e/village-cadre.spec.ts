import { expect, expectAccessible, test, signIn, villageIdOf } from './support'

test.describe('村干部', () => {
  test('东风村的村干部登录后直接进入本村的专项整治页面，看到当前阶段和自查进度', async ({ page }) => {
    await signIn(page, 'dongfeng')

    await expect(page).toHaveURL(/\/villages\/\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
    await expect(page.getByRole('heading', { name: /当前阶段/ })).toBeVisible()
    await expect(page.getByRole('heading', { name: '自查进度' })).toBeVisible()
    const reviewed = page.getByRole('progressbar', { name: '已复核' })
    const visited = page.getByRole('progressbar', { name: '已入户调查' })
    await expect(reviewed).toBeVisible()
    await expect(visited).toBeVisible()
    // 东风村 has finished its self-inspection in the demo: every household reviewed and visited
    await expect(reviewed).toHaveAttribute('aria-valuenow', '100')
    await expect(visited).toHaveAttribute('aria-valuenow', '100')
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '本村(居)工作' })).toBeVisible()
    await expectAccessible(page, '本村页面')
  })

  test('村干部打开别的村的地址，看到“无权访问”页面', async ({ page }) => {
    await signIn(page, 'dongfeng')
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
    const ownVillage = villageIdOf(page.url())

    const response = await page.goto(`/villages/${ownVillage + 1}`)
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { level: 1, name: '无权访问' })).toBeVisible()
    await expect(page.getByText('村(居)干部只能查看和办理本村(居)的工作')).toBeVisible()
    await expect(page.getByText('红星村')).toHaveCount(0)
    await expectAccessible(page, '无权访问')

    // an id no village has looks just the same: no probing for which ids exist
    const unknown = await page.goto('/villages/999999')
    expect(unknown?.status()).toBe(403)
    await expect(page.getByRole('heading', { level: 1, name: '无权访问' })).toBeVisible()
  })
})
