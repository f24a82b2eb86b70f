/**
 * What the gateway tells the page at `GET /app-config.json`: how a family signs in here. In
 * development, a demo login (the gateway's loopback-only `/dev/token`); in production, the
 * district's OpenID Connect provider (authorization code with PKCE); `none` when production has
 * no provider configured for the page (the graph still serves apps).
 */
export interface DemoLogin {
  login: string
  /** Who this login is, in English (development only). */
  who: string
}

export type SignInConfig =
  | { kind: 'demo'; logins: DemoLogin[] }
  | { kind: 'oidc'; issuer: string; clientId: string; redirectUri: string; scope: string; resource?: string }
  | { kind: 'none' }

export interface AppConfig {
  signIn: SignInConfig
}
