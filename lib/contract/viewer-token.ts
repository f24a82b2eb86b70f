/**
 * The gateway's token to the subgraphs: the caller (a viewer with their scope, or the gateway
 * itself) signed with the gateway's key for a short while, addressed to the one subgraph it is
 * sent to. A subgraph trusts nothing else, so a request that did not come through the gateway has
 * no caller and is refused, and a token captured on its way to one subgraph opens no other.
 */
import { SignJWT, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose'
import { KEY_ALG } from '../keys.ts'
import { DEFAULT_LANGUAGE, districtLanguageOf } from './languages.ts'
import { isViewer, scopeFrom, toCorrespondenceWire, toGrants, type Caller, type Viewer } from './scope.ts'

export const VIEWER_TOKEN_ISSUER = 'district-graph-gateway'
/** Long enough for one request's query plan, short enough that a leaked token is soon useless. */
export const VIEWER_TOKEN_SECONDS = 60

/** The audience of a token for one subgraph. */
export const viewerTokenAudience = (subgraph: string) => `district-graph-subgraph:${subgraph}`

/** The gateway's signing key and its id (subgraphs pick the key to verify with by `kid` during a rotation). */
export interface TokenSigner {
  privateKey: CryptoKey
  kid: string
}

/** The one subgraph that writes to people: only its tokens for writes carry whom the viewer may write to. */
export const CORRESPONDENCE_AUDIENCE = 'messaging'

export interface TokenOptions {
  /**
   * The token is for a write (a mutation). Only a write to messaging needs the viewer's
   * correspondence, which runs to hundreds of people for a teacher: no read carries it.
   * @default false
   */
  writes?: boolean
}

function viewerClaims(viewer: Viewer, subgraph: string, writes: boolean) {
  const claims = { role: viewer.role, rid: viewer.requestId, grants: toGrants(viewer.students), all: viewer.allStudents, lang: viewer.language ?? DEFAULT_LANGUAGE }
  if (!writes || subgraph !== CORRESPONDENCE_AUDIENCE || !viewer.correspondence) return claims
  return { ...claims, correspondence: toCorrespondenceWire(viewer.correspondence) }
}

export async function signCallerToken(caller: Caller, signer: TokenSigner, subgraph: string, { writes = false }: TokenOptions = {}): Promise<string> {
  const claims = isViewer(caller) ? viewerClaims(caller, subgraph, writes) : { role: caller.role, rid: caller.requestId }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: KEY_ALG, kid: signer.kid })
    .setIssuer(VIEWER_TOKEN_ISSUER)
    .setAudience(viewerTokenAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${VIEWER_TOKEN_SECONDS}s`)
  if (isViewer(caller)) jwt.setSubject(caller.id)
  return jwt.sign(signer.privateKey)
}

/** Verifies a gateway token addressed to `subgraph`; undefined for anything else, expired or malformed. */
export async function verifyCallerToken(token: string, key: CryptoKey | JWTVerifyGetKey, subgraph: string): Promise<Caller | undefined> {
  let payload
  try {
    const options = { issuer: VIEWER_TOKEN_ISSUER, audience: viewerTokenAudience(subgraph), algorithms: [KEY_ALG] }
    ;({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options))
  } catch {
    return undefined
  }
  const requestId = typeof payload.rid === 'string' ? payload.rid : ''
  if (payload.role === 'GATEWAY') return { role: 'GATEWAY', requestId }
  if (typeof payload.sub !== 'string') return undefined
  const scope = scopeFrom({ role: payload.role, allStudents: payload.all, grants: payload.grants, correspondence: payload.correspondence })
  const language = typeof payload.lang === 'string' ? districtLanguageOf(payload.lang) : undefined
  return scope && { ...scope, id: payload.sub, requestId, ...(language ? { language } : {}) }
}
