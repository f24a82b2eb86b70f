/**
 * What Apollo hands a subgraph data source for one fetch of an operation, for tests that call
 * `ViewerDataSource.process` without a gateway around it.
 */
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway'
// The enum of a request's kind is not re-exported at the package's root.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type { GatewayContext } from '../../gateway/context.ts'

/** A fetch of `{ ok }` from finance for request `requestId`, under `deadline`, signed as 'token'. */
export function processOptions(requestId: string, deadline: AbortSignal): GraphQLDataSourceProcessOptions<GatewayContext> {
  const context = { requestId, deadline, tokenFor: () => Promise.resolve('token'), disclosures: [] } as unknown as GatewayContext
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: '{ ok }', http: { method: 'POST', url: 'http://finance.test/graphql', headers: new Headers() } },
    context,
    incomingRequestContext: { context } as unknown as Extract<GraphQLDataSourceProcessOptions<GatewayContext>, { incomingRequestContext: unknown }>['incomingRequestContext'],
  }
}
