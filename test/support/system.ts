/**
 * A whole district graph for one test file: six subgraphs and the gateway, in-process (each
 * call goes to a server's Yoga `fetch`, no port) or, for the tests whose subject is the network,
 * on free ports; over the project's test database (the dumped embedded seed, or the seeded
 * server database); and helpers to sign in and query the gateway as an app would.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../db/client.ts'
import { issueDevelopmentToken } from '../../gateway/auth.ts'
import { loadConfig, type Config } from '../../lib/config.ts'
import { sqlStatementTotals } from '../../db/sql-counter.ts'
import { startSystem, type System } from '../../scripts/system.ts'
import { subgraphFetchTotals } from '../../gateway/metrics.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { seedDistrict } from '../../db/seed/index.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { recreateDatabase } from './global-setup.ts'
import { testDataIn, type TestData } from './people.ts'
import { TEST_TODAY } from './seed-date.ts'

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number
  body: { data?: Data | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }
  text: string
}

export interface TestSystem extends TestData {
  system: System
  config: Config
  database: Database
  token(login: string): Promise<string>
  /** POSTs an operation to the gateway as `login` (or with a raw Authorization header). */
  query<Data = Record<string, unknown>>(
    as: { login: string } | { authorization?: string },
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<Data>>
  close(): Promise<void>
}

export function testConfig(dataDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    ACADEMICS_PORT: '0',
    ATTENDANCE_PORT: '0',
    BEHAVIOUR_PORT: '0',
    FINANCE_PORT: '0',
    MESSAGING_PORT: '0',
    TRANSPORTATION_PORT: '0',
    SCOPE_CACHE_SECONDS: '30',
    // The outbox relays and alert workers run only where a test is about them (subgraphs/messaging/test/alerts.test.ts).
    BACKGROUND_JOBS: 'off',
    ...overrides,
  })
}

export async function openTestDatabase(): Promise<Database> {
  const target = inject('testDatabase')
  if (target.kind === 'postgres') return openDatabase({ kind: 'server', url: target.url })
  return openDatabase({ kind: 'memory', loadDataDir: new Blob([fs.readFileSync(target.dump)]) })
}

/**
 * A database this test file alone writes to: on the embedded project every file has its own
 * copy anyway; on the server project, a fresh database seeded with a small district, so that
 * writes never race the files that read the shared one.
 */
export async function openWritableTestDatabase(name: string): Promise<Database> {
  const target = inject('testDatabase')
  if (target.kind === 'embedded') return openTestDatabase()
  const url = await recreateDatabase(target.url, `${new URL(target.url).pathname.slice(1)}_${name}`)
  const database = await openDatabase({ kind: 'server', url })
  await migrateSubgraphs(database, SUBGRAPH_NAMES)
  await seedDistrict(database, { students: 150, today: TEST_TODAY })
  return database
}

export interface TestSystemOptions {
  /** Environment settings for the system (SCOPE_CACHE_SECONDS, …). */
  env?: Record<string, string>
  /** Give this file a database of its own, named so (for tests that write). */
  writable?: string
  /**
   * Listen on real ports, for the tests whose subject is the network (connections, health
   * checks, a subgraph that stops answering). Without it everything runs in-process.
   * @default false
   */
  network?: boolean
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const overrides = options.env ?? {}
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-test-'))
  const database = options.writable ? await openWritableTestDatabase(options.writable) : await openTestDatabase()
  const config = testConfig(dataDir, overrides)
  const system = await startSystem({ config, database, network: options.network ?? false })
  const tokens = new Map<string, string>()
  const { db, personId } = testDataIn(database)
  const token = async (login: string) => {
    let value = tokens.get(login)
    if (!value) {
      value = await issueDevelopmentToken(await personId(login), config.auth, config.dataDir, login)
      tokens.set(login, value)
    }
    return value
  }
  return {
    system,
    config,
    database,
    db,
    personId,
    token,
    query: async <Data,>(as: { login: string } | { authorization?: string }, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Data>> => {
      const authorization = 'login' in as ? `Bearer ${await token(as.login)}` : as.authorization
      const response = await system.fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query, variables }),
      })
      const text = await response.text()
      return { status: response.status, body: JSON.parse(text) as GraphQLResponse<Data>['body'], text }
    },
    close: async () => {
      await system.stop()
      await database.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** SQL statements per subgraph and gateway→subgraph fetches while `fn` runs. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; sql: Record<string, number>; fetches: Record<string, number> }> {
  const sqlBefore = sqlStatementTotals()
  const fetchesBefore = subgraphFetchTotals()
  const result = await fn()
  const diff = (after: Record<string, number>, before: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(after)
        .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
        .filter(([, v]) => v !== 0),
    )
  return { result, sql: diff(sqlStatementTotals(), sqlBefore), fetches: diff(subgraphFetchTotals(), fetchesBefore) }
}
