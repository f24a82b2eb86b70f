/**
 * `npm run seed [-- --students N] [-- --today YYYY-MM-DD]`: migrates and seeds the demo district
 * into an empty database (the embedded one, or DATABASE_URL), printing progress, its data running
 * to `--today` (default: today in the district's time zone; in a break or the summer, the nearest
 * school week). A database that already holds a district keeps it, unless `--today` is given:
 * then the demo is rolled forward, its tables emptied and seeded again for that day.
 */
import { parseArgs } from 'node:util'
import { openDatabase, targetFor } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { reseedDistrict, seedDistrict, seedNeeded } from '../db/seed/index.ts'
import { studentsOption } from '../db/seed/size.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

async function main() {
  const { values } = parseArgs({ options: { students: { type: 'string' }, today: { type: 'string' } } })
  const students = studentsOption(values.students)
  const config = loadConfig()
  const urls = new Set(SUBGRAPH_NAMES.map((n) => config.subgraphs[n].databaseUrl))
  if (urls.size > 1) throw new Error('The subgraphs use different databases; the seed writes one district into one database. Unset the <NAME>_DATABASE_URL variables.')
  const database = await openDatabase(targetFor(config.databaseUrl, config.dataDir, config.databasePoolSize))
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    const needed = await seedNeeded(database)
    const empty = needed === 'empty'
    if (!needed && values.today === undefined) {
      throw new Error('The database already holds a district, kept as it is. To roll the demo forward (replacing it and what was written to it), give the day: npm run seed -- --today YYYY-MM-DD')
    }
    const started = Date.now()
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
    const options = { students, today: values.today, progress: (message: string) => console.log(`[${elapsed()}] ${message}`) }
    if (needed === 'partial') console.log('the last seed stopped half-way: its tables are emptied and seeded again')
    else if (!empty) console.log(`rolling the demo district forward to ${values.today ?? ''}: its tables are emptied and seeded again`)
    const plan = empty ? await seedDistrict(database, options) : await reseedDistrict(database, options)
    // resourceUsage's maxRSS is in kibibytes: the process's peak resident memory, the seed's cost in memory.
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(`seeded ${students} students in ${elapsed()}: ${plan.calendar.term.name} ${plan.calendar.schoolYear - 1}–${plan.calendar.schoolYear}, data to ${plan.asOf}; peak RSS ${peakRssMb} MB`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
