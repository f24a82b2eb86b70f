/**
 * The benchmark's own database on the Postgres server, one per size
 * (`district_graph_bench_<students>`, beside DATABASE_URL's): created, then migrated and seeded
 * the first time by `npm run seed` as its own process (so its time and peak memory are the
 * command's, not the bench's), and kept, so the next run at that size starts at once. A database is reused only
 * when its comment says its seed finished at that size with today's migrations and seed code;
 * anything else (a seed cut short, a changed seed or schema) is dropped and made again.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import postgres from 'postgres'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { stopOnInterrupt } from './interrupt.ts'

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

/** `npm run seed` as a district runs it: its time (the process's, start to exit) and its peak resident memory. */
export interface SeedCost {
  seconds: number
  peakRssMb: number
}

/** Seeds give up after this long: a seed of 53,000 takes about a minute, so a stuck one is not a slow one. */
const SEED_TIMEOUT_MS = 30 * 60_000

/**
 * Runs `npm run seed -- --students N` (scripts/seed.ts, as its own process, on `url`), its
 * progress relayed to `log`; resolves with what its last line reports (the day the data runs to,
 * its peak RSS), rejects when it fails, is interrupted, or outlives SEED_TIMEOUT_MS.
 */
function runSeed(url: string, students: number, log: (message: string) => void): Promise<{ asOf: string; peakRssMb: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--students', String(students)], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const kill = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL')
  }
  const unregister = stopOnInterrupt(() => {
    kill()
    return Promise.resolve()
  })
  const lines: string[] = []
  const relay = (stream: NodeJS.ReadableStream) =>
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line)
      log(`  ${line}`)
    })
  relay(child.stdout)
  relay(child.stderr)
  const timer = setTimeout(kill, SEED_TIMEOUT_MS)
  return new Promise<{ asOf: string; peakRssMb: number }>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const last = lines.findLast((line) => line.includes('peak RSS')) ?? ''
      const found = /data to (\S+); peak RSS (\d+) MB/.exec(last)
      if (code === 0 && found) resolve({ asOf: found[1] as string, peakRssMb: Number(found[2]) })
      else reject(new Error(`npm run seed -- --students ${students} ${code === 0 ? 'did not report its figures' : `failed (${signal ?? `exit ${String(code)}`})`}: ${lines.slice(-3).join(' / ')}`))
    })
  }).finally(() => {
    clearTimeout(timer)
    unregister()
  })
}

export const benchDatabaseName = (students: number) => `district_graph_bench_${students}`

export interface BenchDatabaseOptions {
  /** Drop and seed again even when a finished seed is there (a new day's data). @default false */
  reseed?: boolean
  log: (message: string) => void
  /** Told what the seed cost, when this call seeded (not when it reused a seeded database). */
  onSeeded?: (seed: SeedCost) => void
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
  log(`database ${name}: seeding ${students} students with npm run seed…`)
  const { asOf, peakRssMb } = await runSeed(url.toString(), students, log)
  // The mark goes on only once the seed has finished: a run cut short seeds again next time.
  const marker = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    await marker.unsafe(`comment on database "${name}" is '${seededMark(students)} on ${new Date().toISOString().slice(0, 10)}, data to ${asOf}'`)
  } finally {
    await marker.end()
  }
  const seconds = (Date.now() - started) / 1000
  log(`database ${name}: seeded in ${seconds.toFixed(1)} s, peak RSS ${peakRssMb} MB`)
  onSeeded?.({ seconds, peakRssMb })
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
