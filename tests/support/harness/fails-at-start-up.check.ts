// Run only by tests/http/test-harness.test.ts in a child Vitest run: a suite that starts the built server and then
// fails in its set-up, never stopping the server. The run's teardown must stop it all the same.
import fs from 'node:fs'
import { beforeAll, it } from 'vitest'
import { startTestServer } from '../server'

beforeAll(async () => {
  const server = await startTestServer()
  const pidFile = process.env.ZGT_HARNESS_PID_FILE
  if (!pidFile) throw new Error('ZGT_HARNESS_PID_FILE is not set')
  const pid = (await fetch(`${server.url}/healthz`).then(() => server.pid)) ?? 0
  fs.writeFileSync(pidFile, String(pid))
  throw new Error('this suite fails at start-up on purpose')
})

it('never runs', () => {})
