/**
 * The signed-in family's bearer token, for this tab only (sessionStorage): a development demo
 * login's token from the gateway's loopback-only endpoint, or the district's OpenID Connect
 * access token. Nothing else about the viewer is kept in the browser.
 */
const KEY = 'district-graph.session'

export interface Session {
  token: string
  /** When the token stops working (ms since the epoch). */
  expiresAt: number
  /** How it was obtained, to sign out the same way. */
  via: 'demo' | 'oidc'
  /** The OpenID Connect id token, for the provider's sign-out. */
  idToken?: string
}

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY)
    if (!raw) return undefined
    const session = JSON.parse(raw) as Session
    return typeof session.token === 'string' && session.expiresAt > Date.now() + 30_000 ? session : undefined
  } catch {
    return undefined
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session))
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY)
}

/** The `exp` of a JWT (ms), without verifying it: the gateway verifies; the page only plans ahead. */
export function tokenExpiry(token: string): number {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 3_600_000
  } catch {
    return Date.now() + 3_600_000
  }
}
