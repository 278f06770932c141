// What every journey needs: the demo accounts (seed/demo.ts) and signing in the way a person does.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test as base, type Page } from '@playwright/test'

/**
 * Playwright's `test`, plus one check on every journey: the pages ran their scripts without an uncaught error.
 * (A route module that throws in the browser still renders on the server, so a person sees the page, but it never
 * hydrates and a client-side link to it bounces back to where they were.)
 */
export const test = base.extend<{ noUncaughtPageErrors: void }>({
  noUncaughtPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`))
      // a script or style the Content-Security-Policy blocked is a broken page too
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(`${page.url()}: ${message.text()}`)
      })
      await use()
      expect(errors, 'uncaught errors in the page').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }

export const DEMO_PASSWORD = 'qinghe-demo'

/** The 12 villages of 清河镇, in the seed's order and spelling (DESIGN.md). */
export const DEMO_VILLAGES = [
  '东风村',
  '红星村',
  '柳树屯村',
  '王家庄村',
  '李家洼村',
  '河西村',
  '河东村',
  '北关社区',
  '南关社区',
  '新华村',
  '张庄村',
  '大孙庄村',
]

/** Open the sign-in page, fill in the form by its labels and press 登录. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await expect(page.getByRole('heading', { level: 1, name: '登录整改通' })).toBeVisible()
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** The village id in a /villages/:id URL. */
export function villageIdOf(url: string): number {
  const match = /\/villages\/(\d+)/.exec(new URL(url).pathname)
  if (!match) throw new Error(`not a village page: ${url}`)
  return Number(match[1])
}

/** Widest the page lays out, in CSS pixels: wider than the viewport means a sideways scroll. */
export function pageScrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/**
 * A full-page screenshot for a person to look at, only when E2E_SHOTS_DIR is set
 * (e.g. `E2E_SHOTS_DIR=/tmp/e2e-shots npm run test:e2e`); ordinary runs write nothing outside test-results.
 */
export async function screenshotForReview(page: Page, name: string) {
  const dir = process.env.E2E_SHOTS_DIR
  if (!dir) return
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
}
