/**
 * The gateway's token to the subgraphs: the caller (a viewer with their scope, or the gateway
 * itself) signed with the gateway's key for a short while, addressed to the one subgraph it is
 * sent to. A subgraph trusts nothing else, so a request that did not come through the gateway has
 * no caller and is refused, and a token captured on its way to one subgraph opens no other.
 */
import { SignJWT, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose'
import { KEY_ALG } from '../keys.ts'
import { ExpiringMap } from '../expiring-map.ts'
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
  /**
   * How long the token is accepted, in seconds: only a development viewer's token
   * (`npm run dev:subgraph`) lives longer than a request needs.
   * @default VIEWER_TOKEN_SECONDS
   */
  seconds?: number
}

/**
 * A viewer's token carries their scope, not the request: the gateway signs it once per scope and
 * subgraph and reuses it while it has time left (signing and verifying EdDSA on every request
 * was 6–10% of each process), and the request id travels in its own header (`x-request-id`).
 */
function viewerClaims(viewer: Viewer, subgraph: string, writes: boolean) {
  const claims = { role: viewer.role, grants: toGrants(viewer.students), all: viewer.allStudents, lang: viewer.language ?? DEFAULT_LANGUAGE }
  if (!writes || subgraph !== CORRESPONDENCE_AUDIENCE || !viewer.correspondence) return claims
  return { ...claims, correspondence: toCorrespondenceWire(viewer.correspondence) }
}

export async function signCallerToken(caller: Caller, signer: TokenSigner, subgraph: string, { writes = false, seconds = VIEWER_TOKEN_SECONDS }: TokenOptions = {}): Promise<string> {
  const claims = isViewer(caller) ? viewerClaims(caller, subgraph, writes) : { role: caller.role, rid: caller.requestId }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: KEY_ALG, kid: signer.kid })
    .setIssuer(VIEWER_TOKEN_ISSUER)
    .setAudience(viewerTokenAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
  if (isViewer(caller)) {
    jwt.setSubject(caller.id)
    signatures++
  }
  return jwt.sign(signer.privateKey)
}

/** A verified token's caller and when the token expires (ms since the epoch). */
interface Verified {
  caller: Caller
  expiresAt: number
}

let signatures = 0
let verifications = 0
/**
 * Viewer tokens signed, and tokens verified (a viewer's, or one refused), in this process so far:
 * what the caches save shows here (tests read it). The gateway's own tokens are not counted.
 */
export const viewerTokenWork = () => ({ signatures, verifications })

async function verifyToken(token: string, key: CryptoKey | JWTVerifyGetKey, subgraph: string): Promise<Verified | undefined> {
  let payload
  try {
    const options = { issuer: VIEWER_TOKEN_ISSUER, audience: viewerTokenAudience(subgraph), algorithms: [KEY_ALG] }
    ;({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options))
  } catch {
    verifications++
    return undefined
  }
  if (payload.role !== 'GATEWAY') verifications++
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : 0
  const requestId = typeof payload.rid === 'string' ? payload.rid : ''
  if (payload.role === 'GATEWAY') return { caller: { role: 'GATEWAY', requestId }, expiresAt }
  if (typeof payload.sub !== 'string') return undefined
  const scope = scopeFrom({ role: payload.role, allStudents: payload.all, grants: payload.grants, correspondence: payload.correspondence })
  const language = typeof payload.lang === 'string' ? districtLanguageOf(payload.lang) : undefined
  return scope && { caller: { ...scope, id: payload.sub, requestId, ...(language ? { language } : {}) }, expiresAt }
}

/**
 * Verifies a gateway token addressed to `subgraph`; undefined for anything else, expired or
 * malformed. A viewer's token names no request: its `requestId` is '' and the subgraph takes the
 * request's from the `x-request-id` header the gateway sends beside it.
 */
export async function verifyCallerToken(token: string, key: CryptoKey | JWTVerifyGetKey, subgraph: string): Promise<Caller | undefined> {
  return (await verifyToken(token, key, subgraph))?.caller
}

export interface CallerVerifierOptions {
  /** Tokens remembered at most. @default 10000 */
  maxEntries?: number
  now?: () => number
}

/**
 * `verifyCallerToken` remembering what it verified until each token expires: the gateway reuses a
 * viewer's token across their requests, so a subgraph verifies each once. The same token always
 * verifies the same way (its signature and claims cannot change), so a remembered answer is the
 * answer; an expired one is dropped and verified again (and refused).
 */
export function createCallerVerifier(key: CryptoKey | JWTVerifyGetKey, subgraph: string, { maxEntries = 10_000, now = Date.now }: CallerVerifierOptions = {}) {
  const verified = new ExpiringMap<string, Caller>(maxEntries, now)
  return async (token: string): Promise<Caller | undefined> => {
    const known = verified.get(token)
    if (known) return known
    const fresh = await verifyToken(token, key, subgraph)
    if (!fresh || fresh.expiresAt <= now()) return undefined
    verified.set(token, fresh.caller, fresh.expiresAt)
    return fresh.caller
  }
}

/** When a token signed now stops being accepted (ms since the epoch). */
export const viewerTokenExpiry = (signedAt: number) => signedAt + VIEWER_TOKEN_SECONDS * 1000

/** Until when a token signed now is reused: while it has half its life left (ms since the epoch). */
export const viewerTokenReuseUntil = (signedAt: number) => signedAt + (VIEWER_TOKEN_SECONDS * 1000) / 2
