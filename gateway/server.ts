/**
 * Builds the gateway: graphql-yoga in front of @apollo/gateway running the committed
 * supergraph. It refuses what it must before any work (rate limits, CSRF, untrusted documents in
 * production, operations past their limits), authenticates the user, resolves the viewer's scope
 * once per request, signs it for each subgraph, bounds every fetch in time, and serves /healthz
 * and /readyz beside /graphql.
 */
import './no-telemetry.ts'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApolloGateway } from '@apollo/gateway'
import { useApolloFederation } from '@envelop/apollo-federation'
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention'
import { getOperationAST, NoSchemaIntrospectionCustomRule, OperationTypeNode, type DocumentNode } from 'graphql'
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga'
import { requireViewerSigningKey, type Config } from '../lib/config.ts'
import { rateLimited, signCallerToken, subgraphUnavailable, unauthenticated, viewerLanguage, viewerTokenReuseUntil, type Scope, type Viewer } from '../lib/contract/index.ts'
import type { Handler } from '../lib/http.ts'
import { loadViewerSigner } from '../lib/keys.ts'
import { flushTracing, startConfiguredTracing, tracingEnabled, useRequestSpans } from '../lib/telemetry.ts'
import { useMetricsEndpoint } from '../lib/telemetry-metrics.ts'
import { SUBGRAPH_NAMES, isSubgraphName } from '../lib/subgraphs.ts'
import { createAuthenticator } from './auth.ts'
import type { GatewayContext } from './context.ts'
import { ViewerDataSource } from './data-source.ts'
import { subgraphHttp, type SubgraphHttpOptions } from './subgraph-http.ts'
import { ExpiringMap } from '../lib/expiring-map.ts'

/** Six subgraphs, read and write tokens, a few languages: more than a scope ever signs. */
const SIGNED_PER_SCOPE = 64
import { createDisclosureLog, useDisclosureLog, type DisclosureLog } from './disclosure-log.ts'
import { renderGraphiQLPage, useGraphiQLAssets } from './graphiql.ts'
import { maskGatewayError } from './errors.ts'
import { createGatewayMetrics, operationNamesIn } from './metrics.ts'
import { checkScalarInputs } from './scalars.ts'
import { useOperationLimits } from './limits.ts'
import { clientAddressResolver, createRateLimits } from './rate-limit.ts'
import { createRedis, redisReady } from './redis.ts'
import { createRevocations, type Revocations } from './revocations.ts'
import { createScopeResolver, type ScopeResolver } from './scope.ts'
import { createSignInRecorder, type SignInRecorder } from './sign-ins.ts'
import { loadTrustedDocuments, manifestFiles, useTrustedDocuments } from './trusted-documents.ts'
import { createWebHandler } from './web.ts'
import { signInConfig } from './web-sign-in.ts'

/** Development helpers the process that owns the data offers (never in production). */
/**
 * A viewer's own write may change their scope (their language, an adult student's sharing):
 * the next request of theirs asks academics again instead of waiting out the cache.
 */
function useFreshScopeAfterWrites(scopes: ScopeResolver): Plugin {
  return {
    onExecute({ args }) {
      // envelop types the execution arguments loosely; these are graphql-js's.
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)
      const viewer = (args.contextValue as Partial<GatewayContext>).viewer
      if (operation?.operation !== OperationTypeNode.MUTATION || !viewer) return
      return {
        onExecuteDone() {
          scopes.invalidate(viewer.id)
        },
      }
    },
  }
}

/**
 * Links in alerts (unsubscribe) and the SMS provider's replies (STOP) reach messaging, which
 * owns preferences, through the gateway's public address: the gateway only routes them.
 */
