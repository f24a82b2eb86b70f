/**
 * Configuration, read from the environment once at start-up into a typed object.
 * Nothing else in the project reads `process.env`; entry points call `loadConfig()` and pass
 * the result down. A bad setting stops the process with a sentence that names it.
 */
import path from 'node:path'
import { REGISTERED_MANIFESTS_DIR } from './paths.ts'
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from './subgraphs.ts'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface AuthConfig {
  /** JWKS URL of the district's identity provider; unset in development (local key pair). */
  jwksUrl: string | undefined
  /** @default 'district-graph-dev' */
  issuer: string
  /** @default 'district-graph' */
  audience: string
}

/** How much one operation may ask of the graph; every committed operation passes with room to spare. */
export interface LimitsConfig {
  /** Aliases in one operation. @default 30 */
  maxAliases: number
  /** Nesting depth of selections (the dashboards reach 8). @default 16 */
  maxDepth: number
  /** Lexical tokens in one document (counted while parsing). @default 3000 */
  maxTokens: number
  /** Directives in one operation. @default 20 */
  maxDirectives: number
  /** Static cost: each object field 2, each scalar 1, lists of objects ×`listFactor` (graphql-armor's estimate). @default 5000 */
  maxCost: number
  /** Request body size in bytes. @default 102400 */
  maxBodyBytes: number
}

export interface TimeoutsConfig {
  /** One gateway→subgraph fetch. @default 4000 */
  subgraphMs: number
  /** A whole request, end to end. @default 10000 */
  requestMs: number
}

export interface RateLimitConfig {
  /** Operations one signed-in viewer may send per window. @default 300 */
  viewerPoints: number
  /** Requests one client address may send per window, before authentication. @default 600 */
  addressPoints: number
  /** @default 60 */
  windowSeconds: number
  /** What the counters' keys start with in Redis, for deployments (or test runs) sharing one Redis. @default 'dg:rl' */
  keyPrefix: string
}

/** Keys for the gateway's tokens to the subgraphs. Unset in development: a key pair in the data directory. */
export interface ViewerKeysConfig {
  /** The private JWK (Ed25519, with a `kid`) the gateway signs with. */
  signingJwk: string | undefined
  /** A JWKS of the public keys subgraphs accept (the current one and, during a rotation, the next or previous). */
  verifyJwks: string | undefined
}

/** Events, the job queue and families' alerts. */
export interface AlertsConfig {
  /** Run the outbox relays and messaging's workers in this process. @default true */
  backgroundJobs: boolean
  /** How often each subgraph's relay looks for unpublished outbox rows. @default 1000 */
  outboxPollMs: number
  /** How often the queue's workers look for jobs. @default 1 */
  queuePollSeconds: number
  /** Where the queue keeps its tables (pg-boss's schema). @default 'pgboss' */
  queueSchema: string
  /** Email goes out through this SMTP server (smtp:// or smtps://); unset: the development sink only. */
  smtpUrl: string | undefined
  /** The From of alert emails. @default 'District Graph <alerts@district.example>' */
  mailFrom: string
  /** Where the development sink writes what would be sent, one NDJSON file per channel. @default `<dataDir>/deliveries` */
  deliverySinkDir: string
  /** How many times a failed delivery is tried again (with growing waits) before it is marked failed. @default 5 */
  deliveryRetryLimit: number
  /** The first wait before a failed delivery is tried again, doubling each time. @default 30 */
  deliveryRetryDelaySeconds: number
  /** The district's time zone, in which quiet hours are read. @default 'America/Chicago' */
  timeZone: string
  /** The family page's public address, for links in alerts (unsubscribe). @default the gateway's own */
  publicUrl: string
  /** Signs unsubscribe links (at least 32 characters); unset in development: one kept in the data directory. */
  linkSecret: string | undefined
  /** The bearer secret an SMS provider's inbound webhook (STOP replies) must present; unset: the webhook is off. */
  smsWebhookSecret: string | undefined
}

