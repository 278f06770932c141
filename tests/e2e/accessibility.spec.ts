// The accessibility gate (issue 13): every page of every role, checked by axe-core for WCAG 2.0/2.1 A and AA
// (expectAccessible in support.ts), the cadre's pages with JavaScript on and off. The journeys call the same helper
// on the pages they visit; this walk makes sure no page is left out. It only reads: nothing here changes the data
// the other journeys rely on. A page added later joins the list of its role.
import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test, villageIdOf } from './support'

// a role's walk opens a dozen pages or more, each checked in full
test.describe.configure({ timeout: 180_000 })

/** Sign in and wait until the person has left the sign-in page. */
async function signInAs(page: Page, username: string) {
  await signIn(page, username)
  await expect(page).not.toHaveURL(/\/login/)
}

/** Open a page, wait for its title and check it. */
async function check(page: Page, path: string, label: string) {
  const response = await page.goto(path)
  expect(response?.status(), `${label}: ${path}`).toBe(200)
  expect(page.url(), `${label}: ${path}`).toContain(path.split('?')[0])
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  await expectAccessible(page, label)
}

/** The address of the first link on the page that matches, e.g. the first problem of a register. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  const href = hrefs.find((h) => pattern.test(h))
  if (!href) throw new Error(`no link matching ${pattern} on ${page.url()}`)
  return href
}

/** A village's page address, from the dashboard's village table. */
async function villagePath(page: Page, name: string): Promise<string> {
  await page.goto('/dashboard')
  const href = await page.getByRole('region', { name: '各村(居)进度' }).getByRole('link', { name, exact: true }).getAttribute('href')
  if (!href) throw new Error(`no link to ${name}`)
  return href
}

/** Press Tab until the control with this accessible text has the focus; its focus outline as the browser draws it. */
async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press('Tab')
    const outline = await page.evaluate((wanted) => {
      const el = document.activeElement as HTMLInputElement | null
      const text = el ? (el.labels?.[0]?.textContent ?? el.textContent ?? '').trim() : ''
      if (!el || text !== wanted) return null
      const s = getComputedStyle(el)
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset), colour: s.outlineColor }
    }, name)
    if (outline) return outline
  }
  throw new Error(`the keyboard never reached ${name}`)
}

/** WCAG contrast ratio of a CSS rgb() colour against another colour. */
function contrast(css: string, against: [number, number, number]): number {
  const rgb = (/rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css) ?? []).slice(1).map(Number)
  if (rgb.length !== 3) throw new Error(`not an rgb colour: ${css}`)
  const luminance = (c: number[]) =>
    c
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0)
  const [a, b] = [luminance(rgb), luminance(against)].sort((x, y) => y - x)
  return (a + 0.05) / (b + 0.05)
}

/** Every page a village cadre works on: 红星村 has problems, an overdue rectification order and households to review. */
async function walkCadrePages(page: Page) {
  await signInAs(page, 'hongxing')
  await expect(page).toHaveURL(/\/villages\/\d+$/)
  const village = `/villages/${villageIdOf(page.url())}`
  await check(page, village, '本村页面')
  await check(page, `${village}/households`, '低保户名册')
  const household = await firstLink(page, /\/households\/\d+$/)
  await check(page, `${village}/households?filter=notVisited`, '低保户名册（未入户）')
  await check(page, household, '复核认定情况登记表')
  await check(page, `${household}/print`, '复核登记表打印')
  await check(page, `${household}/members`, '家庭成员')
  await check(page, `${village}/households/new`, '漏保登记')
  // the same form with every error shown
  await page.getByRole('button', { name: '提出纳入申请' }).click()
  await expect(page.locator('.field-error').first()).toBeVisible()
  await expectAccessible(page, '漏保登记（填写有误）')
  await check(page, `${village}/problems`, '问题台账')
  await check(page, await firstLink(page, /\/problems\/\d+$/), '问题详情')
  await check(page, `${village}/visits`, '督查与整改')
  await check(page, await firstLink(page, /\/orders\/\d+$/), '整改单')
  await check(page, `${village}/report`, '自查报告')
  await check(page, `${village}/history`, '本村办理记录')
  await check(page, `${village}/exports`, '本村打印与导出')
  await check(page, `${village}/exports/notice`, '公示名单')
  await check(page, `${village}/exports/review-forms`, '复核登记表（全部）')
  await check(page, `${village}/exports/approval-notice`, '审核结果公示（村干部）')
  await check(page, '/approvals', '审批事项（村干部）')
  await check(page, '/exports', '打印与导出')
  await check(page, '/import', '导入名册')
  await check(page, '/ledger', '发放比对（本村）')
  await check(page, '/crosscheck', '信息核对（本村）')
}

