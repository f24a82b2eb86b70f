/**
 * Sign-in through the district's OpenID Connect provider: authorization code with PKCE, the page
 * as a public client (no secret can live in a page). The provider's access token, addressed to
 * the gateway by the resource indicator, becomes the session's bearer token; the gateway verifies
 * it against its JWKS. What must survive the round trip to the provider (state, nonce, the PKCE
 * verifier) waits in this tab's sessionStorage and is used once.
 */
import * as oauth from 'oauth4webapi'
import type { SignInConfig } from '../../../lib/contract/app-config.ts'
import { closestLanguage, defineMessages } from '../i18n.ts'
import { tokenExpiry, type Session } from '../session.ts'

type OidcConfig = Extract<SignInConfig, { kind: 'oidc' }>

const PENDING_KEY = 'district-graph.oidc-pending'
const END_SESSION_KEY = 'district-graph.oidc-end-session'

/** Why a sign-in did not finish, for a page that wants to say more than the sentence. */
export type OidcFailure = 'denied' | 'unexpected' | 'unavailable' | 'failed'

const messages = defineMessages({
  en: {
    denied: 'Sign-in was cancelled or refused at the district. You are not signed in. You can try again.',
    unexpected: 'This sign-in answer did not come from a sign-in started on this page, so it was ignored. Please sign in again.',
    unavailable: "The district's sign-in service can't be reached right now. Please try again later.",
    failed: 'Sign-in did not finish. Please sign in again.',
  },
  es: {
    denied: 'El inicio de sesión se canceló o fue rechazado en el distrito. No ha iniciado sesión. Puede intentarlo de nuevo.',
    unexpected: 'Esta respuesta de inicio de sesión no proviene de un inicio de sesión comenzado en esta página, así que se ignoró. Vuelva a iniciar sesión.',
    unavailable: 'No se puede conectar con el servicio de inicio de sesión del distrito en este momento. Inténtelo más tarde.',
    failed: 'El inicio de sesión no terminó. Vuelva a iniciar sesión.',
  },
  vi: {
    denied: 'Việc đăng nhập đã bị hủy hoặc bị từ chối tại học khu. Quý vị chưa đăng nhập. Quý vị có thể thử lại.',
    unexpected: 'Phản hồi đăng nhập này không đến từ lần đăng nhập bắt đầu trên trang này nên đã bị bỏ qua. Vui lòng đăng nhập lại.',
    unavailable: 'Hiện không thể kết nối với dịch vụ đăng nhập của học khu. Vui lòng thử lại sau.',
    failed: 'Việc đăng nhập chưa hoàn tất. Vui lòng đăng nhập lại.',
  },
  so: {
    denied: 'Gelitaanka waa la joojiyay ama waa laga diiday degmada. Ma gelin. Mar kale ayaad isku dayi kartaa.',
    unexpected: 'Jawaabtan gelitaanka kama iman gelitaan laga bilaabay boggan, sidaas darteed waa la iska indhatiray. Fadlan mar kale gal.',
    unavailable: 'Adeegga gelitaanka ee degmada hadda lama gaari karo. Fadlan mar dambe isku day.',
    failed: 'Gelitaanku ma dhammaan. Fadlan mar kale gal.',
  },
  ar: {
    denied: 'أُلغي تسجيل الدخول أو رُفض لدى المنطقة التعليمية. لم تسجّل الدخول. يمكنك المحاولة مرة أخرى.',
    unexpected: 'لم يأتِ رد تسجيل الدخول هذا من عملية تسجيل دخول بدأت في هذه الصفحة، لذلك تم تجاهله. يُرجى تسجيل الدخول مرة أخرى.',
    unavailable: 'لا يمكن الوصول إلى خدمة تسجيل الدخول في المنطقة التعليمية الآن. يُرجى المحاولة لاحقًا.',
    failed: 'لم يكتمل تسجيل الدخول. يُرجى تسجيل الدخول مرة أخرى.',
  },
})

/**
 * A sign-in that did not finish. Its message is a sentence for the family, in the page's
 * language when it was thrown (the page is not signed in yet, so that is the browser's).
 */
export class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcFailure,
    options?: { cause?: unknown },
  ) {
    const lang = document.documentElement.lang
    super(messages[closestLanguage(lang ? [lang] : navigator.languages)][reason], options)
    this.name = 'OidcSignInError'
  }
}

interface Pending {
  issuer: string
  state: string
  nonce: string
  codeVerifier: string
}