/**
 * Connections per pool when `DATABASE_POOL_SIZE` is unset, sized for a stock Postgres:
 * `max_connections` 100, of which `superuser_reserved_connections` keeps 3, so 97 for everyone.
 * One deployment, each part its own process:
 *   the gateway                                              0 (it reaches Postgres only through academics)
 *   six subgraphs, one pool of 4 each                     + 24 (each subgraph's job queue and outbox relay,
 *                                                              and academics' record of disclosures, use its pool)
 *   one migration connection per subgraph at start-up     + 0 (closed before its pool opens one)
 *   = 24 at most: a quarter of the server. During a rolling deploy the old and the new processes
 *   hold 48, which still leaves 49 for psql, backups, monitoring, scripts and other applications.
 * `npm start` on a server runs the six in one process on one pool: 4. More replicas than that go
 * through PgBouncer (README: Sizing the database pool).
 */
export const DEFAULT_DATABASE_POOL_SIZE = 4

/**
 * How Postgres plans a subgraph's prepared statements (its `plan_cache_mode`, set on each of the
 * pool's connections): `auto` is Postgres's own choice, which for statements over a list of
 * students (`= any($1)`) is a fresh plan at every execution, planned for that list;
 * `force_generic_plan` plans each statement once per connection, for any list, and reuses it.
 */
export const PLAN_CACHE_MODES = ['auto', 'force_generic_plan', 'force_custom_plan'] as const
export type PlanCacheMode = (typeof PLAN_CACHE_MODES)[number]

/** Planner settings a subgraph's pool sets on each connection as it opens (unset: the server's own). */
export interface PlannerSettings {
  planCacheMode?: PlanCacheMode
  /**
   * Postgres's `random_page_cost` (default 4, a spinning disk's). A district's tables and indexes
   * stay in memory, where an index lookup costs little more than a sequential read: 1.1 lets a
   * generic plan reach a few students' rows by index instead of hashing whole tables.
   */
  randomPageCost?: number
}

/**
 * The planner settings of statements that read a few students' rows by index: generic plans
 * (each statement planned once per connection, not at every execution) costed for data in memory.
 * With Postgres's default page cost a generic plan, made for an unknown number of students and
 * unknown dates, hashed whole gradebooks and calendars instead. The subgraphs' pools choose them
 * (subgraphs/kit re-exports it); the embedded database starts with them.
 */
export const PLANNED_ONCE: PlannerSettings = { planCacheMode: 'force_generic_plan', randomPageCost: 1.1 }

/** Planner settings as Postgres's parameters (a connection's startup parameters, or postgresql.conf lines). */
export function plannerParameters(planner: PlannerSettings | undefined): Record<string, string> {
  return {
    ...(planner?.planCacheMode ? { plan_cache_mode: planner.planCacheMode } : {}),
    ...(planner?.randomPageCost === undefined ? {} : { random_page_cost: String(planner.randomPageCost) }),
  }
}

export interface SubgraphConfig {
  /** Where the subgraph listens. */
  port: number
  /** Where the gateway finds it. */
  url: string
  /** `<NAME>_DATABASE_URL`, else `DATABASE_URL`; unset: the embedded database. */
  databaseUrl: string | undefined
  /** `<NAME>_DATABASE_POOL_SIZE`, else `DATABASE_POOL_SIZE`. @default DEFAULT_DATABASE_POOL_SIZE (4) */
  databasePoolSize: number
  /**
   * `<NAME>_DATABASE_PLAN_CACHE_MODE`: overrides the subgraph's own choice (its definition's
   * `planner.planCacheMode`) when it runs as its own process on a server. Unset: the subgraph's choice.
   */
  databasePlanCacheMode: PlanCacheMode | undefined
}

