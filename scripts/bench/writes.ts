/**
 * The writes a family makes, each request a new one (new idempotency keys, new days), so every
 * figure is a write that lands, through the in-process graph as demo.guardian: latency, and the
 * SQL statements and fetches each costs. They change the database: the bench's own is made for it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import * as academics from '../../subgraphs/academics/db/schema.ts'
import * as attendance from '../../subgraphs/attendance/db/schema.ts'
import { sqlStatementTotals } from '../../db/sql-counter.ts'
import { subgraphFetchTotals } from '../../gateway/metrics.ts'
import { OPERATIONS_DIR } from '../../lib/paths.ts'
import { total, type InProcessGraph } from './counts.ts'
import { runLoad, type LoadResult } from './load.ts'
import { endProgress, progressPrinter } from './progress.ts'

const operation = (name: string) => fs.readFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), 'utf8')

export interface WriteRun {
  name: string
  load: LoadResult
  sqlPerRequest: number
  fetchesPerRequest: number
}

type Child = { id: string; firstName: string; finance: { openFees: Array<{ id: string; dueCents: number }> | null } | null; messageRecipients: Array<{ id: string }> | null }

export async function runWrites(graph: InProcessGraph, options: { requests: number; connections: number; log: (message: string) => void }): Promise<WriteRun[]> {
  const { requests, connections } = options
  const db = graph.database.drizzle('bench')
  const [account] = await db.select().from(academics.accounts).where(eq(academics.accounts.login, 'demo.guardian'))
  if (!account) throw new Error('The bench database has no demo.guardian.')
  const token = await graph.token({ login: account.login, personId: account.personId })
  const family = await graph.query(token, `{ me { children { id firstName finance { openFees { id dueCents } } messageRecipients { id } } } }`)
  const children = (family.data?.me as { children: Child[] } | undefined)?.children ?? []
  const writer = children.find((c) => (c.messageRecipients?.length ?? 0) > 0)
  const payer = children.find((c) => c.finance?.openFees?.some((f) => f.dueCents >= requests + 10))
  const fee = payer?.finance?.openFees?.find((f) => f.dueCents >= requests + 10)
  if (!writer || !payer || !fee) throw new Error(`demo.guardian has no child with a teacher to write to and a fee to pay: ${JSON.stringify(family)}`)
  const days = (
    await db
      .select({ date: attendance.calendarDates.date })
      .from(attendance.calendarDates)
      .innerJoin(attendance.studentSchoolAssociations, eq(attendance.studentSchoolAssociations.schoolId, attendance.calendarDates.schoolId))
      .where(and(eq(attendance.studentSchoolAssociations.studentId, writer.id), inArray(attendance.calendarDates.calendarEvent, ['Instructional day', 'Make-up day'])))
      .orderBy(attendance.calendarDates.date)
  ).map((d) => d.date)
  const staffId = writer.messageRecipients?.[0]?.id

  const runs: WriteRun[] = []
  /** `requests` writes, `connections` at a time, after a few unmeasured. */
  const run = async (name: string, variables: (i: number) => Record<string, unknown>, document = name) => {
    const query = operation(document)
    const request = (i: number) => ({ body: JSON.stringify({ query, variables: variables(i) }), headers: { authorization: `Bearer ${token}` } })
    await runLoad({ url: graph.system.gatewayUrl, connections: 1, requests: 3, request: (i) => request(requests + i) })
    const sqlBefore = total(sqlStatementTotals())
    const fetchesBefore = total(subgraphFetchTotals())
    const load = await runLoad({ url: graph.system.gatewayUrl, connections, requests, request, onProgress: progressPrinter(name) })
    endProgress()
    const per = (n: number) => (load.requests === 0 ? 0 : n / load.requests)
    const result = { name, load, sqlPerRequest: per(total(sqlStatementTotals()) - sqlBefore), fetchesPerRequest: per(total(subgraphFetchTotals()) - fetchesBefore) }
    runs.push(result)
    options.log(`  ${name}: p50 ${load.p50.toFixed(0)} ms, ${load.errors} errors${load.errorSamples[0] ? `, e.g. ${load.errorSamples[0]}` : ''}`)
  }

  await run('SendMessage (new thread)', (i) => ({ input: { studentId: writer.id, staffId, subject: `Question ${String(i)}`, body: 'Could we talk about the reading log this week?' } }), 'SendMessage')
  const sent = await graph.query(token, operation('SendMessage'), { input: { studentId: writer.id, staffId, body: 'One more question.' } })
  const threadId = (sent.data?.sendMessage as { thread: { id: string } } | undefined)?.thread.id ?? ''
  await run('SendMessage (reply)', () => ({ input: { studentId: writer.id, threadId, body: 'Thank you!' } }), 'SendMessage')
  await run('MarkThreadRead', () => ({ input: { threadId } }))
  await run('PayFees (1 cent)', () => ({ input: { studentId: payer.id, feeIds: [fee.id], amountCents: 1, idempotencyKey: randomUUID() } }), 'PayFees')
  await run('DepositMealFunds', () => ({ input: { studentId: payer.id, amountCents: 500, idempotencyKey: randomUUID() } }))
  await run('SubmitAbsenceNotice', (i) => ({ input: { studentId: writer.id, date: days[i % days.length], reason: 'ILLNESS', note: 'A cold.' } }))
  await run('UpdateNotificationPreferences', (i) => ({ input: { kinds: [{ kind: 'MISSING_WORK', channels: i % 2 === 0 ? ['EMAIL'] : ['EMAIL', 'PUSH'] }] } }))
  await run('MarkAlertsRead (all)', () => ({ input: { all: true } }), 'MarkAlertsRead')
  await run('SetPreferredLanguage', (i) => ({ input: { language: i % 2 === 0 ? 'es' : 'en' } }))
  // The next run finds demo.guardian as the seed made them, in English.
  await graph.query(token, operation('SetPreferredLanguage'), { input: { language: 'en' } })
  return runs
}
