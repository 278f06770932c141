// Issue 11, findings 6 and 8, against the built server: a hostile roster upload or a large summary report is read or
// built in a worker thread with a time limit, so the server keeps answering meanwhile — /healthz within 200 ms — and
// a read past its limit is refused in Chinese. docs/decisions/007-untrusted-files-and-workers.md.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { blankRows, farRightCells, manyRows, unclosedSharedStrings } from '../support/hostileXlsx'
import { minimalXlsx } from '../support/zip'
import { Browser, startTestServer, type TestServer } from '../support/server'
import { expectAnsweredWithin } from '../support/latency'

const servers: TestServer[] = []
const folders: string[] = []
afterAll(async () => {
  for (const s of servers) await s.stop()
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true })
})

async function start(env: Record<string, string> = {}, options: { databaseFile?: string } = {}): Promise<TestServer> {
  const server = await startTestServer(env, options)
  servers.push(server)
  return server
}

async function signedIn(server: TestServer, username: string): Promise<Browser> {
  const browser = new Browser(server.url)
  expect((await browser.signIn(username)).status).toBe(302)
  return browser
}

function upload(browser: Browser, content: Uint8Array, name = 'roster.xlsx') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(content)]), name)
  return browser.request('/import', { method: 'POST', body: form })
}

/**
 * Runs `work` while asking /healthz every 20 ms; returns what `work` gave and each probe's time. Only probes that
 * started before `work` ended count.
 */