/** Traces and metrics (README: Traces and metrics). */
export interface TelemetryConfig {
  /**
   * Where traces go over OTLP/HTTP: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporter itself reads these and the other standard
   * `OTEL_EXPORTER_OTLP_*` settings). Unset, or `OTEL_SDK_DISABLED=true`: no tracing at all.
   */
  otlpEndpoint: string | undefined
  /** `OTEL_SERVICE_NAME`: the service every part of this process reports as. @default `district-graph-<part>` (`district-graph-gateway`, `district-graph-academics`, …) */
  serviceName: string | undefined
  /** `METRICS_TOKEN`: `/metrics` answers only callers presenting it as a bearer token. Unset: only callers on this machine (loopback, not forwarded by a proxy). */
  metricsToken: string | undefined
  /**
   * `METRICS_SQL_PER_REQUEST=on`: each subgraph also keeps the histogram of SQL statements per
   * request. Off by default: attributing a statement to its request takes an AsyncLocalStorage,
   * whose promise hooks Node 20 runs on every promise of the process (about 15% of a subgraph's
   * CPU per dashboard, measured with `npm run bench`). The total of statements is always kept.
   */
  sqlPerRequest: boolean
}

/**
 * The family's page signs in through the district's OpenID Connect provider (authorization code
 * with PKCE, the page a public client). All of issuer, client id and redirect URI, or none: with
 * none, production offers the page no sign-in (development uses its demo logins).
 */
export interface WebOidcConfig {
  /** `WEB_OIDC_ISSUER`: the provider's issuer; the page discovers its endpoints from it. https, or http on this machine. */
  issuer: string
  /** `WEB_OIDC_CLIENT_ID`: the page's public client at the provider (no secret: a page cannot keep one). */
  clientId: string
  /** `WEB_OIDC_REDIRECT_URI`: the page's own address, as registered with the provider (`https://family.district.example/`). */
  redirectUri: string
  /** `WEB_OIDC_SCOPE`, which must include `openid`. @default 'openid' */
  scope: string
  /**
   * `WEB_OIDC_RESOURCE`: the resource indicator (RFC 8707, an absolute URI) the page asks for, so
   * the provider addresses the access token to the gateway; `none` asks for none (a provider that
   * sets the audience per client). @default AUTH_AUDIENCE
   */
  resource: string | undefined
}

export interface WebConfig {
  /** Unset: no OpenID Connect sign-in for the page. */
  oidc: WebOidcConfig | undefined
}

export interface Config {
  /** 'production' masks errors and turns off GraphiQL and development endpoints. */
  production: boolean
  host: string
  gatewayPort: number
  /** Where each subgraph listens (its port) and where the gateway finds it (its URL). */
  subgraphs: Record<SubgraphName, SubgraphConfig>
  /** Unset: the embedded PGlite database under `dataDir`. */
  databaseUrl: string | undefined
  /**
   * Connections one pool keeps to a Postgres server at most (`DATABASE_POOL_SIZE`): each
   * subgraph's unless it has its own, and the scripts'. @default DEFAULT_DATABASE_POOL_SIZE (4)
   */
  databasePoolSize: number
  /** @default '.data' */
  dataDir: string
  auth: AuthConfig
  /** How long the gateway keeps a viewer's scope before asking academics again. @default 30 */
  scopeCacheSeconds: number
  /** How often the gateway writes its queued record of disclosures to academics. @default 1 */
  disclosureFlushSeconds: number
  /** Shared state for replicas (rate limits, revoked sessions); unset: in this process's memory. */
  redisUrl: string | undefined
  limits: LimitsConfig
  timeouts: TimeoutsConfig
  rateLimit: RateLimitConfig
  /** Addresses or CIDR ranges of proxies whose `X-Forwarded-For` is believed. @default loopback only in development, none in production */
  trustedProxies: string[]
  /** Origins browsers may call the graph from (CORS); none: same-origin only. */
  corsOrigins: string[]
  viewerKeys: ViewerKeysConfig
  /** Where records that could not be delivered at shutdown wait for the next start. @default `<dataDir>/spool` */
  spoolDir: string
  alerts: AlertsConfig
  /** The manifests app teams register (`<app>.json`), beside the committed operations' own. @default 'schema/trusted-documents' */
  trustedDocumentsDir: string
  telemetry: TelemetryConfig
  /** The family's page served at `/`. */
  web: WebConfig
  /**
   * How a gateway reaches the subgraphs that share its process (`npm start`), `SUBGRAPH_CALLS`:
   * `in-process` hands each fetch to the subgraph's handler without a socket (the same request,
   * token and answer); `http` goes over their ports as separate processes do. Subgraphs in other
   * processes are always reached over HTTP. @default 'in-process'
   */
  subgraphCalls: SubgraphCalls
}

