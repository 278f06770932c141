// The import boundaries of ADR 001 are lint rules (eslint.config.js): this shows each one failing a wrong-way
// import, and letting the right way through. The code is linted as text under a path in the repository (nothing
// is written); type information is switched off for it, as the boundary rules do not need it.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const eslint = new ESLint({ cwd: repoRoot, overrideConfig: [tseslint.configs.disableTypeChecked] })

/** The boundary rules' complaints about `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => `${m.ruleId}: ${m.message}`)
}

describe('the layer rules of ADR 001, as lint', () => {
  it('refuses a route that imports kysely', async () => {
    const errors = await boundaryErrors('app/routes/some-route.tsx', `import { sql } from 'kysely'\nexport const query = sql\`select 1\`\n`)
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*Routes never touch the database/)])
  })

  it('refuses a route that imports db/, even only a type', async () => {
    const errors = await boundaryErrors('app/routes/some-route.tsx', `import type { Role } from '../../db/schema'\nexport const role: Role = 'cadre'\n`)
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*Routes never import db\//)])
  })

  it('refuses a route that builds a query on the database handle', async () => {
    const code = [
      `import { getDb } from '~/utils/db.server'`,
      `export async function loader() {`,
      `  return getDb().selectFrom('villages').select('name').execute()`,
      `}`,
      ``,
    ].join('\n')
    const errors = await boundaryErrors('app/routes/admin.tsx', code)
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-syntax: Routes never query the database/)])
  })

  it('refuses a route that opens a transaction on the handle', async () => {
    const code = `import { getDb } from '~/utils/db.server'\nexport const action = () => getDb().transaction().execute(async () => null)\n`
    expect(await boundaryErrors('app/routes/some-route.tsx', code)).toHaveLength(1)
  })

  it('lets a route pass getDb() to a model function', async () => {
    const code = [
      `import { getDb } from '~/utils/db.server'`,
      `import { listTownshipVillages } from '~/models/villages.server'`,
      `export const loader = () => listTownshipVillages(getDb(), 1)`,
      ``,
    ].join('\n')
    expect(await boundaryErrors('app/routes/some-route.tsx', code)).toEqual([])
  })

  it('lets only /healthz ask the database itself whether it answers', async () => {
    const code = `import { sql } from 'kysely'\nimport { getDb } from '~/utils/db.server'\nexport const loader = () => sql\`select 1\`.execute(getDb())\n`
    expect(await boundaryErrors('app/routes/healthz.ts', code)).toEqual([])
    expect(await boundaryErrors('app/routes/status.ts', code)).toHaveLength(1)
  })

  it('refuses a model that imports a component or a route', async () => {
    expect(
      await boundaryErrors('app/models/some.server.ts', `import { DashboardTable } from '../components/DashboardTable'\nexport const x = DashboardTable\n`),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*Models never import routes or components/)])
    expect(await boundaryErrors('app/models/some.server.ts', `import { loader } from '~/routes/dashboard'\nexport const x = loader\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Models never import routes or components/),
    ])
  })

  it('refuses workflows/ importing anything of app/, db/ or seed/', async () => {
    for (const source of ['../app/i18n', '~/models/problemRules', '../db/schema', '../seed/random']) {
      const errors = await boundaryErrors('workflows/some-rule.ts', `import { x } from '${source}'\nexport const y = x\n`)
      expect(errors, source).toEqual([expect.stringMatching(/^no-restricted-imports: .*workflows\/ is pure domain logic/)])
    }
  })

  it('refuses db/ importing app/', async () => {
    const errors = await boundaryErrors('db/some-table.ts', `import { t } from '../app/i18n'\nexport const x = t\n`)
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*db\/ knows nothing of the app/)])
  })

  it('lets seed/ import models and the dictionary, and nothing else of app/', async () => {
    const allowed = `import { t } from '../app/i18n'\nimport { previewRoster } from '../app/models/rosterImport.server'\nexport const x = [t, previewRoster]\n`
    expect(await boundaryErrors('seed/some-tool.ts', allowed)).toEqual([])
    for (const source of [
      '../app/utils/db.server',
      '../app/routes/import',
      '../app/components/ProgressBar',
      '../app/forms/users.server',
      '~/utils/auth.server',
    ]) {
      const errors = await boundaryErrors('seed/some-tool.ts', `import { x } from '${source}'\nexport const y = x\n`)
      expect(errors, source).toEqual([expect.stringMatching(/^no-restricted-imports: .*seed\/ may import app\/models and app\/i18n/)])
    }
  })
})
