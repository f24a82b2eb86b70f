/**
 * Runs one subgraph as its own process (production): configuration, its database (its own
 * `<NAME>_DATABASE_URL`, else `DATABASE_URL`, else the embedded one), migrations, the server.
 */
import { openDatabase, targetFor } from '../../db/client.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { loadConfig } from '../../lib/config.ts'
import { listen } from '../../lib/http.ts'
import { onShutdown } from '../../lib/shutdown.ts'
import { loadKeyPair } from '../../lib/keys.ts'
import { createSubgraphServer, type SubgraphDefinition } from './create-subgraph.ts'

export async function serveSubgraph<Loaders>(definition: SubgraphDefinition<Loaders>): Promise<void> {
  const config = loadConfig()
  const settings = config.subgraphs[definition.name]
  const database = await openDatabase(targetFor(settings.databaseUrl, config.dataDir, config.databasePoolMax))
  await migrateSubgraphs(database, [definition.name])
  const { publicKey } = await loadKeyPair(config.dataDir, 'viewer')
  const yoga = createSubgraphServer({ definition, db: database.drizzle(definition.name), viewerKey: publicKey, production: config.production })
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
