/**
 * Verifies the user's bearer token: against the district's JWKS in production
 * (`AUTH_JWKS_URL`), against the local development key pair otherwise. Returns the person's id
 * (`sub`), or undefined for a missing, expired, forged or mis-addressed token.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey, type CryptoKey } from 'jose'
import type { AuthConfig } from '../lib/config.ts'
import { KEY_ALG, loadKeyPair } from '../lib/keys.ts'
import { ExpiringMap } from '../lib/expiring-map.ts'

/** Who a verified token names, and what identifies its session (for revocation). */
export interface Authenticated {
  personId: string
  /** The identity provider's session id, when it gives one. */
  sid: string | undefined
  /** The token's own id, when it has one. */
  jti: string | undefined
}

export type Authenticate = (authorization: string | null) => Promise<Authenticated | undefined>

export async function createAuthenticator(auth: AuthConfig, dataDir: string): Promise<Authenticate> {
  // With a JWKS (always in production: the configuration requires it) the development key is never read.
  const key: JWTVerifyGetKey | CryptoKey = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
    : (await loadKeyPair(dataDir, 'user')).publicKey
  // A user's requests carry the same token for its hour: its verification (EdDSA through WebCrypto)
  // is remembered, until the token expires and for a minute at most, so a key the identity provider
  // withdraws stops its tokens within that minute. Revocation is checked on every request apart.
  const verified = new ExpiringMap<string, Authenticated>(REMEMBERED)
  return async (authorization) => {
    if (!authorization?.startsWith('Bearer ')) return undefined
    const token = authorization.slice(7).trim()
    const known = verified.get(token)
    if (known) return known
    try {
      const options = { issuer: auth.issuer, audience: auth.audience }
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)
      if (typeof payload.sub !== 'string' || payload.sub === '') return undefined
      const who = { personId: payload.sub, sid: typeof payload.sid === 'string' ? payload.sid : undefined, jti: payload.jti }
      const now = Date.now()
      verified.set(token, who, Math.min(typeof payload.exp === 'number' ? payload.exp * 1000 : now, now + REMEMBER_MS))
      return who
    } catch {
      return undefined
    }
  }
}

/** How long a verified user token is taken on its word, at most, and how many are remembered. */
const REMEMBER_MS = 60_000
const REMEMBERED = 10_000

/** Development sign-in: a token for a person, as the district's identity provider would issue. */
export async function issueDevelopmentToken(personId: string, auth: AuthConfig, dataDir: string, login: string): Promise<string> {
  const { privateKey } = await loadKeyPair(dataDir, 'user')
  return new SignJWT({ login })
    .setProtectedHeader({ alg: KEY_ALG })
    .setSubject(personId)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
}
