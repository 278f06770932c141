// The child run of tests/http/test-harness.test.ts: only the suite that fails on purpose, with the real global
// set-up and teardown (the build is already there: SKIP_BUILD=1).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/support/harness/*.check.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
