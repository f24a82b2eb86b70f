/**
 * Our gateway beside Hive Gateway, on the same six subgraph processes over the same Postgres
 * database: each part its own process; a warm-up of both, then for each dashboard timed runs
 * interleaved ours, Hive, ours, Hive. For each run: throughput, latency, errors, and the CPU each
 * process spent (from /proc) per answered request, the gateway's and the whole system's (the
 * gateway and the six subgraphs; the driver's own CPU, which signs Hive's tokens, is shown apart).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { openDatabase } from '../../db/client.ts'
import { loadConfig, type Config } from '../../lib/config.ts'
import { OPERATIONS_DIR } from '../../lib/paths.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.ts'
import { freePort, startDeployment, startProcess, type Deployment, type Proc } from '../processes.ts'
import { runLoad, type LoadRequest, type LoadResult } from './load.ts'
import { stopOnInterrupt } from './interrupt.ts'
import { cpuSince, cpuSnapshot, localPostgresBackends, peakRssMb } from './proc-stats.ts'
import { endProgress, progressPrinter } from './progress.ts'
import { benchViewers, createViewerSigning, type BenchViewer, type ViewerSigning } from './viewers.ts'

export const DASHBOARDS = ['FamilyDashboard', 'ChildDashboard'] as const
export type Dashboard = (typeof DASHBOARDS)[number]
export type GatewayName = 'ours' | 'hive'

const DOCUMENTS: Record<Dashboard, string> = {
  FamilyDashboard: fs.readFileSync(path.join(OPERATIONS_DIR, 'FamilyDashboard.graphql'), 'utf8'),
  ChildDashboard: fs.readFileSync(path.join(OPERATIONS_DIR, 'ChildDashboard.graphql'), 'utf8'),
}

/** How long or how many, and how many at once, for each timed run. */
export interface RunShape {
  connections: number
  /** A run ends after this long… */
  durationMs?: number
  /** …or after this many requests, whichever comes first. */
  requests?: number
  warmupMs: number
}

export interface CpuPerRequest {
  gateway: number
  subgraphs: Record<SubgraphName, number>
  /** The gateway and the six subgraphs. */
  system: number
  /** The bench driver (the load, and for Hive the signing of each viewer's tokens). */
  driver: number
  /**
   * The Postgres backends serving the bench database during the run (not in `system`): read from
   * /proc when the server is on this machine, else undefined.
   */
  postgres?: number
}

export interface GatewayRun {
  operation: Dashboard
  gateway: GatewayName
  round: number
  load: LoadResult
  cpuMsPerRequest: CpuPerRequest
  /** The gateway process's peak resident memory so far (VmHWM). */
  gatewayPeakRssMb: number
}

/** A deployment on the bench database: six subgraphs and our gateway as processes, optionally Hive Gateway beside them. */
export interface BenchDeployment {
  config: Config
  deployment: Deployment
  hive: Proc | undefined
  hiveUrl: string | undefined
  signing: ViewerSigning
  viewers: BenchViewer[]
  pids: { ours: number; hive: number | undefined; subgraphs: Record<SubgraphName, number> }
  /** The server-side process ids of the bench database's connections now (pg_stat_activity). */
  backendPids(): Promise<number[]>
  stop(): Promise<void>
}

const pidOf = (proc: Proc): number => {
  if (proc.child.pid === undefined) throw new Error(`${proc.name} has no process id: it did not start.`)
  return proc.child.pid
}

