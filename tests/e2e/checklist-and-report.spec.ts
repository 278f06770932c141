// Issue 17 on a 360-px phone without JavaScript: a checklist item the data decides shows its live figure and has
// no tick; the cadre edits the self-inspection report's 工作开展情况 and downloads it as .docx; the submit button is
// disabled, with the machine's reason, before full coverage.
import fs from 'node:fs'
import { expect, expectAccessible, signIn, test } from './support'
import { readZipEntry } from '../support/zip'

test.use({ viewport: { width: 360, height: 780 }, javaScriptEnabled: false })

test.describe('工作清单与自查报告（手机，无JavaScript）', () => {
  test('李家洼村的村干部看到“100%入户调查”的实时数字，此项由数据判定，不能手动勾选', async ({ page }) => {
    await signIn(page, 'lijiawa')
    await expect(page.getByRole('heading', { level: 1, name: '李家洼村 · 专项整治' })).toBeVisible()
    const checklist = page.getByRole('region', { name: '全面排查工作清单' })
    const visits = checklist.getByRole('listitem').filter({ hasText: '100%入户调查' })
    await expect(visits).toContainText(/入户调查 \d+\/\d+户（[\d.]+%）/)
    await expect(visits.getByRole('button')).toHaveCount(0)
    await expect(visits.getByRole('link', { name: /100%入户调查：佐证材料（\d+）/ })).toBeVisible()
    // a manual item keeps its date, note and tick
    const notice = checklist.getByRole('listitem').filter({ hasText: '两榜公示完成' })
    await expect(notice.getByRole('button', { name: '标记完成：两榜公示完成' })).toBeVisible()
    await expect(notice.getByLabel('完成日期')).toBeVisible()
    await expectAccessible(page, '本村页面（由数据判定的清单项）')
  })

  test('张庄村的村干部修改“工作开展情况”，保存后下载自查报告（.docx）', async ({ page }) => {
    await signIn(page, 'zhangzhuang')
    await page.getByRole('link', { name: '自查报告', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: '张庄村自查报告' })).toBeVisible()
    const workDone = page.getByLabel('一、工作开展情况')
    await expect(workDone).toHaveValue(/已完成复核\d+户/)
    await workDone.fill('村两委成立工作专班，包户干部逐户上门复核，核查收入和财产。')
    await page.getByRole('button', { name: '保存报告正文' }).click()
    await expect(page.getByRole('status').filter({ hasText: '报告正文已保存' })).toContainText('报告正文已保存。')
    await expect(page.getByLabel('一、工作开展情况')).toHaveValue('村两委成立工作专班，包户干部逐户上门复核，核查收入和财产。')
    await expectAccessible(page, '自查报告（正文已保存）')

    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: '下载自查报告（.docx）' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    const xml = readZipEntry(new Uint8Array(fs.readFileSync((await download.path())!)), 'word/document.xml')
    expect(xml).toContain('村两委成立工作专班，包户干部逐户上门复核，核查收入和财产。')
    for (const heading of ['一、工作开展情况', '二、发现的问题', '三、整改措施', '四、下一步打算']) expect(xml).toContain(heading)

    await page.getByRole('link', { name: '打印自查报告' }).click()
    await expect(page.getByRole('heading', { level: 1, name: '张庄村低保专项整治自查报告' })).toBeVisible()
    await expect(page.getByText('村两委成立工作专班，包户干部逐户上门复核，核查收入和财产。')).toBeVisible()
    await expectAccessible(page, '自查报告打印页')
  })

  test('大孙庄村的村干部在自查面未达100%时，看到提交按钮不可用和原因', async ({ page }) => {
    await signIn(page, 'dasunzhuang')
    await page.getByRole('link', { name: '自查报告', exact: true }).click()
    const submit = page.getByRole('button', { name: /提交自查报告|确认提交零报告/ })
    await expect(submit).toBeDisabled()
    await expect(page.getByText(/暂不能提交：自查面必须达到100%：已复核\d+户，共\d+户。/)).toBeVisible()
    await expectAccessible(page, '自查报告（不能提交）')
  })
})
