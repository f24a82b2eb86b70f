/**
 * The viewer's scope (role, readable students and areas), asked of academics through an
 * internal operation only the gateway may call, and kept briefly per viewer so that a dashboard
 * costs no extra round trip in steady state. A change of links, restrictions or consent reaches
 * the gateway when the entry expires (SCOPE_CACHE_SECONDS, 30 by default).
 */
import type { CryptoKey } from 'jose'
import type { Area, Role, ViewerScope } from '../subgraphs/kit/viewer.ts'
import { callAcademics } from './academics-client.ts'
import { recordSubgraphFetch } from './metrics.ts'

const QUERY = /* GraphQL */ `
  query ViewerScope($personId: ID!) {
    viewerScope(personId: $personId) { role allStudents students { studentId areas } }
  }
`

interface ScopeData {
  viewerScope: { role: Role; allStudents: boolean; students: Array<{ studentId: string; areas: Area[] }> } | null
}

export interface ScopeResolver {
  /** The scope, or null when the person has no account (a token for someone the district does not know). */
  get(personId: string, requestId: string): Promise<ViewerScope | null>
  invalidate(personId?: string): void
}

export function createScopeResolver(options: { academicsUrl: string; signingKey: CryptoKey; ttlSeconds: number; maxEntries?: number }): ScopeResolver {
  const { academicsUrl, signingKey, ttlSeconds, maxEntries = 10_000 } = options
  const cache = new Map<string, { expires: number; scope: Promise<ViewerScope | null> }>()

  async function fetchScope(personId: string, requestId: string): Promise<ViewerScope | null> {
    recordSubgraphFetch('academics')
    const data = await callAcademics<ScopeData>({ academicsUrl, signingKey }, { query: QUERY, operationName: 'ViewerScope', variables: { personId }, requestId })
    const scope = data.viewerScope
    if (!scope) return null
    return {
      role: scope.role,
      allStudents: scope.allStudents,
      students: Object.fromEntries(scope.students.map((s) => [s.studentId, s.areas])),
    }
  }

  return {
    get(personId, requestId) {
      const now = Date.now()
      const hit = cache.get(personId)
      if (hit && hit.expires > now) return hit.scope
      const scope = fetchScope(personId, requestId)
      // A failed lookup is not kept: the next request asks again.
      scope.catch(() => cache.delete(personId))
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next().value
        if (oldest !== undefined) cache.delete(oldest)
      }
      cache.set(personId, { expires: now + ttlSeconds * 1000, scope })
      return scope
    },
    invalidate(personId) {
      if (personId === undefined) cache.clear()
      else cache.delete(personId)
    },
  }
}