export async function startBenchDeployment(
  databaseUrl: string,
  options: { poolSize: number; viewers: number; hive: boolean; log: (message: string) => void; profileDir?: string },
): Promise<BenchDeployment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-bench-'))
  const started = Date.now()
  const deployment = await startDeployment(databaseUrl, dataDir, {
    DATABASE_POOL_SIZE: String(options.poolSize),
    // The load is many guardians from one address, far past the per-address limit meant for the public.
    RATE_LIMIT_PER_VIEWER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    ...(options.profileDir ? profilingEnv(options.profileDir) : {}),
  })
  let hive: Proc | undefined
  let hiveUrl: string | undefined
  const stopAll = async () => {
    hive?.signal('SIGTERM')
    await Promise.all([hive?.exited, deployment.stop()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const unregister = stopOnInterrupt(stopAll)
  try {
    if (options.hive) {
      const port = await freePort()
      hive = startProcess('hive', process.execPath, ['--import', 'tsx', 'scripts/bench/hive-gateway.ts', String(port)], deployment.env, 'hive gateway at')
      await hive.ready
      hiveUrl = `http://127.0.0.1:${port}/graphql`
    }
    options.log(`six subgraphs, our gateway${hive ? ' and Hive Gateway' : ''} up as processes in ${((Date.now() - started) / 1000).toFixed(1)} s (pool ${options.poolSize} per subgraph)`)
    const config = loadConfig(deployment.env)
    const signing = await createViewerSigning(config, config.subgraphs.academics.url)
    const database = await openDatabase({ kind: 'server', url: databaseUrl, max: 1 })
    let viewers: BenchViewer[]
    try {
      viewers = await benchViewers(database, config, signing, options.viewers)
    } finally {
      await database.close()
    }
    options.log(`${viewers.length} guardians rotating, each with a child they may read`)
    const pids = {
      ours: pidOf(deployment.gateway),
      hive: hive ? pidOf(hive) : undefined,
      subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, pidOf(deployment.subgraphs[name])])) as Record<SubgraphName, number>,
    }
    return {
      config,
      deployment,
      hive,
      hiveUrl,
      signing,
      viewers,
      pids,
      backendPids: async () => {
        const database = await openDatabase({ kind: 'server', url: databaseUrl, max: 1 })
        try {
          const { rows } = await database.executeSql('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()', [])
          return (rows as Array<{ pid: number }>).map((r) => r.pid)
        } finally {
          await database.close()
        }
      },
      stop: async () => {
        unregister()
        await stopAll()
      },
    }
  } catch (error) {
    unregister()
    hive?.signal('SIGKILL')
    await deployment.stop(0)
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** Loads the profiler (scripts/bench/profile-preload.mjs) into each part; SIGUSR2 starts and stops it. */
export function profilingEnv(profileDir: string): Record<string, string> {
  const preload = pathToFileURL(path.resolve('scripts/bench/profile-preload.mjs')).href
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(), DG_PROFILE_DIR: profileDir }
}

/**
 * Runs `run` with the processes `pids` (started with `profilingEnv`) under the profiler, then waits
 * (10 s at most) for each to have written its profile to `profileDir`.
 */
export async function profiled<T>(pids: readonly number[], profileDir: string, run: () => Promise<T>): Promise<T> {
  const signal = () => pids.forEach((pid) => process.kill(pid, 'SIGUSR2'))
  const written = () => (fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).length : 0)
  const before = written()
  signal()
  try {
    return await run()
  } finally {
    signal()
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && written() < before + pids.length) await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function bodyFor(operation: Dashboard, viewer: BenchViewer): string {
  return JSON.stringify(operation === 'FamilyDashboard' ? { query: DOCUMENTS.FamilyDashboard } : { query: DOCUMENTS.ChildDashboard, variables: { studentId: viewer.studentId } })
}

/** The i-th request to one gateway: the i-th guardian of the rotation, signed in as our gateway or Hive Gateway needs. */
function requestsFor(bench: BenchDeployment, gateway: GatewayName, operation: Dashboard): (i: number) => LoadRequest | Promise<LoadRequest> {
  const { viewers, signing } = bench
  const viewerAt = (i: number) => viewers[i % viewers.length] as BenchViewer
  if (gateway === 'ours') return (i) => ({ body: bodyFor(operation, viewerAt(i)), headers: { authorization: `Bearer ${viewerAt(i).token}` } })
  return async (i) => ({ body: bodyFor(operation, viewerAt(i)), headers: await signing.headersFor(viewerAt(i)) })
}

