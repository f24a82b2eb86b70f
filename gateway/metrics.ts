/**
 * The gateway's metrics. Prometheus series on its `/metrics`: requests and their latency per
 * operation, errors by code, fetches and their latency per subgraph, rate-limit refusals, and the
 * record of disclosures' queue and lag. Beside them, the plain process totals the tests and the
 * benchmark read (fetches per subgraph, failed disclosure writes), which back the same series.
 */
import { getOperationAST, Kind, parse, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import fs from 'node:fs'
import { isErrorCode } from '../lib/contract/index.ts'
import { forEachErrorCode, LATENCY_BUCKETS } from '../lib/telemetry-metrics.ts'

const fetches = new Map<string, number>()

export function recordSubgraphFetch(subgraph: string): void {
  fetches.set(subgraph, (fetches.get(subgraph) ?? 0) + 1)
}

export function subgraphFetchTotals(): Record<string, number> {
  return Object.fromEntries(fetches)
}

let disclosureFailures = 0

export function recordDisclosureWriteFailure(): void {
  disclosureFailures++
}

/** Batches of the record of disclosures that academics did not take, since the process started. */
export function disclosureWriteFailures(): number {
  return disclosureFailures
}

export type RateLimitKind = 'address' | 'viewer'
const refusals = new Map<RateLimitKind, number>([
  ['address', 0],
  ['viewer', 0],
])

/** A request refused for being over a rate limit (before authentication by address, after it by viewer). */
export function recordRateLimitRefusal(limit: RateLimitKind): void {
  refusals.set(limit, (refusals.get(limit) ?? 0) + 1)
}

/** The label of an operation nobody registered (or one without a name): names a client makes up stay out of the series. */
export const OTHER_OPERATION = 'other'

/** The names of the operations in trusted-document manifests (sha256 → document): the only names a series is labelled with. */
export function operationNamesIn(manifestFiles: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const file of manifestFiles) {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    for (const document of Object.values(manifest)) {
      if (typeof document !== 'string') continue
      for (const definition of parse(document, { noLocation: true }).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value)
      }
    }
  }
  return names
}

export interface DisclosureQueue {
  queued(): number
  /** When the oldest record waiting was made, if any waits. */
  oldestQueuedAt(): Date | undefined
}

export interface GatewayMetricsOptions {
  /** Operations whose names label the series (the trusted documents'); any other is `other`. */
  operationNames: ReadonlySet<string>
  disclosures: DisclosureQueue
}

export interface GatewayMetrics {
  registry: Registry
  /** Counts and times each GraphQL request, and counts the errors of its answer by code. */
  plugin: Plugin
  /** Times one fetch of a query plan from a subgraph (seconds). */
  observeFetch: (subgraph: string, seconds: number) => void
  /** Counts an error answered outside Yoga (a refusal by address). */
  countError: (code: string) => void
}

interface RequestState {
  started: number
  operation: string
}

/** An error's contract code; anything else (there should be nothing else) as one label. */
const codeLabel = (code: unknown) => (isErrorCode(code) ? code : 'OTHER')

export function createGatewayMetrics({ operationNames, disclosures }: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry()
  const registers = [registry]
  const requestSeconds = new Histogram({
    name: 'district_graph_gateway_request_duration_seconds',
    help: 'GraphQL requests answered by the gateway and their latency, by operation (a trusted document\'s name, else "other"); _count is the number of requests.',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const errors = new Counter({ name: 'district_graph_gateway_errors_total', help: 'Errors in the gateway\'s answers, by contract code.', labelNames: ['code'], registers })
  const fetchSeconds = new Histogram({
    name: 'district_graph_gateway_subgraph_fetch_duration_seconds',
    help: 'Query-plan fetches from each subgraph over the network and their latency; _count is the number of fetches.',
    labelNames: ['subgraph'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  new Counter({
    name: 'district_graph_gateway_subgraph_fetches_total',
    help: 'Every call the gateway made to each subgraph: the query plans\' fetches and its own calls to academics (viewer scope), since the process started.',
    labelNames: ['subgraph'],
    registers,
    collect() {
      this.reset()
      for (const [subgraph, count] of fetches) this.inc({ subgraph }, count)
    },
  })
  new Counter({
    name: 'district_graph_gateway_rate_limit_refusals_total',
    help: 'Requests refused for being over a rate limit: by client address (before authentication) or by viewer.',
    labelNames: ['limit'],
    registers,
    collect() {
      this.reset()
      for (const [limit, count] of refusals) this.inc({ limit }, count)
    },
  })
  new Gauge({
    name: 'district_graph_gateway_disclosure_queue_length',
    help: 'Records of disclosures waiting in memory to be written to academics.',
    registers,
    collect() {
      this.set(disclosures.queued())
    },
  })
  new Gauge({
    name: 'district_graph_gateway_disclosure_lag_seconds',
    help: 'Age of the oldest record of disclosures waiting to be written (0 when none waits).',
    registers,
    collect() {
      const oldest = disclosures.oldestQueuedAt()
      this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0)
    },
  })
  new Counter({
    name: 'district_graph_gateway_disclosure_write_failures_total',
    help: 'Batches of the record of disclosures academics did not take (each is tried again on the next flush), since the process started.',
    registers,
    collect() {
      this.reset()
      this.inc(disclosureFailures)
    },
  })

  const requests = new WeakMap<Request, RequestState>()
  const plugin: Plugin = {
    onRequest({ url, request }) {
      if (url.pathname === '/graphql') requests.set(request, { started: performance.now(), operation: OTHER_OPERATION })
    },
    // The name the client gives, then (a document sent without one) the executed operation's own.
    onParams({ params, request }) {
      const state = requests.get(request)
      if (state && typeof params.operationName === 'string' && operationNames.has(params.operationName)) state.operation = params.operationName
    },
    onExecute({ args }) {
      const state = requests.get((args.contextValue as { request: Request }).request)
      if (!state || state.operation !== OTHER_OPERATION) return
      // envelop types the execution arguments loosely; these are graphql-js's.
      const name = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)?.name?.value
      if (name !== undefined && operationNames.has(name)) state.operation = name
    },
    onResultProcess({ result }) {
      forEachErrorCode(result, (code) => errors.inc({ code }))
    },
    onResponse({ request }) {
      const state = requests.get(request)
      if (state) requestSeconds.observe({ operation: state.operation }, (performance.now() - state.started) / 1000)
    },
  }
  return {
    registry,
    plugin,
    observeFetch: (subgraph, seconds) => fetchSeconds.observe({ subgraph }, seconds),
    countError: (code) => errors.inc({ code: codeLabel(code) }),
  }
}
