/**
 * The gateway's own calls to academics' internal operations (viewer scope, the record of
 * disclosures, portal sign-ins): signed as the gateway, JSON only, refused loudly.
 */
import { randomUUID } from 'node:crypto'
import { signCallerToken, viewerTokenReuseUntil, type TokenSigner } from '../lib/contract/index.ts'
import { ExpiringMap } from '../lib/expiring-map.ts'
import type { SubgraphFetcher } from './subgraph-http.ts'

export interface AcademicsTarget {
  academicsUrl: string
  signer: TokenSigner
  /** Each call's bound. @default 4000 */
  timeoutMs?: number
  /** How to reach academics (tests inject its Yoga's `fetch`). @default globalThis.fetch */
  fetch?: typeof fetch
  /** Over the network: the gateway's keep-alive `node:http` client (subgraph-http.ts); wins over `fetch`. */
  fetcher?: SubgraphFetcher
}

/**
 * The gateway's own token for academics, by signer: one signature reused while it has half its
 * life left (the request id travels in `x-request-id`), so academics verifies it once, not on
 * every scope, sign-in and disclosure call.
 */
const gatewayTokens = new ExpiringMap<TokenSigner, Promise<string>>(8)

function gatewayToken(signer: TokenSigner): Promise<string> {
  const known = gatewayTokens.get(signer)
  if (known) return known
  const token = signCallerToken({ role: 'GATEWAY', requestId: '' }, signer, 'academics')
  gatewayTokens.set(signer, token, viewerTokenReuseUntil(Date.now()))
  token.catch(() => gatewayTokens.delete(signer))
  return token
}

export interface InternalOperation {
  query: string
  operationName: string
  variables: Record<string, unknown>
  requestId?: string
  timeoutMs?: number
}

/** Sends an internal operation and returns its data; throws with academics' messages otherwise. */
export async function callAcademics<Data>(target: AcademicsTarget, operation: InternalOperation): Promise<Data> {
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${await gatewayToken(target.signer)}`,
      'x-request-id': operation.requestId ?? randomUUID(),
    },
    body: JSON.stringify({ query: operation.query, variables: operation.variables, operationName: operation.operationName }),
    signal: AbortSignal.timeout(operation.timeoutMs ?? target.timeoutMs ?? 4000),
  }
  const response = target.fetcher ? await target.fetcher(target.academicsUrl, init) : await (target.fetch ?? fetch)(target.academicsUrl, { ...init, redirect: 'error' })
  const body = (await response.json()) as { data?: Data | null; errors?: Array<{ message: string }> }
  if (body.errors?.length || !body.data) {
    throw new Error(`academics refused ${operation.operationName}: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`)
  }
  return body.data
}