export const SUBGRAPH_CALLS = ['in-process', 'http'] as const
export type SubgraphCalls = (typeof SUBGRAPH_CALLS)[number]

type Env = Record<string, string | undefined>

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, not "${raw}".`)
  }
  return value
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative number, not "${raw}".`)
  }
  return value
}

function wholeNumber(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be a whole number of at least ${min}, not "${raw}".`)
  }
  return value
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

function required(env: Env, name: string, why: string): string {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') throw new ConfigError(`${name} must be set in production: ${why}`)
  return raw
}

/** The gateway signs its tokens to the subgraphs with one configured key in production, so replicas agree. */
export function requireViewerSigningKey(config: Config): void {
  if (config.production && !config.viewerKeys.signingJwk) {
    throw new ConfigError("VIEWER_SIGNING_JWK must be set in production: the gateway's private key (an Ed25519 JWK with a kid) for its tokens to the subgraphs, the same on every replica.")
  }
}

/** A subgraph accepts only the configured public keys in production, never one from its data directory. */
export function requireViewerVerifyKeys(config: Config): void {
  if (config.production && !config.viewerKeys.verifyJwks) {
    throw new ConfigError('VIEWER_VERIFY_JWKS must be set in production: the public keys (a JWKS) the subgraphs accept from the gateway: the current one and, during a rotation, the other.')
  }
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL
  if (raw === undefined || raw === '') return undefined
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError(`REDIS_URL must be a redis:// URL, not "${raw}".`)
  return raw
}

function smtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL
  if (raw === undefined || raw === '') return undefined
  if (!/^smtps?:\/\//.test(raw)) throw new ConfigError(`SMTP_URL must be an smtp:// or smtps:// URL, not "${raw}".`)
  return raw
}

function linkSecretOf(env: Env, production: boolean): string | undefined {
  const raw = env.ALERT_LINK_SECRET
  if (raw !== undefined && raw !== '' && raw.length < 32) throw new ConfigError('ALERT_LINK_SECRET must be at least 32 characters.')
  if (production && env.SMTP_URL && !raw) required(env, 'ALERT_LINK_SECRET', 'the secret that signs the unsubscribe link in every alert email, the same on every messaging replica.')
  return raw || undefined
}

function timeZone(env: Env): string {
  const raw = env.DISTRICT_TIME_ZONE || 'America/Chicago'
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw })
  } catch {
    throw new ConfigError(`DISTRICT_TIME_ZONE must be an IANA time zone such as America/Chicago, not "${raw}".`)
  }
  return raw
}

function telemetry(env: Env): TelemetryConfig {
  const endpointName = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'
  const endpoint = env[endpointName] || undefined
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) throw new ConfigError(`${endpointName} must be an http:// or https:// URL (an OTLP/HTTP collector, such as http://127.0.0.1:4318), not "${endpoint}".`)
  const metricsToken = env.METRICS_TOKEN || undefined
  if (metricsToken !== undefined && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters.')
  return {
    otlpEndpoint: env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ? undefined : endpoint,
    serviceName: env.OTEL_SERVICE_NAME || undefined,
    metricsToken,
    sqlPerRequest: onOff(env, 'METRICS_SQL_PER_REQUEST', false),
  }
}

/** A setting that is one of `values` (as written), undefined when unset. */
function oneOf<T extends string>(env: Env, name: string, values: readonly T[]): T | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, not "${raw}".`)
  return raw as T
}

/** A setting that is `on` or `off` (any case), `fallback` when unset. */
function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw) return fallback
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${name} must be on or off, not "${env[name] ?? ''}".`)
  return raw === 'on'
}