function useNotificationLinks(messagingUrl: string, send: typeof fetch): Plugin {
  const origin = new URL(messagingUrl).origin
  return {
    async onRequest(payload) {
      const { request, url } = payload
      if (!url.pathname.startsWith('/notifications/')) return
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
      const headers: Record<string, string> = { 'content-type': request.headers.get('content-type') ?? 'text/plain' }
      const authorization = request.headers.get('authorization')
      if (authorization) headers.authorization = authorization
      try {
        const answer = await send(`${origin}${url.pathname}${url.search}`, { method: request.method, headers, body, signal: AbortSignal.timeout(10_000) })
        const text = await answer.text()
        // 204 and 304 carry no body, not even an empty one.
        payload.endResponse(new Response(answer.status === 204 || answer.status === 304 ? null : text, { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'text/plain', 'cache-control': 'no-store' } }))
      } catch {
        payload.endResponse(new Response('Notifications are unavailable: try again shortly.', { status: 503, headers: { 'content-type': 'text/plain' } }))
      }
    },
  }
}

export interface DevelopmentTools {
  /** A sign-in token for a seeded login, or undefined when there is no such login. */
  tokenFor(login: string): Promise<string | undefined>
  /** What GraphiQL opens with: a token and a child of the demo guardian. */
  graphiql(): Promise<{ token: string; studentId: string } | undefined>
}

export interface GatewayOptions {
  config: Config
  supergraphSdl: string
  /** The client operations GraphiQL opens with, by name. */
  operations?: Record<string, string>
  dev?: DevelopmentTools
  /**
   * How the gateway reaches the subgraphs: the query plan's fetches, its own calls to academics
   * and the /readyz checks. Tests inject the subgraphs' Yoga `fetch` to run without ports.
   * @default globalThis.fetch (Node's own, keeping connections alive)
   */
  fetch?: typeof fetch
  /**
   * The subgraphs served in the gateway's own process, by the `host` of their URL: the query
   * plan's fetches and the calls to academics reach them without a socket (`npm start`; see
   * subgraph-http.ts). Any other host, and the /readyz checks, go over HTTP.
   */
  inProcessSubgraphs?: SubgraphHttpOptions['inProcess']
}

/** What Yoga gets from the Node server: the request and response, to tell a loopback caller. */
export interface NodeContext {
  req?: IncomingMessage
  res?: ServerResponse
}

export interface GatewayServer {
  handler: Handler
  yoga: YogaServerInstance<NodeContext, GatewayContext>
  scopes: ScopeResolver
  /** Guardians' portal sign-ins being recorded. */
  signIns: SignInRecorder
  /** The record of disclosures' queue (tests flush it). */
  disclosures: DisclosureLog
  /** Sessions refused before their tokens expire. */
  revocations: Revocations
  /** Stops the gateway and writes the queued record of disclosures. */
  stop(): Promise<void>
}

const quietLogger = {
  debug: () => {},
  info: () => {},
  warn: (message: unknown) => console.warn('[gateway]', message),
  error: (message: unknown) => console.error('[gateway]', message),
}

function healthUrl(graphqlUrl: string): string {
  const url = new URL(graphqlUrl)
  url.pathname = '/health'
  url.search = ''
  return url.toString()
}

async function everySubgraphAnswers(config: Config, send: typeof fetch): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      try {
        const response = await send(healthUrl(config.subgraphs[name].url), { signal: AbortSignal.timeout(2000) })
        await response.body?.cancel()
        return [name, response.ok] as const
      } catch {
        return [name, false] as const
      }
    }),
  )
  return Object.fromEntries(results)
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? ''
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
}