/** One timed run of `operation` through one gateway, with the CPU each process spent on it. */
export async function timedRun(bench: BenchDeployment, gateway: GatewayName, operation: Dashboard, round: number, shape: RunShape, label: string): Promise<GatewayRun> {
  const url = gateway === 'ours' ? bench.deployment.gatewayUrl : bench.hiveUrl
  const gatewayPid = gateway === 'ours' ? bench.pids.ours : bench.pids.hive
  if (!url || gatewayPid === undefined) throw new Error(`${gateway} gateway is not running.`)
  const pids = { gateway: gatewayPid, ...bench.pids.subgraphs }
  const backends = Object.fromEntries(localPostgresBackends(await bench.backendPids()).map((pid) => [String(pid), pid]))
  const backendsBefore = cpuSnapshot(backends)
  const before = cpuSnapshot(pids)
  const driverBefore = process.cpuUsage()
  const load = await runLoad({
    url,
    connections: shape.connections,
    durationMs: shape.durationMs,
    requests: shape.requests,
    request: requestsFor(bench, gateway, operation),
    onProgress: progressPrinter(label),
  })
  const driver = process.cpuUsage(driverBefore)
  const spent = cpuSince(pids, before)
  const postgres = Object.keys(backends).length === 0 ? undefined : Object.values(cpuSince(backends, backendsBefore)).reduce((a, b) => a + b, 0)
  endProgress()
  const per = (ms: number) => (load.requests === 0 ? 0 : ms / load.requests)
  const subgraphs = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, per(spent[name] ?? 0)])) as Record<SubgraphName, number>
  const gatewayCpu = per(spent.gateway ?? 0)
  return {
    operation,
    gateway,
    round,
    load,
    cpuMsPerRequest: {
      gateway: gatewayCpu,
      subgraphs,
      system: gatewayCpu + Object.values(subgraphs).reduce((a, b) => a + b, 0),
      driver: per((driver.user + driver.system) / 1000),
      ...(postgres === undefined ? {} : { postgres: per(postgres) }),
    },
    gatewayPeakRssMb: peakRssMb(gatewayPid),
  }
}

/** Sends both dashboards through a gateway for `warmupMs` (JIT, query plans, pools, scope caches), unmeasured. */
export async function warmUp(bench: BenchDeployment, gateway: GatewayName, shape: RunShape, log: (message: string) => void): Promise<number> {
  let errors = 0
  for (const operation of DASHBOARDS) {
    const url = gateway === 'ours' ? bench.deployment.gatewayUrl : bench.hiveUrl
    if (!url) throw new Error(`${gateway} gateway is not running.`)
    const load = await runLoad({ url, connections: shape.connections, durationMs: shape.warmupMs / 2, request: requestsFor(bench, gateway, operation) })
    errors += load.errors
    log(`  warm-up ${gateway} ${operation}: ${load.requests} requests, ${load.errors} errors${load.errorSamples[0] ? `, e.g. ${load.errorSamples[0]}` : ''}`)
  }
  return errors
}

