/**
 * `npm run bench`: the one place performance is shown. On the Postgres server of DATABASE_URL
 * (in a database of its own per size, seeded on first use and kept), it runs, phase by phase:
 *
 * - `gateways`: six subgraph processes with our gateway and Hive Gateway beside it, the
 *   FamilyDashboard and the ChildDashboard through each, interleaved ours, Hive, ours, Hive after
 *   a warm-up, a different guardian on every request: req/s, p50, p99, errors, CPU per request of
 *   the gateway and of the whole system (from /proc), peak RSS, and the ratios;
 * - `counts`: SQL statements and subgraph fetches per dashboard for guardians of 1, 3 and 5 children;
 * - `writes`: the family's writes, their latency and cost;
 * - `embedded`: `npm start` on its embedded database, at 4 and 16 connections;
 * - `large` (only with `--large [N]`, N = 53000 by default): p50 at N students beside --students,
 *   both deployments up at once and their FamilyDashboard runs interleaved.
 *
 * With `--profile`, the gateways phase runs one more FamilyDashboard through our gateway with each
 * of our parts under V8's sampling profiler (and the embedded phase one more through `npm start`) (left out of the figures), saves the profiles beside
 * the results and prints where each part spent its CPU.
 *
 * It prints progress, then the tables, and writes the same as JSON under bench/results/. It exits
 * non-zero when a phase fails or any request answers with an error, never for being slow.
 *
 *   npm run bench [-- --students 1000 --connections 16 --duration 20 | --requests 500
 *                     --warmup 10 --rounds 2 --guardians 200 --write-requests 50
 *                     --large [53000] --phases gateways,counts,writes,embedded --reseed --profile --out file.json]
 *   npm run bench -- --smoke     (CI: a small district, a few seconds per phase, every phase)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { openDatabase } from '../db/client.ts'
import { MIN_STUDENTS } from '../db/seed/size.ts'
import { loadConfig } from '../lib/config.ts'
import { countPerFamily, startInProcessGraph } from './bench/counts.ts'
import { benchDatabase, type SeedCost } from './bench/database.ts'
import { benchEmbedded } from './bench/embedded.ts'
import { summarizeProfiles } from './bench/profile.ts'
import { compareGateways, startBenchDeployment, timedRun, warmUp, type BenchDeployment, type GatewayRun, type RunShape } from './bench/gateways.ts'
import { PHASES, checkTargets, formatReport, sizeRunOf, summarizeGateways, type BenchOptions, type BenchResult, type Phase, type SizeRun } from './bench/report.ts'
import { candidateGuardians } from './bench/viewers.ts'
import { runWrites } from './bench/writes.ts'

const RESULTS_DIR = 'bench/results'
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'

/** `--large` alone means 53,000 students: parseArgs wants a value, so one is supplied. */
function withLargeDefault(args: string[]): string[] {
  return args.flatMap((arg, i) => (arg === '--large' && !/^\d+$/.test(args[i + 1] ?? '') ? [arg, '53000'] : [arg]))
}

function wholeNumber(name: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${raw}".`)
  return value
}

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    args: withLargeDefault(process.argv.slice(2)),
    options: {
      smoke: { type: 'boolean', default: false },
      students: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      requests: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      guardians: { type: 'string' },
      'write-requests': { type: 'string' },
      large: { type: 'string' },
      phases: { type: 'string' },
      reseed: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      /** The writes now run in every bench (on its own database); the flag is kept for old command lines. */
      writes: { type: 'boolean', default: false },
    },
  })
  const smoke = values.smoke
  const phases = (values.phases?.split(',').map((p) => p.trim()) ?? PHASES.filter((p) => p !== 'large' || values.large !== undefined)) as Phase[]
  const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p))
  if (unknown.length > 0) throw new Error(`--phases takes ${PHASES.join(', ')}, not ${unknown.join(', ')}.`)
  const requests = wholeNumber('requests', values.requests)
  return {
    smoke,
    phases,
    students: wholeNumber('students', values.students, MIN_STUDENTS) ?? (smoke ? 100 : 1000),
    connections: wholeNumber('connections', values.connections) ?? 16,
    durationSeconds: requests === undefined ? (wholeNumber('duration', values.duration) ?? (smoke ? 2 : 20)) : undefined,
    requests,
    warmupSeconds: wholeNumber('warmup', values.warmup) ?? (smoke ? 2 : 10),
    rounds: wholeNumber('rounds', values.rounds) ?? 2,
    guardians: wholeNumber('guardians', values.guardians) ?? (smoke ? 50 : 200),
    writeRequests: wholeNumber('write-requests', values['write-requests']) ?? (smoke ? 5 : 50),
    large: wholeNumber('large', values.large, MIN_STUDENTS) ?? (phases.includes('large') ? 53000 : undefined),
    reseed: values.reseed,
    profile: values.profile,
    out: values.out,
  }
}

