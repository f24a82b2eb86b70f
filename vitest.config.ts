/**
 * The suite runs on the embedded database always, and also on the Postgres server named by
 * DATABASE_URL when it is set (CI sets it): the same tests, two projects. The family page's tests
 * (test/browser/, test/web-*.test.ts) run on the embedded one only: the page is the same on
 * either database, and each browser test costs a chromium.
 */
import { defineConfig } from 'vitest/config'

const shared = {
  // Node resolves graphql to its CommonJS build, which @apollo/* require; vite would pick the
  // .mjs build for our imports and two copies of graphql cannot share a schema.
  alias: { graphql: 'graphql/index.js' },
  // The cross-cutting suites, and each subgraph's own in its room.
  include: ['test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts'],
  globalSetup: ['test/support/global-setup.ts'],
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
}

export default defineConfig({
  test: {
    // A PGlite instance costs ~350 MB; two test files at a time suit a 2-core machine.
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'embedded', env: { DG_TEST_DATABASE: 'embedded' } } },
      ...(process.env.DATABASE_URL
        ? [{ test: { ...shared, name: 'postgres', env: { DG_TEST_DATABASE: 'postgres' }, exclude: ['test/start.test.ts', 'test/web-build.test.ts', 'test/web-serve.test.ts', 'test/browser/**'] } }]
        : []),
    ],
  },
})
