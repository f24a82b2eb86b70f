/**
 * A subgraph's metrics, served on its `/metrics` and labelled with its name: requests and their
 * latency, errors by code, SQL statements in all and per request, and its outbox's backlog (read
 * with one statement at each scrape, never on a request's path).
 */
import type { ExecutionResult } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Db } from '../../db/client.ts'
import { sqlStatementsOf, type SqlTally } from '../../db/sql-counter.ts'
import { forEachErrorCode, LATENCY_BUCKETS } from '../../lib/telemetry-metrics.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'
import { outboxBacklog, type Outbox, type OutboxBacklog } from './outbox.ts'

export interface SubgraphMetricsOptions {
  name: SubgraphName
  db: Db
  outbox?: Outbox
  /** @default console.warn */
  log?: (message: string) => void
  /** Whether requests carry a SQL tally to observe (`METRICS_SQL_PER_REQUEST`): without it, no per-request histogram. */
  sqlPerRequest?: boolean
}

export interface SubgraphMetrics {
  registry: Registry
  /** Times each GraphQL request and counts its statements and the errors of its answer. */
  plugin: Plugin
  /** The same for a request answered past Yoga (the kit's HTTP handler): its start (`performance.now()`) and its answer. */
  observe: (startedAt: number, result: ExecutionResult) => void
}

export function createSubgraphMetrics({ name, db, outbox, log = (message) => console.warn(message), sqlPerRequest = false }: SubgraphMetricsOptions): SubgraphMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ subgraph: name })
  const registers = [registry]
  const requestSeconds = new Histogram({
    name: 'district_graph_subgraph_request_duration_seconds',
    help: 'GraphQL requests the subgraph answered and their latency; _count is the number of requests.',
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const errors = new Counter({ name: 'district_graph_subgraph_errors_total', help: "Errors in the subgraph's answers, by contract code.", labelNames: ['code'], registers })
  const statementsPerRequest = sqlPerRequest
    ? new Histogram({
        name: 'district_graph_sql_statements_per_request',
        help: 'SQL statements each GraphQL request sent; _sum is all of them (METRICS_SQL_PER_REQUEST=on).',
        buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128],
        registers,
      })
    : undefined
  new Counter({
    name: 'district_graph_sql_statements_total',
    help: 'SQL statements the subgraph sent (requests, its outbox relay and these scrapes), since the process started.',
    registers,
    collect() {
      this.reset()
      this.inc(sqlStatementsOf(name))
    },
  })
  if (outbox) {
    // Both gauges of one scrape share one statement.
    let reading: Promise<OutboxBacklog | undefined> | undefined
    const read = () =>
      (reading ??= outboxBacklog(db, outbox)
        .catch((error: unknown) => {
          log(`[${name}] /metrics could not read the outbox: ${error instanceof Error ? error.message : String(error)}`)
          return undefined
        })
        .finally(() => (reading = undefined)))
    new Gauge({
      name: 'district_graph_outbox_backlog',
      help: 'Events in the outbox not yet handed to the job queue (alerts wait on them).',
      registers,
      async collect() {
        const backlog = await read()
        if (backlog) this.set(backlog.rows)
        else this.reset()
      },
    })
    new Gauge({
      name: 'district_graph_outbox_lag_seconds',
      help: 'Age of the oldest event waiting in the outbox (0 when none waits).',
      registers,
      async collect() {
        const backlog = await read()
        if (backlog) this.set(backlog.oldest ? Math.max(0, (Date.now() - backlog.oldest.getTime()) / 1000) : 0)
        else this.reset()
      },
    })
  }

  const started = new WeakMap<Request, number>()
  const plugin: Plugin = {
    onRequest({ url, request }) {
      if (url.pathname === '/graphql') started.set(request, performance.now())
    },
    onExecute({ args }) {
      const tally = (args.contextValue as { sql?: SqlTally }).sql
      if (!tally || !statementsPerRequest) return
      return {
        onExecuteDone() {
          statementsPerRequest.observe(tally.statements)
        },
      }
    },
    onResultProcess({ result }) {
      forEachErrorCode(result, (code) => errors.inc({ code }))
    },
    onResponse({ request }) {
      const start = started.get(request)
      if (start !== undefined) requestSeconds.observe((performance.now() - start) / 1000)
    },
  }
  const observe = (startedAt: number, result: ExecutionResult) => {
    requestSeconds.observe((performance.now() - startedAt) / 1000)
    forEachErrorCode(result, (code) => errors.inc({ code }))
  }
  return { registry, plugin, observe }
}
