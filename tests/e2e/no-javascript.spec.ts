import { expect, expectAccessible, test, signIn } from './support'

// A browser with JavaScript turned off (or a script that failed to load): the forms are plain HTML forms.
test.use({ javaScriptEnabled: false })

test.describe('不开启JavaScript', () => {
  test('关闭JavaScript时，村干部照样能登录并进入本村页面', async ({ page }) => {
    await signIn(page, 'dongfeng')

    await expect(page).toHaveURL(/\/villages\/\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: /东风村/ })).toBeVisible()
    await expect(page.getByRole('progressbar', { name: '已复核' })).toBeVisible()
    await expectAccessible(page, '本村页面')
  })

  test('关闭JavaScript时，密码输错也会看到提示', async ({ page }) => {
    await signIn(page, 'dongfeng', 'wrong-password')

    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByRole('alert')).toContainText('用户名或密码不正确')
    await expectAccessible(page, '登录（密码错误）')
  })
})
