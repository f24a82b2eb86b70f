/**
 * The deterministic seed: plans a district of N students, then lets each area store its part
 * with its team's seeder (`subgraphs/<name>/db/seed.ts`). It runs only into an empty database.
 * The areas make their rows one after another, in one order (behaviour and messaging read what
 * academics and attendance recorded in `plan.facts`), while their batches load in the background
 * (bulk.ts) with the indexes set aside (indexes.ts). One area can be seeded alone, into a
 * database of its own (`seedSubgraph`), with the same rows.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import { DEFAULT_DATABASE_POOL_SIZE } from '../../lib/config.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.ts'
import { seedAcademics } from '../../subgraphs/academics/db/seed.ts'
import { seedAttendance } from '../../subgraphs/attendance/db/seed.ts'
import { seedBehaviour } from '../../subgraphs/behaviour/db/seed.ts'
import { createDiscardingLoader, createSeedLoader, type SeedLoader } from './bulk.ts'
import { districtToday } from './calendar.ts'
import { planDistrict, type DistrictPlan } from './district.ts'
import { seedFinance } from '../../subgraphs/finance/db/seed.ts'
import { restoreIndexes, seedUnfinished, setAsideIndexes } from './indexes.ts'
import { seedMessaging } from '../../subgraphs/messaging/db/seed.ts'
import type { SeedProgress } from './progress.ts'
import { DEFAULT_STUDENTS } from './size.ts'
import { seedTransportation } from '../../subgraphs/transportation/db/seed.ts'

export { DEFAULT_STUDENTS, MIN_STUDENTS } from './size.ts'
export { isEmpty, seedNeeded } from './needed.ts'

interface Seeder {
  name: SubgraphName
  seed: (loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress) => Promise<void>
  /** The earlier seeders whose `plan.facts` this one reads. */
  reads: readonly SubgraphName[]
}

/** In the order they run: a seeder comes after those it reads. */
const SEEDERS: readonly Seeder[] = [
  { name: 'academics', seed: seedAcademics, reads: [] },
  { name: 'attendance', seed: seedAttendance, reads: [] },
  { name: 'behaviour', seed: seedBehaviour, reads: ['attendance'] },
  { name: 'finance', seed: seedFinance, reads: [] },
  { name: 'messaging', seed: seedMessaging, reads: ['academics', 'attendance'] },
  { name: 'transportation', seed: seedTransportation, reads: [] },
]

/** The subgraphs with an outbox (every one but transportation): the seed empties them. */
const WITH_OUTBOX: readonly SubgraphName[] = ['academics', 'attendance', 'behaviour', 'finance', 'messaging']


/**
 * Whether one subgraph's own database needs its seed (`seedSubgraph`): no row in any of its
 * tables, or a seed that stopped half-way.
 */
export async function subgraphSeedNeeded(database: Database, name: SubgraphName): Promise<'empty' | 'partial' | false> {
  if (await seedUnfinished(database)) return 'partial'
  const db = database.drizzle('seed')
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = ${name} and table_type = 'BASE TABLE' order by 1`),
  )
  if (tables.length === 0) throw new Error(`The database has no tables of ${name}: migrate it first.`)
  const any = tables.map((t) => `select 1 from "${name}"."${t.name}"`).join(' union all ')
  const [row] = rowsOf<{ seeded: boolean }>(await db.execute(sql.raw(`select exists (${any}) as seeded`)))
  return row?.seeded ? false : 'empty'
}


export interface SeedOptions {
  students?: number
  /**
   * The district's "today" (YYYY-MM-DD): the data runs to it, in the semester that holds it or,
   * in a break or the summer, the nearest school week. @default today in the district's time zone
   */
  today?: string
  progress?: SeedProgress
}

/**
 * Empties every area's tables (not the migrations' bookkeeping) and seeds the district again for
 * `options.today`: `npm run seed -- --today <date>` rolling a demo database forward. What the
 * running graph wrote there (messages, payments, the access log) goes with the old district.
 */
export async function reseedDistrict(database: Database, options: SeedOptions = {}): Promise<DistrictPlan> {
  const db = database.drizzle('seed')
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in (${sql.join(SUBGRAPH_NAMES.map((n) => sql`${n}`), sql`, `)}) and table_type = 'BASE TABLE'
      order by table_schema, table_name`),
  )
  if (tables.length > 0) await db.execute(sql.raw(`truncate table ${tables.map((t) => `"${t.schema}"."${t.name}"`).join(', ')} cascade`))
  return seedDistrict(database, options)
}