async function postgresVersion(url: string): Promise<string> {
  const client = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await client<Array<{ version: string }>>`select version()`
    return row?.version.split(' ').slice(0, 2).join(' ') ?? 'PostgreSQL'
  } finally {
    await client.end()
  }
}

async function main() {
  const options = parseOptions()
  const config = loadConfig()
  const baseUrl = config.databaseUrl ?? LOCAL_POSTGRES
  const poolSize = config.databasePoolSize
  const started = Date.now()
  const log = (message: string) => console.log(message)
  const shape: RunShape = {
    connections: options.connections,
    durationMs: options.durationSeconds === undefined ? undefined : options.durationSeconds * 1000,
    requests: options.requests,
    warmupMs: options.warmupSeconds * 1000,
  }
  const cpus = os.cpus()
  const result: BenchResult = {
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, postgres: await postgresVersion(baseUrl), loadAverageAtStart: os.loadavg() },
    options,
    database: { host: new URL(baseUrl).host, poolSize },
    notes: [
      "Each part runs as its own process. Whole-system CPU is the gateway's and the six subgraphs' (utime + stime from /proc), divided by the requests answered; Postgres's own CPU is not in it, and is shown beside it (its backends serving the bench database, when the server is on this machine): it shares the cores, so req/s and p99 follow the sum.",
      "Hive Gateway is given each viewer's tokens, one per subgraph, signed by the bench driver as our gateway signs them (the scope resolved by academics and kept as long as the gateway keeps it; a token reused while it has half its life left): that signing is the driver's CPU, not Hive's. Our gateway does it itself (it authenticates, resolves the scope, signs, and records disclosures), and its CPU includes it.",
      `Pools of ${poolSize} connections per subgraph (DATABASE_POOL_SIZE). Throughput and latency move with whatever else the machine runs (see the load average); CPU per request moves far less.`,
    ],
    failures: [],
  }
  let requestErrors = 0

  /** Runs a phase; a phase that throws is recorded as failed and the bench goes on to the next. */
  const phase = async (name: Phase, fn: () => Promise<void>) => {
    if (!options.phases.includes(name)) return
    log(`\n== ${name}`)
    const phaseStarted = Date.now()
    try {
      await fn()
      log(`== ${name}: ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`)
    } catch (error) {
      console.error(error)
      result.failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`)
    }
  }

  log(`== database (${new URL(baseUrl).host})`)
  const onSeeded = (students: number) => (seed: SeedCost) => (result.seeds = { ...result.seeds, [students]: seed })
  const url = await benchDatabase(baseUrl, options.students, { reseed: options.reseed, log, onSeeded: onSeeded(options.students) })

  await phase('gateways', async () => {
    const profileDir = options.profile ? path.resolve(RESULTS_DIR, `profile-${result.startedAt.replace(/[:.]/g, '-')}`) : undefined
    const comparison = await compareGateways(url, { ...shape, rounds: options.rounds, poolSize, viewers: options.guardians, log, profileDir })
    if (profileDir) result.profiles = summarizeProfiles(profileDir)
    result.gateways = { ...comparison, summary: summarizeGateways(comparison) }
    for (const difference of comparison.answerDifferences) result.failures.push(`gateways: ${difference}`)
    requestErrors += comparison.warmupErrors + comparison.runs.reduce((n, r) => n + r.load.errors, 0)
  })

  if (options.phases.includes('counts') || options.phases.includes('writes')) {
    log('\n== the graph in this process, for counting')
    const graph = await startInProcessGraph(url, poolSize)
    try {
      await phase('counts', async () => {
        result.counts = await countPerFamily(graph, [1, 3, 5])
        requestErrors += result.counts.reduce((n, c) => n + Object.values(c.dashboards).reduce((m, d) => m + d.errors, 0), 0)
      })
      await phase('writes', async () => {
        result.writes = await runWrites(graph, { requests: options.writeRequests, connections: Math.min(4, options.connections), log })
        requestErrors += result.writes.reduce((n, w) => n + w.load.errors, 0)
      })
    } finally {
      await graph.close()
    }
  }

  await phase('embedded', async () => {
    const database = await openDatabase({ kind: 'server', url, max: 1 })
    const logins = (await candidateGuardians(database, options.guardians).finally(() => database.close())).map((g) => g.login)
    const profileDir = options.profile ? path.resolve(RESULTS_DIR, `profile-${result.startedAt.replace(/[:.]/g, '-')}-embedded`) : undefined
    result.embedded = await benchEmbedded({ students: options.students, logins, connections: [4, 16], durationMs: shape.durationMs, requests: shape.requests, warmupMs: shape.warmupMs / 2, log, profileDir })
    if (profileDir) result.profiles = [...(result.profiles ?? []), ...summarizeProfiles(profileDir)]
    requestErrors += result.embedded.runs.reduce((n, r) => n + r.load.errors, 0)
  })

  await phase('large', async () => {
    const large = options.large ?? 53000
    const largeUrl = await benchDatabase(baseUrl, large, { reseed: options.reseed, log, onSeeded: onSeeded(large) })
    // Both sizes up at once (our gateway only), and their runs interleaved, base, large, base,
    // large after a warm-up of each: the ratio compares the same minutes of a machine whose speed
    // drifts, not a run of this phase with one of the gateways phase minutes before.
    const sizes = [
      { students: options.students, url },
      { students: large, url: largeUrl },
    ]
    const benches: BenchDeployment[] = []
    try {
      for (const size of sizes) benches.push(await startBenchDeployment(size.url, { poolSize, viewers: options.guardians, hive: false, log }))
      for (const bench of benches) requestErrors += await warmUp(bench, 'ours', shape, log)
      const runs: GatewayRun[][] = sizes.map(() => [])
      for (let round = 1; round <= options.rounds; round++) {
        for (const [i, size] of sizes.entries()) {
          const run = await timedRun(benches[i] as BenchDeployment, 'ours', 'FamilyDashboard', round, shape, `FamilyDashboard ours at ${size.students} students ${round}/${options.rounds}`)
          requestErrors += run.load.errors
          for (const sample of run.load.errorSamples) log(`    error: ${sample}`)
          log(`  FamilyDashboard ours at ${size.students} students ${round}/${options.rounds}: ${run.load.requestsPerSecond.toFixed(1)} req/s, p50 ${run.load.p50.toFixed(0)} ms, p99 ${run.load.p99.toFixed(0)} ms, CPU/request system ${run.cpuMsPerRequest.system.toFixed(1)} ms`)
          runs[i]?.push(run)
        }
      }
      const [base, largeRun] = sizes.map((size, i) => sizeRunOf(size.students, runs[i] ?? [])) as [SizeRun, SizeRun]
      result.sizes = { base, large: largeRun, p50Ratio: base.p50 === 0 ? 0 : largeRun.p50 / base.p50 }
    } finally {
      for (const bench of benches.reverse()) await bench.stop()
    }
  })

  if (requestErrors > 0) result.failures.push(`${requestErrors} requests answered with errors (each phase's log shows the first few).`)
  result.seconds = (Date.now() - started) / 1000
  result.targets = checkTargets(result)
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const out = options.out ?? path.join(RESULTS_DIR, `${result.startedAt.replace(/[:.]/g, '-')}-${options.students}${options.smoke ? '-smoke' : ''}.json`)
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`\n${formatReport(result)}\n\nJSON: ${out}`)
  if (result.failures.length > 0) process.exit(1)
}

main().catch((error: unknown) => {
  // A phase's own failure is printed whole where it happens; this is the setup's (arguments, the database).
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
