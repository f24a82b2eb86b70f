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

/** Waits until Redis answers, for at most `timeoutMs`; false when it did not (the caller carries on without it). */
export async function redisReady(redis: Redis, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === 'ready') return true
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady)
      resolve(false)
    }, timeoutMs)
    const onReady = () => {
      clearTimeout(timer)
      resolve(true)
    }
    redis.once('ready', onReady)
  })
}
