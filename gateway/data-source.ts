/**
 * How the gateway talks to a subgraph: JSON only, a token signed for that subgraph alone on every
 * fetch, keep-alive connections (subgraph-http.ts), every fetch bounded by its own timeout
 * and by the request's deadline, and a subgraph that cannot be reached or does not answer in time
 * reported as SUBGRAPH_UNAVAILABLE, naming it, while the rest of the answer stands.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
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

/** The deadline of the request a fetch belongs to: Apollo hands its fetcher no context, so it travels here. */
const requestDeadline = new AsyncLocalStorage<AbortSignal>()

/** The data source's fetcher over a WHATWG fetch, each call bounded by `timeoutMs` and the request's deadline. */
function fetcherOver(send: typeof fetch, timeoutMs: number): Fetcher {
  return (url, init) => {
    const deadline = requestDeadline.getStore()
    const own = AbortSignal.timeout(timeoutMs)
    return send(url, {
      method: init?.method,
      headers: init?.headers,
      body: typeof init?.body === 'string' || init?.body === undefined ? init?.body : new Uint8Array(init.body),
      signal: deadline ? AbortSignal.any([own, deadline]) : own,
      redirect: 'error',
    })
  }
}

/** `fetcher`'s calls bounded by `timeoutMs` and the request's deadline. */
function bounded(fetcher: SubgraphFetcher, timeoutMs: number): Fetcher {
  return (url, init) => {
    const deadline = requestDeadline.getStore()
    const own = AbortSignal.timeout(timeoutMs)
    return fetcher(url, { ...init, signal: deadline ? AbortSignal.any([own, deadline]) : own })
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
    super({ url, fetcher: fetcher ? bounded(fetcher, timeoutMs) : fetcherOver(send, timeoutMs) })
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers
    if (!headers) return
    headers.set('accept', 'application/json')
    // Apollo types the context of its own calls (health checks) loosely; ours carries these.
    const { tokenFor, requestId } = context as Partial<GatewayContext>
    if (tokenFor) headers.set('authorization', `Bearer ${await tokenFor(this.subgraph, isMutation(request.query))}`)
    if (requestId) headers.set('x-request-id', requestId)
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
    const { deadline } = options.context as Partial<GatewayContext>
    try {
      return await (deadline ? requestDeadline.run(deadline, () => super.process(options)) : super.process(options))
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.code !== 'INTERNAL_SERVER_ERROR') throw error
      const late = timedOut(error)
      console.warn(`[gateway] ${this.subgraph} ${late ? 'did not answer in time' : 'failed'}: ${error instanceof Error ? error.message : String(error)}`)
      throw subgraphUnavailable(
        this.subgraph,
        late ? `The ${this.subgraph} service did not answer in time; its part of the answer is missing.` : `The ${this.subgraph} service is unavailable; its part of the answer is missing.`,
      )
    }
  }
}
