// HTTP tests run against the built server, so `npm test` builds it first (a few seconds) and needs nothing
// beyond `npm ci`. The PostgreSQL run (integration tests only) skips the build.
// The teardown stops every server or import a test started and did not stop (a suite that failed at start-up, a
// worker that died): tests/support/processes.ts.
import { execFileSync } from 'node:child_process'
import { createRegistry, killRegistered } from './processes'

export default function setup() {
  const registry = createRegistry()
  if (process.env.TEST_DIALECT !== 'postgres' && process.env.SKIP_BUILD !== '1') {
    execFileSync('node_modules/.bin/remix', ['build'], { stdio: 'pipe' })
  }
  return async () => {
    const left = await killRegistered(registry)
    if (left.length) console.warn(`Stopped ${left.length} test process(es) a suite left running: ${left.join(', ')}`)
  }
}