export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const { config, supergraphSdl, dev, fetch: send = fetch } = options
  requireViewerSigningKey(config)
  // Before anything that makes spans: without a collector configured, nothing starts.
  startConfiguredTracing(config.telemetry)
  const development = !config.production && dev !== undefined
  const signer = await loadViewerSigner(config.viewerKeys, config.dataDir)
  const authenticate = await createAuthenticator(config.auth, config.dataDir)
  // The gateway's own calls to academics go over a keep-alive node:http pool too (an injected fetch is used as given).
  const internalHttp = options.fetch ? undefined : subgraphHttp({ inProcess: options.inProcessSubgraphs })
  const academics = { academicsUrl: config.subgraphs.academics.url, signer, fetch: send, fetcher: internalHttp?.fetcher, timeoutMs: config.timeouts.subgraphMs }
  const scopes = createScopeResolver({ ...academics, ttlSeconds: config.scopeCacheSeconds })
  const signIns = createSignInRecorder(academics)
  const disclosures = createDisclosureLog({ ...academics, flushIntervalMs: config.disclosureFlushSeconds * 1000, spoolDir: config.spoolDir })
  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined
  if (redis && !(await redisReady(redis))) console.warn(`[gateway] redis at ${config.redisUrl ?? ''} does not answer yet: limits count in this process until it does`)
  const rateLimits = createRateLimits(config.rateLimit, redis)
  const revocations = createRevocations(redis)
  const clientAddress = clientAddressResolver(config.trustedProxies)
  const trusted = loadTrustedDocuments(manifestFiles(config.trustedDocumentsDir))
  // Series and span names name only the trusted documents' operations, never what a client makes up.
  const operationNames = operationNamesIn(manifestFiles(config.trustedDocumentsDir))
  const metrics = createGatewayMetrics({ operationNames, disclosures })

  // Over the network, the query plan's fetches go through node:http's keep-alive pool; an injected fetch (tests, npm start in one process) is used as given.
  const subgraphClient = options.fetch ? undefined : subgraphHttp({ onFetched: metrics.observeFetch, inProcess: options.inProcessSubgraphs })
  /**
   * The viewer tokens signed for a scope (a cached scope is one object until it expires or a write
   * drops it), by subgraph, kind and language: each is reused while it has half its life left, so
   * a viewer's requests cost one signature per subgraph a minute, not six per request.
   */
  const signedTokens = new WeakMap<Scope, ExpiringMap<string, Promise<string>>>()
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: quietLogger,
    // Apollo's own spans (plan, fetch) join our traces while tracing is on: without the document or error messages, which may quote what a client sent.
    telemetry: { includeDocument: false, recordExceptions: false },
    buildService: ({ name, url }) => {
      if (!isSubgraphName(name)) throw new Error(`The supergraph names an unknown subgraph "${name}".`)
      return new ViewerDataSource(name, config.subgraphs[name].url || url || '', { send, fetcher: subgraphClient?.fetcherFor(name), timeoutMs: config.timeouts.subgraphMs })
    },
  })
  await gateway.load()
  if (gateway.schema) checkScalarInputs(gateway.schema)

  const graphiql = async (_request: Request, server?: NodeContext): Promise<GraphiQLOptions | boolean> => {
    if (config.production) return false
    // A working token only for someone at this machine: GraphiQL is served to any caller.
    const defaults = development && server?.req && isLoopback(server.req) ? await dev.graphiql() : undefined
    const operations = options.operations ?? {}
    return {
      title: 'district-graph',
      defaultTabs: Object.entries(operations).map(([name, query]) => ({
        query,
        variables: name === 'ChildDashboard' && defaults ? JSON.stringify({ studentId: defaults.studentId }, null, 2) : null,
        headers: defaults ? JSON.stringify({ authorization: `Bearer ${defaults.token}` }, null, 2) : null,
      })),
    }
  }

  const noIntrospection: Plugin = {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }

  const yoga = createYoga<NodeContext, GatewayContext>({
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql,
    // From the installed package, not a CDN: GraphiQL opens offline too.
    renderGraphiQL: renderGraphiQLPage,
    maxRequestBodySize: config.limits.maxBodyBytes,
    // Only a configured origin is named back; any other (or none configured) gets no CORS headers.
    // (Yoga's own list handling echoes every origin for an empty list, and names the one configured origin to all.)
    cors: (request) => {
      const origin = request.headers.get('origin')
      return origin !== null && config.corsOrigins.includes(origin) ? { origin, credentials: true, methods: ['GET', 'POST'] } : false
    },
    maskedErrors: { isDev: !config.production, maskError: maskGatewayError },
    logging: config.production ? 'info' : 'warn',
    plugins: [
      useMetricsEndpoint(metrics.registry, { token: config.telemetry.metricsToken }),
      metrics.plugin,
      ...(tracingEnabled() ? [useRequestSpans('gateway', { continueTrace: false, knownOperations: operationNames })] : []),
      useNotificationLinks(config.subgraphs.messaging.url, send),
      ...(config.production ? [] : [useGraphiQLAssets()]),
      // A simple (pre-flight-free) request must carry a header only a script can set: no CSRF through forms or GET links.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'] }),
      ...useTrustedDocuments(trusted, config.production),
      ...useOperationLimits(config.limits, config.production),
      ...(config.production ? [noIntrospection] : []),
      useApolloFederation({ gateway, logger: quietLogger }),
      useDisclosureLog(disclosures),
      useFreshScopeAfterWrites(scopes),
    ],
    context: async ({ request }): Promise<GatewayContext> => {
      const deadline = AbortSignal.timeout(config.timeouts.requestMs)
      const who = await authenticate(request.headers.get('authorization'))
      if (!who) throw unauthenticated('Sign in: the request has no valid bearer token.')
      if (await revocations.isRevoked(who)) throw unauthenticated('This session has been signed out: sign in again.')
      const wait = await rateLimits.viewer(who.personId)
      if (wait !== undefined) throw rateLimited(wait)
      const requestId = randomUUID()
      let scope
      try {
        scope = await scopes.get(who.personId, requestId)
      } catch {
        throw subgraphUnavailable('academics', 'The academics service is unavailable, so who may read what cannot be decided: try again shortly.', { status: 503 })
      }
      if (!scope) throw unauthenticated('The token names no one in this district.')
      const viewer: Viewer = { id: who.personId, requestId, ...scope, language: viewerLanguage(scope.profileLanguage, request.headers.get('accept-language')) }
      // Portal usage counts guardians' days of use: the first request of each day.
      if (viewer.role === 'GUARDIAN') signIns.note(who.personId, requestId)
      const tokenFor = (subgraph: string, writes = false) => {
        let tokens = signedTokens.get(scope)
        if (!tokens) signedTokens.set(scope, (tokens = new ExpiringMap<string, Promise<string>>(SIGNED_PER_SCOPE)))
        const key = `${subgraph}:${writes ? 'write' : 'read'}:${viewer.language ?? ''}`
        const known = tokens.get(key)
        if (known) return known
        const token = signCallerToken(viewer, signer, subgraph, { writes })
        const forScope = tokens
        forScope.set(key, token, viewerTokenReuseUntil(Date.now()))
        token.catch(() => forScope.delete(key))
        return token
      }
      return { requestId, viewer, tokenFor, deadline, disclosures: [] }
    },
  })

  const web = createWebHandler({
    appConfig: () => ({ signIn: signInConfig(config, development) }),
  })

  const handler: Handler = async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/readyz') {
      try {
        const subgraphs = await everySubgraphAnswers(config, send)
        json(res, Object.values(subgraphs).every(Boolean) ? 200 : 503, { subgraphs })
      } catch {
        json(res, 503, {})
      }
      return
    }
    if (path === '/dev/token' && development && isLoopback(req)) {
      const login = new URL(req.url ?? '/', 'http://localhost').searchParams.get('login') ?? ''
      try {
        const token = await dev.tokenFor(login)
        if (token) json(res, 200, { token })
        else json(res, 404, { error: `No seeded login "${login}".` })
      } catch {
        json(res, 500, { error: 'Could not issue a token.' })
      }
      return
    }
    if (web(req, res, path ?? '/')) return
    if (path === '/graphql') {
      // Before authentication, so that a flood of requests with bad tokens costs next to nothing.
      const wait = await rateLimits.address(clientAddress(req))
      if (wait !== undefined) {
        metrics.countError('RATE_LIMITED')
        const error = rateLimited(wait)
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(wait) })
        res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED' } }] }))
        return
      }
    }
    await yoga(req, res, { req, res })
  }

  return {
    handler,
    yoga,
    scopes,
    disclosures,
    signIns,
    revocations,
    stop: async () => {
      await gateway.stop()
      subgraphClient?.close()
      await signIns.settle()
      await disclosures.stop()
      // After the last disclosures are written (or spooled).
      internalHttp?.close()
      redis?.disconnect()
      await flushTracing()
    },
  }
}
