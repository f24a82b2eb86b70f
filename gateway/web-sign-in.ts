/**
 * How a family signs in to the page served here, as `GET /app-config.json` tells it: the district's
 * OpenID Connect provider when one is configured, else in development the seeded demo logins
 * (the loopback-only `/dev/token`), else none (production without a provider for the page).
 */
import type { Config } from '../lib/config.ts'
import type { DemoLogin, SignInConfig } from '../lib/contract/app-config.ts'

/** The seeded logins the development page offers (the README's table). */
export const DEMO_LOGINS: DemoLogin[] = [
  { login: 'demo.guardian', who: 'Alex Rivera, parent of Maya (grade 3) and Leo (grade 10)' },
  { login: 'restricted.guardian', who: 'Chris Okafor, parent of Noah, barred from his records by a court order' },
  { login: 'adult.guardian', who: 'Lucia Morales, mother of Jordan (18), who has not consented to share' },
  { login: 'adult.student', who: 'Jordan Morales, 18, whose records are their own' },
  { login: 'demo.student', who: 'Leo Rivera, a grade 10 student' },
]

export function signInConfig(config: Config, development: boolean): SignInConfig {
  const oidc = config.web.oidc
  if (oidc) {
    return {
      kind: 'oidc',
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      redirectUri: oidc.redirectUri,
      scope: oidc.scope,
      ...(oidc.resource ? { resource: oidc.resource } : {}),
    }
  }
  return development ? { kind: 'demo', logins: DEMO_LOGINS } : { kind: 'none' }
}
