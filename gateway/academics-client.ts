/**
 * The gateway's own calls to academics' internal operations (viewer scope, the record of
 * disclosures, portal sign-ins): signed as the gateway, JSON only, refused loudly.
 */
import { randomUUID } from 'node:crypto'
import { signCallerToken, type TokenSigner } from '../lib/contract/index.ts'

export interface AcademicsTarget {
  academicsUrl: string
  signer: TokenSigner
  /** Each call's bound. @default 4000 */
  timeoutMs?: number
  /** How to reach academics (tests inject its Yoga's `fetch`). @default globalThis.fetch */
  fetch?: typeof fetch
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
  const token = await signCallerToken({ role: 'GATEWAY', requestId: operation.requestId ?? randomUUID() }, target.signer, 'academics')
  const send = target.fetch ?? fetch
  const response = await send(target.academicsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: operation.query, variables: operation.variables, operationName: operation.operationName }),
    signal: AbortSignal.timeout(operation.timeoutMs ?? target.timeoutMs ?? 4000),
    redirect: 'error',
  })
  const body = (await response.json()) as { data?: Data | null; errors?: Array<{ message: string }> }
  if (body.errors?.length || !body.data) {
    throw new Error(`academics refused ${operation.operationName}: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`)
  }
  return body.data
}
