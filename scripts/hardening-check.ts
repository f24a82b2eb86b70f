/**
 * `npm run hardening-check [-- --requests 200]`: the gateway against a hostile client and a sick
 * subgraph, as production runs it (each part its own process, on the Postgres server named by
 * DATABASE_URL, default the local one, in a database of its own seeded here). Prints: the time
 * to refuse the 1,000-alias document, FamilyDashboard's p50/p99 alone and with that attack running
 * alongside, and the time to answer FamilyDashboard with one subgraph hung (SIGSTOP).
 * Figures, not assertions: the tests assert the behaviour.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import * as academics from '../subgraphs/academics/db/schema.ts'
import { seedDistrict } from '../db/seed/index.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startDeployment } from './processes.ts'

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function freshDatabase(base: string, name: string): Promise<string> {
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

async function main() {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' } } })
  const requests = Number(values.requests)
  const concurrency = Number(values.concurrency)
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const url = await freshDatabase(base, 'district_graph_hardening')
  const database = await openDatabase({ kind: 'server', url, max: 2 })
  await migrateSubgraphs(database, SUBGRAPH_NAMES)
  await seedDistrict(database, { students: 1000 })
  const [account] = await database.drizzle('check').select().from(academics.accounts).where(eq(academics.accounts.login, 'demo.guardian'))
  const [student] = await database.drizzle('check').select().from(academics.students).limit(1)
  await database.close()
  if (!account || !student) throw new Error('The seed holds no demo.guardian.')

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-hardening-'))
  const timeouts = { SUBGRAPH_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '5000' }
  const deployment = await startDeployment(url, dataDir, { ...timeouts, RATE_LIMIT_PER_VIEWER: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000' })
  try {
    const config = loadConfig({ ...deployment.env })
    const token = await issueDevelopmentToken(account.personId, config.auth, dataDir, 'demo.guardian')
    const post = async (query: string) => {
      const started = performance.now()
      const response = await fetch(deployment.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      })
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string; subgraph?: string } }> }
      return { ms: performance.now() - started, body }
    }
    const family = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
    const attack = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: student(id: "${student.id}") { attendance { rate } }`).join(' ')} }`

    const refusals: number[] = []
    for (let i = 0; i < 20; i++) {
      const { ms, body } = await post(attack)
      if (!body.errors?.[0]?.extensions?.code) throw new Error('The 1,000-alias document was not refused.')
      refusals.push(ms)
    }
    refusals.sort((a, b) => a - b)
    console.log(`1,000-alias document refused (${String((await post(attack)).body.errors?.[0]?.extensions?.code)}): p50 ${percentile(refusals, 50).toFixed(1)} ms, max ${percentile(refusals, 100).toFixed(1)} ms`)

    const dashboards = async (label: string) => {
      for (let i = 0; i < 10; i++) await post(family)
      const latencies: number[] = []
      let next = 0
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            next++
            const { ms, body } = await post(family)
            if (body.errors) throw new Error(`FamilyDashboard answered with errors: ${JSON.stringify(body.errors)}`)
            latencies.push(ms)
          }
        }),
      )
      latencies.sort((a, b) => a - b)
      console.log(`FamilyDashboard ${label}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (${requests} requests, ${concurrency} at a time)`)
    }
    await dashboards('alone')
    let attacking = true
    let attacks = 0
    const attackers = Array.from({ length: 2 }, async () => {
      while (attacking) {
        await post(attack)
        attacks++
      }
    })
    await dashboards('with the 1,000-alias attack alongside (2 attackers)')
    attacking = false
    await Promise.all(attackers)
    console.log(`  (${attacks} attack documents refused meanwhile)`)

    deployment.subgraphs.transportation.signal('SIGSTOP')
    try {
      const { ms, body } = await post(family)
      const codes = (body.errors ?? []).map((e) => `${e.extensions?.code ?? '?'}(${e.extensions?.subgraph ?? ''})`)
      console.log(`FamilyDashboard with transportation hung (SIGSTOP, SUBGRAPH_TIMEOUT_MS=${timeouts.SUBGRAPH_TIMEOUT_MS}): answered in ${ms.toFixed(0)} ms with ${codes.join(', ')}`)
    } finally {
      deployment.subgraphs.transportation.signal('SIGCONT')
    }
  } finally {
    await deployment.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
