/**
 * The one factory behind all six subgraphs: the SDL and resolvers built into a federated
 * schema, graphql-shield from the permission map (deny by default), the gateway's viewer token
 * verified on every request, DataLoaders made per request, SQL counted per request, errors
 * masked. A subgraph's own folder holds only what is specific to it.
 */
import fs from 'node:fs'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js'
import { Kind, parse, type DocumentNode, type ExecutionResult, type GraphQLScalarType } from 'graphql'
import type { PromiseOrValue } from 'graphql/jsutils/PromiseOrValue.js'
import { applyMiddleware } from 'graphql-middleware'
import { DateResolver, DateTimeResolver, LocalTimeResolver } from 'graphql-scalars'
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga'
import type { Db } from '../../db/client.ts'
import { withSqlTally, type SqlTally } from '../../db/sql-counter.ts'
import type { ViewerVerifier } from '../../lib/keys.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'
import { DEFAULT_LANGUAGE, DISCLOSURES_EXTENSION, isViewer, unauthenticated, createCallerVerifier, type Caller, type Disclosures } from '../../lib/contract/index.ts'
import type { Config, PlannerSettings } from '../../lib/config.ts'
import { startConfiguredTracing, tracingEnabled, useRequestSpans } from '../../lib/telemetry.ts'
import { useMetricsEndpoint } from '../../lib/telemetry-metrics.ts'
import type { BackgroundEnv } from './background.ts'
import type { SubgraphContext } from './context.ts'
import type { Outbox } from './outbox.ts'
import type { Stoppable } from './queue.ts'
import { useDatabaseUnavailable } from './database-unavailable.ts'
import { allowShortPath } from './http-handler.ts'
import { createSubgraphMetrics } from './metrics.ts'
import { READINESS_PATH, readinessRoute } from './readiness.ts'
import { createShield, uncoveredFields, withFederation, type PermissionMap } from './permissions.ts'

export interface SubgraphDefinition<Loaders> {
  name: SubgraphName
  typeDefs: DocumentNode
  /**
   * The subgraph's resolvers, typed by codegen (`Resolvers<Context>`). Codegen's types and
   * @apollo/subgraph's resolver map describe the same object in two vocabularies.
   */
  resolvers: object
  permissions: PermissionMap
  createLoaders(db: Db, caller: Caller): Loaders
  /**
   * How Postgres should plan the subgraph's statements when it runs as its own process on a
   * server: settings its pool sets on each connection (`<NAME>_DATABASE_PLAN_CACHE_MODE`
   * overrides the plan cache mode). Choose the kit's `PLANNED_ONCE` once every statement's generic
   * plan is as good as its custom one (EXPLAIN ANALYZE EXECUTE under its settings, at the
   * district's size): planning then happens once per connection instead of at every execution
   * (README: Query plans). @default the server's
   */
  planner?: PlannerSettings
  /** The subgraph's outbox, when it tells others of changes: its relay runs beside the server. */
  outbox?: Outbox
  /** Jobs the subgraph works from the queue (messaging's alerts), started beside the server. */
  workers?(env: BackgroundEnv): Promise<Stoppable>
  /**
   * Plain HTTP endpoints beside /graphql, by path, for callers that are not the gateway's graph
   * (a link in an email, a provider's webhook); each authenticates its own callers.
   */
  routes?(env: RouteEnv): Record<string, (request: Request) => Promise<Response>>
}

export interface RouteEnv {
  db: Db
  config: Config
}

/** Reads a subgraph's `schema.graphql` beside the module at `moduleUrl`. */
export function loadTypeDefs(moduleUrl: string): DocumentNode {
  return parse(fs.readFileSync(new URL('./schema.graphql', moduleUrl), 'utf8'))
}

const SCALARS: Record<string, GraphQLScalarType> = { Date: DateResolver, DateTime: DateTimeResolver, LocalTime: LocalTimeResolver }

function scalarsUsed(typeDefs: DocumentNode): Record<string, GraphQLScalarType> {
  const used: Record<string, GraphQLScalarType> = {}
  for (const def of typeDefs.definitions) {
    const scalar = def.kind === Kind.SCALAR_TYPE_DEFINITION ? SCALARS[def.name.value] : undefined
    if (scalar) used[scalar.name] = scalar
  }
  return used
}

export interface SubgraphServerOptions<Loaders> {
  definition: SubgraphDefinition<Loaders>
  db: Db
  /** The gateway's public key for viewer tokens. */
  viewerKey: ViewerVerifier
  production: boolean
  /** For the definition's own routes; without it, the subgraph serves /graphql, /health and /readyz only. */
  config?: Config
}

/**
 * Hands the request's disclosures back to the gateway as `extensions.disclosures`: the gateway
 * alone sees the whole operation, so it writes the record of disclosures.
 */
