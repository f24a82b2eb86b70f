/**
 * `npm start` as a developer runs it: the whole graph in one process on the embedded database,
 * in a data directory of its own on free ports, seeding its demo district on first start (at
 * another size than its own 1,000, the bench seeds the directory first). Then the
 * FamilyDashboard at 4 and at 16 connections: throughput, latency, CPU per request and memory.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase, targetFor } from '../../db/client.ts'
import { migrateSubgraphs } from '../../db/migrate.ts'
import { DEFAULT_STUDENTS, seedDistrict } from '../../db/seed/index.ts'
import { OPERATIONS_DIR } from '../../lib/paths.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { freePort, startProcess } from '../processes.ts'
import { profiled, profilingEnv } from './gateways.ts'
import { stopOnInterrupt } from './interrupt.ts'
import { runLoad, type LoadResult } from './load.ts'
import { childrenOf, cpuMs, peakRssMb, rssMb } from './proc-stats.ts'
import { endProgress, progressPrinter } from './progress.ts'

export interface EmbeddedRun {
  connections: number
  load: LoadResult
  cpuMsPerRequest: number
  /** Resident memory at the end of the run (VmRSS) and the peak so far (VmHWM). */
  rssMb: number
  peakRssMb: number
}

export interface EmbeddedResult {
  /** From starting `npm start` to its gateway answering, seeding included when it seeded. */
  readySeconds: number
  seededBy: 'npm start' | 'bench'
  guardians: number
  runs: EmbeddedRun[]
}

const FAMILY = fs.readFileSync(path.join(OPERATIONS_DIR, 'FamilyDashboard.graphql'), 'utf8')

/** The node process `npm start` runs (npm's child, or further down when a shell stands between). */
function nodeUnder(npmPid: number): number {
  let pids = [npmPid]
  for (let depth = 0; depth < 4; depth++) {
    const children = pids.flatMap(childrenOf)
    for (const pid of children) {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('scripts/start.ts')) return pid
    }
    pids = children
  }
  throw new Error(`Found no node process running scripts/start.ts under npm (pid ${npmPid}).`)
}

/** Where the process's memory is, from its own /metrics (prom-client's default series): MB by series. */
async function memoryBreakdown(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`)
  if (!response.ok) return `(no /metrics: ${response.status})`
  const text = await response.text()
  const series = ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes']
  return series
    .map((name) => {
      const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1]
      return `${name.replace(/^nodejs_|_bytes$/g, '')} ${value === undefined ? '?' : (Number(value) / 1e6).toFixed(0)} MB`
    })
    .join(', ')
}

export async function benchEmbedded(options: {
  students: number
  /** Guardians' logins to rotate (the seed is deterministic: the same logins as the server's bench database of this size). */
  logins: string[]
  connections: readonly number[]
  durationMs?: number
  requests?: number
  warmupMs: number
  log: (message: string) => void
  /** Profile `npm start` over one more run at the most connections (left out of the figures), saved here. */
  profileDir?: string
}): Promise<EmbeddedResult> {
  const { log } = options
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-bench-embedded-'))
  try {
    const seededBy = options.students === DEFAULT_STUDENTS ? 'npm start' : 'bench'
    if (seededBy === 'bench') {
      const database = await openDatabase(targetFor(undefined, dataDir))
      try {
        await migrateSubgraphs(database, SUBGRAPH_NAMES)
        await seedDistrict(database, { students: options.students })
      } finally {
        await database.close()
      }
    }
    const ports = await Promise.all(Array.from({ length: SUBGRAPH_NAMES.length + 1 }, freePort))
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: '',
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, ''])),
      DATA_DIR: dataDir,
      PORT: String(ports[0]),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(ports[i + 1])])),
      RATE_LIMIT_PER_VIEWER: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
      ...(options.profileDir ? profilingEnv(options.profileDir) : {}),
    }
    const started = Date.now()
    log(`npm start in ${dataDir}${seededBy === 'npm start' ? ' (it seeds its 1,000 students)' : ` (seeded by the bench with ${options.students} students)`}…`)
    const npm = startProcess('npm start', 'npm', ['start'], env, 'gateway at')
    const unregister = stopOnInterrupt(async () => {
      npm.signal('SIGTERM', true)
      await npm.exited
    })
    try {
      await npm.ready
      const readySeconds = (Date.now() - started) / 1000
      if (npm.child.pid === undefined) throw new Error('npm start has no process id.')
      const pid = nodeUnder(npm.child.pid)
      const origin = `http://127.0.0.1:${ports[0]}`
      const tokens: string[] = []
      for (const login of options.logins) {
        const response = await fetch(`${origin}/dev/token?login=${encodeURIComponent(login)}`)
        if (response.ok) tokens.push(((await response.json()) as { token: string }).token)
        else await response.body?.cancel()
      }
      if (tokens.length === 0) throw new Error('npm start knows none of the bench guardians: its seed differs from the bench database.')
      log(`ready in ${readySeconds.toFixed(1)} s; ${tokens.length} guardians rotating; RSS ${rssMb(pid).toFixed(0)} MB (${await memoryBreakdown(origin)})`)
      const request = (i: number) => ({ body: JSON.stringify({ query: FAMILY }), headers: { authorization: `Bearer ${tokens[i % tokens.length] ?? ''}` } })
      const url = `${origin}/graphql`
      await runLoad({ url, connections: Math.max(...options.connections), durationMs: options.warmupMs, request })
      const runs: EmbeddedRun[] = []
      for (const connections of options.connections) {
        const before = cpuMs(pid)
        const label = `npm start FamilyDashboard, ${connections} connections`
        const load = await runLoad({ url, connections, durationMs: options.durationMs, requests: options.requests, request, onProgress: progressPrinter(label) })
        endProgress()
        const run = { connections, load, cpuMsPerRequest: load.requests === 0 ? 0 : (cpuMs(pid) - before) / load.requests, rssMb: rssMb(pid), peakRssMb: peakRssMb(pid) }
        runs.push(run)
        log(`  ${label}: ${load.requestsPerSecond.toFixed(1)} req/s, p50 ${load.p50.toFixed(0)} ms, ${load.errors} errors, CPU/request ${run.cpuMsPerRequest.toFixed(1)} ms, RSS ${run.rssMb.toFixed(0)} MB (${await memoryBreakdown(origin)})`)
        for (const sample of load.errorSamples) log(`    error: ${sample}`)
      }
      if (options.profileDir) {
        const connections = Math.max(...options.connections)
        const load = await profiled([pid], options.profileDir, () =>
          runLoad({ url, connections, durationMs: options.durationMs, requests: options.requests, request, onProgress: progressPrinter(`npm start profiled, ${connections} connections`) }),
        )
        endProgress()
        log(`  profiled npm start: ${load.requestsPerSecond.toFixed(1)} req/s (not counted); profile in ${path.join(options.profileDir, 'npm-start.cpuprofile')}`)
      }
      return { readySeconds, seededBy, guardians: tokens.length, runs }
    } finally {
      unregister()
      // The node process alone, as an operator's kill would: npm then exits with it.
      if (npm.child.pid !== undefined) {
        try {
          process.kill(nodeUnder(npm.child.pid), 'SIGTERM')
        } catch {
          npm.signal('SIGTERM', true)
        }
      }
      const timer = setTimeout(() => npm.signal('SIGKILL', true), 30_000)
      await npm.exited
      clearTimeout(timer)
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