test.describe('无障碍检查（axe-core，WCAG 2.1 A/AA）', () => {
  test('登录页没有无障碍问题，密码输错后的提示也没有', async ({ page }) => {
    await check(page, '/login', '登录')
    await signIn(page, 'leader', 'not-the-password')
    await expect(page.getByRole('alert')).toContainText('用户名或密码不正确')
    await expectAccessible(page, '登录（密码错误）')
  })

  test('用键盘移动焦点时，链接、输入框和按钮都有深色的焦点框，与控件隔开，对比度不低于3:1', async ({ page }) => {
    await page.goto('/login')
    for (const name of ['整改通', '用户名', '登录']) {
      const focused = await tabTo(page, name)
      expect(focused.style, name).toBe('solid')
      expect(focused.width, name).toBeGreaterThanOrEqual(2)
      expect(focused.offset, name).toBeGreaterThanOrEqual(2)
      // the outline stands on the page around the control (white or near-white here)
      expect(contrast(focused.colour, [255, 255, 255]), name).toBeGreaterThanOrEqual(3)
    }
  })

  test('每个页面都没有无障碍问题：镇领导', async ({ page }) => {
    await signInAs(page, 'leader')
    await expect(page).toHaveURL(/\/dashboard$/)
    await check(page, '/dashboard', '工作总览')
    await check(page, '/dashboard?sort=selfInspection&dir=asc&attention=all', '工作总览（全部关注事项）')
    const hongxing = await villagePath(page, '红星村')
    await check(page, hongxing, '村页面（镇领导）')
    await check(page, `${hongxing}/households`, '低保户名册（镇领导）')
    await check(page, await firstLink(page, /\/households\/\d+$/), '复核登记表（镇领导）')
    await check(page, `${hongxing}/problems`, '问题台账（镇领导）')
    await check(page, await firstLink(page, /\/problems\/\d+$/), '问题详情（镇领导）')
    await check(page, `${hongxing}/visits`, '督查与整改（镇领导）')
    await check(page, await firstLink(page, /\/orders\/\d+$/), '整改单（镇领导）')
    await check(page, `${hongxing}/history`, '村办理记录（镇领导）')
    await check(page, `${hongxing}/workflow`, '流程详图')
    await check(page, `${hongxing}/send-back`, '退回上一阶段（确认）')
    await check(page, `${hongxing}/report`, '自查报告（镇领导）')
    await check(page, '/complaints', '举报信访登记')
    await check(page, await firstLink(page, /^\/complaints\/\d+$/), '举报详情')
    await check(page, '/exports', '打印与导出（全镇）')
    await check(page, `${hongxing}/exports`, '村打印与导出（镇领导）')
    await check(page, '/import', '导入名册（镇领导）')
    await check(page, '/campaign/windows', '阶段时间安排')
    await check(page, '/approvals', '审批事项（镇领导）')
    await check(page, await firstLink(page, /^\/proposals\/\d+$/), '拟办事项（镇领导）')
    await check(page, `${hongxing}/exports/approval-notice`, '审核结果公示')
    await check(page, `${hongxing}/exports/objection-record`, '异议登记表')
    await check(page, '/county/sample', '县级入户抽查（镇领导，只读）')
    await check(page, '/ledger', '发放比对（镇领导）')
    await check(page, '/crosscheck', '信息核对（镇领导）')
    // a township duty's page (乡镇工作清单), from the dashboard's edit link
    await page.goto('/dashboard')
    await check(page, await firstLink(page, /^\/township-tasks\/\d+$/), '乡镇工作事项')
  })

  test('每个页面都没有无障碍问题：督查人员', async ({ page }) => {
    await signInAs(page, 'inspector')
    await check(page, '/work', '我的待办（督查人员）')
    await check(page, '/dashboard', '工作总览（督查人员）')
    const hongxing = await villagePath(page, '红星村')
    await check(page, `${hongxing}/visits`, '督查记录表')
    await check(page, await firstLink(page, /\/orders\/\d+$/), '整改单（督查人员）')
    await check(page, `${hongxing}/problems`, '问题台账（督查人员）')
    await check(page, await firstLink(page, /\/problems\/\d+$/), '问题详情（督查人员）')
    await check(page, '/complaints', '举报信访登记（督查人员）')
    await check(page, await firstLink(page, /^\/complaints\/\d+$/), '举报详情（督查人员）')
  })

  test('每个页面都没有无障碍问题：县民政局', async ({ page }) => {
    await signInAs(page, 'county')
    await expect(page).toHaveURL(/\/county$/)
    await check(page, '/county', '全县汇总')
    await check(page, await firstLink(page, /^\/townships\/\d+$/), '乡镇工作总览（县民政局）')
    await check(page, '/exports', '打印与导出（县民政局）')
    await check(page, '/approvals', '待县审批')
    await check(page, await firstLink(page, /^\/proposals\/\d+$/), '拟办事项（县民政局）')
    await check(page, '/county/standards', '低保标准')
    await check(page, '/county/sample', '县级入户抽查')
    await check(page, await firstLink(page, /^\/county\/sample\/households\/\d+$/), '县级抽查记录')
    await check(page, '/crosscheck', '信息核对（县民政局，可导入）')
  })

  test('每个页面都没有无障碍问题：县民政局管理员', async ({ page }) => {
    await signInAs(page, 'county-admin')
    await check(page, '/county/admin', '县级管理')
    await check(page, '/county/admin/login-help', '登录页提示')
    await check(page, '/county/standards', '低保标准（可新增）')
    await check(page, '/county/sample', '县级入户抽查（抽取、分配）')
  })

  test('每个页面都没有无障碍问题：管理员', async ({ page }) => {
    await signInAs(page, 'admin')
    await check(page, '/admin', '系统管理')
    await check(page, await firstLink(page, /^\/admin\/users\/\d+$/), '用户')
    await check(page, '/admin/users/new', '新增用户')
    await check(page, '/admin/villages', '村(居)管理')
    await check(page, '/admin/holidays', '节假日更正')
    await check(page, '/admin/township', '举报电话')
    await check(page, '/campaign/windows', '阶段时间安排（管理员）')
    await check(page, '/import', '导入名册（管理员）')
  })

  test('每个页面都没有无障碍问题：村干部', async ({ page }) => {
    await walkCadrePages(page)
  })

  test.describe('关闭JavaScript', () => {
    test.use({ javaScriptEnabled: false })

    test('每个页面都没有无障碍问题：村干部（关闭JavaScript）', async ({ page }) => {
      await check(page, '/login', '登录（关闭JavaScript）')
      await walkCadrePages(page)
    })
  })
})
