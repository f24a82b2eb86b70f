// @ts-check
/**
 * Lint: typescript-eslint's strict, type-checked rules, and the layers of the house as an import
 * rule. lib/ is the ground floor and imports nothing above it; db/ stands on lib/; the gateway
 * and the subgraph kit share only lib/ (the request contract); a subgraph imports the kit, lib/,
 * the shared db/ and its own tables, never another team's code; scripts/ and test/ sit at the
 * top, and so do the tests in each subgraph's room (`subgraphs/<name>/test/`).
 */
import importX from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

const SUBGRAPHS = ['academics', 'attendance', 'behaviour', 'finance', 'messaging', 'transportation']
const TOP = ['./scripts', './test', './web']

/** @type {Array<{ target: string | string[]; from: string | string[]; message: string }>} */
const layers = [
  { target: './lib', from: ['./db', './gateway', './subgraphs', './schema', ...TOP], message: 'lib/ is the ground floor: it imports nothing above it.' },
  { target: './db/{*,schema/**,seed/!(index).ts}', from: ['./gateway', './subgraphs', './schema', ...TOP], message: 'db/ stands on lib/ alone.' },
  {
    // The seed's orchestrator runs each team's seed (subgraphs/<name>/db/seed.ts) in one order, as
    // subgraphs/index.ts gathers their definitions: each team owns its seed, the district plan is shared.
    target: './db/seed/index.ts',
    from: ['./gateway', './subgraphs', './schema', ...TOP],
    except: SUBGRAPHS.map((name) => `./${name}/db/seed.ts`),
    message: "db/ stands on lib/ alone; the seed's orchestrator imports each team's seed, nothing else of a subgraph.",
  },
  { target: './schema', from: ['./db', './gateway', './subgraphs', ...TOP], message: 'schema/ holds what belongs to the whole graph and stands on lib/ alone.' },
  { target: './gateway', from: ['./db', './subgraphs', './schema', ...TOP], message: 'The gateway shares only lib/ (the request contract) with the subgraphs.' },
  {
    target: './subgraphs/kit',
    from: ['./gateway', './schema', ...TOP, ...SUBGRAPHS.map((name) => `./subgraphs/${name}`)],
    message: 'The kit builds every subgraph and knows none of them.',
  },
  ...SUBGRAPHS.flatMap((name) => [
    {
      // The room's tests (test/) sit on top, like test/: they check answers against any team's rows.
      target: `./subgraphs/${name}/{*,!(test)/**}`,
      from: ['./gateway', './schema', ...TOP, ...SUBGRAPHS.filter((other) => other !== name).map((other) => `./subgraphs/${other}`)],
      message: `A subgraph imports the kit, lib/, the shared db/ and its own tables: ${name} never imports another team's code or tables.`,
    },
    {
      // What serves requests never loads the seed: only the room's seed (db/seed.ts, and what it alone uses) stands on db/seed/.
      target: `./subgraphs/${name}/{*,!(db|test)/**,db/schema.ts}`,
      from: ['./db/seed/**', `./subgraphs/${name}/db/!(schema).ts`],
      message: `${name}'s server code and tables never import the seed: only its db/seed.ts stands on db/seed/.`,
    },
  ]),
]

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tmp/**', 'schema/generated/**', 'packages/client/src/generated/**', 'packages/client/dist/**', 'subgraphs/*/generated/**', 'subgraphs/*/db/migrations/**', 'web/dist/**',
    // Plain JavaScript loaded before tsx (NODE_OPTIONS=--import) by npm run bench -- --profile.
    'scripts/bench/profile-preload.mjs', 'db/pglite-worker-boot.mjs'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(x) => doSomething(x)` as a callback reads better than braces around one call.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A leading underscore marks what is taken only to be left out (`const { d: _d, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests compare whole answers with matchers (`expect.any(String)`) and parse JSON bodies: both
    // are `any` by design there, and tests monkey-patch prototypes to watch the process.
    files: ['test/**/*.ts', 'subgraphs/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
)
