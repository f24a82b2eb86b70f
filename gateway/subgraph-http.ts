/**
 * The gateway's HTTP client to the subgraphs: `node:http` over a keep-alive agent per gateway,
 * answering Apollo's data source with the little of a fetch Response it reads (status, headers,
 * the body as text or JSON). Node's own `fetch` (undici, with WHATWG streams, Request and
 * AbortSignal plumbing per call) was 58% of the gateway's CPU in the profiles of issue 11; the
 * subgraphs are plain HTTP/1.1 JSON on a private network, which `node:http` does with far less.
 *
 * A subgraph served in the gateway's own process (`npm start`) is called in-process instead: the
 * same request (method, path, headers with the subgraph's token, the JSON body) handed to its
 * handler without a socket, and its answer read as it would have arrived. Nothing else changes:
 * the subgraph verifies the token, the fetch is timed and bounded, an abort ends the wait.
 */
import http from 'node:http'
import https from 'node:https'
import type { RemoteGraphQLDataSource } from '@apollo/gateway'
import type { InProcessSubgraph } from '../lib/http.ts'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { endWithError, injectTraceContext, tracerFor } from '../lib/telemetry.ts'

/** Apollo's fetcher type (from @apollo/utils.fetcher, reached through the gateway's own types). */
export type SubgraphFetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>
type FetcherResponse = Awaited<ReturnType<SubgraphFetcher>>
type FetcherHeaders = FetcherResponse['headers']

export interface SubgraphHttpOptions {
  /** Connections kept per subgraph. @default 64 */
  maxSockets?: number
  /** Told how long each fetch of `fetcherFor(subgraph)` took, answered or not (the metrics). */
  onFetched?: (subgraph: string, seconds: number) => void
  /**
   * The subgraph served in this process at a URL's `host` (host:port), if one is: called without
   * a socket. Asked on every fetch, so a subgraph stopped (no longer found) is reached over HTTP,
   * and refuses as a stopped server does.
   */
  inProcess?: (host: string) => InProcessSubgraph | undefined
}

/** A read-only view of a response's headers in the shape Apollo's data source reads. */
class ResponseHeaders implements FetcherHeaders {
  readonly #map: Map<string, string>
  constructor(raw: http.IncomingHttpHeaders | Record<string, string>) {
    this.#map = new Map()
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value)
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase())
  }
  append(name: string, value: string): void {
    const current = this.get(name)
    this.#map.set(name.toLowerCase(), current === null ? value : `${current}, ${value}`)
  }
  set(name: string, value: string): void {
    this.#map.set(name.toLowerCase(), value)
  }
  delete(name: string): void {
    this.#map.delete(name.toLowerCase())
  }
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries()
  }
  keys(): IterableIterator<string> {
    return this.#map.keys()
  }
  values(): IterableIterator<string> {
    return this.#map.values()
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries()
  }
}

class BufferedResponse implements FetcherResponse {
  bodyUsed = false
  readonly redirected = false
  readonly ok: boolean
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300
  }
  text(): Promise<string> {
    this.bodyUsed = true
    return Promise.resolve(this.body.toString('utf8'))
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true
    return Promise.resolve(this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer)
  }
  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body)
  }
}

/** An abort as `node:http` rejects with it: named AbortError, the signal's reason as its cause. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason as unknown }), { name: 'AbortError' })
}

/** `init`'s request to a subgraph in this process, answered as a response read off a socket. */
function fetchInProcess(subgraph: InProcessSubgraph, url: string, target: URL, init: Parameters<SubgraphFetcher>[1] = {}): Promise<FetcherResponse> {
  const signal = init.signal as AbortSignal | undefined
  if (signal?.aborted) return Promise.reject(abortError(signal))
  const body = init.body === undefined ? Buffer.alloc(0) : typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body)
  // As a server receives them: lower-case names, the host, and the length node:http would send.
  const headers: Record<string, string> = { host: target.host }
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value
  if (init.body !== undefined) headers['content-length'] = String(body.byteLength)
  return new Promise<FetcherResponse>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal as AbortSignal))
    signal?.addEventListener('abort', onAbort, { once: true })
    subgraph({ method: init.method ?? 'GET', url: `${target.pathname}${target.search}`, headers, body })
      .then((answer) => {
        const raw = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
        resolve(new BufferedResponse(url, answer.status, http.STATUS_CODES[answer.status] ?? '', new ResponseHeaders(answer.headers), raw))
      }, reject)
      .finally(() => signal?.removeEventListener('abort', onAbort))
  })
}

export interface SubgraphHttp {
  fetcher: SubgraphFetcher
  /**
   * The fetcher for one subgraph: each fetch timed (`onFetched`) and, while tracing is on, made in
   * a client span of its own whose trace context the subgraph receives as `traceparent`.
   */
  fetcherFor(subgraph: string): SubgraphFetcher
  close(): void
}

/** A fetcher whose connections stay open between requests; `close()` ends them (at shutdown). */
export function subgraphHttp({ maxSockets = 64, onFetched, inProcess }: SubgraphHttpOptions = {}): SubgraphHttp {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' }),
  }
  const fetcher: SubgraphFetcher = (url, init = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url)
      const local = inProcess?.(target.host)
      if (local) {
        fetchInProcess(local, url, target, init).then(resolve, reject)
        return
      }
      const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:']
      const send = target.protocol === 'https:' ? https.request : http.request
      const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body) : init.body
      const headers: http.OutgoingHttpHeaders = { ...init.headers }
      if (body) headers['content-length'] = body.byteLength
      const request = send(target, { method: init.method ?? 'GET', headers, agent, signal: init.signal as AbortSignal | undefined }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const status = response.statusCode ?? 0
          resolve(new BufferedResponse(url, status, response.statusMessage ?? '', new ResponseHeaders(response.headers), Buffer.concat(chunks)))
        })
      })
      request.on('error', reject)
      request.end(body)
    })
  const timedFor = (subgraph: string): SubgraphFetcher => {
    if (!onFetched) return fetcher
    return async (url, init) => {
      const started = performance.now()
      try {
        return await fetcher(url, init)
      } finally {
        onFetched(subgraph, (performance.now() - started) / 1000)
      }
    }
  }
  const fetcherFor = (subgraph: string): SubgraphFetcher => {
    const timed = timedFor(subgraph)
    const tracer = tracerFor('gateway')
    if (!tracer) return timed
    return async (url, init = {}) => {
      const target = new URL(url)
      const span = tracer.startSpan(`fetch ${subgraph}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'district_graph.subgraph': subgraph, 'http.request.method': init.method ?? 'GET', 'server.address': target.hostname, 'server.port': Number(target.port) || (target.protocol === 'https:' ? 443 : 80), 'url.path': target.pathname },
      })
      const headers = { ...init.headers }
      injectTraceContext(headers, span)
      let response: FetcherResponse
      try {
        response = await timed(url, { ...init, headers })
      } catch (error) {
        endWithError(span, error)
        throw error
      }
      span.setAttribute('http.response.status_code', response.status)
      if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR })
      span.end()
      return response
    }
  }
  return {
    fetcher,
    fetcherFor,
    close() {
      agents['http:'].destroy()
      agents['https:'].destroy()
    },
  }
}