const WEB_OIDC_REQUIRED = ['WEB_OIDC_ISSUER', 'WEB_OIDC_CLIENT_ID', 'WEB_OIDC_REDIRECT_URI'] as const
const WEB_OIDC_OPTIONAL = ['WEB_OIDC_SCOPE', 'WEB_OIDC_RESOURCE'] as const

/** An http(s) URL; plain http only on this machine, where the page allows it too (web/src/sign-in/oidc.ts). */
function webUrl(env: Env, name: string): string {
  const raw = env[name] ?? ''
  const url = URL.parse(raw)
  const loopback = url?.hostname === 'localhost' || url?.hostname === '127.0.0.1' || url?.hostname === '[::1]'
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
    throw new ConfigError(`${name} must be an https:// URL (http:// only for localhost), not "${raw}".`)
  }
  return raw
}

function webOidc(env: Env, audience: string): WebOidcConfig | undefined {
  const given = (name: string) => (env[name] ?? '').trim() !== ''
  if (![...WEB_OIDC_REQUIRED, ...WEB_OIDC_OPTIONAL].some(given)) return undefined
  const missing = WEB_OIDC_REQUIRED.filter((name) => !given(name))
  if (missing.length > 0) {
    throw new ConfigError(`The page's OpenID Connect sign-in needs WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URI together: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`)
  }
  const scope = env.WEB_OIDC_SCOPE?.trim() || 'openid'
  // The page signs in only with an id token (its nonce, and the provider's sign-out hint).
  if (!scope.split(/\s+/).includes('openid')) throw new ConfigError(`WEB_OIDC_SCOPE must include openid, not "${scope}".`)
  const resource = env.WEB_OIDC_RESOURCE?.trim() || audience
  if (resource !== 'none' && !URL.canParse(resource)) {
    throw new ConfigError(
      `WEB_OIDC_RESOURCE must be an absolute URI (a resource indicator, such as https://graph.district.example/), or none, not "${resource}"${env.WEB_OIDC_RESOURCE ? '' : ' (from AUTH_AUDIENCE)'}.`,
    )
  }
  return {
    issuer: webUrl(env, 'WEB_OIDC_ISSUER'),
    clientId: (env.WEB_OIDC_CLIENT_ID ?? '').trim(),
    redirectUri: webUrl(env, 'WEB_OIDC_REDIRECT_URI'),
    scope,
    resource: resource === 'none' ? undefined : resource,
  }
}

function databaseUrl(env: Env, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(`${name} must be a postgres:// URL, not "${raw}".`)
  }
  return raw
}

