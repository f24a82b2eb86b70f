/**
 * `npm run seed [-- --students N]`: migrates and seeds the demo district into an empty
 * database (the embedded one, or DATABASE_URL), printing progress. Refuses a database that
 * already holds a district.
 */
import { parseArgs } from 'node:util'
import { openDatabase, targetFor } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { DEFAULT_STUDENTS, isEmpty, seedDistrict } from '../db/seed/index.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

async function main() {
  const { values } = parseArgs({ options: { students: { type: 'string' } } })
  const students = values.students === undefined ? DEFAULT_STUDENTS : Number(values.students)
  if (!Number.isInteger(students) || students < 50) throw new Error(`--students must be a whole number of at least 50, not "${values.students}".`)
  const config = loadConfig()
  const urls = new Set(SUBGRAPH_NAMES.map((n) => config.subgraphs[n].databaseUrl))
  if (urls.size > 1) throw new Error('The subgraphs use different databases; the seed writes one district into one database. Unset the <NAME>_DATABASE_URL variables.')
  const database = await openDatabase(targetFor(config.databaseUrl, config.dataDir))
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    if (!(await isEmpty(database))) throw new Error('The database already holds a district: the seed runs only into an empty database.')
    const started = Date.now()
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
    await seedDistrict(database, { students, progress: (message) => console.log(`[${elapsed()}] ${message}`) })
    console.log(`seeded ${students} students in ${elapsed()}`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
