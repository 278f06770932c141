// ESLint (flat config) with type information. Besides the usual checks, the import boundaries of ADR 001 are lint
// rules here, so a wrong-way import fails `npm run lint` (and CI) instead of waiting for a review
// (tests/unit/layering.test.ts shows each rule firing):
//   workflows/ is pure (no app/, db/, seed/); db/ imports no app/; models import no routes or components;
//   routes never touch the database: no kysely, better-sqlite3, pg or db/, and no query-builder call
//   (selectFrom, insertInto, transaction, …). A route may still call getDb() and hand the handle to a model
//   function — that is how every route reaches its model — but it may not build a query on it. Only /healthz
//   asks the database itself whether it answers;
//   seed/ (command-line tools) imports db/, workflows/, and of app/ only app/models and app/i18n: a CLI is another
//   entry into the model layer, like a route (seed/import-roster.ts runs the web import's previewRoster/confirmRoster).
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const restrict = (...patterns) => ['error', { patterns }]
const group = (group, message) => ({ group, message })
const regex = (regex, message) => ({ regex, message })

/** Kysely's query-builder and transaction methods: a route that calls one is querying the database itself. */
const QUERY_METHODS = [
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'transaction',
  'connection',
  'executeQuery',
  'withRecursive',
]

/** Code that reaches the browser imports the dictionary sections it reads, not all of them (page weight, ADR 015). */
const WHOLE_DICTIONARY = regex(
  '(^|/)i18n/(dictionary|zh-CN)$',
  'A page or component imports the sections it reads from ~/i18n/zh-CN/<area>; the whole dictionary is for server code (ADR 015).',
)

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'public/build/', '.builds/', '.cache/', 'data/', 'test-results/', 'playwright-report/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The app refuses control characters in text on purpose (forms, file names, redirects, roster cells): every
      // control-character range in a regular expression here is the point of that expression, not a typo.
      'no-control-regex': 'off',
    },
  },
  {
    // React lives in app/ only; elsewhere a use… name is no hook (the tests' useDemoServer() is a vitest fixture)
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['remix.config.js'], languageOptions: { globals: { process: 'readonly' } } },
  {
    // Kysely<any> is Kysely's own advice for migrations, and for the code that must run on any version of the schema
    // (the audit chain, which migration 0006 uses; backup verification of an older file).
    files: ['db/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // In tests a `!` that turns out wrong throws at once and fails the test, which is the check we want there;
    // spelling each one out as `if (!x) throw` would only make the tests longer.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['workflows/**'],
    rules: {
      'no-restricted-imports': restrict(
        group(['**/app/**', '~/**', '**/db/**', '**/seed/**'], 'workflows/ is pure domain logic: no app/, db/ or seed/ (ADR 001).'),
      ),
    },
  },
  {
    files: ['db/**'],
    rules: { 'no-restricted-imports': restrict(group(['**/app/**', '~/**', '**/seed/**'], 'db/ knows nothing of the app (ADR 001).')) },
  },
  {
    files: ['seed/**'],
    rules: {
      'no-restricted-imports': restrict(
        regex(
          '^~/(?!models/|i18n(/|$))|(^|/)app/(?!models/|i18n(/|$))',
          'seed/ may import app/models and app/i18n (a CLI is another way into the model layer), never routes, components, forms or utils (ADR 001).',
        ),
      ),
    },
  },
  {
    files: ['app/models/**'],
    rules: {
      'no-restricted-imports': restrict(
        group(['**/routes/**', '**/components/**', '~/routes/**', '~/components/**'], 'Models never import routes or components (ADR 001).'),
      ),
    },
  },
  {
    files: ['app/components/**', 'app/root.tsx', 'app/i18n/auditText.ts'],
    rules: { 'no-restricted-imports': restrict(WHOLE_DICTIONARY) },
  },
  {
    files: ['app/routes/**'],
    ignores: ['app/routes/healthz.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '~/utils/db.server', allowImportNames: ['getDb'], message: 'Routes take only getDb() from here, to hand to a model function (ADR 001).' },
          ],
          patterns: [
            group(['kysely', 'kysely/*', 'better-sqlite3', 'pg', 'pg/*'], 'Routes never touch the database: call a model function (ADR 001).'),
            regex('(^|/)db/', 'Routes never import db/: call a model function; vocabularies live in workflows/rules (ADR 001).'),
            WHOLE_DICTIONARY,
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression > MemberExpression.callee > Identifier.property[name=/^(${QUERY_METHODS.join('|')})$/]`,
          message: 'Routes never query the database: move the query into a model function in app/models and call it with getDb() (ADR 001).',
        },
      ],
    },
  },
)
