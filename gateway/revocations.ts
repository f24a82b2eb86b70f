/**
 * Sessions revoked before their tokens expire (a stolen phone, a guardian whose access ended):
 * the identity provider's session id (`sid`) or a token's id (`jti`) on a deny-list in Redis,
 * shared by every replica, kept as long as a token can live. Without Redis (development), the
 * list lives in this process. While Redis cannot be read the check lets the request through and
 * warns: locking every family out is worse than a revoked token living out its hour.
 */
import type { Redis } from 'ioredis'

export type RevocationKind = 'sid' | 'jti'

export interface Revocations {
  isRevoked(token: { sid?: string | undefined; jti?: string | undefined }): Promise<boolean>
  revoke(kind: RevocationKind, id: string, ttlSeconds: number): Promise<void>
}

export const revocationKey = (kind: RevocationKind, id: string) => `dg:revoked:${kind}:${id}`

export function createRevocations(redis: Redis | undefined): Revocations {
  const local = new Map<string, number>()
  return {
    async isRevoked({ sid, jti }) {
      const keys = [sid && revocationKey('sid', sid), jti && revocationKey('jti', jti)].filter((key): key is string => typeof key === 'string' && key !== '')
      if (keys.length === 0) return false
      if (redis) {
        try {
          return (await redis.exists(...keys)) > 0
        } catch (error) {
          console.warn(`[gateway] revoked sessions not checked: ${error instanceof Error ? error.message : String(error)}`)
          return false
        }
      }
      const now = Date.now()
      return keys.some((key) => (local.get(key) ?? 0) > now)
    },
    async revoke(kind, id, ttlSeconds) {
      if (redis) await redis.set(revocationKey(kind, id), '1', 'EX', ttlSeconds)
      else local.set(revocationKey(kind, id), Date.now() + ttlSeconds * 1000)
    },
  }
}