function useDisclosures(): Plugin<{ disclosures: Disclosures }> {
  return {
    onExecute({ args }) {
      const disclosures = (args.contextValue as { disclosures?: Disclosures }).disclosures
      return {
        onExecuteDone({ result, setResult }) {
          if (!disclosures || disclosures.size === 0 || Symbol.asyncIterator in result) return
          setResult({ ...result, extensions: { ...result.extensions, [DISCLOSURES_EXTENSION]: [...disclosures.values()] } })
        },
      }
    },
  }
}

/** Serves the definition's own routes (see `SubgraphDefinition.routes`) before Yoga looks at the request. */
function useRoutes(routes: Record<string, (request: Request) => Promise<Response>>): Plugin {
  return {
    async onRequest(payload) {
      const route = routes[payload.url.pathname]
      if (route) payload.endResponse(await route(payload.request))
    },
  }
}

/** Runs each operation inside the request's SQL tally, so statements are counted per request. */
function useSqlTally(): Plugin<{ sql: SqlTally }> {
  return {
    onExecute({ executeFn, setExecuteFn, args }) {
      const tally = (args.contextValue as { sql?: SqlTally }).sql
      // envelop types `execute` as returning any; it returns graphql-js's result.
      if (tally) setExecuteFn((execArgs) => withSqlTally(tally, () => executeFn(execArgs) as PromiseOrValue<ExecutionResult>))
    },
  }
}

export function buildSchema<Loaders>(definition: SubgraphDefinition<Loaders>, production: boolean) {
  const resolvers = { ...scalarsUsed(definition.typeDefs), ...definition.resolvers } as GraphQLResolverMap<unknown>
  const schema = buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers }])
  const permissions = withFederation(definition.permissions)
  const missing = uncoveredFields(schema, permissions)
  if (missing.length > 0) {
    throw new Error(`The ${definition.name} permission map has no rule for ${missing.join(', ')}: every field needs one.`)
  }
  return applyMiddleware(schema, createShield(permissions, { debug: !production }))
}

export function createSubgraphServer<Loaders>(options: SubgraphServerOptions<Loaders>): YogaServerInstance<Record<string, never>, SubgraphContext<Loaders>> {
  const { definition, db, viewerKey, production, config } = options
  const schema = buildSchema(definition, production)
  const routes = { [READINESS_PATH]: readinessRoute(db), ...(config && definition.routes ? definition.routes({ db, config }) : {}) }
  const verify = createCallerVerifier(viewerKey, definition.name)
  if (config) startConfiguredTracing(config.telemetry)
  // Per-request SQL counts (AsyncLocalStorage, so promise hooks on every promise) only when asked for.
  const sqlPerRequest = config?.telemetry.sqlPerRequest ?? false
  const metrics = createSubgraphMetrics({ name: definition.name, db, outbox: definition.outbox, sqlPerRequest })
  const yoga = createYoga<Record<string, never>, SubgraphContext<Loaders>>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: false,
    maskedErrors: { isDev: !production },
    logging: production ? 'info' : 'warn',
    plugins: [
      useMetricsEndpoint(metrics.registry, { token: config?.telemetry.metricsToken }),
      metrics.plugin,
      // The gateway's trace goes on here: each request a child of the gateway's fetch, its SQL statements children of the request.
      ...(tracingEnabled() ? [useRequestSpans(definition.name, { continueTrace: true })] : []),
      useRoutes(routes),
      ...(sqlPerRequest ? [useSqlTally()] : []),
      useDisclosures(),
      useDatabaseUnavailable(definition.name),
    ],
    context: async ({ request }) => {
      const header = request.headers.get('authorization') ?? ''
      const token = header.startsWith('Bearer ') ? header.slice(7) : ''
      const verified = token ? await verify(token) : undefined
      if (!verified) throw unauthenticated('This subgraph serves only the gateway: the request carries no valid gateway token.')
      // A viewer's token is the viewer's for a while, not one request's: the request id comes beside it.
      const caller: Caller = verified.requestId ? verified : { ...verified, requestId: (request.headers.get('x-request-id') ?? '').slice(0, 64) }
      return {
        caller,
        viewer: isViewer(caller) ? caller : undefined,
        db,
        loaders: definition.createLoaders(db, caller),
        ...(sqlPerRequest ? { sql: { statements: 0 } } : {}),
        disclosures: new Map(),
        production,
        language: (isViewer(caller) ? caller.language : undefined) ?? DEFAULT_LANGUAGE,
      }
    },
  })
  // While tracing is on, every request goes through Yoga (whose hooks make the request's span).
  if (!tracingEnabled()) allowShortPath(yoga, { observe: metrics.observe })
  return yoga
}
