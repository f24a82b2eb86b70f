/**
 * Signing keys kept in the data directory: `user` signs development sign-in tokens (what an
 * identity provider does in production), `viewer` signs the gateway's tokens to the subgraphs.
 * Made on first use (Ed25519) and kept, so tokens survive restarts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'

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
