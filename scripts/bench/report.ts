/**
 * The bench's answer: one result object (written as JSON under bench/results/) and the tables
 * printed from it, so what is read on the screen and what is kept are the same figures.
 */
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import type { FamilyCount } from './counts.ts'
import type { SeedCost } from './database.ts'
import type { EmbeddedResult } from './embedded.ts'
import { DASHBOARDS, type Dashboard, type GatewayComparison, type GatewayName, type GatewayRun } from './gateways.ts'
import { formatProfiles, type PartProfile } from './profile.ts'
import type { WriteRun } from './writes.ts'

export const PHASES = ['gateways', 'counts', 'writes', 'embedded', 'large'] as const
export type Phase = (typeof PHASES)[number]

/** What the bench was asked to do (the command line, with its defaults filled in). */
export interface BenchOptions {
  smoke: boolean
  phases: Phase[]
  students: number
  connections: number
  /** Seconds per timed run, unless `requests` bounds it instead. */
  durationSeconds: number | undefined
  requests: number | undefined
  warmupSeconds: number
  rounds: number
  guardians: number
  writeRequests: number
  large: number | undefined
  reseed: boolean
  out: string | undefined
  /** Profile each of our parts over one more FamilyDashboard run, left out of the figures (V8 sampling profiler). */
  profile: boolean
}

export interface SizeRun {
  students: number
  /** Timed runs the figures are the means of (interleaved with the other size's). */
  runs: number
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  systemCpuMsPerRequest: number
}

export interface BenchResult {
  startedAt: string
  seconds: number
  machine: { cpus: number; cpuModel: string; node: string; postgres: string; loadAverageAtStart: number[] }
  options: BenchOptions
  database: { host: string; poolSize: number }
  notes: string[]
  gateways?: GatewayComparison & { summary: GatewaySummary }
  counts?: FamilyCount[]
  sizes?: { base: SizeRun; large: SizeRun; p50Ratio: number }
  embedded?: EmbeddedResult
  writes?: WriteRun[]
  /** What `npm run seed` cost for each database this run seeded, by its number of students. */
  seeds?: Record<number, SeedCost>
  /** Issue 11's targets against this run's figures (those its phases measured). */
  targets?: TargetCheck[]
  /** With --profile: where each part spent its CPU over one more FamilyDashboard run through our gateway. */
  profiles?: PartProfile[]
  /** Phases that failed, each with why. */
  failures: string[]
}

export interface TargetCheck {
  target: string
  figure: string
  limit: string
  met: boolean
}

/** The throughput the issue measured before this work (FamilyDashboard, 16 connections, 2 cores): the target is 3× it. */
const ISSUE_BASELINE_REQUESTS_PER_SECOND = 22

/** Issue 11's targets, each checked against the figure this run measured (a target whose phase did not run is left out). */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = []
  const check = (target: string, value: number, limit: number, unit: string, atMost: boolean, digits = 1) =>
    checks.push({ target, figure: `${value.toFixed(digits)}${unit}`, limit: `${atMost ? '≤' : '≥'} ${limit.toFixed(digits)}${unit}`, met: atMost ? value <= limit : value >= limit })
  const g = result.gateways?.summary
  if (g) {
    check('whole-system CPU per FamilyDashboard, ours', g.FamilyDashboard.ours.systemCpuMsPerRequest, 15, ' ms', true)
    for (const operation of DASHBOARDS) check(`gateway CPU per ${operation}, ours / Hive`, g[operation].oursOverHive.gatewayCpuMsPerRequest, 0.6, '×', true, 2)
    check(`FamilyDashboard req/s through ours (3× the issue's ${ISSUE_BASELINE_REQUESTS_PER_SECOND})`, g.FamilyDashboard.ours.requestsPerSecond, 3 * ISSUE_BASELINE_REQUESTS_PER_SECOND, '', false)
    check(`FamilyDashboard p99 through ours at ${result.options.connections} connections`, g.FamilyDashboard.ours.p99, 300, ' ms', true, 0)
  }
  const e = result.embedded
  const at16 = e?.runs.find((r) => r.connections === 16)
  if (e && at16) {
    check('embedded npm start, req/s at 16 connections', at16.load.requestsPerSecond, 50, '', false)
    check('embedded npm start, peak RSS', Math.max(...e.runs.map((r) => r.peakRssMb)), 500, ' MB', true, 0)
  }
  for (const [students, seed] of Object.entries(result.seeds ?? {})) {
    if (Number(students) < 53000) continue
    check(`npm run seed of ${students} students on the server`, seed.seconds, 180, ' s', true, 0)
    check(`npm run seed of ${students} students, peak RSS`, seed.peakRssMb, 1024, ' MB', true, 0)
  }
  if (result.sizes) check(`p50 at ${result.sizes.large.students} / at ${result.sizes.base.students} students`, result.sizes.p50Ratio, 1.2, '×', true, 2)
  const family = (result.counts ?? []).filter((c) => c.guardian && c.dashboards.FamilyDashboard)
  if (family.length > 1) {
    const least = family.map((c) => Math.min(...(c.dashboards.FamilyDashboard?.sqlTotals ?? [])))
    checks.push({ target: `SQL per FamilyDashboard flat for ${family.map((c) => c.actualChildren).join(', ')} children`, figure: least.join(', '), limit: 'equal', met: least.every((n) => n === least[0]) })
  }
  return checks
}

