/**
 * `npm run bench [-- --requests 200 --concurrency 4 --students 1000]`: starts the whole graph
 * in this process on a fresh in-memory embedded database (or DATABASE_URL's server, which must
 * hold a seeded district), then sends the FamilyDashboard and ChildDashboard operations as
 * demo.guardian and prints latency percentiles, throughput, SQL statements and subgraph fetches
 * per request. Figures, not assertions: tests count statements; this measures time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import * as academics from '../db/schema/academics.ts'
import { seedDistrict } from '../db/seed/index.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { subgraphFetchTotals } from '../gateway/metrics.ts'
import { loadConfig } from '../lib/config.ts'
import { sqlStatementTotals } from '../db/sql-counter.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startSystem } from './system.ts'

const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function main() {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' }, students: { type: 'string', default: '1000' } },
  })
  const requests = Number(values.requests)
  const concurrency = Number(values.concurrency)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-bench-'))
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_PORT`, '0'])) }
  const config = loadConfig(env)
  const database = config.databaseUrl ? await openDatabase({ kind: 'server', url: config.databaseUrl }) : await openDatabase({ kind: 'memory' })
  if (!config.databaseUrl) {
    const seeded = Date.now()
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    await seedDistrict(database, { students: Number(values.students) })
    console.log(`seeded ${values.students} students in memory in ${((Date.now() - seeded) / 1000).toFixed(1)} s`)
  }
  const system = await startSystem({ config, database })
  try {
    const [account] = await database.drizzle('bench').select().from(academics.accounts).where(eq(academics.accounts.login, 'demo.guardian'))
    if (!account) throw new Error('The database has no demo.guardian: seed it first.')
    const token = await issueDevelopmentToken(account.personId, config.auth, dataDir, 'demo.guardian')
    const [link] = await database
      .drizzle('bench')
      .select({ studentId: academics.studentContactAssociations.studentId })
      .from(academics.studentContactAssociations)
      .where(eq(academics.studentContactAssociations.contactId, account.personId))
      .limit(1)
    const operations = {
      FamilyDashboard: { query: fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8'), variables: {} },
      ChildDashboard: { query: fs.readFileSync('schema/operations/ChildDashboard.graphql', 'utf8'), variables: { studentId: link?.studentId } },
    }
    console.log(`${requests} requests per operation, ${concurrency} at a time, on ${config.databaseUrl ? 'the Postgres server' : 'embedded PGlite'}`)
    console.log('operation          p50 ms   p95 ms   p99 ms   req/s   SQL/req   fetches/req')
    for (const [name, body] of Object.entries(operations)) {
      const send = async () => {
        const started = performance.now()
        const response = await fetch(system.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        })
        const result = (await response.json()) as { errors?: unknown[] }
        if (result.errors) throw new Error(`${name} answered with errors: ${JSON.stringify(result.errors)}`)
        return performance.now() - started
      }
      for (let i = 0; i < 10; i++) await send()
      const sqlBefore = sum(sqlStatementTotals())
      const fetchesBefore = sum(subgraphFetchTotals())
      const latencies: number[] = []
      const started = performance.now()
      let next = 0
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            next++
            latencies.push(await send())
          }
        }),
      )
      const seconds = (performance.now() - started) / 1000
      latencies.sort((a, b) => a - b)
      console.log(
        `${name.padEnd(17)} ${percentile(latencies, 50).toFixed(1).padStart(7)}  ${percentile(latencies, 95).toFixed(1).padStart(7)}  ${percentile(latencies, 99).toFixed(1).padStart(7)}  ${(latencies.length / seconds).toFixed(1).padStart(6)}  ${((sum(sqlStatementTotals()) - sqlBefore) / latencies.length).toFixed(1).padStart(8)}  ${((sum(subgraphFetchTotals()) - fetchesBefore) / latencies.length).toFixed(1).padStart(12)}`,
      )
    }
  } finally {
    await system.stop()
    await database.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
