/**
 * `npm run bench [-- --requests 200 --concurrency 4 --students 1000 --writes]`: starts the whole
 * graph in this process on a fresh in-memory embedded database (or DATABASE_URL's server, which
 * must hold a seeded district), then sends the FamilyDashboard and ChildDashboard operations (and
 * with `--writes`, each of a family's writes) as demo.guardian and prints latency percentiles,
 * throughput, SQL statements and subgraph fetches per request. Figures, not assertions: tests count statements; this measures time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import * as academics from '../db/schema/academics.ts'
import * as attendance from '../db/schema/attendance.ts'
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
    options: {
      requests: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '4' },
      students: { type: 'string', default: '1000' },
      /** Also the family's writes (they change the database: on a server, use a throwaway one). */
      writes: { type: 'boolean', default: false },
    },
  })
  const requests = Number(values.requests)
  const concurrency = Number(values.concurrency)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-bench-'))
  const env = { RATE_LIMIT_PER_VIEWER: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000', ...process.env, DATA_DIR: dataDir, PORT: '0', ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_PORT`, '0'])) }
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
    const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
    const gql = async (body: { query: string; variables: Record<string, unknown> }) => {
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
      return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] }
    }
    /** Sends `requests` operations (`body(i)` makes the i-th), `concurrency` at a time after 10 to warm up, and prints a row. */
    const run = async (name: string, body: (i: number) => { query: string; variables: Record<string, unknown> }) => {
      let sent = 0
      const send = async () => {
        const started = performance.now()
        const result = await gql(body(sent++))
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
        `${name.padEnd(30)} ${percentile(latencies, 50).toFixed(1).padStart(7)}  ${percentile(latencies, 95).toFixed(1).padStart(7)}  ${percentile(latencies, 99).toFixed(1).padStart(7)}  ${(latencies.length / seconds).toFixed(1).padStart(6)}  ${((sum(sqlStatementTotals()) - sqlBefore) / latencies.length).toFixed(1).padStart(8)}  ${((sum(subgraphFetchTotals()) - fetchesBefore) / latencies.length).toFixed(1).padStart(12)}`,
      )
    }

    console.log(`${requests} requests per operation, ${concurrency} at a time, on ${config.databaseUrl ? 'the Postgres server' : 'embedded PGlite'}, as demo.guardian`)
    console.log('operation                       p50 ms   p95 ms   p99 ms   req/s   SQL/req   fetches/req')
    await run('FamilyDashboard', () => ({ query: operation('FamilyDashboard'), variables: {} }))
    await run('ChildDashboard', () => ({ query: operation('ChildDashboard'), variables: { studentId: link?.studentId } }))

    if (!values.writes) return
    // The writes a family makes, each request a new one (new idempotency keys, new days), so
    // every figure is a write that lands. They change the database: use a throwaway one.
    const family = await gql({ query: `{ me { children { id firstName finance { openFees { id dueCents } } messageRecipients { id } } } }`, variables: {} })
    type Child = { id: string; firstName: string; finance: { openFees: Array<{ id: string; dueCents: number }> | null } | null; messageRecipients: Array<{ id: string }> | null }
    const children = ((family.data?.me as { children: Child[] } | undefined)?.children ?? [])
    const writer = children.find((c) => (c.messageRecipients?.length ?? 0) > 0)
    const payer = children.find((c) => c.finance?.openFees?.some((f) => f.dueCents >= requests + 10))
    const fee = payer?.finance?.openFees?.find((f) => f.dueCents >= requests + 10)
    if (!writer || !payer || !fee) throw new Error(`demo.guardian has no child with a teacher to write to and a fee to pay: ${JSON.stringify(family)}`)
    const school = await database
      .drizzle('bench')
      .select({ date: attendance.calendarDates.date })
      .from(attendance.calendarDates)
      .innerJoin(attendance.studentSchoolAssociations, eq(attendance.studentSchoolAssociations.schoolId, attendance.calendarDates.schoolId))
      .where(and(eq(attendance.studentSchoolAssociations.studentId, writer.id), inArray(attendance.calendarDates.calendarEvent, ['Instructional day', 'Make-up day'])))
      .orderBy(attendance.calendarDates.date)
    const days = school.map((d) => d.date)
    const key = () => randomUUID()
    let threadId = ''
    await run('SendMessage (new thread)', (i) => ({
      query: operation('SendMessage'),
      variables: { input: { studentId: writer.id, staffId: writer.messageRecipients?.[0]?.id, subject: `Question ${String(i)}`, body: 'Could we talk about the reading log this week?' } },
    }))
    const sent = await gql({ query: operation('SendMessage'), variables: { input: { studentId: writer.id, staffId: writer.messageRecipients?.[0]?.id, body: 'One more question.' } } })
    threadId = ((sent.data?.sendMessage as { thread: { id: string } } | undefined)?.thread.id) ?? ''
    await run('SendMessage (reply)', () => ({ query: operation('SendMessage'), variables: { input: { studentId: writer.id, threadId, body: 'Thank you!' } } }))
    await run('MarkThreadRead', () => ({ query: operation('MarkThreadRead'), variables: { input: { threadId } } }))
    await run('PayFees (1 cent)', () => ({ query: operation('PayFees'), variables: { input: { studentId: payer.id, feeIds: [fee.id], amountCents: 1, idempotencyKey: key() } } }))
    await run('DepositMealFunds', () => ({ query: operation('DepositMealFunds'), variables: { input: { studentId: payer.id, amountCents: 500, idempotencyKey: key() } } }))
    await run('SubmitAbsenceNotice', (i) => ({
      query: operation('SubmitAbsenceNotice'),
      variables: { input: { studentId: writer.id, date: days[i % days.length], reason: 'ILLNESS', note: 'A cold.' } },
    }))
    await run('UpdateNotificationPreferences', (i) => ({
      query: operation('UpdateNotificationPreferences'),
      variables: { input: { kinds: [{ kind: 'MISSING_WORK', channels: i % 2 === 0 ? ['EMAIL'] : ['EMAIL', 'PUSH'] }] } },
    }))
    await run('MarkAlertsRead (all)', () => ({ query: operation('MarkAlertsRead'), variables: { input: { all: true } } }))
    await run('SetPreferredLanguage', (i) => ({ query: operation('SetPreferredLanguage'), variables: { input: { language: i % 2 === 0 ? 'es' : 'en' } } }))
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
