/**
 * `npm run viewer-key [-- <kid>]`: a new Ed25519 key for the gateway's tokens to the subgraphs,
 * printed as the two production settings: VIEWER_SIGNING_JWK (the gateway's secret) and
 * VIEWER_VERIFY_JWKS (the subgraphs'). To rotate, give the subgraphs a JWKS holding the old and
 * the new public key, then move the gateway to the new private key, then drop the old one.
 */
import { newViewerKey } from '../lib/keys.ts'

async function main() {
  const kid = process.argv[2] ?? `viewer-${new Date().toISOString().slice(0, 10)}`
  const { signingJwk, verifyJwks } = await newViewerKey(kid)
  console.log(`VIEWER_SIGNING_JWK='${JSON.stringify(signingJwk)}'`)
  console.log(`VIEWER_VERIFY_JWKS='${JSON.stringify(verifyJwks)}'`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
