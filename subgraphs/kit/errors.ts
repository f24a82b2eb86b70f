/**
 * The errors users may see, each with a contract code. Anything else thrown in a resolver is
 * masked as INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from 'graphql'

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'SUBGRAPH_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'

function error(code: ErrorCode, message: string, http?: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(http ? { http: { status: http } } : {}) } })
}

export const unauthenticated = (message = 'Sign in to use the district graph.') => error('UNAUTHENTICATED', message, 401)
export const forbidden = (message = 'You may not read this.') => error('FORBIDDEN', message)
export const badUserInput = (message: string) => error('BAD_USER_INPUT', message)
export const notFound = (message: string) => error('NOT_FOUND', message)
