import { expect, expectAccessible, signIn, test } from './support'

test.describe('村(居)专项整治流程', () => {
  test('镇领导把大孙庄村退回动员部署，村干部完成动员部署后该村进入全面排查', async ({ page }) => {
    await signIn(page, 'leader')
    await expect(page).toHaveURL(/\/dashboard$/)
    await page.getByRole('link', { name: '大孙庄村', exact: true }).first().click()
    await expect(page.getByRole('heading', { level: 1, name: /大孙庄村/ })).toBeVisible()
    const villageUrl = page.url()

    // the leader sends the village back one phase: confirmed on its own page, with a reason (issue 17)
    await page.getByRole('link', { name: '退回上一阶段…' }).click()
    await expect(page.getByRole('heading', { level: 1, name: '退回上一阶段' })).toBeVisible()
    await page.getByLabel('退回理由（必填）').fill('动员部署材料不全，重新组织动员')
    await page.getByRole('button', { name: '确认退回' }).click()
    await expect(page.getByRole('status')).toContainText('已办理：退回上一阶段')
    await expect(page.getByText('动员部署中').first()).toBeVisible()
    await expect(page.getByText('上次退回理由：动员部署材料不全，重新组织动员')).toBeVisible()
    await expectAccessible(page, '村页面（已退回上一阶段）')
    await page.getByRole('button', { name: '退出登录' }).click()
    await expect(page.getByText('您已退出登录。')).toBeVisible()

    // the village's cadre completes mobilisation from the same page
    await signIn(page, 'dasunzhuang')
    await expect(page).toHaveURL(villageUrl)
    await page.getByRole('button', { name: '完成动员部署' }).click()
    await expect(page.getByRole('status')).toContainText('已办理：完成动员部署')
    await expect(page.getByRole('heading', { name: '当前阶段：全面排查' })).toBeVisible()
    await expect(page.getByText('自查自纠中').first()).toBeVisible()
    // the history records both steps with who did them
    const history = page.getByRole('region', { name: '办理记录' })
    // newest first: the completion just made, then the send-back before it
    const entries = history.getByRole('listitem')
    await expect(entries.nth(0)).toContainText('马翠花：完成动员部署（动员部署中 → 自查自纠中）')
    await expect(entries.nth(1)).toContainText('周建国：退回上一阶段（自查自纠中 → 动员部署中）：动员部署材料不全，重新组织动员')
    // the progress line marks the current phase; the full diagram, behind 流程详图, the current state
    await expect(page.locator('[aria-current="step"]').first()).toHaveText(/全面排查/)
    await page.getByRole('link', { name: '流程详图' }).click()
    await expect(page.getByRole('img', { name: /自查自纠中/ })).toBeVisible()
    await page.goBack()
    await expectAccessible(page, '本村页面（完成动员部署）')
  })

  test('村干部在自查面未达100%时看到提交自查报告按钮不可用，以及不能提交的原因', async ({ page }) => {
    await signIn(page, 'dasunzhuang')
    await page.getByRole('link', { name: '自查报告', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: '大孙庄村自查报告' })).toBeVisible()
    // the machine's own refusal, shown before any post (issue 17); the server still refuses a post (tests/http)
    await expect(page.getByRole('button', { name: /提交自查报告|确认提交零报告/ })).toBeDisabled()
    await expect(page.getByText(/暂不能提交：自查面必须达到100%/)).toBeVisible()
    await expectAccessible(page, '自查报告（不能提交）')
  })
})
