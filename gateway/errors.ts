/**
 * What the gateway's errors look like to a client: a subgraph's contract code and message pass
 * on as they are, an error Yoga raised about the request itself (bad JSON, a missing CSRF header,
 * a body too large) gets the contract code its HTTP status means, and everything else is masked
 * as "Unexpected error." with INTERNAL_SERVER_ERROR, the original only in the log.
 */
import { GraphQLError } from 'graphql'
import { maskError } from 'graphql-yoga'
import { isErrorCode, SUBGRAPH_ERROR_CODES, type ErrorCode } from '../lib/contract/index.ts'

/** A request-level error's HTTP status → the contract's code for it. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'GRAPHQL_PARSE_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'PERSISTED_QUERY_NOT_FOUND',
  405: 'BAD_USER_INPUT',
  406: 'BAD_USER_INPUT',
  413: 'BAD_USER_INPUT',
  415: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
}

function statusOf(error: GraphQLError): number | undefined {
  const http = error.extensions.http
  return http && typeof http === 'object' && 'status' in http && typeof http.status === 'number' ? http.status : undefined
}

/** Keeps only the code, the HTTP settings (never sent to the client) and, for an outage, the subgraph's name. */
function strip(error: GraphQLError, code: string): void {
  const extensions = error.extensions as Record<string, unknown>
  for (const key of Object.keys(extensions)) {
    if (key !== 'code' && key !== 'http' && !(code === 'SUBGRAPH_UNAVAILABLE' && key === 'subgraph')) Reflect.deleteProperty(extensions, key)
  }
}

/** Longest message a client gets back: graphql-js quotes a bad variable's whole value, which may be megabytes. */
export const MAX_MESSAGE_LENGTH = 300

const BAD_VARIABLE = /^Variable "\$(\w+)" got invalid value /

/** graphql-js's "Variable "$x" got invalid value <the value>; <why>" loses the value; any message is cut to a bound. */
function bound(error: GraphQLError): void {
  const variable = BAD_VARIABLE.exec(error.message)
  if (variable) {
    const why = error.message.lastIndexOf('; ')
    error.message = `Variable "$${variable[1] ?? ''}" got an invalid value${why === -1 ? '.' : `: ${error.message.slice(why + 2)}`}`
    // graphql-js gives a bad variable of a built-in type (an Int of 1.5) no code: it is the client's input.
    if (error.extensions.code === undefined) (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT'
  }
  if (error.message.length > MAX_MESSAGE_LENGTH) error.message = `${error.message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
}

/**
 * A subgraph's error arrives wrapped around the plain JSON it answered (not an Error), which
 * Yoga would mask. Pass on its message and contract code only — not which subgraph answered
 * (app developers never learn where data lives) nor anything a development subgraph adds.
 */
export function maskGatewayError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError) {
    bound(error)
    const code = error.extensions.code
    // graphql-js types it an Error; Apollo puts the subgraph's plain JSON error there.
    const original: unknown = error.originalError
    const fromSubgraph = original !== undefined && original !== null && !(original instanceof Error)
    if (typeof code === 'string' && SUBGRAPH_ERROR_CODES.has(code) && (fromSubgraph || !original)) {
      // Kept as it is (Yoga logs every error it replaces), less what the client must not see.
      strip(error, code)
      return error
    }
    if (!original && isErrorCode(code)) return error
    const status = statusOf(error)
    // Yoga's own request errors carry no code or one of its own (BAD_REQUEST, REQUEST_ENTITY_TOO_LARGE).
    if (!original && !isErrorCode(code) && status !== undefined && CODE_FOR_STATUS[status]) {
      ;(error.extensions as Record<string, unknown>).code = CODE_FOR_STATUS[status]
      return error
    }
  }
  return maskError(error, message, isDev)
}
