/**
 * Runs one subgraph as its own process (production): configuration, its database (its own
 * `<NAME>_DATABASE_URL`, else `DATABASE_URL`, else the embedded one), migrations, the server.
 */
import { openDatabase, targetFor, type DatabaseTarget } from '../../db/client.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { loadConfig, requireViewerVerifyKeys, type Config } from '../../lib/config.ts'
import { listen } from '../../lib/http.ts'
import { onShutdown } from '../../lib/shutdown.ts'
import { flushTracing } from '../../lib/telemetry.ts'
import { loadViewerVerifier } from '../../lib/keys.ts'
import { startBackground } from './background.ts'
import { createSubgraphServer, type SubgraphDefinition } from './create-subgraph.ts'
import { subgraphHandler } from './http-handler.ts'
import { openQueue } from './queue.ts'

/** The subgraph's own database: its URL and pool size from the configuration, its planner settings its own (the plan cache mode unless configured). */
export function subgraphDatabaseTarget(definition: Pick<SubgraphDefinition<unknown>, 'name' | 'planner'>, config: Config): DatabaseTarget {
  const settings = config.subgraphs[definition.name]
  const planCacheMode = settings.databasePlanCacheMode ?? definition.planner?.planCacheMode
  return targetFor(settings.databaseUrl, config.dataDir, settings.databasePoolSize, { ...definition.planner, ...(planCacheMode ? { planCacheMode } : {}) })
}

export async function serveSubgraph<Loaders>(definition: SubgraphDefinition<Loaders>): Promise<void> {
  const config = loadConfig()
  requireViewerVerifyKeys(config)
  const settings = config.subgraphs[definition.name]
  const database = await openDatabase(subgraphDatabaseTarget(definition, config))
  await migrateSubgraphs(database, [definition.name])
  const viewerKey = await loadViewerVerifier(config.viewerKeys, config.dataDir)
  const yoga = createSubgraphServer({ definition, db: database.drizzle(definition.name), viewerKey, production: config.production, config })
  const db = database.drizzle(definition.name)
  const queue = config.alerts.backgroundJobs ? await openQueue(database, { schema: config.alerts.queueSchema }) : undefined
  const background = queue ? await startBackground(definition, { db, queue, config }) : undefined
  const listening = await listen(subgraphHandler(yoga), settings.port, config.host)
  console.log(`${definition.name} subgraph at ${listening.url}`)
  onShutdown(
    async () => {
      await listening.close()
      // The last requests' spans, before the process goes (nothing to do when tracing is off).
      await flushTracing()
      // The relay's round and the workers' jobs in hand finish; what is left waits in the outbox and the queue.
      await background?.stop()
      await queue?.stop({ graceful: true, wait: true, timeout: 10_000 })
      await database.close()
    },
    { name: definition.name },
  )
}
