// Issue 14: a real county and township from zero — nothing of the demo. The county is set up with the command a
// county runs first, then everything else happens in the browser: the county administrator adds a township and its
// administrator, the township administrator adds three villages, a leader and cadres, the leader creates the
// campaign, a cadre sees the mobilisation checklist, and the county bureau sees the township in the county view.
import { expect, expectAccessible, screenshotForReview, test } from './support'
import { runCommand, signInAt, startServer, tempDatabaseFile, type EmptyCountyServer } from './support-empty'

const PASSWORD = 'qingshan-2026-start'
const VILLAGES = ['东岗村', '西岗村', '南岗村']

let server: EmptyCountyServer

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  const databaseFile = tempDatabaseFile()
  const init = await runCommand('seed/init-township.ts', ['--county', '青山县', '--county-admin', 'qingshan-admin'], { databaseFile, stdin: `${PASSWORD}\n` })
  expect(init.code, init.stderr).toBe(0)
  expect(init.stdout).toContain('青山县')
  server = await startServer(databaseFile)
})

test.afterAll(async () => server?.stop())

test('从空数据库开始：县里建乡镇，乡镇建村和账号，镇领导创建专项整治，村干部和县民政局都看得到', async ({ page }) => {
  test.setTimeout(120_000)
  const url = server.url

  // — the county administrator: a township, its administrator, and a county bureau account —
  await signInAt(page, url, 'qingshan-admin', PASSWORD)
  await expect(page).toHaveURL(/\/county$/)
  await page.getByRole('link', { name: '县级管理' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: '县级管理' })).toBeVisible()
  await expectAccessible(page, '县级管理（空县）')
  await screenshotForReview(page, 'empty-county-1-county-admin')

  const newTownship = page.getByRole('region', { name: '新增乡镇', exact: true })
  await newTownship.getByLabel('乡镇名称（如 白杨镇）').fill('白杨镇')
  await newTownship.getByRole('button', { name: '新增乡镇', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('已新增乡镇')

  const newAdmin = page.getByRole('region', { name: '新增乡镇管理员' })
  await newAdmin.getByLabel('所属乡镇').selectOption({ label: '白杨镇' })
  await newAdmin.getByLabel('用户名（字母、数字、._-，2–40个字符）').fill('baiyang-admin')
  await newAdmin.getByLabel('姓名').fill('白杨镇管理员')
  await newAdmin.getByLabel('初始密码（至少10个字符）').fill(PASSWORD)
  await newAdmin.getByRole('button', { name: '新增乡镇管理员' }).click()
  await expect(page.getByRole('status')).toContainText('已新增乡镇管理员')

  const newBureau = page.getByRole('region', { name: '新增县民政局账号' })
  await newBureau.getByLabel('用户名（字母、数字、._-，2–40个字符）').fill('qingshan-mzj')
  await newBureau.getByLabel('姓名').fill('林晓光')
  await newBureau.getByLabel('初始密码（至少10个字符）').fill(PASSWORD)
  await newBureau.getByRole('button', { name: '新增县民政局账号' }).click()
  await expect(page.getByRole('status')).toContainText('已新增县民政局账号')
  await expect(page.getByRole('region', { name: '本县乡镇' })).toContainText('白杨镇')
  await screenshotForReview(page, 'empty-county-2-township-created')
  await page.context().clearCookies()

  // — the township administrator: three villages pasted as a list, a leader and a cadre for each village —
  await signInAt(page, url, 'baiyang-admin', PASSWORD)
  await expect(page).toHaveURL(/\/admin$/)
  await page.getByRole('link', { name: '村(居)管理' }).click()
  await page.getByLabel('每行一个村名，也可用逗号、顿号分隔').fill(VILLAGES.join('，'))
  await page.getByRole('button', { name: '批量添加村(居)' }).click()
  await expect(page.getByRole('status')).toContainText('已添加 3 个')
  await expectAccessible(page, '村(居)管理（新乡镇）')
  await screenshotForReview(page, 'empty-county-3-villages')

  const accounts = [
    { username: 'baiyang-leader', name: '赵永强', role: '镇领导', village: null },
    { username: 'donggang', name: '孙秀兰', role: '村(居)干部', village: '东岗村' },
    { username: 'xigang', name: '钱卫国', role: '村(居)干部', village: '西岗村' },
    { username: 'nangang', name: '周桂芳', role: '村(居)干部', village: '南岗村' },
  ]
  for (const account of accounts) {
    await page.goto(`${url}/admin/users/new`)
    await page.getByLabel('用户名（字母、数字、._-，2–40个字符）').fill(account.username)
    await page.getByLabel('姓名').fill(account.name)
    await page.getByLabel('角色').selectOption({ label: account.role })
    if (account.village) await page.getByLabel('所在村(居)（村(居)干部必填）').selectOption({ label: account.village })
    await page.getByLabel('初始密码（至少10个字符）').fill(PASSWORD)
    await page.getByRole('button', { name: '创建用户' }).click()
    await expect(page.getByRole('status')).toContainText('用户已创建')
  }
  await page.context().clearCookies()

  // — the leader: no campaign yet, so the dashboard offers to create one; the campaign from 篇一's template —
  await signInAt(page, url, 'baiyang-leader', PASSWORD)
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByText('尚未创建专项整治')).toBeVisible()
  await expectAccessible(page, '工作总览（尚无专项整治）')
  await page.getByRole('link', { name: '新建专项整治' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: '新建专项整治' })).toBeVisible()
  await page.getByLabel('开始日期', { exact: true }).fill('2026-12-07')
  await page.getByRole('button', { name: '按开始日期生成' }).click()
  await expect(page.getByLabel('专项整治名称')).toHaveValue('白杨镇“人情保”“错保”专项整治')
  for (const name of VILLAGES) await expect(page.getByRole('checkbox', { name })).toBeChecked()
  await expectAccessible(page, '新建专项整治')
  await screenshotForReview(page, 'empty-county-4-new-campaign')
  await page.getByRole('button', { name: '创建专项整治' }).click()

  await expect(page).toHaveURL(/\/dashboard\?campaignCreated=1$/)
  await expect(page.getByRole('status').filter({ hasText: '专项整治已创建' })).toBeVisible()
  const table = page.getByRole('region', { name: '各村(居)进度' }).getByRole('table')
  await expect(table.getByRole('rowheader')).toHaveText(VILLAGES)
  await expect(page.getByRole('region', { name: '乡镇工作清单' })).toContainText('制定专项整治方案')
  await expectAccessible(page, '工作总览（新专项整治）')
  await screenshotForReview(page, 'empty-county-5-dashboard')
  await page.context().clearCookies()

  // — a cadre: their village in mobilisation, with the mobilisation checklist —
  await signInAt(page, url, 'donggang', PASSWORD)
  await expect(page).toHaveURL(/\/villages\/\d+$/)
  await expect(page.getByRole('heading', { level: 1, name: /东岗村/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: /动员部署/ }).first()).toBeVisible()
  await expect(page.getByText('召开动员部署会议')).toBeVisible()
  // 制定专项整治方案 is the township's duty, not the village's
  await expect(page.getByText('制定专项整治方案')).toHaveCount(0)
  await expectAccessible(page, '东岗村（村干部，动员部署）')
  await screenshotForReview(page, 'empty-county-6-cadre')
  await page.context().clearCookies()

  // — the county bureau: the township in the county view —
  await signInAt(page, url, 'qingshan-mzj', PASSWORD)
  await expect(page).toHaveURL(/\/county$/)
  await expect(page.getByRole('link', { name: '白杨镇' }).first()).toBeVisible()
  await expectAccessible(page, '全县汇总（青山县）')
  await screenshotForReview(page, 'empty-county-7-county-view')
})
