/**
 * The gateway's one Redis connection, for what its replicas must share (rate limits, revoked
 * sessions). Commands time out quickly and are never queued while Redis is away: a limit or a
 * deny-list that cannot be read falls back to this process's memory rather than stall requests.
 */
import { Redis } from 'ioredis'

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  })
  let warned = false
  redis.on('error', (error: Error) => {
    if (!warned) console.warn(`[gateway] redis: ${error.message} (falling back to this process's memory until it answers)`)
    warned = true
  })
  redis.on('ready', () => {
    warned = false
  })
  return redis
}
