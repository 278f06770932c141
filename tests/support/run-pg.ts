// npm run test:pg — the same integration suite against PostgreSQL. Each test file creates its own fresh
// database on the server (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres) and drops it afterwards.
import { spawnSync } from 'node:child_process'
import pg from 'pg'

const url = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const client = new pg.Client({ connectionString: url })
try {
  await client.connect()
  const { rows } = await client.query('select version()')
  console.log(`PostgreSQL: ${rows[0].version}`)
} catch (error) {
  console.error(`Cannot reach PostgreSQL at ${url}: ${(error as Error).message}`)
  process.exit(1)
} finally {
  await client.end().catch(() => {})
}

const result = spawnSync('npx', ['vitest', 'run', 'tests/integration', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DIALECT: 'postgres', TEST_PG_URL: url },
})
process.exit(result.status ?? 1)
