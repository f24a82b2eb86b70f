/**
 * The benchmark's own database on the Postgres server, one per size
 * (`district_graph_bench_<students>`, beside DATABASE_URL's): created, migrated and seeded the
 * first time, and kept, so the next run at that size starts at once. A database is reused only
 * when its comment says its seed finished at that size with today's migrations and seed code;
 * anything else (a seed cut short, a changed seed or schema) is dropped and made again.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { openDatabase } from '../../db/client.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { seedDistrict } from '../../db/seed/index.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'

/** A digest of what decides the database's contents: the migrations and the seed's code. */
function seedFingerprint(): string {
  const hash = createHash('sha256')
  // The shared seed helpers, and each subgraph's tables, migrations and seed in its room.
  for (const dir of ['db/seed', ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/db`)]) {
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      const full = path.join(dir, file)
      if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full))
    }
  }
  return hash.digest('hex').slice(0, 12)
}

const seededMark = (students: number) => `district-graph bench: ${students} students, seed ${seedFingerprint()}`

export const benchDatabaseName = (students: number) => `district_graph_bench_${students}`

export interface BenchDatabaseOptions {
  /** Drop and seed again even when a finished seed is there (a new day's data). @default false */
  reseed?: boolean
  log: (message: string) => void
  /** Told how long the seed took, when this call seeded (not when it reused a seeded database). */
  onSeeded?: (seconds: number) => void
}

/** The URL of a seeded database of `students` on `baseUrl`'s server, made if it is not there yet. */
export async function benchDatabase(baseUrl: string, students: number, { reseed = false, log, onSeeded }: BenchDatabaseOptions): Promise<string> {
  const name = benchDatabaseName(students)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} })
  try {
    const [row] = await admin<Array<{ mark: string | null }>>`select shobj_description(oid, 'pg_database') as mark from pg_database where datname = ${name}`
    if (row?.mark?.startsWith(seededMark(students)) && !reseed) {
      log(`database ${name}: reused (${row.mark.slice(seededMark(students).length + 1) || 'seeded earlier'})`)
      return url.toString()
    }
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const started = Date.now()
  log(`database ${name}: seeding ${students} students…`)
  const database = await openDatabase({ kind: 'server', url: url.toString(), max: 2 })
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    const plan = await seedDistrict(database, { students, progress: (message) => log(`  ${message}`) })
    // The mark goes on only once the seed has finished: a run cut short seeds again next time.
    await database.executeSql(`comment on database "${name}" is '${seededMark(students)} on ${new Date().toISOString().slice(0, 10)}, data to ${plan.asOf}'`)
  } finally {
    await database.close()
  }
  const seconds = (Date.now() - started) / 1000
  log(`database ${name}: seeded in ${seconds.toFixed(1)} s`)
  onSeeded?.(seconds)
  // Not the seed's time: a freshly loaded table draws autovacuum (and its insert threshold) soon
  // after, which would run beside the first timed runs. Vacuumed now, the runs find the visibility
  // map set and no vacuum to come, as they would a day after a real load.
  const vacuumStarted = Date.now()
  const vacuum = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    await vacuum.unsafe('vacuum (analyze)')
  } finally {
    await vacuum.end()
  }
  log(`database ${name}: vacuumed for the runs in ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s (not part of the seed)`)
  return url.toString()
}
