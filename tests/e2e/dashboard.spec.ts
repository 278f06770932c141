import { expect, expectAccessible, test, screenshotForReview, signIn } from './support'

test.describe('工作总览', () => {
  test('镇领导看到河东村被标为零报告、尚未重点督查，点开进入河东村的页面', async ({ page }) => {
    await signIn(page, 'leader')
    await expect(page).toHaveURL(/\/dashboard$/)

    const attention = page.getByRole('region', { name: '需要关注' })
    const zeroReports = attention.getByRole('heading', { name: '零报告村（重点督查）' }).locator('xpath=following-sibling::ul[1]')
    const hedong = zeroReports.getByRole('listitem').filter({ hasText: '河东村' })
    await expect(hedong).toContainText('尚未重点督查')
    // 新华村 had its key inspection
    await expect(zeroReports.getByRole('listitem').filter({ hasText: '新华村' })).toContainText('已重点督查')

    // the village table flags it too
    const table = page.getByRole('region', { name: '各村(居)进度' }).getByRole('table')
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '河东村', exact: true }) })
    await expect(row).toContainText('零报告')
    await expect(row).toContainText('未督查')
    await expectAccessible(page, '工作总览')

    await hedong.getByRole('link', { name: '河东村', exact: true }).click()
    await expect(page).toHaveURL(/\/villages\/\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: /河东村/ })).toBeVisible()
    await expectAccessible(page, '河东村的页面（镇领导）')
  })

  test('镇领导点击“自查面”列标题，各村按自查面从低到高排列', async ({ page }) => {
    await signIn(page, 'leader')
    const region = page.getByRole('region', { name: '各村(居)进度' })
    await region.getByRole('link', { name: /^自查面/ }).click()
    await expect(page).toHaveURL(/sort=selfInspection&dir=asc/)
    await expect(region.getByRole('columnheader', { name: /自查面/ })).toHaveAttribute('aria-sort', 'ascending')
    // 大孙庄村 is the furthest behind (45%); the rest follow in rising coverage (other journeys may have raised some)
    await expect(region.getByRole('rowheader').first()).toHaveText('大孙庄村')
    const coverage = await region.getByRole('progressbar', { name: /自查面$/ }).evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('aria-valuenow'))))
    expect(coverage.length).toBe(12)
    expect(coverage).toEqual([...coverage].sort((a, b) => a - b))
    await expectAccessible(page, '工作总览（按自查面排序）')
  })

  test('图表在浏览器里画出，同样的数字也以表格列在旁边', async ({ page }) => {
    await signIn(page, 'leader')
    const charts = page.getByRole('region', { name: '图表' })
    await expect(charts.locator('.recharts-surface').first()).toBeVisible()
    const phases = charts.getByRole('figure', { name: '各阶段村(居)数与今日计划' })
    await expect(phases.getByRole('row', { name: /检查督导/ })).toContainText('12')
    await expect(charts.getByRole('figure', { name: '发现问题（按类别）' }).getByRole('row', { name: /合计/ })).toBeVisible()
    await expectAccessible(page, '工作总览（图表）')
    await screenshotForReview(page, 'dashboard-charts-1280')
  })

  test('镇领导把工作总览导出为可用Excel/WPS打开的表格', async ({ page }) => {
    await signIn(page, 'leader')
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: /导出表格/ }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^清河镇工作总览-\d{4}-\d{2}-\d{2}\.csv$/)
  })

  test('县民政局从全县汇总点开清河镇，看到该镇的工作总览', async ({ page }) => {
    await signIn(page, 'county')
    await expect(page).toHaveURL(/\/county$/)
    await expectAccessible(page, '全县汇总')
    await page.getByRole('region', { name: '各乡镇进度' }).getByRole('link', { name: '清河镇', exact: true }).click()
    await expect(page).toHaveURL(/\/townships\/\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: '清河镇专项整治工作总览' })).toBeVisible()
    await expect(page.getByRole('link', { name: '返回全县汇总' })).toBeVisible()
    await expectAccessible(page, '清河镇工作总览（县民政局）')
  })
})