/** The first place two answers differ, as a path, or undefined when they are the same. */
function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (a === b) return undefined
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return `${at || '/'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Both gateways give the same answers (a comparison of a gateway that answers less would be
 * worth nothing): each dashboard for the first few guardians, through each, compared whole.
 */
export async function compareAnswers(bench: BenchDeployment, guardians: number): Promise<string[]> {
  const differences: string[] = []
  for (const operation of DASHBOARDS) {
    for (let i = 0; i < Math.min(guardians, bench.viewers.length); i++) {
      const answers = await Promise.all(
        (['ours', 'hive'] as const).map(async (gateway) => {
          const url = gateway === 'ours' ? bench.deployment.gatewayUrl : bench.hiveUrl
          if (!url) throw new Error(`${gateway} gateway is not running.`)
          const { body, headers } = await requestsFor(bench, gateway, operation)(i)
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body })
          return (await response.json()) as unknown
        }),
      )
      const difference = firstDifference(answers[0], answers[1])
      if (difference !== undefined) differences.push(`${operation} for ${bench.viewers[i]?.login ?? ''}, ours vs Hive at ${difference.slice(0, 300)}`)
    }
  }
  return differences
}

export interface IdleCost {
  seconds: number
  /** CPU ms per second each process used with no load at all (timers, pollers, the job queue). */
  cpuMsPerSecond: Record<string, number>
}

/** What the deployment costs doing nothing, so a reader can tell it from what the requests cost. */
export async function idleCost(bench: BenchDeployment, seconds: number): Promise<IdleCost> {
  const pids: Record<string, number> = { ours: bench.pids.ours, ...bench.pids.subgraphs }
  if (bench.pids.hive !== undefined) pids.hive = bench.pids.hive
  const before = cpuSnapshot(pids)
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const spent = cpuSince(pids, before)
  return { seconds, cpuMsPerSecond: Object.fromEntries(Object.entries(spent).map(([name, ms]) => [name, ms / seconds])) }
}

export interface GatewayComparison {
  viewers: number
  /** Where Hive's answers differed from ours (none, or the comparison is void). */
  answerDifferences: string[]
  idle: IdleCost
  warmupErrors: number
  runs: GatewayRun[]
  peakRssMb: { ours: number; hive: number; subgraphs: Record<SubgraphName, number> }
}

/** The comparison: warm-up, idle cost, then `rounds` pairs of runs per dashboard, ours then Hive. */
export async function compareGateways(
  databaseUrl: string,
  options: RunShape & { rounds: number; poolSize: number; viewers: number; log: (message: string) => void; profileDir?: string },
): Promise<GatewayComparison> {
  const { log, profileDir } = options
  const bench = await startBenchDeployment(databaseUrl, { poolSize: options.poolSize, viewers: options.viewers, hive: true, log, profileDir })
  try {
    const answerDifferences = await compareAnswers(bench, 3)
    log(answerDifferences.length === 0 ? 'both gateways answer alike (each dashboard for 3 guardians, compared whole)' : answerDifferences.join('\n'))
    let warmupErrors = 0
    for (const gateway of ['ours', 'hive'] as const) warmupErrors += await warmUp(bench, gateway, options, log)
    const idle = await idleCost(bench, 2)
    const runs: GatewayRun[] = []
    for (const operation of DASHBOARDS) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const gateway of ['ours', 'hive'] as const) {
          const label = `${operation} ${gateway} ${round}/${options.rounds}`
          const run = await timedRun(bench, gateway, operation, round, options, label)
          runs.push(run)
          log(
            `  ${label}: ${run.load.requestsPerSecond.toFixed(1)} req/s, p50 ${run.load.p50.toFixed(0)} ms, p99 ${run.load.p99.toFixed(0)} ms, ${run.load.errors} errors, CPU/request gateway ${run.cpuMsPerRequest.gateway.toFixed(1)} ms, system ${run.cpuMsPerRequest.system.toFixed(1)} ms${run.cpuMsPerRequest.postgres === undefined ? '' : `, Postgres ${run.cpuMsPerRequest.postgres.toFixed(1)} ms`}`,
          )
          for (const sample of run.load.errorSamples) log(`    error: ${sample}`)
        }
      }
    }
    if (profileDir) {
      // One more run, profiled and left out of the figures (the profiler costs CPU of its own).
      const run = await profiled([bench.pids.ours, ...Object.values(bench.pids.subgraphs)], profileDir, () => timedRun(bench, 'ours', 'FamilyDashboard', 0, options, 'FamilyDashboard ours, profiled'))
      log(`  profiled FamilyDashboard ours: ${run.load.requestsPerSecond.toFixed(1)} req/s, CPU/request system ${run.cpuMsPerRequest.system.toFixed(1)} ms (not counted); profiles in ${profileDir}`)
    }
    const { pids } = bench
    return {
      viewers: bench.viewers.length,
      answerDifferences,
      idle,
      warmupErrors,
      runs,
      peakRssMb: {
        ours: peakRssMb(pids.ours),
        hive: pids.hive === undefined ? 0 : peakRssMb(pids.hive),
        subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, peakRssMb(pids.subgraphs[name])])) as Record<SubgraphName, number>,
      },
    }
  } finally {
    await bench.stop()
  }
}
