/**
 * How the gateway talks to a subgraph: JSON only, the viewer's gateway-signed token on every
 * fetch, keep-alive connections (Node's fetch pools them), and a subgraph that cannot be
 * reached reported as SUBGRAPH_UNAVAILABLE, naming it, while the rest of the answer stands.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GraphQLError } from 'graphql'
import { DISCLOSURES_EXTENSION, isDisclosure, subgraphUnavailable } from '../lib/contract/index.ts'
import { recordSubgraphFetch } from './metrics.ts'
import type { GatewayContext } from './context.ts'

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>

/** The data source's fetcher over a WHATWG fetch. */
function fetcherOver(send: typeof fetch): Fetcher {
  return (url, init) =>
    send(url, {
      method: init?.method,
      headers: init?.headers,
      body: typeof init?.body === 'string' || init?.body === undefined ? init?.body : new Uint8Array(init.body),
      signal: init?.signal as AbortSignal | undefined,
    })
}

export class ViewerDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * @param send how to reach the subgraph (tests inject its Yoga's `fetch`). @default Node's own
   *   fetch, which keeps connections alive and pools them per subgraph.
   */
  constructor(
    readonly subgraph: string,
    url: string,
    send: typeof fetch = fetch,
  ) {
    super({ url, fetcher: fetcherOver(send) })
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers
    if (!headers) return
    headers.set('accept', 'application/json')
    // Apollo types the context of its own calls (health checks) loosely; ours carries these two.
    const { viewerToken, requestId } = context as Partial<GatewayContext>
    if (viewerToken) headers.set('authorization', `Bearer ${viewerToken}`)
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
    try {
      return await super.process(options)
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.code !== 'INTERNAL_SERVER_ERROR') throw error
      console.warn(`[gateway] ${this.subgraph} failed: ${error instanceof Error ? error.message : String(error)}`)
      throw subgraphUnavailable(this.subgraph, `The ${this.subgraph} service is unavailable; its part of the answer is missing.`)
    }
  }
}