async function whileProbing<T>(server: TestServer, work: () => Promise<T>): Promise<{ value: T; probes: number[] }> {
  const probes: number[] = []
  let done = false
  const probing = (async () => {
    while (!done) {
      const started = performance.now()
      const res = await fetch(`${server.url}/healthz`)
      await res.text()
      if (!done) probes.push(performance.now() - started)
      expect(res.status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  try {
    return { value: await work(), probes }
  } finally {
    done = true
    await probing
  }
}

describe('a hostile roster upload', () => {
  it('is refused in Chinese while /healthz keeps answering within 200 ms', { timeout: 120_000 }, async () => {
    const server = await start()
    const cadre = await signedIn(server, 'zhangzhuang')
    // a first upload starts the worker thread (tsx and the reader's modules): not what is measured
    expect((await upload(cadre, manyRows(5))).status).toBe(302)
    const attacks = [unclosedSharedStrings(250_000), blankRows(30_000_000), farRightCells(200_000), manyRows(300_001)]
    const { value: answers, probes } = await whileProbing(server, async () => {
      const out: Array<{ status: number; html: string }> = []
      for (const file of attacks) {
        const res = await upload(cadre, file)
        out.push({ status: res.status, html: await res.text() })
      }
      return out
    })
    // the far-right cells are read in full, quickly, and passed over: an upload with nothing to import (302, preview)
    expect(answers.map((a) => a.status)).toEqual([422, 422, 302, 422])
    expect(answers[0].html).toContain('无法读取这个文件')
    expect(answers[1].html).toContain('超出上限')
    expect(answers[3].html).toContain('文件超过300,000行')
    expect(probes.length).toBeGreaterThanOrEqual(5)
    expectAnsweredWithin(probes, 200)
  })

  it('is stopped at the time limit and refused in Chinese (ROSTER_PARSE_TIME_LIMIT_MS)', { timeout: 120_000 }, async () => {
    const server = await start({ ROSTER_PARSE_TIME_LIMIT_MS: '300' })
    const cadre = await signedIn(server, 'zhangzhuang')
    const file = manyRows(300_000) // built before probing: building it holds this process's event loop
    const started = performance.now()
    const { value: res, probes } = await whileProbing(server, () => upload(cadre, file))
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).toContain('读取文件超过1秒仍未完成，已停止读取')
    expect(performance.now() - started).toBeLessThan(10_000)
    expectAnsweredWithin(probes, 200)
  })
})

describe('a large roster import', () => {
  it('keeps /healthz answering between the batches while its write transaction runs', { timeout: 180_000 }, async () => {
    const server = await start()
    const cadre = await signedIn(server, 'zhangzhuang')
    // 20,000 new households for the cadre's own village (no village column): one transaction of 40 batches
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
    const rows = [
      `<row r="1">${cell('A1', '户主姓名')}${cell('B1', '身份证号码')}${cell('C1', '家庭人口')}${cell('D1', '保障类别')}${cell('E1', '月保障金额')}</row>`,
    ]
    for (let i = 0; i < 20_000; i++) {
      const r = i + 2
      const id = makeIdNumber('130929', `${1940 + Math.floor(i / 1000)}0101`, i % 1000) // 20,000 distinct numbers
      rows.push(
        `<row r="${r}">${cell(`A${r}`, `测试户${i}`)}${cell(`B${r}`, id)}<c r="C${r}"><v>2</v></c>${cell(`D${r}`, '农村低保')}<c r="E${r}"><v>380</v></c></row>`,
      )
    }
    const file = minimalXlsx(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`)
    const uploaded = await upload(cadre, file)
    expect(uploaded.status).toBe(302)
    const preview = await (await cadre.get(uploaded.headers.get('location') ?? '')).text()
    const form = /<form method="post" action="\/import"[^>]*>([\s\S]*?)<\/form>/.exec(preview)?.[1] ?? ''
    expect(form, 'the preview has a confirm form').toContain('name="digest"')
    const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1], m[2].replace(/&amp;/g, '&')])
    const { value: confirmed, probes } = await whileProbing(server, () =>
      cadre.request('/import', { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    )
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('location')).toMatch(/^\/import\?done=\d+$/)
    const db = new Database(server.databaseFile, { readonly: true })
    try {
      expect((db.prepare("select count(*) as n from households where head_name like '测试户%'").get() as { n: number }).n).toBe(20_000)
    } finally {
      db.close()
    }
    expect(probes.length).toBeGreaterThanOrEqual(3)
    // the confirm writes in batches on the server's thread; between batches /healthz is answered. On a 2-core CI
    // machine with another test file beside it a batch can hold the thread ~250 ms (one run of two, issue 16's note);
    // what this guards is the old behaviour — no answer at all until the transaction ended, seconds later
    expectAnsweredWithin(probes, 500)
  })
})

describe('the summary report of a large township', () => {
  it('is built while /healthz keeps answering within 200 ms, and past its time limit answers 503 in Chinese', { timeout: 300_000 }, async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-county-'))
    folders.push(folder)
    const file = path.join(folder, 'county.db')
    execFileSync(
      'node_modules/.bin/tsx',
      ['seed/county.ts', '--out', file, '--townships', '1', '--villages-per-township', '40', '--households', '100000', '--today', '2026-11-29'],
      { stdio: 'pipe' },
    )
    const townshipId = (() => {
      const db = new Database(file, { readonly: true })
      try {
        return (db.prepare('select id from townships').get() as { id: number }).id
      } finally {
        db.close()
      }
    })()
    const env = { SEED_DEMO: '0', APP_NOW: '2026-11-29T02:00:00Z' }
    const server = await start(env, { databaseFile: file })
    const leader = await signedIn(server, 't01-leader')
    // the first report starts the worker thread; the second is measured
    expect((await leader.get(`/exports/${townshipId}/summary.docx`)).status).toBe(200)
    const { value: res, probes } = await whileProbing(server, () => leader.get(`/exports/${townshipId}/summary.docx`))
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    expect(probes.length).toBeGreaterThanOrEqual(5)
    expectAnsweredWithin(probes, 200)
    await servers.pop()?.stop()

    const hurried = await start({ ...env, SUMMARY_EXPORT_TIME_LIMIT_MS: '50' }, { databaseFile: file })
    const again = await signedIn(hurried, 't01-leader')
    const refused = await again.get(`/exports/${townshipId}/summary.docx`)
    expect(refused.status).toBe(503)
    expect(await refused.text()).toBe('生成总结报告超过时限，已停止。请稍后再试；如仍不成功，请联系管理员。')
  })
})
