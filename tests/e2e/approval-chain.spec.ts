// The approval chain as people walk it (ADR 010): a village cadre concludes 清退 on a household — a proposal (拟),
// the household still on the standing notice; the 镇民政所 accepts it into 审核结果公示; a week later (the server
// restarted with its clock moved on, APP_NOW; both days in the past, as sessions are dated by the real clock) the notice ends and goes to the county, which approves from a stated
// month: from that month the household is off the standing notice, the month before it is still on it.
import type { Page } from '@playwright/test'
import { expect, expectAccessible, test } from './support'
import { signInAt, startServer, tempDatabaseFile, type EmptyCountyServer } from './support-empty'

const PASSWORD = 'qinghe-demo'

/** A server of this journey's own, its clock pinned to `at` (the demo is seeded for that day on the first start). */
async function serverAt(databaseFile: string, at: string): Promise<EmptyCountyServer> {
  const previous = process.env.APP_NOW
  process.env.APP_NOW = at
  try {
    return await startServer(databaseFile)
  } finally {
    if (previous === undefined) delete process.env.APP_NOW
    else process.env.APP_NOW = previous
  }
}

/** How many times the name is on the village's standing notice of a month. */
async function onNotice(page: Page, url: string, villageId: string, month: string, name: string): Promise<number> {
  await page.goto(`${url}/villages/${villageId}/exports/notice?month=${month}`)
  const text = await page.locator('main').innerText()
  return text.split(name).length - 1
}

async function signOut(page: Page, url: string) {
  await page.context().clearCookies()
  await page.goto(`${url}/login`)
}

test('村干部提出停止保障（拟），镇民政所审核进入公示，公示期满后县民政局批准，该户自批准的月份起不在长期公示名单上', async ({ page }) => {
  test.setTimeout(180_000)
  const databaseFile = tempDatabaseFile()
  // what the second part of the journey needs from the first
  const seen = { name: '', villageId: '', proposalPath: '' }
  let server = await serverAt(databaseFile, '2026-11-22T02:00:00Z')
  try {
    // — 村(居): 大孙庄村's cadre concludes 清退 on a household not yet reviewed —
    await signInAt(page, server.url, 'dasunzhuang', PASSWORD)
    const villageId = /\/villages\/(\d+)/.exec(page.url())![1]
    await page.goto(`${server.url}/villages/${villageId}/households?filter=unreviewed`)
    await page
      .getByRole('link', { name: /填写复核登记/ })
      .first()
      .click()
    await expect(page.getByRole('heading', { level: 1, name: /复核认定情况登记表/ })).toBeVisible()
    const householdUrl = page.url()
    const name = (await page.getByRole('heading', { level: 1 }).innerText()).split(/\s/)[0].replace('复核认定情况登记表', '').trim()
    const onNoticeBefore = await onNotice(page, server.url, villageId, '2026-11', name)
    expect(onNoticeBefore).toBeGreaterThan(0)

    await page.goto(householdUrl)
    await page.getByLabel('拥有私家车辆').check()
    await page.getByLabel('停止保障', { exact: true }).check()
    await page.getByLabel('停止保障原因').fill('家庭成员名下有私家车，收入核算不实')
    await page.getByLabel('停发日期').fill('2026-11-30')
    await page.getByRole('button', { name: '保存复核登记' }).click()
    await expect(page.getByRole('status')).toContainText('已保存')

    // a proposal, nothing more: the household is still paid and still on the standing notice
    await page.goto(householdUrl)
    await expect(page.getByText('停止保障（拟）· 村(居)已提出，待镇审核')).toBeVisible()
    expect(await onNotice(page, server.url, villageId, '2026-11', name)).toBe(onNoticeBefore)

    // — 镇审核: the 镇民政所 finds it under 待镇审核 and accepts it into 审核结果公示 —
    await signOut(page, server.url)
    await signInAt(page, server.url, 'minzheng', PASSWORD)
    await page.goto(`${server.url}/approvals`)
    await expect(page.getByRole('heading', { level: 1, name: '审批' })).toBeVisible()
    await expectAccessible(page, '审批')
    await page.getByRole('region', { name: '待镇审核' }).getByRole('link', { name }).first().click()
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`${name}户 · 停止保障`) })).toBeVisible()
    await expectAccessible(page, '拟（待镇审核）')
    Object.assign(seen, { name, villageId, proposalPath: new URL(page.url()).pathname })
    await page.getByRole('button', { name: '通过审核（进入公示）' }).click()
    await expect(page.getByRole('status')).toContainText('已办理：审核通过，进入公示')
    await expect(page.getByText('审核结果公示中', { exact: true })).toBeVisible()
    await expect(page.getByText('公示期：2026-11-22至2026-11-28')).toBeVisible()
    // the notice cannot end before its last day
    await page.getByRole('button', { name: '公示期满（提交县审批）' }).click()
    await expect(page.getByRole('alert')).toContainText('公示期至2026-11-28，期满后才能报县审批。')
  } finally {
    await server.stop()
  }

  // — a week later (the server's clock moved on): the notice is over —
  server = await serverAt(databaseFile, '2026-11-29T02:00:00Z')
  const { name, villageId, proposalPath } = seen
  try {
    await signOut(page, server.url)
    await signInAt(page, server.url, 'minzheng', PASSWORD)
    await page.goto(`${server.url}${proposalPath}`)
    await page.getByRole('button', { name: '公示期满（提交县审批）' }).click()
    await expect(page.getByRole('status')).toContainText('已办理：公示期满，报县审批')
    await expect(page.getByText('待县审批', { exact: true })).toBeVisible()

    // — 县审批: the county finds it under 待县审批 and approves 停止保障 from December —
    await signOut(page, server.url)
    await signInAt(page, server.url, 'county', PASSWORD)
    await page.goto(`${server.url}/approvals`)
    await page.getByRole('region', { name: '待县审批' }).getByRole('link', { name }).first().click()
    await expect(page).toHaveURL(new RegExp(`${proposalPath}$`))
    await expectAccessible(page, '拟（待县审批）')
    await page.getByLabel('执行月份（自…月起）').fill('2026-12')
    await page.getByLabel('停发日期').fill('2026-11-30')
    await page.getByRole('button', { name: '县审批：批准' }).click()
    await expect(page.getByRole('status')).toContainText('已办理：批准')
    await expect(page.getByText('县审批：自2026-12起停止保障（停发日期2026-11-30）')).toBeVisible()

    // the standing notice: still on it in November, off it from December
    await signOut(page, server.url)
    await signInAt(page, server.url, 'dasunzhuang', PASSWORD)
    const november = await onNotice(page, server.url, villageId, '2026-11', name)
    const december = await onNotice(page, server.url, villageId, '2026-12', name)
    expect(november).toBeGreaterThan(0)
    expect(december).toBe(november - 1)
  } finally {
    await server.stop()
  }
})
