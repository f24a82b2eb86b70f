/**
 * A subgraph whose database gives it no connection (the server is full, or none came in time)
 * answers as SUBGRAPH_UNAVAILABLE naming itself, once per request, and logs one line saying what
 * ran out: Yoga would otherwise mask each failed field as INTERNAL_SERVER_ERROR and log a stack
 * for each, and the client could not tell an outage worth retrying from a bug.
 */
import { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { connectionRefusal } from '../../db/client.ts'
import { subgraphUnavailable } from '../../lib/contract/index.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'

export interface DatabaseUnavailableOptions {
  /** @default console.warn */
  log?: (message: string) => void
}

export function useDatabaseUnavailable(subgraph: SubgraphName, { log = (message) => console.warn(message) }: DatabaseUnavailableOptions = {}): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors?.length) return
          let reason: string | undefined
          let refused = 0
          const errors: GraphQLError[] = []
          // envelop types a result's errors loosely; graphql-js's execute gives GraphQLErrors.
          for (const error of result.errors as readonly GraphQLError[]) {
            const why = connectionRefusal(error)
            if (why === undefined) {
              errors.push(error)
              continue
            }
            refused++
            if (reason !== undefined) continue
            reason = why
            // Status 200: the subgraph's other fields stand, and the gateway discards a non-2xx answer whole.
            const contract = subgraphUnavailable(subgraph, `The ${subgraph} service is too busy to answer; its part of the answer is missing.`, { status: 200 })
            errors.push(new GraphQLError(contract.message, { path: error.path, extensions: contract.extensions }))
          }
          if (reason === undefined) return
          log(`[${subgraph}] the database gave no connection (${reason}): ${refused} field${refused === 1 ? '' : 's'} answered SUBGRAPH_UNAVAILABLE`)
          setResult({ ...result, errors })
        },
      }
    },
  }
}
