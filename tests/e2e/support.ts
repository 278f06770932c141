// What every journey needs: the demo accounts (seed/demo.ts) and signing in the way a person does.
import fs from 'node:fs'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
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
  await page.getByLabel('密码', { exact: true }).fill(password)
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

/** The accessibility gate (issue 13): axe-core's rules for WCAG 2.0 and 2.1, levels A and AA… */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
/** …and, of the best practices, that no two landmarks of one kind share a name (two "举报列表" regions, say). */
const BEST_PRACTICES = { 'landmark-unique': { enabled: true } }

/**
 * Run axe-core on the page as it stands and fail (softly: the journey goes on, so one run names every page with a
 * problem) with each violation's rule, impact, the elements' selectors and a snippet of their HTML. Call it at the
 * end of each step, on every page a journey visits, with JavaScript on and off.
 *
 * axe's script is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern,
 * so the CSP stays on and no context needs `bypassCSP`. With JavaScript on, the page's charts are drawn in the browser
 * after it loads (app/components/ChartPanels.tsx): wait for every chart, so axe sees what a person sees.
 */
export async function expectAccessible(page: Page, label: string) {
  const scripted = await page.evaluate(() => '__remixContext' in window)
  if (scripted) {
    await page.waitForFunction(() => [...document.querySelectorAll('[data-chart-slot]')].every((slot) => slot.querySelector('svg.recharts-surface')))
  }
  const results = scripted ? await analyze(page) : await analyzeWithoutScripts(page)
  const violations = results.violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ${node.target.join(' ')} ${node.html.slice(0, 160)}`),
  )
  expect.soft(violations, `axe-core (WCAG 2.1 A/AA) on ${label}: ${new URL(page.url()).pathname}${scripted ? '' : '（关闭JavaScript）'}`).toEqual([])
}

/** axe in the page itself ("legacy mode": no blank helper page; the app has no frames). */
function analyze(page: Page) {
  return new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: WCAG_TAGS }, rules: BEST_PRACTICES })
    .setLegacyMode(true)
    .analyze()
}

/**
 * A page loaded with JavaScript off: axe cannot finish there (its run waits on timers, and the page runs none), so
 * it checks an exact copy of the page as it was rendered, at the same address and width, in a context of its own
 * with scripting on but with the page's own scripts taken out, so the copy stays the page without JavaScript.
 */
async function analyzeWithoutScripts(page: Page) {
  const url = page.url().split('#')[0]
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '')
  const browser = page.context().browser()
  if (!browser) throw new Error('no browser behind the page')
  // (a context made in a test starts from the test's options: turn scripting back on by name)
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() })
  try {
    const copy = await context.newPage()
    await copy.route(
      (address) => address.href === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    )
    await copy.goto(url)
    return await analyze(copy)
  } finally {
    await context.close()
  }
}
