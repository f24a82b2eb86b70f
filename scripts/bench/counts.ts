/**
 * What one dashboard asks of the system, counted in-process (the whole graph in the bench's own
 * process, where the SQL and fetch counters are): SQL statements per subgraph and gateway→subgraph
 * fetches for a guardian of 1, 3 and 5 children, in the steady state (the viewer's scope already
 * resolved, the day's portal sign-in already recorded), as the dashboard test pins them; three
 * requests each, the typical one shown and every one kept.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase, type Database } from '../../db/client.ts'
import { sqlStatementTotals } from '../../db/sql-counter.ts'
import { issueDevelopmentToken } from '../../gateway/auth.ts'
import { subgraphFetchTotals } from '../../gateway/metrics.ts'
import { loadConfig } from '../../lib/config.ts'
import { OPERATIONS_DIR } from '../../lib/paths.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { startSystem, type System } from '../system.ts'
import { DASHBOARDS, type Dashboard } from './gateways.ts'
import { guardiansByChildren, type Guardian } from './viewers.ts'

const DOCUMENTS: Record<Dashboard, string> = Object.fromEntries(DASHBOARDS.map((name) => [name, fs.readFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), 'utf8')])) as Record<Dashboard, string>

/** Counts since `before`, leaving out what did not move. */
function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([key, value]) => [key, value - (before[key] ?? 0)] as const)
      .filter(([, value]) => value !== 0),
  )
}

export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

/** The graph in this process over the bench database, for counting and for the writes. */
export interface InProcessGraph {
  system: System
  database: Database
  token(guardian: Guardian): Promise<string>
  /** Posts an operation as `token`; the parsed answer. */
  query(token: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: unknown[] }>
  close(): Promise<void>
}

export async function startInProcessGraph(databaseUrl: string, poolSize: number): Promise<InProcessGraph> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-bench-'))
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    DATA_DIR: dataDir,
    PORT: '0',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, '0'])),
    RATE_LIMIT_PER_VIEWER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    // No pollers in this process, and no record of disclosures written in the middle of a count.
    BACKGROUND_JOBS: 'off',
    DISCLOSURE_FLUSH_SECONDS: '3600',
  })
  const database = await openDatabase({ kind: 'server', url: databaseUrl, max: poolSize })
  const system = await startSystem({ config, database })
  const query: InProcessGraph['query'] = async (token, document, variables) => {
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document, variables }),
    })
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] }
  }
  return {
    system,
    database,
    token: (guardian) => issueDevelopmentToken(guardian.personId, config.auth, dataDir, guardian.login),
    query,
    close: async () => {
      await system.stop()
      await database.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface DashboardCount {
  /** The typical request's statements per subgraph (the sample with the median total). */
  sql: Record<string, number>
  fetches: Record<string, number>
  /** Each sample's totals: a loader's batch can split when a query returns between two resolvers' loads. */
  sqlTotals: number[]
  fetchTotals: number[]
  errors: number
}

export interface FamilyCount {
  /** Children asked for (1, 3, 5). */
  children: number
  /** The guardian counted: undefined when the seed has none with that many children. */
  guardian: Guardian | undefined
  /** Children the counted guardian has (the largest family, when none has `children`). */
  actualChildren: number
  dashboards: Partial<Record<Dashboard, DashboardCount>>
}

/** A dashboard once unmeasured (scope, sign-in), then `samples` times counted, one at a time. */
async function countDashboard(graph: InProcessGraph, token: string, operation: Dashboard, variables?: Record<string, unknown>, samples = 3): Promise<DashboardCount> {
  await graph.query(token, DOCUMENTS[operation], variables)
  await graph.system.gateway.signIns.settle()
  const counted: Array<{ sql: Record<string, number>; fetches: Record<string, number> }> = []
  let errors = 0
  for (let i = 0; i < samples; i++) {
    const sqlBefore = sqlStatementTotals()
    const fetchesBefore = subgraphFetchTotals()
    const answer = await graph.query(token, DOCUMENTS[operation], variables)
    counted.push({ sql: diff(sqlStatementTotals(), sqlBefore), fetches: diff(subgraphFetchTotals(), fetchesBefore) })
    errors += answer.errors?.length ?? (answer.data ? 0 : 1)
  }
  const median = [...counted].sort((a, b) => total(a.sql) - total(b.sql))[Math.floor(samples / 2)] ?? { sql: {}, fetches: {} }
  return { ...median, sqlTotals: counted.map((c) => total(c.sql)), fetchTotals: counted.map((c) => total(c.fetches)), errors }
}

export async function countPerFamily(graph: InProcessGraph, sizes: readonly number[]): Promise<FamilyCount[]> {
  const byChildren = await guardiansByChildren(graph.database)
  const largest = Math.max(0, ...byChildren.keys())
  const counts: FamilyCount[] = []
  for (const children of sizes) {
    const actualChildren = byChildren.has(children) ? children : largest
    const guardian = byChildren.get(actualChildren)
    const count: FamilyCount = { children, guardian, actualChildren, dashboards: {} }
    counts.push(count)
    if (!guardian) continue
    const token = await graph.token(guardian)
    count.dashboards.FamilyDashboard = await countDashboard(graph, token, 'FamilyDashboard')
    const family = await graph.query(token, '{ me { children { id } } }')
    const [first] = (family.data?.me as { children?: Array<{ id: string }> } | undefined)?.children ?? []
    if (first) count.dashboards.ChildDashboard = await countDashboard(graph, token, 'ChildDashboard', { studentId: first.id })
  }
  return counts
}
