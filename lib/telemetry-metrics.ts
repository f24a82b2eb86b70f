/**
 * Prometheus `/metrics` for every part (the gateway, each subgraph): each part keeps its own
 * prom-client registry, so the seven parts `npm start` runs in one process never mix their
 * series, and each answer ends with the process's own figures (CPU, memory, event loop), which
 * start being measured at the first scrape. `/metrics` is not for the internet: it answers callers
 * on this machine (loopback, and not forwarded by a proxy), or, with `METRICS_TOKEN`, only callers
 * presenting it as a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Plugin } from 'graphql-yoga'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { isErrorCode } from './contract/index.ts'

export const METRICS_PATH = '/metrics'

/** Buckets of the request and fetch histograms, in seconds: 1 ms to 10 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * Calls `count` with the contract code of each error in a GraphQL result (Yoga's, one or a batch);
 * a code outside the contract (there should be none) as `OTHER`, so the series stay few.
 */
export function forEachErrorCode(result: unknown, count: (code: string) => void): void {
  for (const one of Array.isArray(result) ? (result as unknown[]) : [result]) {
    const errors = typeof one === 'object' && one !== null && 'errors' in one ? one.errors : undefined
    if (!Array.isArray(errors)) continue
    for (const error of errors as ReadonlyArray<{ extensions?: { code?: unknown } } | null>) {
      const code = error?.extensions?.code
      count(isErrorCode(code) ? code : 'OTHER')
    }
  }
}

let processRegistry: Registry | undefined

/** The process's own figures, measured from the first scrape on (nothing runs for them before). */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const digest = (text: string) => createHash('sha256').update(text).digest()

function presents(request: Request, token: string): boolean {
  const header = request.headers.get('authorization') ?? ''
  return header.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7)), digest(token))
}

/**
 * Whether this caller may read `/metrics`: with a token, whoever presents it; without, a caller on
 * this machine whose request no proxy forwarded (a proxy on the same machine would otherwise make
 * the internet look local). A call with no socket at all is made within this process.
 */
export function mayScrape(request: Request, peer: string | undefined, token: string | undefined): boolean {
  if (token !== undefined) return presents(request, token)
  if (peer === undefined) return true
  return LOOPBACK.has(peer) && !request.headers.has('x-forwarded-for') && !request.headers.has('forwarded')
}

/** The exposition: the part's series, then the process's. */
export async function exposition(registry: Registry): Promise<string> {
  const [own, process] = await Promise.all([registry.metrics(), processMetrics().metrics()])
  return `${own}\n${process}`
}

/** Serves `registry` on `/metrics` in a part's Yoga (the Node request, when there is one, is in the server context as `req`). */
export function useMetricsEndpoint(registry: Registry, { token }: { token: string | undefined }): Plugin<object, { req?: IncomingMessage }> {
  return {
    async onRequest(payload) {
      const { url, request, serverContext } = payload
      if (url.pathname !== METRICS_PATH) return
      if (!mayScrape(request, serverContext.req?.socket.remoteAddress, token)) {
        payload.endResponse(
          token === undefined
            ? new Response('/metrics answers callers on this machine only.\n', { status: 403, headers: { 'content-type': 'text/plain' } })
            : new Response('/metrics needs its bearer token.\n', { status: 401, headers: { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' } }),
        )
        return
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        payload.endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }))
        return
      }
      payload.endResponse(new Response(request.method === 'HEAD' ? null : await exposition(registry), { status: 200, headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } }))
    },
  }
}