/** `progress`, with the seeders' running counts ("… 4200 of 12876 sections") at most once a second. */
function everySecond(progress: SeedProgress): SeedProgress {
  let last = 0
  return (message) => {
    const counting = /\d+ of \d+/.test(message)
    if (counting && Date.now() - last < 1000) return
    if (counting) last = Date.now()
    progress(message)
  }
}

/** Seeds every area; returns the plan (tests use its named people). */
export function seedDistrict(database: Database, options: SeedOptions = {}): Promise<DistrictPlan> {
  return seedAreas(database, SUBGRAPH_NAMES, options)
}

/**
 * Seeds one subgraph's tables alone, into a database that holds that subgraph only (a team's own:
 * `npm run dev:subgraph`): its share of the district, the very rows the whole seed gives it. The
 * seeders whose facts it reads run first into a loader that stores nothing.
 */
export function seedSubgraph(database: Database, name: SubgraphName, options: SeedOptions = {}): Promise<DistrictPlan> {
  return seedAreas(database, [name], options)
}

async function seedAreas(database: Database, names: readonly SubgraphName[], options: SeedOptions): Promise<DistrictPlan> {
  const progress = everySecond(options.progress ?? (() => {}))
  const plan = planDistrict(options.students ?? DEFAULT_STUDENTS, options.today ?? districtToday())
  progress(
    `planned ${plan.students.length} students in ${plan.schools.length} schools; ${plan.calendar.term.name} ${plan.calendar.term.beginDate} to ${plan.calendar.term.endDate}, data to ${plan.asOf}`,
  )
  // COPYs at once: the pool's connections on a server; the embedded database has one connection.
  const parallel = database.target.kind === 'server' ? (database.target.max ?? DEFAULT_DATABASE_POOL_SIZE) : 1
  // A seed interrupted with its indexes set aside left their journal: they go back first.
  await restoreIndexes(database, parallel, progress)
  await setAsideIndexes(database, names)
  progress('indexes, keys and triggers set aside for the load')
  const loader = createSeedLoader(database, database.drizzle('seed'), parallel)
  try {
    const read = new Set(SEEDERS.filter((s) => names.includes(s.name)).flatMap((s) => s.reads))
    for (const { name, seed } of SEEDERS) {
      if (names.includes(name)) {
        await seed(loader, plan, progress)
        await loader.flush()
        progress(`${name}: done (${loader.loaded} rows loaded so far)`)
      } else if (read.has(name)) {
        // Not this database's: only what it records in plan.facts is kept.
        await seed(createDiscardingLoader(), plan, () => {})
      }
    }
  } catch (error) {
    // No COPY left running on a connection about to close. The indexes stay in their journal for the next seed.
    await loader.finish().catch(() => undefined)
    throw error
  }
  await loader.finish()
  progress(`loaded ${loader.loaded} rows`)
  await restoreIndexes(database, parallel, progress)
  // The seed is the district's history, not news: nothing in the outboxes is alerted on (its own loads ran with the triggers off).
  for (const name of WITH_OUTBOX.filter((n) => names.includes(n))) {
    await database.drizzle('seed').execute(sql.raw(`delete from "${name}"."outbox"`))
  }
  // PGlite runs no autovacuum: without statistics, its planner picks sequential scans.
  await database.drizzle('seed').execute(sql`analyze`)
  progress('analyzed')
  return plan
}
