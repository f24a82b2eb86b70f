/**
 * The deterministic seed: plans a district of N students, then lets each area store its part.
 * It runs only into an empty database.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'
import { seedAcademics } from './academics.ts'
import { seedAttendance } from './attendance.ts'
import { seedBehaviour } from './behaviour.ts'
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
  progress?: SeedProgress
}

/** Seeds every area; returns the plan (tests use its named people). */
export async function seedDistrict(database: Database, options: SeedOptions = {}): Promise<DistrictPlan> {
  const progress = options.progress ?? (() => {})
  const plan = planDistrict(options.students ?? DEFAULT_STUDENTS)
  progress(`planned ${plan.students.length} students in ${plan.schools.length} schools`)
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
