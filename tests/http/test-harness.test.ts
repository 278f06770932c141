// The test harness stops what it starts (issue 11, finding 19): a suite that fails at start-up once left the built
// server running as an orphan holding its port. Here a child Vitest run executes a suite that starts the server and
// fails on purpose without stopping it; when the child run has ended, that server must be gone.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRunning } from '../support/processes'

describe('the test harness', () => {
  it('stops the server a suite started even when that suite fails at start-up', () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-harness-')), 'pid')
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/support/harness/vitest.config.ts'], {
      env: { ...process.env, SKIP_BUILD: '1', ZGT_HARNESS_PID_FILE: pidFile, ZGT_TEST_PROCESSES: '' },
      encoding: 'utf8',
      timeout: 120_000,
    })
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.status, output).not.toBe(0) // the child suite failed, as it should
    expect(output).toContain('this suite fails at start-up on purpose')
    const pid = Number(fs.readFileSync(pidFile, 'utf8'))
    expect(pid).toBeGreaterThan(0)
    expect(isRunning(pid), `server ${pid} is still running after the run ended`).toBe(false)
  }, 150_000)
})
