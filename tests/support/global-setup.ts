// HTTP tests run against the built server, so `npm test` builds it first (a few seconds) and needs nothing
// beyond `npm ci`. The PostgreSQL run (integration tests only) skips the build.
import { execFileSync } from 'node:child_process'

export default function setup() {
  if (process.env.TEST_DIALECT === 'postgres' || process.env.SKIP_BUILD === '1') return
  execFileSync('node_modules/.bin/remix', ['build'], { stdio: 'pipe' })
}
