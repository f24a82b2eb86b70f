/**
 * The viewer's scope (role, readable students and areas, whom they may write to), asked of
 * academics through an internal operation only the gateway may call, and kept briefly per viewer
 * so that a dashboard costs no extra round trip in steady state. A change of links, restrictions
 * or consent reaches the gateway when the entry expires (SCOPE_CACHE_SECONDS, 30 by default).
 */
import { scopeFrom, type CorrespondenceWire, type Grant, type Scope } from '../lib/contract/index.ts'
import { callAcademics, type AcademicsTarget } from './academics-client.ts'
import { recordSubgraphFetch } from './metrics.ts'
import { ExpiringMap } from '../lib/expiring-map.ts'

const QUERY = /* GraphQL */ `
  query ViewerScope($personId: ID!) {
    viewerScope(personId: $personId) {
      role
      allStudents
      grants { areas studentIds }
      correspondence { displayName language schools { schoolId students { studentId people { id displayName } } } }
      language
    }
  }
`

interface ScopeData {
  viewerScope: { role: string; allStudents: boolean; grants: Grant[]; correspondence: CorrespondenceWire | null; language: string } | null
}

export interface ScopeResolver {
  /** The scope, or null when the person has no account (a token for someone the district does not know). */
  get(personId: string, requestId: string): Promise<Scope | null>
  invalidate(personId?: string): void
}

export function createScopeResolver(options: AcademicsTarget & { ttlSeconds: number; maxEntries?: number }): ScopeResolver {
  const { ttlSeconds, maxEntries = 10_000, ...academics } = options
  const cache = new ExpiringMap<string, Promise<Scope | null>>(maxEntries)

  async function fetchScope(personId: string, requestId: string): Promise<Scope | null> {
    recordSubgraphFetch('academics')
    const data = await callAcademics<ScopeData>(academics, { query: QUERY, operationName: 'ViewerScope', variables: { personId }, requestId })
    if (!data.viewerScope) return null
    const scope = scopeFrom(data.viewerScope)
    if (!scope) throw new Error(`academics answered a scope with an unknown role "${data.viewerScope.role}".`)
    return scope
  }

  return {
    get(personId, requestId) {
      const hit = cache.get(personId)
      if (hit) return hit
      const scope = fetchScope(personId, requestId)
      // A failed lookup is not kept: the next request asks again.
      scope.catch(() => cache.delete(personId))
      cache.set(personId, scope, Date.now() + ttlSeconds * 1000)
      return scope
    },
    invalidate(personId) {
      if (personId === undefined) cache.clear()
      else cache.delete(personId)
    },
  }
}
