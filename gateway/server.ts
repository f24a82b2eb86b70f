/**
 * Builds the gateway: graphql-yoga in front of @apollo/gateway running the committed
 * supergraph. It authenticates the user, resolves the viewer's scope once per request, signs it
 * for the subgraphs, and serves /healthz and /readyz beside /graphql.
 */
import './no-telemetry.ts'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ApolloGateway } from '@apollo/gateway'
import { useApolloFederation } from '@envelop/apollo-federation'
import { GraphQLError } from 'graphql'
import { createYoga, maskError, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga'
import type { Config } from '../lib/config.ts'
import { loadKeyPair } from '../lib/keys.ts'
import { SUBGRAPH_NAMES, isSubgraphName } from '../lib/subgraphs.ts'
import { signCallerToken, subgraphUnavailable, SUBGRAPH_ERROR_CODES, unauthenticated, type Viewer } from '../lib/contract/index.ts'
import { createAuthenticator } from './auth.ts'
import type { GatewayContext } from './context.ts'
import { ViewerDataSource } from './data-source.ts'
import { createDisclosureLog, useDisclosureLog, type DisclosureLog } from './disclosure-log.ts'
import { createScopeResolver, type ScopeResolver } from './scope.ts'
import { createSignInRecorder, type SignInRecorder } from './sign-ins.ts'

/** Development helpers the process that owns the data offers (never in production). */
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
}

export interface GatewayServer {
  handler: RequestListener
  yoga: YogaServerInstance<Record<string, never>, GatewayContext>
  scopes: ScopeResolver
  /** Guardians' portal sign-ins being recorded. */
  signIns: SignInRecorder
  /** The record of disclosures' queue (tests flush it). */
  disclosures: DisclosureLog
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

/**
 * A subgraph's error arrives wrapped around the plain JSON it answered (not an Error), which
 * Yoga would mask. Pass on its message and contract code only — not which subgraph answered
 * (app developers never learn where data lives) nor anything a development subgraph adds.
 * Errors thrown in the gateway itself are masked as usual.
 */
function maskGatewayError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError) {
    const code = error.extensions.code
    // graphql-js types it an Error; Apollo puts the subgraph's plain JSON error there.
    const original: unknown = error.originalError
    const fromSubgraph = original !== undefined && original !== null && !(original instanceof Error)
    if (typeof code === 'string' && SUBGRAPH_ERROR_CODES.has(code) && (fromSubgraph || !error.originalError)) {
      // Kept as it is (Yoga logs every error it replaces), less what the client must not see.
      const extensions = error.extensions as Record<string, unknown>
      for (const key of Object.keys(extensions)) {
        // `http` sets the response status, and Yoga never sends it to the client.
        if (key !== 'code' && key !== 'http' && !(code === 'SUBGRAPH_UNAVAILABLE' && key === 'subgraph')) Reflect.deleteProperty(extensions, key)
      }
      return error
    }
  }
  return maskError(error, message, isDev)
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
  const development = !config.production && dev !== undefined
  const viewerKeys = await loadKeyPair(config.dataDir, 'viewer')
  const authenticate = await createAuthenticator(config.auth, config.dataDir)
  const academics = { academicsUrl: config.subgraphs.academics.url, signingKey: viewerKeys.privateKey, fetch: send }
  const scopes = createScopeResolver({ ...academics, ttlSeconds: config.scopeCacheSeconds })
  const signIns = createSignInRecorder(academics)
  const disclosures = createDisclosureLog({
    ...academics,
    flushIntervalMs: config.disclosureFlushSeconds * 1000,
  })

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: quietLogger,
    buildService: ({ name, url }) => {
      if (!isSubgraphName(name)) throw new Error(`The supergraph names an unknown subgraph "${name}".`)
      return new ViewerDataSource(name, config.subgraphs[name].url || url || '', send)
    },
  })
  await gateway.load()

  const graphiql = async (): Promise<GraphiQLOptions | boolean> => {
    if (config.production) return false
    const defaults = development ? await dev.graphiql() : undefined
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

  const yoga = createYoga<Record<string, never>, GatewayContext>({
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql,
    maskedErrors: { isDev: !config.production, maskError: maskGatewayError },
    logging: config.production ? 'info' : 'warn',
    plugins: [useApolloFederation({ gateway, logger: quietLogger }), useDisclosureLog(disclosures)],
    context: async ({ request }): Promise<GatewayContext> => {
      const personId = await authenticate(request.headers.get('authorization'))
      if (!personId) throw unauthenticated('Sign in: the request has no valid bearer token.')
      const requestId = randomUUID()
      let scope
      try {
        scope = await scopes.get(personId, requestId)
      } catch {
        throw subgraphUnavailable('academics', 'The academics service is unavailable, so who may read what cannot be decided: try again shortly.', { status: 503 })
      }
      if (!scope) throw unauthenticated('The token names no one in this district.')
      const viewer: Viewer = { id: personId, requestId, ...scope }
      // Portal usage counts guardians' days of use: the first request of each day.
      if (viewer.role === 'GUARDIAN') signIns.note(personId, requestId)
      return { requestId, viewer, viewerToken: await signCallerToken(viewer, viewerKeys.privateKey), disclosures: [] }
    },
  })

  const handler: RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/readyz') {
      everySubgraphAnswers(config, send).then(
        (subgraphs) => json(res, Object.values(subgraphs).every(Boolean) ? 200 : 503, { subgraphs }),
        () => json(res, 503, {}),
      )
      return
    }
    if (path === '/dev/token' && development && isLoopback(req)) {
      const login = new URL(req.url ?? '/', 'http://localhost').searchParams.get('login') ?? ''
      dev.tokenFor(login).then(
        (token) => (token ? json(res, 200, { token }) : json(res, 404, { error: `No seeded login "${login}".` })),
        () => json(res, 500, { error: 'Could not issue a token.' }),
      )
      return
    }
    void yoga(req, res)
  }

  return {
    handler,
    yoga,
    scopes,
    disclosures,
    signIns,
    stop: async () => {
      await gateway.stop()
      await signIns.settle()
      await disclosures.stop()
    },
  }
}