export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST || '127.0.0.1'
  const url = databaseUrl(env, 'DATABASE_URL')
  // The setting's old name stops start-up rather than be ignored.
  if (env.DATABASE_POOL_MAX) throw new ConfigError('DATABASE_POOL_MAX is now called DATABASE_POOL_SIZE: rename it (it sets the connections of each pool).')
  const databasePoolSize = wholeNumber(env, 'DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE)
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const upper = name.toUpperCase()
      const p = port(env, `${upper}_PORT`, DEFAULT_SUBGRAPH_PORTS[name])
      return [
        name,
        {
          port: p,
          url: env[`${upper}_URL`] || `http://${host}:${p}/graphql`,
          databaseUrl: databaseUrl(env, `${upper}_DATABASE_URL`) ?? url,
          databasePoolSize: wholeNumber(env, `${upper}_DATABASE_POOL_SIZE`, databasePoolSize),
          databasePlanCacheMode: oneOf(env, `${upper}_DATABASE_PLAN_CACHE_MODE`, PLAN_CACHE_MODES),
        },
      ]
    }),
  ) as Config['subgraphs']
  const production = env.NODE_ENV === 'production'
  const dataDir = path.resolve(env.DATA_DIR || '.data')
  if (production) {
    required(env, 'AUTH_JWKS_URL', "the district identity provider's JWKS, against which users' tokens are verified (the development key is never trusted in production).")
    required(env, 'AUTH_ISSUER', "the identity provider's issuer, which every user token must name.")
    required(env, 'AUTH_AUDIENCE', 'the audience every user token must be addressed to.')
  }
  const audience = env.AUTH_AUDIENCE || 'district-graph'
  return {
    production,
    host,
    gatewayPort: port(env, 'PORT', 4000),
    subgraphs,
    subgraphCalls: oneOf(env, 'SUBGRAPH_CALLS', SUBGRAPH_CALLS) ?? 'in-process',
    databaseUrl: url,
    databasePoolSize,
    dataDir,
    auth: {
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      issuer: env.AUTH_ISSUER || 'district-graph-dev',
      audience,
    },
    scopeCacheSeconds: positiveNumber(env, 'SCOPE_CACHE_SECONDS', 30),
    disclosureFlushSeconds: positiveNumber(env, 'DISCLOSURE_FLUSH_SECONDS', 1),
    redisUrl: redisUrl(env),
    limits: {
      maxAliases: wholeNumber(env, 'MAX_ALIASES', 30),
      maxDepth: wholeNumber(env, 'MAX_DEPTH', 16),
      maxTokens: wholeNumber(env, 'MAX_TOKENS', 3000),
      maxDirectives: wholeNumber(env, 'MAX_DIRECTIVES', 20),
      maxCost: wholeNumber(env, 'MAX_COST', 5000),
      maxBodyBytes: wholeNumber(env, 'MAX_BODY_BYTES', 100 * 1024, 1024),
    },
    timeouts: {
      subgraphMs: wholeNumber(env, 'SUBGRAPH_TIMEOUT_MS', 4000, 10),
      requestMs: wholeNumber(env, 'REQUEST_TIMEOUT_MS', 10_000, 10),
    },
    rateLimit: {
      viewerPoints: wholeNumber(env, 'RATE_LIMIT_PER_VIEWER', 300),
      addressPoints: wholeNumber(env, 'RATE_LIMIT_PER_ADDRESS', 600),
      windowSeconds: wholeNumber(env, 'RATE_LIMIT_WINDOW_SECONDS', 60),
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX || 'dg:rl',
    },
    trustedProxies: env.TRUSTED_PROXIES === undefined ? (production ? [] : ['loopback']) : list(env, 'TRUSTED_PROXIES'),
    corsOrigins: list(env, 'CORS_ORIGINS'),
    viewerKeys: { signingJwk: env.VIEWER_SIGNING_JWK || undefined, verifyJwks: env.VIEWER_VERIFY_JWKS || undefined },
    spoolDir: path.resolve(env.SPOOL_DIR || path.join(dataDir, 'spool')),
    trustedDocumentsDir: path.resolve(env.TRUSTED_DOCUMENTS_DIR || REGISTERED_MANIFESTS_DIR),
    telemetry: telemetry(env),
    web: { oidc: webOidc(env, audience) },
    alerts: {
      backgroundJobs: env.BACKGROUND_JOBS !== 'off',
      outboxPollMs: wholeNumber(env, 'OUTBOX_POLL_MS', 1000, 10),
      queuePollSeconds: positiveNumber(env, 'QUEUE_POLL_SECONDS', 1),
      queueSchema: env.QUEUE_SCHEMA || 'pgboss',
      smtpUrl: smtpUrl(env),
      mailFrom: env.MAIL_FROM || 'District Graph <alerts@district.example>',
      deliverySinkDir: path.resolve(env.DELIVERY_SINK_DIR || path.join(dataDir, 'deliveries')),
      deliveryRetryLimit: wholeNumber(env, 'DELIVERY_RETRY_LIMIT', 5, 0),
      deliveryRetryDelaySeconds: wholeNumber(env, 'DELIVERY_RETRY_DELAY_SECONDS', 30),
      timeZone: timeZone(env),
      linkSecret: linkSecretOf(env, production),
      smsWebhookSecret: env.SMS_WEBHOOK_SECRET || undefined,
      publicUrl: (env.PUBLIC_URL || `http://${host}:${port(env, 'PORT', 4000)}`).replace(/\/$/, ''),
    },
  }
}
