/** `npm run migrate`: applies every subgraph's migrations to its database. */
import { openDatabase, targetFor } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

async function main() {
  const config = loadConfig()
  const byDatabase = new Map<string | undefined, SubgraphName[]>()
  for (const name of SUBGRAPH_NAMES) {
    const url = config.subgraphs[name].databaseUrl
    byDatabase.set(url, [...(byDatabase.get(url) ?? []), name])
  }
  for (const [url, names] of byDatabase) {
    const database = await openDatabase(targetFor(url, config.dataDir, config.databasePoolSize))
    try {
      await migrateSubgraphs(database, names)
      console.log(`migrated ${names.join(', ')}`)
    } finally {
      await database.close()
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
