// ESLint (flat config) with type information. Besides the usual checks, the import boundaries of ADR 001 are lint
// rules here, so a wrong-way import fails `npm run lint` (and CI) instead of waiting for a review:
//   workflows/ is pure (no app/, db/, seed/); db/ imports no app/; models import no routes or components;
//   routes never touch the database (kysely, the handle) — only /healthz asks the database whether it answers;
//   seed/ (command-line tools) imports no app/.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const restrict = (patterns) => ['error', { patterns }]
const group = (group, message) => ({ group, message })

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'public/build/', '.builds/', '.cache/', 'data/', 'test-results/', 'playwright-report/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['workflows/**'],
    rules: { 'no-restricted-imports': restrict([group(['**/app/**', '~/**', '**/db/**', '**/seed/**'], 'workflows/ is pure domain logic: no app/, db/ or seed/ (ADR 001).')]) },
  },
  {
    files: ['db/**'],
    rules: { 'no-restricted-imports': restrict([group(['**/app/**', '~/**', '**/seed/**'], 'db/ knows nothing of the app (ADR 001).')]) },
  },
  {
    files: ['seed/**'],
    rules: { 'no-restricted-imports': restrict([group(['**/app/**', '~/**'], 'seed/ imports db/ and workflows/, never app/ (ADR 001).')]) },
  },
  {
    files: ['app/models/**'],
    rules: { 'no-restricted-imports': restrict([group(['**/routes/**', '**/components/**', '~/routes/**', '~/components/**'], 'Models never import routes or components.')]) },
  },
  {
    files: ['app/routes/**'],
    ignores: ['app/routes/healthz.ts'],
    rules: {
      'no-restricted-imports': restrict([
        group(['kysely', 'kysely/*', 'better-sqlite3', 'pg', '**/db/connection.server', '**/utils/db.server', '~/utils/db.server'], 'Routes never touch the database: call a model function.'),
      ]),
    },
  },
)
