import type { Browser, Page } from '@playwright/test'
import { expect, signIn, test } from './support'

// The page-weight budget of the cadre's pages (issue 17): a village cadre on a cheap phone and a slow, metered
// connection. Every byte the browser receives for one page — the document, styles, scripts, icons, every request
// it makes — counted as transferred (compressed, with headers: CDP's Network.loadingFinished encodedDataLength),
// with an empty cache. Over budget means the page is made lighter, never the budget raised.
const BUDGET = { withoutJavaScript: 60 * 1024, withJavaScript: 160 * 1024 }
const PHONE = { width: 360, height: 780 }

interface Weight {
  bytes: number
  requests: number
  /** the page's full height in CSS pixels, for the report */
  height: number
}

/** Signs the cadre in, then loads `path` with the browser's cache off and counts every byte received for it. */
async function weigh(browser: Browser, path: string | ((page: Page) => Promise<string>), javaScriptEnabled: boolean): Promise<Weight> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  try {
    const page = await context.newPage()
    await signIn(page, 'lijiawa')
    await expect(page).toHaveURL(/\/villages\/\d+$/)
    const target = typeof path === 'string' ? path.replace(':village', new URL(page.url()).pathname) : await path(page)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    // cold cache: nothing the sign-in loaded is reused
    await cdp.send('Network.clearBrowserCache')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let bytes = 0
    let requests = 0
    const urls = new Map<string, string>()
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url))
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength
      requests++
      if (process.env.PAGE_WEIGHT_DEBUG) console.log(event.encodedDataLength, urls.get(event.requestId))
    })
    await page.goto(target, { waitUntil: 'load' })
    // with JavaScript, the page is not loaded until it has hydrated and fetched what it preloads
    if (javaScriptEnabled) await page.waitForFunction(() => '__remixContext' in window && document.readyState === 'complete')
    await page.waitForLoadState('networkidle')
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    return { bytes, requests, height }
  } finally {
    await context.close()
  }
}

const CADRE_PAGES: Array<{ name: string; path: string | ((page: Page) => Promise<string>) }> = [
  { name: '本村页面', path: ':village' },
  { name: '低保户名册', path: ':village/households' },
  {
    name: '复核认定情况登记表',
    // the first household the roster offers: one tap from the list
    path: async (page) => {
      await page.goto(`${new URL(page.url()).pathname}/households`)
      return (await page.getByRole('list').getByRole('link').first().getAttribute('href')) ?? ''
    },
  },
  { name: '自查报告', path: ':village/report' },
]

test.describe('村干部页面的流量预算', () => {
  // each measure is a cold load after its own sign-in
  test.describe.configure({ timeout: 60_000 })

  for (const { name, path } of CADRE_PAGES) {
    for (const scripts of [false, true]) {
      const budget = scripts ? BUDGET.withJavaScript : BUDGET.withoutJavaScript
      test(`${name}在手机上首次打开，${scripts ? '开启' : '关闭'}JavaScript时传输不超过${budget / 1024} kB`, async ({ browser }, testInfo) => {
        const weight = await weigh(browser, path, scripts)
        // the figures go into the report: a page that grows shows by how much before it crosses the line
        const description = `${name}, JavaScript ${scripts ? 'on' : 'off'}: ${(weight.bytes / 1024).toFixed(1)} kB in ${weight.requests} requests, ${weight.height} px high`
        testInfo.annotations.push({ type: 'page weight', description })
        console.log(description)
        expect(weight.requests, 'requests counted').toBeGreaterThan(0)
        expect(weight.bytes, `${name}: bytes transferred`).toBeLessThanOrEqual(budget)
      })
    }
  }
})
