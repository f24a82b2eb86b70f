/**
 * A stand-in for the district's identity provider in production mode: a JWKS served on a free
 * loopback port, and tokens signed with its key, with the issuer, audience, session id (`sid`)
 * and token id (`jti`) a real provider puts in them.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { newViewerKey } from '../../lib/keys.ts'

export interface IdentityProvider {
  /** The settings production needs: AUTH_* for users' tokens, VIEWER_* for the gateway's own. */
  env: Record<string, string>
  token(personId: string, claims?: { sid?: string; jti?: string; expiresIn?: string }): Promise<string>
  close(): Promise<void>
}

export async function startIdentityProvider(): Promise<IdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  const kid = `idp-${randomUUID().slice(0, 8)}`
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] }
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(jwks))
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const audience = 'district-graph-production-test'
  const viewer = await newViewerKey('viewer-test')
  return {
    env: {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      VIEWER_SIGNING_JWK: JSON.stringify(viewer.signingJwk),
      VIEWER_VERIFY_JWKS: JSON.stringify(viewer.verifyJwks),
    },
    token: (personId, claims = {}) =>
      new SignJWT({ sid: claims.sid ?? randomUUID() })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(personId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setJti(claims.jti ?? randomUUID())
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '1h')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}
