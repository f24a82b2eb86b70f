/**
 * Signing keys kept in the data directory: `user` signs development sign-in tokens (what an
 * identity provider does in production), `viewer` signs the gateway's tokens to the subgraphs.
 * Made on first use (Ed25519) and kept, so tokens survive restarts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose'
import type { ViewerKeysConfig } from './config.ts'

export const KEY_ALG = 'EdDSA'
export type KeyName = 'user' | 'viewer'

export interface KeyPair {
  privateKey: CryptoKey
  publicKey: CryptoKey
  kid: string
}

const cache = new Map<string, Promise<KeyPair>>()

async function load(dataDir: string, name: KeyName): Promise<KeyPair> {
  const file = path.join(dataDir, 'keys', `${name}.jwk.json`)
  let jwk: JWK
  if (fs.existsSync(file)) {
    jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK
  } else {
    const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519', extractable: true })
    jwk = { ...(await exportJWK(pair.privateKey)), kid: `${name}-${Date.now().toString(36)}`, alg: KEY_ALG }
    fs.mkdirSync(path.dirname(file), { recursive: true })
    // 'wx': if another process wrote it first, keep theirs.
    try {
      fs.writeFileSync(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK
    }
  }
  const { d: _d, ...publicJwk } = jwk
  return {
    privateKey: (await importJWK(jwk, KEY_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, KEY_ALG)) as CryptoKey,
    kid: jwk.kid ?? name,
  }
}

export function loadKeyPair(dataDir: string, name: KeyName): Promise<KeyPair> {
  const key = `${dataDir}:${name}`
  let pair = cache.get(key)
  if (!pair) {
    pair = load(dataDir, name)
    cache.set(key, pair)
  }
  return pair
}

/** The gateway's key for its tokens to the subgraphs, with the id subgraphs find it by. */
export interface ViewerSigner {
  privateKey: CryptoKey
  kid: string
}

/** What a subgraph verifies the gateway's tokens with: one key, or a set picked by `kid`. */
export type ViewerVerifier = CryptoKey | JWTVerifyGetKey

/**
 * Production: the configured private JWK (`VIEWER_SIGNING_JWK`), the same on every replica.
 * Development: the `viewer` pair in the data directory.
 */
export async function loadViewerSigner(keys: ViewerKeysConfig, dataDir: string): Promise<ViewerSigner> {
  if (!keys.signingJwk) {
    const pair = await loadKeyPair(dataDir, 'viewer')
    return { privateKey: pair.privateKey, kid: pair.kid }
  }
  const jwk = parseJwk(keys.signingJwk, 'VIEWER_SIGNING_JWK')
  if (!jwk.d) throw new Error('VIEWER_SIGNING_JWK must be a private key (a JWK with "d").')
  if (!jwk.kid) throw new Error('VIEWER_SIGNING_JWK must carry a "kid", so that subgraphs can tell it from the key it replaces.')
  return { privateKey: (await importJWK(jwk, KEY_ALG)) as CryptoKey, kid: jwk.kid }
}

/**
 * Production: the configured JWKS (`VIEWER_VERIFY_JWKS`), which may hold two keys during a
 * rotation. Development: the public half of the data directory's `viewer` pair.
 */
export async function loadViewerVerifier(keys: ViewerKeysConfig, dataDir: string): Promise<ViewerVerifier> {
  if (!keys.verifyJwks) return (await loadKeyPair(dataDir, 'viewer')).publicKey
  const jwks = parseJwk(keys.verifyJwks, 'VIEWER_VERIFY_JWKS') as unknown as JSONWebKeySet
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('VIEWER_VERIFY_JWKS must be a JWKS: {"keys": [ … ]} with at least one public key.')
  if (jwks.keys.some((key) => 'd' in key)) throw new Error('VIEWER_VERIFY_JWKS must hold public keys only: one of its keys has a private part ("d").')
  return createLocalJWKSet(jwks)
}

function parseJwk(text: string, name: string): JWK {
  try {
    return JSON.parse(text) as JWK
  } catch {
    throw new Error(`${name} is not JSON.`)
  }
}

/** A fresh Ed25519 pair for production: the private JWK for the gateway and a JWKS for the subgraphs. */
export async function newViewerKey(kid: string): Promise<{ signingJwk: JWK; verifyJwks: JSONWebKeySet }> {
  const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519', extractable: true })
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: KEY_ALG, use: 'sig' }
  const { d: _d, ...publicJwk } = privateJwk
  return { signingJwk: privateJwk, verifyJwks: { keys: [publicJwk] } }
}
