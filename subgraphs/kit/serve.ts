/**
 * Runs one subgraph as its own process (production): configuration, its database (its own
 * `<NAME>_DATABASE_URL`, else `DATABASE_URL`, else the embedded one), migrations, the server.
 */
import { openDatabase, targetFor } from '../../db/client.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { loadConfig, requireViewerVerifyKeys } from '../../lib/config.ts'
import { listen } from '../../lib/http.ts'
import { onShutdown } from '../../lib/shutdown.ts'
import { loadViewerVerifier } from '../../lib/keys.ts'
import { createSubgraphServer, type SubgraphDefinition } from './create-subgraph.ts'

export async function serveSubgraph<Loaders>(definition: SubgraphDefinition<Loaders>): Promise<void> {
  const config = loadConfig()
  requireViewerVerifyKeys(config)
  const settings = config.subgraphs[definition.name]
  const database = await openDatabase(targetFor(settings.databaseUrl, config.dataDir, config.databasePoolMax))
  await migrateSubgraphs(database, [definition.name])
  const viewerKey = await loadViewerVerifier(config.viewerKeys, config.dataDir)
  const yoga = createSubgraphServer({ definition, db: database.drizzle(definition.name), viewerKey, production: config.production })
  const listening = await listen(yoga, settings.port, config.host)
  console.log(`${definition.name} subgraph at ${listening.url}`)
  onShutdown(
    async () => {
      await listening.close()
      await database.close()
    },
    { name: definition.name },
  )
}
