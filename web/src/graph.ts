/**
 * The page's GraphQL client: urql, sending each committed operation by its trusted-document hash
 * (the only thing production accepts), with the signed-in family's bearer token.
 */
import { Client, fetchExchange, type CombinedError } from '@urql/core'
import { persistedExchange } from '@urql/exchange-persisted'
import { documentId } from '@district-graph/client'

export function createGraphClient(token: () => string | undefined): Client {
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    exchanges: [
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

function codeOf(extensions: Record<string, unknown>): string {
  return typeof extensions.code === 'string' ? extensions.code : ''
}
