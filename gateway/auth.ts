/**
 * Verifies the user's bearer token: against the district's JWKS in production
 * (`AUTH_JWKS_URL`), against the local development key pair otherwise. Returns the person's id
 * (`sub`), or undefined for a missing, expired, forged or mis-addressed token.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey, type CryptoKey } from 'jose'
import type { AuthConfig } from '../lib/config.ts'
import { KEY_ALG, loadKeyPair } from '../lib/keys.ts'

export type Authenticate = (authorization: string | null) => Promise<string | undefined>

export async function createAuthenticator(auth: AuthConfig, dataDir: string): Promise<Authenticate> {
  let key: JWTVerifyGetKey | CryptoKey
  if (auth.jwksUrl) {
    key = createRemoteJWKSet(new URL(auth.jwksUrl))
  } else {
    key = (await loadKeyPair(dataDir, 'user')).publicKey
  }
  return async (authorization) => {
    if (!authorization?.startsWith('Bearer ')) return undefined
    try {
      const { payload } = await jwtVerify(authorization.slice(7).trim(), key as CryptoKey, {
        issuer: auth.issuer,
        audience: auth.audience,
      })
      return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined
    } catch {
      return undefined
    }
  }
}

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