/** Send the browser to the provider's sign-in page. */
export async function startOidcSignIn(config: OidcConfig): Promise<void> {
  const as = await discover(config)
  const pending: Pending = {
    issuer: config.issuer,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
  }
  if (!as.authorization_endpoint) throw new OidcSignInError('unavailable')
  const url = new URL(as.authorization_endpoint)
  url.searchParams.set('client_id', config.clientId)
  url.searchParams.set('redirect_uri', config.redirectUri)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('scope', config.scope)
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier))
  url.searchParams.set('code_challenge_method', 'S256')
  url.searchParams.set('state', pending.state)
  url.searchParams.set('nonce', pending.nonce)
  if (config.resource) url.searchParams.set('resource', config.resource)
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending))
  window.location.assign(url.href)
}

/**
 * Finish a sign-in when the address carries the provider's answer (`code` or `error` with
 * `state`); `undefined` when it carries none. The answer leaves the address bar either way, so a
 * reload or a shared link never replays it.
 */
export async function completeOidcSignIn(config: OidcConfig): Promise<Session | undefined> {
  const current = new URL(window.location.href)
  const answer = current.searchParams
  if (!answer.has('state') || !(answer.has('code') || answer.has('error'))) return undefined

  const raw = sessionStorage.getItem(PENDING_KEY)
  sessionStorage.removeItem(PENDING_KEY)
  const callback = new URL(current.href)
  for (const name of ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'session_state']) current.searchParams.delete(name)
  window.history.replaceState(window.history.state, '', current.href)

  const pending = parsePending(raw)
  if (!pending || pending.issuer !== config.issuer) throw new OidcSignInError('unexpected')
  const as = await discover(config)
  const client: oauth.Client = { client_id: config.clientId }

  let params: URLSearchParams
  try {
    params = oauth.validateAuthResponse(as, client, callback, pending.state)
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new OidcSignInError(error.error === 'access_denied' || error.error === 'login_required' || error.error === 'consent_required' ? 'denied' : 'failed', { cause: error })
    }
    throw new OidcSignInError('unexpected', { cause: error })
  }

  let tokens: oauth.TokenEndpointResponse
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, config.redirectUri, pending.codeVerifier, {
      ...(config.resource ? { additionalParameters: { resource: config.resource } } : {}),
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- only for a provider on this machine (isLoopbackHttp)
      [oauth.allowInsecureRequests]: isLoopbackHttp(config.issuer),
    })
    tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true })
  } catch (error) {
    throw new OidcSignInError(error instanceof TypeError ? 'unavailable' : 'failed', { cause: error })
  }

  return {
    token: tokens.access_token,
    expiresAt: tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : tokenExpiry(tokens.access_token),
    via: 'oidc',
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
  }
}

/**
 * Where to send the browser to sign out at the provider too (so the next family member on a shared
 * device is not signed straight back in), or `undefined` when the provider offers no sign-out.
 */
export function oidcSignOutUrl(config: OidcConfig, session: Session): string | undefined {
  const known = sessionStorage.getItem(END_SESSION_KEY)
  const endpoint = known ? (JSON.parse(known) as { issuer?: string; endpoint?: string }) : undefined
  if (!endpoint?.endpoint || endpoint.issuer !== config.issuer) return undefined
  const url = new URL(endpoint.endpoint)
  if (session.idToken) url.searchParams.set('id_token_hint', session.idToken)
  url.searchParams.set('client_id', config.clientId)
  url.searchParams.set('post_logout_redirect_uri', config.redirectUri)
  return url.href
}

/** The provider's metadata; remembers its sign-out endpoint, which `oidcSignOutUrl` needs without waiting. */
async function discover(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer)
  let as: oauth.AuthorizationServer
  try {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- only for a provider on this machine (isLoopbackHttp)
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: isLoopbackHttp(config.issuer) })
    as = await oauth.processDiscoveryResponse(issuer, response)
  } catch (error) {
    throw new OidcSignInError('unavailable', { cause: error })
  }
  sessionStorage.setItem(END_SESSION_KEY, JSON.stringify({ issuer: config.issuer, endpoint: as.end_session_endpoint }))
  return as
}

/** Plain http only for a provider on this machine (development and tests); a district's is https. */
function isLoopbackHttp(issuer: string): boolean {
  const { protocol, hostname } = new URL(issuer)
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]')
}

function parsePending(raw: string | null): Pending | undefined {
  if (!raw) return undefined
  try {
    const value = JSON.parse(raw) as Partial<Pending>
    const { issuer, state, nonce, codeVerifier } = value
    return typeof issuer === 'string' && typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string' ? { issuer, state, nonce, codeVerifier } : undefined
  } catch {
    return undefined
  }
}
