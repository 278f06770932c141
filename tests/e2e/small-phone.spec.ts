import { expect, expectAccessible, test, pageScrollWidth, screenshotForReview, signIn } from './support'

// A cheap phone: 360×740 CSS pixels, touch, the page's meta viewport honoured.
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })

test.describe('360像素宽的手机', () => {
  test('在小屏手机上登录表单能用，页面不需要左右滑动', async ({ page }) => {
    await page.goto('/login')
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await expectAccessible(page, '登录（360像素）')

    await signIn(page, 'dongfeng')
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
  })

  test('村干部在小屏手机上查看本村页面，页面不超出屏幕宽度', async ({ page }) => {
    await signIn(page, 'dongfeng')
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
    await expect(page.getByRole('progressbar', { name: '已复核' })).toBeVisible()

    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await expectAccessible(page, '本村页面（360像素）')
    await screenshotForReview(page, 'cadre-village-360')
  })
})
