// Browser journeys (tests/e2e) on the system Chromium: nothing here downloads a browser.
// `npm run test:e2e` builds the app, then Playwright starts `tsx server.ts` on a fresh SQLite file,
// so the server migrates and seeds the demo township 清河镇 on its first start.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3107)
const BASE_URL = `http://127.0.0.1:${PORT}`
const DB_PREFIX = 'zgt-e2e-'

// Playwright loads this file in the runner and again in every worker. The runner picks the database file and
// passes it down in the environment; workers inherit it and must neither pick another nor delete anything.
function e2eDatabaseFile(): string {
  const inherited = process.env.ZGT_E2E_DATABASE
  if (inherited) return inherited
  const tmp = os.tmpdir()
  // stale databases of earlier runs (a file and its -wal/-shm companions), named after the run's process;
  // a run still going on (another terminal) keeps its own
  for (const name of fs.readdirSync(tmp)) {
    const owner = new RegExp(`^${DB_PREFIX}\\d+-(\\d+)\\.db`).exec(name)
    // (recursive: the run's evidence folder, `….db.evidence`, goes with its database)
    if (owner && !isRunning(Number(owner[1]))) fs.rmSync(path.join(tmp, name), { force: true, recursive: true })
  }
  const file = path.join(tmp, `${DB_PREFIX}${Date.now()}-${process.pid}.db`)
  process.env.ZGT_E2E_DATABASE = file
  return file
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const databaseFile = e2eDatabaseFile()

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1, // a 2-core machine runs the server and the browser
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node_modules/.bin/tsx server.ts',
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseFile,
      // 佐证材料 beside this run's own database, not in a folder every run in the temp directory would share
      EVIDENCE_DIR: `${databaseFile}.evidence`,
      SESSION_SECRET: 'e2e-test-secret-not-for-production',
      // the journeys' own lines stay readable: the server logs only warnings and errors here
      LOG_LEVEL: 'warn',
    },
  },
})
