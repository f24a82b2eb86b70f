/**
 * The page's views, in the URL's hash (`#/child/<id>/pay`), so that the gateway serves one
 * document at `/` and the browser's back button and bookmarks work. The dashboard shell renders
 * the views; the act views live in `actions/`.
 */
import type { FamilyDashboardQuery } from '@district-graph/client'

/** One child as the FamilyDashboard request returns it. */
export type DashboardChild = FamilyDashboardQuery['me']['children'][number]

export type Route =
  | { view: 'dashboard'; childId?: string }
  | { view: 'message'; childId: string; teacherId?: string; threadId?: string }
  | { view: 'pay'; childId: string }
  | { view: 'absence'; childId: string }
  | { view: 'alerts' }
  | { view: 'settings' }

export function parseRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?')
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent)
  const params = new URLSearchParams(query)
  const [first, childId, action] = parts
  if (first === 'alerts') return { view: 'alerts' }
  if (first === 'settings') return { view: 'settings' }
  if (first === 'child' && childId) {
    if (action === 'message') return { view: 'message', childId, ...optional('teacherId', params.get('teacher')), ...optional('threadId', params.get('thread')) }
    if (action === 'pay') return { view: 'pay', childId }
    if (action === 'absence') return { view: 'absence', childId }
    return { view: 'dashboard', childId }
  }
  return { view: 'dashboard' }
}

export function href(route: Route): string {
  switch (route.view) {
    case 'alerts':
    case 'settings':
      return `#/${route.view}`
    case 'dashboard':
      return route.childId ? `#/child/${encodeURIComponent(route.childId)}` : '#/'
    case 'message': {
      const params = new URLSearchParams()
      if (route.teacherId) params.set('teacher', route.teacherId)
      if (route.threadId) params.set('thread', route.threadId)
      const query = params.toString()
      return `#/child/${encodeURIComponent(route.childId)}/message${query ? `?${query}` : ''}`
    }
    case 'pay':
    case 'absence':
      return `#/child/${encodeURIComponent(route.childId)}/${route.view}`
  }
}

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {}
}
