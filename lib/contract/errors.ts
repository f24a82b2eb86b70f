/**
 * The contract's error codes and one helper for each. Every expected failure a user may see is
 * a GraphQLError made here; anything else is masked as INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from 'graphql'

/** Each code, its HTTP status when it decides the response's, and whether a subgraph may answer with it. */
export const ERROR_CODES = {
  UNAUTHENTICATED: { http: 401, fromSubgraph: true },
  FORBIDDEN: { http: undefined, fromSubgraph: true },
  BAD_USER_INPUT: { http: undefined, fromSubgraph: true },
  NOT_FOUND: { http: undefined, fromSubgraph: true },
  GRAPHQL_VALIDATION_FAILED: { http: 400, fromSubgraph: false },
  GRAPHQL_PARSE_FAILED: { http: 400, fromSubgraph: false },
  PERSISTED_QUERY_NOT_FOUND: { http: 404, fromSubgraph: false },
  SUBGRAPH_UNAVAILABLE: { http: 503, fromSubgraph: true },
  RATE_LIMITED: { http: 429, fromSubgraph: false },
  INTERNAL_SERVER_ERROR: { http: 500, fromSubgraph: true },
} as const satisfies Record<string, { http: number | undefined; fromSubgraph: boolean }>

export type ErrorCode = keyof typeof ERROR_CODES

/** Codes a subgraph may answer with that the gateway passes on to the client as they are. */
export const SUBGRAPH_ERROR_CODES: ReadonlySet<string> = new Set(
  (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code].fromSubgraph),
)

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

/** A user-facing error with a contract code; `http` only where the code decides the status. */
export function contractError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, http?: { status: number; headers?: Record<string, string> }): GraphQLError {
  const status = http ?? (ERROR_CODES[code].http === undefined ? undefined : { status: ERROR_CODES[code].http })
  return new GraphQLError(message, { extensions: { code, ...extensions, ...(status ? { http: status } : {}) } })
}

export const unauthenticated = (message = 'Sign in to use the district graph.') => contractError('UNAUTHENTICATED', message)
export const forbidden = (message = 'You may not read this.') => contractError('FORBIDDEN', message)
export const badUserInput = (message: string) => contractError('BAD_USER_INPUT', message)
export const notFound = (message: string) => contractError('NOT_FOUND', message)
export const validationFailed = (message: string) => contractError('GRAPHQL_VALIDATION_FAILED', message)
export const parseFailed = (message: string) => contractError('GRAPHQL_PARSE_FAILED', message)
export const persistedQueryNotFound = (message = 'This operation is not one of the trusted documents.') => contractError('PERSISTED_QUERY_NOT_FOUND', message)
/** A part of the graph that did not answer, named so the client knows which part is missing. */
export const subgraphUnavailable = (subgraph: string, message: string, http?: { status: number }) =>
  contractError('SUBGRAPH_UNAVAILABLE', message, { subgraph }, http)
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests: slow down and try again shortly.') =>
  contractError('RATE_LIMITED', message, {}, { status: 429, headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) } })
export const internalError = (message = 'Unexpected error.') => contractError('INTERNAL_SERVER_ERROR', message)
