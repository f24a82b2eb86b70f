/**
 * How the gateway talks to a subgraph: JSON only, a token signed for that subgraph alone on every
 * fetch, keep-alive connections (subgraph-http.ts), every fetch bounded by its own timeout
 * and by the request's deadline, and a subgraph that cannot be reached or does not answer in time
 * reported as SUBGRAPH_UNAVAILABLE, naming it, while the rest of the answer stands.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GraphQLError } from 'graphql'
import { DISCLOSURES_EXTENSION, isDisclosure, subgraphUnavailable } from '../lib/contract/index.ts'
import { recordSubgraphFetch } from './metrics.ts'
import type { GatewayContext } from './context.ts'
import type { SubgraphFetcher } from './subgraph-http.ts'

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>

/** Whether a query plan's fetch is the operation's write (its root mutation), not a read around it. */
const isMutation = (query: string | undefined) => query !== undefined && /^\s*mutation\b/.test(query)

/**
 * Apollo hands its fetcher no context, so `willSendRequest` tells the fetcher which request's
 * deadline a fetch is under by this header (a key into `deadlines`), and the fetcher takes the
 * header off before it sends. (An AsyncLocalStorage carried the deadline before: on Node 20 it
 * runs promise hooks on every promise of the process, which the embedded `npm start`, whose
 * subgraphs share the gateway's process, paid on all of its work.)
 */
const DEADLINE_HEADER = 'x-district-graph-deadline'
const deadlines = new Map<string, AbortSignal>()
let fetchesUnderDeadline = 0

/** The deadline `willSendRequest` put on this fetch, and its headers without the header that named it. */
function takeDeadline(headers: Record<string, string> | undefined): { deadline: AbortSignal | undefined; headers: Record<string, string> | undefined } {
  const key = headers?.[DEADLINE_HEADER]
  if (key === undefined) return { deadline: undefined, headers }
  const deadline = deadlines.get(key)
  deadlines.delete(key)
  const { [DEADLINE_HEADER]: _key, ...rest } = headers ?? {}
  return { deadline, headers: rest }
}

/**
 * A signal that aborts after `timeoutMs` or when `deadline` does, whichever comes first, and
 * `done()` to let go of both once the fetch has its answer (a timer cleared, a listener removed:
 * cheaper than `AbortSignal.timeout` and `AbortSignal.any`, whose timers fire for every fetch).
 */
function boundedSignal(timeoutMs: number, deadline: AbortSignal | undefined): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException(`The subgraph did not answer within ${timeoutMs} ms.`, 'TimeoutError')), timeoutMs).unref()
  const onDeadline = () => controller.abort(deadline?.reason)
  if (deadline?.aborted) onDeadline()
  else deadline?.addEventListener('abort', onDeadline, { once: true })
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer)
      deadline?.removeEventListener('abort', onDeadline)
    },
  }
}

/** A WHATWG fetch as the data source's fetcher (its `signal` passed on, redirects refused). */
function fetcherOver(send: typeof fetch): Fetcher {
  return (url, init) =>
    send(url, {
      method: init?.method,
      headers: init?.headers,
      body: typeof init?.body === 'string' || init?.body === undefined ? init?.body : new Uint8Array(init.body),
      signal: init?.signal as AbortSignal | undefined,
      redirect: 'error',
    })
}

/** `fetcher`'s calls bounded by `timeoutMs` and by the deadline `willSendRequest` named (see `DEADLINE_HEADER`). */
function bounded(fetcher: Fetcher, timeoutMs: number): Fetcher {
  return (url, init) => {
    const { deadline, headers } = takeDeadline(init?.headers)
    const { signal, done } = boundedSignal(timeoutMs, deadline)
    const answer = fetcher(url, { ...init, headers, signal })
    answer.then(done, done)
    return answer
  }
}

function timedOut(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return error.name === 'TimeoutError' || error.name === 'AbortError' || (error.cause instanceof Error && timedOut(error.cause))
}

export interface DataSourceOptions {
  /** How to reach the subgraph over HTTP (subgraph-http.ts); wins over `send`. */
  fetcher?: SubgraphFetcher
  /** How to reach the subgraph as a WHATWG fetch (tests and `npm start` inject its Yoga's `fetch`). @default Node's own fetch */
  send?: typeof fetch
  /** @default 4000 */
  timeoutMs?: number
}

export class ViewerDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    { fetcher, send = fetch, timeoutMs = 4000 }: DataSourceOptions = {},
  ) {
    super({ url, fetcher: bounded(fetcher ?? fetcherOver(send), timeoutMs) })
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers
    if (!headers) return
    headers.set('accept', 'application/json')
    // Apollo types the context of its own calls (health checks) loosely; ours carries these.
    const { tokenFor, requestId, deadline } = context as Partial<GatewayContext>
    if (tokenFor) headers.set('authorization', `Bearer ${await tokenFor(this.subgraph, isMutation(request.query))}`)
    if (requestId) headers.set('x-request-id', requestId)
    if (deadline) {
      const key = String(++fetchesUnderDeadline)
      deadlines.set(key, deadline)
      headers.set(DEADLINE_HEADER, key)
    }
  }

  /** Collects the disclosures the subgraph reports, and keeps them out of the answer. */
  override didReceiveResponse({ response, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]): GatewayGraphQLResponse {
    const { [DISCLOSURES_EXTENSION]: disclosures, ...extensions } = response.extensions ?? {}
    if (disclosures === undefined) return response
    if ('disclosures' in context && Array.isArray(disclosures)) context.disclosures.push(...disclosures.filter(isDisclosure))
    return { ...response, extensions }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    recordSubgraphFetch(this.subgraph)
    try {
      return await super.process(options)
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.code !== 'INTERNAL_SERVER_ERROR') throw error
      const late = timedOut(error)
      console.warn(`[gateway] ${this.subgraph} ${late ? 'did not answer in time' : 'failed'}: ${error instanceof Error ? error.message : String(error)}`)
      throw subgraphUnavailable(
        this.subgraph,
        late ? `The ${this.subgraph} service did not answer in time; its part of the answer is missing.` : `The ${this.subgraph} service is unavailable; its part of the answer is missing.`,
      )
    } finally {
      // The fetcher took its deadline; a fetch that never went out leaves none behind either.
      const key = options.request.http?.headers.get(DEADLINE_HEADER)
      if (key) deadlines.delete(key)
    }
  }
}
