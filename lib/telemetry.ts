/**
 * Traces (OpenTelemetry) from the gateway through each subgraph fetch to each SQL statement, W3C
 * trace context across the hops. Off unless an OTLP endpoint is configured (or a test hands in an
 * exporter): then no SDK is started, no plugin is added, and the SQL path costs one check. We make
 * our own spans at the hops (no auto-instrumentation patching `http`, which would cost every
 * request twice); the SDK reads the standard `OTEL_*` variables itself (exporter headers,
 * sampler, batch sizes).
 *
 * Each part (the gateway, each subgraph) has a tracer provider of its own, so that `npm start`,
 * which runs all seven in one process, still reports each as its own service.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type TextMapGetter, type TextMapSetter, type Tracer } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { getOperationAST, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { TelemetryConfig } from './config.ts'

export interface TracingOptions {
  /** Makes each part's exporter. @default OTLP over HTTP, configured by the standard `OTEL_EXPORTER_OTLP_*` variables */
  exporter?: () => SpanExporter
  /** Export each span as it ends (tests) instead of in batches. @default false */
  immediate?: boolean
  /** The service every part reports as. @default `district-graph-<part>` */
  serviceName?: string
}

/** The part whose tracer provider is the global one: Apollo's gateway makes its own spans (plan, fetch) through it. */
const GLOBAL_PART = 'gateway'

let settings: TracingOptions | undefined
const providers = new Map<string, BasicTracerProvider>()
const tracers = new Map<string, Tracer>()

/** Starts tracing for this process, once (later calls change nothing). */
export function startTracing(options: TracingOptions = {}): void {
  if (settings) return
  settings = options
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
}

/** Starts tracing when the configuration names a collector; otherwise does nothing at all. */
export function startConfiguredTracing(config: TelemetryConfig): void {
  if (config.otlpEndpoint !== undefined) startTracing({ serviceName: config.serviceName })
}

export function tracingEnabled(): boolean {
  return settings !== undefined
}

/** The tracer of one part of the graph (`gateway` or a subgraph's name), or undefined while tracing is off. */
export function tracerFor(part: string): Tracer | undefined {
  if (!settings) return undefined
  const known = tracers.get(part)
  if (known) return known
  const { exporter = () => new OTLPTraceExporter(), immediate = false, serviceName = `district-graph-${part}` } = settings
  const processor: SpanProcessor = immediate ? new SimpleSpanProcessor(exporter()) : new BatchSpanProcessor(exporter())
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] })
  providers.set(part, provider)
  if (part === GLOBAL_PART) trace.setGlobalTracerProvider(provider)
  const tracer = provider.getTracer('district-graph')
  tracers.set(part, tracer)
  return tracer
}

/** Exports every span that has ended (at shutdown, before the process exits). */
export async function flushTracing(): Promise<void> {
  await Promise.all([...providers.values()].map((provider) => provider.forceFlush()))
}

/** Flushes and stops every part's provider; tracing is off again. */
export async function stopTracing(): Promise<void> {
  if (!settings) return
  const stopping = [...providers.values()]
  providers.clear()
  tracers.clear()
  settings = undefined
  trace.disable()
  propagation.disable()
  context.disable()
  await Promise.all(stopping.map((provider) => provider.shutdown()))
}

const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
}

const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value
  },
}

/** Adds the active span's `traceparent` (W3C trace context) to outgoing request headers; nothing while tracing is off. */
export function injectTraceContext(headers: Record<string, string>, span?: Span): void {
  if (!settings) return
  propagation.inject(span ? trace.setSpan(context.active(), span) : context.active(), headers, recordSetter)
}

/** Ends `span` as failed with `error`'s kind (never its message, which may quote what was sent). */
export function endWithError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR })
  span.setAttribute('error.type', error instanceof Error ? error.name : 'Error')
  span.end()
}

/** The statement's first word (`select`, `insert`, `with`, …; a union's opening parentheses skipped): its operation, lower case. */
function operationOf(text: string): string {
  const match = /^[\s(]*(\w+)/.exec(text)
  return match?.[1]?.toLowerCase() ?? 'sql'
}

/**
 * A span for one SQL statement of `part`, as a child of the active span; undefined while tracing
 * is off or when no traced request is under way (the outbox relays, the job queue, scripts). Only
 * the statement's text is recorded: drizzle sends every value as a parameter, and parameters are
 * never recorded, so no student's data reaches a trace.
 */
export function startSqlSpan(part: string, text: string): Span | undefined {
  if (!settings) return undefined
  const parent = context.active()
  if (!trace.getSpan(parent)) return undefined
  const attributes: Attributes = { 'db.system.name': 'postgresql', 'db.operation.name': operationOf(text), 'db.query.text': text }
  return tracerFor(part)?.startSpan(operationOf(text), { kind: SpanKind.CLIENT, attributes }, parent)
}

export interface RequestSpanOptions {
  /** Continue the caller's trace (`traceparent`): the subgraphs, whose only caller is the gateway. The gateway, open to anyone, starts its own. */
  continueTrace: boolean
  /** Operations whose names may name a span (`query FamilyDashboard`); any other is `POST /graphql`, its name an attribute only. */
  knownOperations?: ReadonlySet<string>
}

/**
 * A server span around each GraphQL request of a part's Yoga, active while it is handled, so the
 * fetches and SQL statements it makes are its children. Add it only while tracing is on.
 */
export function useRequestSpans(part: string, { continueTrace, knownOperations }: RequestSpanOptions): Plugin {
  const tracer = tracerFor(part)
  if (!tracer) throw new Error('useRequestSpans needs tracing started first (startTracing).')
  const spans = new WeakMap<Request, Span>()
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const { pathname } = new URL(request.url)
        if (pathname !== '/graphql') return wrapped()
        const parent = continueTrace ? propagation.extract(ROOT_CONTEXT, request.headers, headersGetter) : ROOT_CONTEXT
        const span = tracer.startSpan(`${request.method} /graphql`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': pathname } }, parent)
        spans.set(request, span)
        return context.with(trace.setSpan(parent, span), async () => {
          try {
            await wrapped()
          } catch (error) {
            endWithError(span, error)
            throw error
          }
          span.end()
        })
      },
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request
      const span = request && spans.get(request)
      if (!span) return
      // envelop types the execution arguments loosely; these are graphql-js's.
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)
      if (!operation) return
      const name = operation.name?.value
      span.setAttribute('graphql.operation.type', operation.operation)
      if (name === undefined) return
      span.setAttribute('graphql.operation.name', name.slice(0, 200))
      if (knownOperations?.has(name)) span.updateName(`${operation.operation} ${name}`)
    },
    onResponse({ request, response }) {
      const span = spans.get(request)
      if (!span) return
      span.setAttribute('http.response.status_code', response.status)
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
    },
  }
}
