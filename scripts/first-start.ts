/**
 * The first `npm start` on an empty data directory runs this in a process of its own: it makes
 * the embedded database (PGlite's initdb), migrates it and seeds the demo district, then exits.
 * Making and seeding a database takes several hundred megabytes that PGlite's WebAssembly and
 * Node's allocator keep once taken; done here, the serving process opens a ready database and
 * holds only what serving needs (measured in the commit that added this file).
 */
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { seedDemoDistrict } from './system.ts'

async function main() {
  const config = loadConfig()
  const database = await openDatabase({ kind: 'embedded', dataDir: config.dataDir })
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    await seedDemoDistrict(database, { log: (message) => console.log(message) })
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && error.name === 'DataDirInUseError' ? error.message : error)
  process.exit(1)
})
