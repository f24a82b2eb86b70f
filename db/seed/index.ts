/**
 * The deterministic seed: plans a district of N students, then lets each area store its part.
 * It runs only into an empty database.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.ts'
import { seedAcademics } from './academics.ts'
import { seedAttendance } from './attendance.ts'
import { seedBehaviour } from './behaviour.ts'
import { districtToday } from './calendar.ts'
import { planDistrict, type DistrictPlan } from './district.ts'
import { seedFinance } from './finance.ts'
import { seedMessaging } from './messaging.ts'
import type { SeedProgress } from './progress.ts'
import { seedTransportation } from './transportation.ts'

export const DEFAULT_STUDENTS = 1000

const SEEDERS: Array<[SubgraphName, (db: ReturnType<Database['drizzle']>, plan: DistrictPlan, progress: SeedProgress) => Promise<void>]> = [
  ['academics', seedAcademics],
  ['attendance', seedAttendance],
  ['behaviour', seedBehaviour],
  ['finance', seedFinance],
  ['messaging', seedMessaging],
  ['transportation', seedTransportation],
]

/** True when academics holds no school yet (the seed's "empty database"). */
export async function isEmpty(database: Database): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(await database.drizzle('seed').execute(sql`select count(*)::int as n from academics.schools`))
  return (rows[0]?.n ?? 0) === 0
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

/** Seeds every area; returns the plan (tests use its named people). */
export async function seedDistrict(database: Database, options: SeedOptions = {}): Promise<DistrictPlan> {
  const progress = options.progress ?? (() => {})
  const plan = planDistrict(options.students ?? DEFAULT_STUDENTS, options.today ?? districtToday())
  progress(
    `planned ${plan.students.length} students in ${plan.schools.length} schools; ${plan.calendar.term.name} ${plan.calendar.term.beginDate} to ${plan.calendar.term.endDate}, data to ${plan.asOf}`,
  )
  for (const [name, seed] of SEEDERS) {
    await seed(database.drizzle(`seed:${name}`), plan, progress)
    progress(`${name}: done`)
  }
  // The seed is the district's history, not news: what its inserts put in the outboxes is not alerted on.
  for (const name of ['academics', 'attendance', 'behaviour', 'finance', 'messaging'] as const) {
    await database.drizzle('seed').execute(sql.raw(`delete from "${name}"."outbox"`))
  }
  // PGlite runs no autovacuum: without statistics, its planner picks sequential scans.
  await database.drizzle('seed').execute(sql`analyze`)
  progress('analyzed')
  return plan
}
