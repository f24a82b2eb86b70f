/**
 * The gateway's token to the subgraphs: the caller (a viewer with their scope, or the gateway
 * itself) signed with the gateway's key for a short while. A subgraph trusts nothing else, so a
 * request that did not come through the gateway has no caller and is refused.
 */
import { SignJWT, jwtVerify, type CryptoKey } from 'jose'
import { KEY_ALG } from '../keys.ts'
import { isViewer, scopeFrom, toGrants, type Caller } from './scope.ts'

export const VIEWER_TOKEN_ISSUER = 'district-graph-gateway'
export const VIEWER_TOKEN_AUDIENCE = 'district-graph-subgraphs'
/** Long enough for one request's query plan, short enough that a leaked token is soon useless. */
export const VIEWER_TOKEN_SECONDS = 60

export async function signCallerToken(caller: Caller, key: CryptoKey): Promise<string> {
  const claims = isViewer(caller)
    ? { role: caller.role, rid: caller.requestId, grants: toGrants(caller.students), all: caller.allStudents }
    : { role: caller.role, rid: caller.requestId }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: KEY_ALG })
    .setIssuer(VIEWER_TOKEN_ISSUER)
    .setAudience(VIEWER_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${VIEWER_TOKEN_SECONDS}s`)
  if (isViewer(caller)) jwt.setSubject(caller.id)
  return jwt.sign(key)
}

/** Verifies a gateway token; undefined for anything not signed by the gateway, expired or malformed. */
export async function verifyCallerToken(token: string, key: CryptoKey): Promise<Caller | undefined> {
  let payload
  try {
    ;({ payload } = await jwtVerify(token, key, { issuer: VIEWER_TOKEN_ISSUER, audience: VIEWER_TOKEN_AUDIENCE, algorithms: [KEY_ALG] }))
  } catch {
    return undefined
  }
  const requestId = typeof payload.rid === 'string' ? payload.rid : ''
  if (payload.role === 'GATEWAY') return { role: 'GATEWAY', requestId }
  if (typeof payload.sub !== 'string') return undefined
  const scope = scopeFrom({ role: payload.role, allStudents: payload.all, grants: payload.grants })
  return scope && { ...scope, id: payload.sub, requestId }
}