function targetTable(checks: TargetCheck[]): string {
  return table(['target', 'figure', 'limit', 'met'], checks.map((c) => [c.target, c.figure, c.limit, c.met ? 'yes' : 'NO']))
}

export interface GatewayMeans {
  runs: number
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  gatewayCpuMsPerRequest: number
  systemCpuMsPerRequest: number
  subgraphCpuMsPerRequest: Record<string, number>
  /** Postgres's backends (not in the system's), when every run could read them. */
  postgresCpuMsPerRequest?: number
}

export type GatewaySummary = Record<Dashboard, { ours: GatewayMeans; hive: GatewayMeans; oursOverHive: Record<'requestsPerSecond' | 'p50' | 'p99' | 'gatewayCpuMsPerRequest' | 'systemCpuMsPerRequest', number> }>

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length)

function meansOf(runs: GatewayRun[]): GatewayMeans {
  return {
    runs: runs.length,
    requestsPerSecond: mean(runs.map((r) => r.load.requestsPerSecond)),
    p50: mean(runs.map((r) => r.load.p50)),
    p99: mean(runs.map((r) => r.load.p99)),
    errors: runs.reduce((n, r) => n + r.load.errors, 0),
    gatewayCpuMsPerRequest: mean(runs.map((r) => r.cpuMsPerRequest.gateway)),
    systemCpuMsPerRequest: mean(runs.map((r) => r.cpuMsPerRequest.system)),
    subgraphCpuMsPerRequest: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, mean(runs.map((r) => r.cpuMsPerRequest.subgraphs[name]))])),
    ...(runs.length > 0 && runs.every((r) => r.cpuMsPerRequest.postgres !== undefined) ? { postgresCpuMsPerRequest: mean(runs.map((r) => r.cpuMsPerRequest.postgres ?? 0)) } : {}),
  }
}

/** One district size's FamilyDashboard runs through our gateway, as their means (p50 and p99 the means of the runs'). */
export function sizeRunOf(students: number, runs: GatewayRun[]): SizeRun {
  const means = meansOf(runs)
  return { students, runs: means.runs, requestsPerSecond: means.requestsPerSecond, p50: means.p50, p99: means.p99, errors: means.errors, systemCpuMsPerRequest: means.systemCpuMsPerRequest }
}

export function summarizeGateways(comparison: GatewayComparison): GatewaySummary {
  const of = (operation: Dashboard, gateway: GatewayName) => meansOf(comparison.runs.filter((r) => r.operation === operation && r.gateway === gateway))
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b)
  return Object.fromEntries(
    DASHBOARDS.map((operation) => {
      const ours = of(operation, 'ours')
      const hive = of(operation, 'hive')
      return [
        operation,
        {
          ours,
          hive,
          oursOverHive: {
            requestsPerSecond: ratio(ours.requestsPerSecond, hive.requestsPerSecond),
            p50: ratio(ours.p50, hive.p50),
            p99: ratio(ours.p99, hive.p99),
            gatewayCpuMsPerRequest: ratio(ours.gatewayCpuMsPerRequest, hive.gatewayCpuMsPerRequest),
            systemCpuMsPerRequest: ratio(ours.systemCpuMsPerRequest, hive.systemCpuMsPerRequest),
          },
        },
      ]
    }),
  ) as GatewaySummary
}

