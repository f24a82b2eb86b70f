/**
 * `npm run revoke-session -- sid|jti <id>`: refuses a session (the identity provider's `sid`)
 * or one token (`jti`) at every gateway replica from now until any token of it has expired.
 * The deny-list lives in Redis (REDIS_URL), which all replicas read.
 */
import { loadConfig } from '../lib/config.ts'
import { createRedis, redisReady } from '../gateway/redis.ts'
import { createRevocations, type RevocationKind } from '../gateway/revocations.ts'

/** Longer than any user token lives (development tokens: one hour; identity providers: about as long). */
const KEEP_SECONDS = 24 * 60 * 60

async function main() {
  const [kind, id] = process.argv.slice(2)
  if ((kind !== 'sid' && kind !== 'jti') || !id) throw new Error('Usage: npm run revoke-session -- sid|jti <id>')
  const config = loadConfig()
  if (!config.redisUrl) throw new Error('REDIS_URL is not set: the deny-list every gateway replica reads lives in Redis.')
  const redis = createRedis(config.redisUrl)
  try {
    if (!(await redisReady(redis))) throw new Error(`Redis at ${config.redisUrl} did not answer.`)
    await createRevocations(redis).revoke(kind satisfies RevocationKind, id, KEEP_SECONDS)
    console.log(`revoked ${kind} ${id} for ${KEEP_SECONDS / 3600} hours`)
  } finally {
    redis.disconnect()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
