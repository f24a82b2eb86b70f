/**
 * A district's OpenID Connect provider on a free loopback port, for the page's production sign-in:
 * the `oidc-provider` package with one public client (the family page: no secret, PKCE required,
 * its redirect URI the gateway's `/`), resource indicators so that the access token is a JWT
 * addressed to the gateway (aud = AUTH_AUDIENCE, sub = the person's id), and its JWKS for
 * AUTH_JWKS_URL. Its own small sign-in and consent pages stand in for the district's: a login it
 * does not know is refused there, and the family can cancel or deny.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider, { errors } from 'oidc-provider'
import { newViewerKey } from '../../lib/keys.ts'

export interface OidcProvider {
  issuer: string
  clientId: string
  /** The production settings for a gateway whose page signs in here: NODE_ENV, AUTH_*, VIEWER_*, WEB_OIDC_*. */
  env: Record<string, string>
  close(): Promise<void>
}

export interface OidcProviderOptions {
  /** The page's address (the gateway's `/`): the client's redirect URI and where sign-out returns. */
  pageUrl: string
  /**
   * The provider's directory: the subject (person id) of a login, or undefined for a login it
   * does not know. Asked at each sign-in, so it may read a database opened after the provider.
   */
  subjectOf(login: string): Promise<string | undefined>
}

const CLIENT_ID = 'family-page'
/** A resource indicator is an absolute URI (RFC 8707); the gateway checks it as the audience. */
const AUDIENCE = 'urn:district-graph:test'

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const pageOrigin = new URL(options.pageUrl).origin

  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'district-idp-test', alg: 'RS256', use: 'sig' }

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [options.pageUrl],
        post_logout_redirect_uris: [options.pageUrl],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 3600, IdToken: 3600 },
    // Only the page's origin may call the token endpoint from a browser.
    clientBasedCORS: (_ctx, origin) => origin === pageOrigin,
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== AUDIENCE) throw new errors.InvalidTarget(`${indicator} is not a resource here`)
          return { scope: 'graph', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }
        },
      },
    },
  })
  const callback = provider.callback()
  const viewer = await newViewerKey('viewer-oidc-test')

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/.exec((req.url ?? '').split('?')[0] ?? '')
    if (!match) {
      void callback(req, res)
      return
    }
    interact(provider, options, req, res, match[2]).catch((error: unknown) => {
      if (!res.headersSent) page(res, 400, 'Sign-in', `<p>${escape(error instanceof Error ? error.message : String(error))}</p>`)
      else res.end()
    })
  })

  return {
    issuer,
    clientId: CLIENT_ID,
    env: {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: AUDIENCE,
      VIEWER_SIGNING_JWK: JSON.stringify(viewer.signingJwk),
      VIEWER_VERIFY_JWKS: JSON.stringify(viewer.verifyJwks),
      WEB_OIDC_ISSUER: issuer,
      WEB_OIDC_CLIENT_ID: CLIENT_ID,
      WEB_OIDC_REDIRECT_URI: options.pageUrl,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}

/** The provider's sign-in and consent steps: show the step, or take its form. */
async function interact(provider: Provider, options: OidcProviderOptions, req: http.IncomingMessage, res: http.ServerResponse, step: string | undefined): Promise<void> {
  const details = await provider.interactionDetails(req, res)
  const action = `/interaction/${details.uid}`
  if (req.method === 'GET') {
    if (details.prompt.name === 'login') {
      loginPage(res, action)
      return
    }
    page(
      res,
      200,
      'Allow the family page?',
      `<p>The district's family page asks to read the district's records about you and your children.</p>
       <form method="post" action="${action}/consent">
         <button name="answer" value="allow">Allow</button> <button name="answer" value="deny">Deny</button>
       </form>`,
    )
    return
  }
  const form = new URLSearchParams(await body(req))
  if (form.get('answer') === 'deny' || form.get('answer') === 'cancel') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person declined.' }, { mergeWithLastSubmission: false })
    return
  }
  if (step === 'login' && details.prompt.name === 'login') {
    const login = (form.get('login') ?? '').trim()
    const subject = login && form.get('password') ? await options.subjectOf(login) : undefined
    if (!subject) {
      loginPage(res, action, 'That login and password do not match an account.')
      return
    }
    await provider.interactionFinished(req, res, { login: { accountId: subject } }, { mergeWithLastSubmission: false })
    return
  }
  if (step === 'consent' && details.prompt.name === 'consent') {
    const { session, params, grantId } = details
    if (!session || typeof params.client_id !== 'string') throw new Error('No sign-in to consent to.')
    const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ accountId: session.accountId, clientId: params.client_id })
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> }
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '))
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true })
    return
  }
  throw new Error('This sign-in step has expired. Go back to the family page and start again.')
}

function loginPage(res: http.ServerResponse, action: string, problem?: string): void {
  page(
    res,
    problem ? 401 : 200,
    'Sign in to the district',
    `${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
     <form method="post" action="${action}/login">
       <label>Login <input name="login" autocomplete="username" required></label>
       <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
       <button name="answer" value="sign-in">Sign in</button>
     </form>
     <form method="post" action="${action}/login"><button name="answer" value="cancel">Cancel</button></form>`,
  )
}

function page(res: http.ServerResponse, status: number, title: string, content: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${content}</main></body></html>`)
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

async function body(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
