/**
 * The page's GraphQL client: urql, sending each committed operation by its trusted-document hash
 * (the only thing production accepts), with the signed-in family's bearer token.
 */
import { Client, fetchExchange, mapExchange, type CombinedError } from '@urql/core'
import { persistedExchange } from '@urql/exchange-persisted'
import { documentId } from '@district-graph/client'

/**
 * @param onUnauthenticated called when the gateway refuses the token (expired, revoked, signed by
 * a key it no longer trusts, or naming no one in the district): the page then forgets the session
 * and asks the family to sign in. `accepted` says whether this session's token was ever accepted:
 * a fresh sign-in refused from its first request names an account the district does not know.
 */
export function createGraphClient(token: () => string | undefined, onUnauthenticated: (accepted: boolean) => void = () => undefined, options: { fresh?: boolean } = {}): Client {
  // A session the tab kept from before had its token accepted then; a fresh one has not yet.
  let accepted = options.fresh !== true
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onResult(result) {
          if (isUnauthenticated(result.error)) onUnauthenticated(accepted)
          else if (!result.error?.networkError) accepted = true
        },
      }),
      persistedExchange({
        enforcePersistedQueries: true,
        enableForMutation: true,
        preferGetForPersistedQueries: false,
        generateHash: (_query, document) => Promise.resolve(documentId(document)),
      }),
      fetchExchange,
    ],
    fetchOptions: () => {
      const bearer = token()
      const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {}
      return { headers }
    },
  })
}

/** The contract's `extensions.code` of each error in a result. */
export function errorCodes(error: CombinedError | undefined): string[] {
  if (!error) return []
  const codes = error.graphQLErrors.map((e) => codeOf(e.extensions))
  if (error.networkError) codes.push('NETWORK')
  return codes
}

/** Whether the gateway refused the request's token: a 401, or UNAUTHENTICATED. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  if (!error) return false
  const response: unknown = error.response
  return (response instanceof Response && response.status === 401) || error.graphQLErrors.some((e) => codeOf(e.extensions) === 'UNAUTHENTICATED')
}

/**
 * Whether a part of the answer (a path prefix such as `['me', 'children', 0, 'finance']`) came
 * back with an error: the page then says so in that part, and shows the rest.
 */
export function errorAt(error: CombinedError | undefined, prefix: ReadonlyArray<string | number>): { code: string } | undefined {
  for (const e of error?.graphQLErrors ?? []) {
    const path = e.path ?? []
    if (prefix.every((step, i) => path[i] === step)) return { code: codeOf(e.extensions) }
  }
  return undefined
}

/**
 * The error of a subgraph that did not answer at all (SUBGRAPH_UNAVAILABLE names it in
 * `extensions.subgraph`): the gateway cannot always say which path it would have filled.
 */
export function subgraphError(error: CombinedError | undefined, subgraph: string): { code: string } | undefined {
  const found = error?.graphQLErrors.find((e) => e.extensions.subgraph === subgraph)
  return found ? { code: codeOf(found.extensions) } : undefined
}

function codeOf(extensions: Record<string, unknown>): string {
  return typeof extensions.code === 'string' ? extensions.code : ''
}
