/**
 * Rate limits: per client address before authentication (so a flood of bad tokens costs little)
 * and per viewer after it. With REDIS_URL every replica counts against the same budget; without
 * it, or while Redis is away, each process counts in its own memory. Over the limit: HTTP 429,
 * `RATE_LIMITED`, and `Retry-After`.
 */
import type { IncomingMessage } from 'node:http'
import proxyAddr from 'proxy-addr'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Redis } from 'ioredis'
import type { RateLimitConfig } from '../lib/config.ts'
import { recordRateLimitRefusal, type RateLimitKind } from './metrics.ts'

export interface RateLimits {
  /** Seconds to wait when the key is over its budget, or undefined when the request may go on. */
  address(address: string): Promise<number | undefined>
  viewer(personId: string): Promise<number | undefined>
}

function limiter(keyPrefix: string, points: number, duration: number, redis: Redis | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration })
  if (!redis) return memory
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory })
}

async function consume(limiter: RateLimiterAbstract, kind: RateLimitKind, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key)
    return undefined
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    recordRateLimitRefusal(kind)
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
  }
}

export function createRateLimits(config: RateLimitConfig, redis: Redis | undefined): RateLimits {
  const byAddress = limiter(`${config.keyPrefix}:address`, config.addressPoints, config.windowSeconds, redis)
  const byViewer = limiter(`${config.keyPrefix}:viewer`, config.viewerPoints, config.windowSeconds, redis)
  return {
    address: (address) => consume(byAddress, 'address', address),
    viewer: (personId) => consume(byViewer, 'viewer', personId),
  }
}

/**
 * The client's address: the socket's peer, or — only when that peer is a trusted proxy — the
 * nearest untrusted address in `X-Forwarded-For`. A client cannot name its own address.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  const trust = proxyAddr.compile([...trustedProxies])
  return (req) => proxyAddr(req, trust)
}