/** Columns, numbers right-aligned, text left-aligned. */
function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((row) => row.map(String))]
  const numeric = header.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^([\d.,×x/-]+( MB| ms| s)?)?$/.test(String(row[i]))))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)))
  return cells.map((row, r) => row.map((cell, i) => (numeric[i] && r > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n')
}

const f = (n: number, digits = 1) => n.toFixed(digits)
const x = (n: number) => `${n.toFixed(2)}×`

function gatewayTables(g: NonNullable<BenchResult['gateways']>): string[] {
  const runRow = (r: GatewayRun) => [r.operation, r.gateway, String(r.round), f(r.load.requestsPerSecond), f(r.load.p50, 0), f(r.load.p99, 0), r.load.errors, f(r.cpuMsPerRequest.gateway), f(r.cpuMsPerRequest.system), r.cpuMsPerRequest.postgres === undefined ? '' : f(r.cpuMsPerRequest.postgres), f(r.cpuMsPerRequest.driver), f(r.gatewayPeakRssMb, 0)]
  const rows: Array<Array<string | number>> = []
  for (const operation of DASHBOARDS) {
    for (const run of g.runs.filter((r) => r.operation === operation)) rows.push(runRow(run))
    const { ours, hive, oursOverHive } = g.summary[operation]
    // The gateway's peak once this dashboard's runs were done.
    const peak = (gateway: GatewayName) => Math.max(0, ...g.runs.filter((r) => r.operation === operation && r.gateway === gateway).map((r) => r.gatewayPeakRssMb))
    rows.push([operation, 'ours, mean', '', f(ours.requestsPerSecond), f(ours.p50, 0), f(ours.p99, 0), ours.errors, f(ours.gatewayCpuMsPerRequest), f(ours.systemCpuMsPerRequest), ours.postgresCpuMsPerRequest === undefined ? '' : f(ours.postgresCpuMsPerRequest), '', f(peak('ours'), 0)])
    rows.push([operation, 'Hive, mean', '', f(hive.requestsPerSecond), f(hive.p50, 0), f(hive.p99, 0), hive.errors, f(hive.gatewayCpuMsPerRequest), f(hive.systemCpuMsPerRequest), hive.postgresCpuMsPerRequest === undefined ? '' : f(hive.postgresCpuMsPerRequest), '', f(peak('hive'), 0)])
    rows.push([operation, 'ours / Hive', '', x(oursOverHive.requestsPerSecond), x(oursOverHive.p50), x(oursOverHive.p99), '', x(oursOverHive.gatewayCpuMsPerRequest), x(oursOverHive.systemCpuMsPerRequest), '', '', x(peak('hive') === 0 ? 0 : peak('ours') / peak('hive'))])
  }
  const perSubgraph: Array<Array<string | number>> = []
  for (const operation of DASHBOARDS) {
    for (const gateway of ['ours', 'hive'] as const) {
      const m = g.summary[operation][gateway]
      perSubgraph.push([operation, gateway, f(m.gatewayCpuMsPerRequest), ...SUBGRAPH_NAMES.map((name) => f(m.subgraphCpuMsPerRequest[name] ?? 0)), f(m.systemCpuMsPerRequest)])
    }
  }
  const idle = Object.entries(g.idle.cpuMsPerSecond).map(([name, ms]) => `${name} ${f(ms, 0)}`).join(', ')
  return [
    table(['operation', 'gateway', 'run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'gateway CPU ms/req', 'system CPU ms/req', 'Postgres CPU ms/req', 'driver CPU ms/req', 'gateway peak RSS MB'], rows),
    '',
    'CPU ms per request by process (means):',
    table(['operation', 'through', 'gateway', ...SUBGRAPH_NAMES, 'system'], perSubgraph),
    '',
    `Peak RSS at the end (MB): our gateway ${f(g.peakRssMb.ours, 0)}, Hive Gateway ${f(g.peakRssMb.hive, 0)}; ${SUBGRAPH_NAMES.map((name) => `${name} ${f(g.peakRssMb.subgraphs[name], 0)}`).join(', ')}.`,
    `Idle, before the runs (CPU ms per second, no load): ${idle}.`,
  ]
}

function countTables(counts: FamilyCount[]): string[] {
  /** The typical count, or its range when the samples differ. */
  const cell = (c: FamilyCount, operation: Dashboard, what: 'sqlTotals' | 'fetchTotals') => {
    const d = c.dashboards[operation]
    if (!d) return '-'
    const low = Math.min(...d[what])
    const high = Math.max(...d[what])
    return low === high ? String(low) : `${low}-${high}`
  }
  const rows = counts.map((c) => [
    c.actualChildren === c.children ? String(c.children) : `${c.children}: none; ${c.actualChildren}`,
    c.guardian?.login ?? '(none)',
    cell(c, 'FamilyDashboard', 'sqlTotals'),
    cell(c, 'FamilyDashboard', 'fetchTotals'),
    cell(c, 'ChildDashboard', 'sqlTotals'),
    cell(c, 'ChildDashboard', 'fetchTotals'),
    SUBGRAPH_NAMES.map((name) => c.dashboards.FamilyDashboard?.sql[name] ?? 0).join('/'),
  ])
  const lines = [table(['children', 'guardian', 'Family SQL', 'Family fetches', 'Child SQL', 'Child fetches', `Family SQL by subgraph (${SUBGRAPH_NAMES.join('/')})`], rows)]
  if (counts.some((c) => Object.values(c.dashboards).some((d) => new Set(d.sqlTotals).size > 1 || new Set(d.fetchTotals).size > 1))) {
    lines.push('A range (a-b): the three requests counted differed (a loader batch split by timing); by subgraph: the median one.')
  }
  for (const c of counts) {
    if (c.actualChildren !== c.children) lines.push(`No seeded guardian has ${c.children} children who are all readable minors with a thread with them: the row shows the largest such family (${c.actualChildren}).`)
    for (const [operation, d] of Object.entries(c.dashboards)) if (d.errors > 0) lines.push(`${operation} for ${c.guardian?.login ?? ''} answered with ${d.errors} errors.`)
  }
  return lines
}

export function formatReport(result: BenchResult): string {
  const out: string[] = []
  const { machine, options } = result
  out.push(
    `district-graph bench: ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.postgres}; load average at start ${machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')}`,
    `${options.students} students, ${options.connections} connections, ${options.requests === undefined ? `${options.durationSeconds ?? 0} s` : `${options.requests} requests`} per run, ${options.rounds} rounds; Postgres at ${result.database.host}, pools of ${result.database.poolSize}; took ${f(result.seconds, 0)} s`,
    '',
  )
  if (result.gateways) {
    out.push(`Our gateway and Hive Gateway on the same six subgraph processes (${result.gateways.viewers} guardians rotating, a different one on every request):`, ...gatewayTables(result.gateways), '')
  }
  if (result.counts) out.push('SQL statements and subgraph fetches per dashboard (in-process, steady state: scope cached, sign-in recorded):', ...countTables(result.counts), '')
  if (result.sizes) {
    const { base, large, p50Ratio } = result.sizes
    out.push(
      `Our gateway, FamilyDashboard, by district size (${options.connections} connections; both sizes up at once, their runs interleaved, means of ${base.runs} and ${large.runs} runs):`,
      table(
        ['students', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'system CPU ms/req'],
        [base, large].map((s) => [s.students, f(s.requestsPerSecond), f(s.p50, 0), f(s.p99, 0), s.errors, f(s.systemCpuMsPerRequest)]),
      ),
      `p50 at ${large.students} / at ${base.students}: ${x(p50Ratio)}`,
      '',
    )
  } else {
    out.push('p50 at 53,000 students: not measured (seeding 53,000 takes minutes: add --large 53000).', '')
  }
  if (result.embedded) {
    const e = result.embedded
    out.push(
      `Embedded npm start (one process, PGlite on a thread of its own; ready in ${f(e.readySeconds)} s, seeded by ${e.seededBy}; ${e.guardians} guardians), FamilyDashboard:`,
      table(
        ['connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU ms/req', 'RSS MB', 'peak RSS MB'],
        e.runs.map((r) => [r.connections, f(r.load.requestsPerSecond), f(r.load.p50, 0), f(r.load.p99, 0), r.load.errors, f(r.cpuMsPerRequest), f(r.rssMb, 0), f(r.peakRssMb, 0)]),
      ),
      '',
    )
  }
  if (result.writes) {
    out.push(
      'Writes (in-process, as demo.guardian):',
      table(
        ['operation', 'p50 ms', 'p99 ms', 'req/s', 'errors', 'SQL/req', 'fetches/req'],
        result.writes.map((w) => [w.name, f(w.load.p50, 0), f(w.load.p99, 0), f(w.load.requestsPerSecond), w.load.errors, f(w.sqlPerRequest), f(w.fetchesPerRequest)]),
      ),
      '',
    )
  }
  if (result.targets?.length) out.push("Issue 11's targets against this run (CPU per request is the figure that counts; throughput and latency move with the machine's load):", targetTable(result.targets), '')
  if (result.profiles) out.push('Where each part spent its CPU (V8 profiles over one more FamilyDashboard run through our gateway, or `npm start` for npm-start, left out of the figures above):', formatProfiles(result.profiles), '')
  out.push(...result.notes.map((note) => `Note: ${note}`))
  if (result.failures.length > 0) out.push('', 'FAILED:', ...result.failures.map((failure) => `  ${failure}`))
  return out.join('\n')
}
