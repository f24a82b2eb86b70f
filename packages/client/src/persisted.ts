/**
 * Sending a committed operation by its hash. Codegen embeds each document's sha256 (the key of
 * its entry in `persisted-documents.json`) in the document; the gateway looks the text up by it,
 * in development as in production, where nothing but trusted documents runs.
 */
import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core'

export type { ResultOf, VariablesOf }

/** The contract's error codes (`errors[].extensions.code`). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'SUBGRAPH_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'

export interface ResponseError {
  message: string
  path?: ReadonlyArray<string | number>
  /** `subgraph` names the missing part when the code is SUBGRAPH_UNAVAILABLE. */
  extensions?: { code?: ErrorCode; subgraph?: string; [key: string]: unknown }
}

/** The JSON body the gateway answers a document with: what the viewer may read, and why the rest is missing. */
export interface ResponseOf<TDocument extends TypedDocumentNode<unknown, never>> {
  data?: ResultOf<TDocument> | null
  errors?: ResponseError[]
}

/** A POST body naming a trusted document by its hash (Apollo's persisted-query extension). */
export interface PersistedRequest<TVariables> {
  operationName: string
  variables?: TVariables
  extensions: { persistedQuery: { version: 1; sha256Hash: string } }
}

interface WithMeta {
  __meta__?: { hash?: unknown }
  definitions?: ReadonlyArray<{ kind?: string; name?: { value?: string } }>
}

/** The sha256 (hex) of a committed operation: its key in the trusted-document manifest. */
export function documentId(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as WithMeta).__meta__?.hash
  if (typeof hash !== 'string') throw new TypeError('This document carries no trusted-document hash: use one of the documents this package exports.')
  return hash.replace(/^sha256:/, '')
}

function operationNameOf(document: TypedDocumentNode<unknown, never>): string {
  const operation = (document as WithMeta).definitions?.find((definition) => definition.kind === 'OperationDefinition')
  const name = operation?.name?.value
  if (!name) throw new TypeError('This document has no named operation.')
  return name
}

/** Variables are optional exactly when the operation requires none. */
type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables]

/**
 * The request body for `document`: its hash and its variables, type-checked against the operation.
 * `fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(persistedRequest(FamilyDashboardDocument)) })`
 */
export function persistedRequest<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, ...[variables]: VariablesArgument<TVariables>): PersistedRequest<TVariables> {
  return {
    operationName: operationNameOf(document),
    ...(variables === undefined ? {} : { variables }),
    extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } },
  }
}
