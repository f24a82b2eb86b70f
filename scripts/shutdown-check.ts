/**
 * `npm run shutdown-check [-- --cases gateway-sigterm,… --concurrency 6 --flush-seconds 1]`: does a shutdown
 * lose any record of disclosures? On the Postgres server named by DATABASE_URL, in a database of
 * its own (created, seeded and dropped), it starts the six subgraphs and the gateway as separate
 * processes, each in its own process group, academics and the gateway through npm
 * (`npm run start:subgraph -- academics`, `npm run start:gateway`), puts them under load
 * (FamilyDashboard and ChildDashboard from several guardians), and then, case by case:
 *
 * - `gateway-sigterm`: SIGTERM to the gateway's group, academics up;
 * - `academics-first-sigterm`: SIGTERM to academics' group, then to the gateway's;
 * - `academics-first-sigint-twice`: SIGTERM to academics' group, then SIGINT twice to the gateway's;
 * - `npm-start-sigterm`, `npm-start-sigint-twice`: the whole graph in one process (`npm start`,
 *   on the same database, its own ports and data directory), SIGTERM or SIGINT twice to its group.
 *
 * After each, academics and the gateway start again (the gateway replays its spool), and every
 * answer that came back whole is looked up in the access log by its `x-request-id`. It prints,
 * per case, the answers, the records expected and the records lost, and the requests that lost
 * their connection (a reset, not a refused connection) — both must be 0.
 *
 * The test (test/shutdown.test.ts) runs the same scenario and asserts those zeros.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { seedDistrict } from '../db/seed/index.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'
import { freePort, startProcess, type Proc } from './processes.ts'

export type ShutdownCase = 'gateway-sigterm' | 'academics-first-sigterm' | 'academics-first-sigint-twice' | 'npm-start-sigterm' | 'npm-start-sigint-twice'
export const SHUTDOWN_CASES: readonly ShutdownCase[] = ['gateway-sigterm', 'academics-first-sigterm', 'academics-first-sigint-twice', 'npm-start-sigterm', 'npm-start-sigint-twice']

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
const CHILD = fs.readFileSync('schema/operations/ChildDashboard.graphql', 'utf8')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A fresh database beside `baseUrl`'s, migrated and seeded with a small district. */
export async function prepareDatabase(baseUrl: string, name: string, students = 150): Promise<string> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ kind: 'server', url: url.toString() })
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    await seedDistrict(database, { students })
  } finally {
    await database.close()
  }
  return url.toString()
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
  } finally {
    await admin.end()
  }
}

/** True while any process of the group led by `pid` lives. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits until every process of `proc`'s group is gone (npm, and the node process it runs). */
async function groupExited(proc: Proc, timeoutMs: number): Promise<number | NodeJS.Signals | null> {
  const code = await Promise.race([proc.exited, sleep(timeoutMs).then(() => 'timeout' as const)])
  const pid = proc.child.pid
  const until = Date.now() + timeoutMs
  while (pid !== undefined && groupAlive(pid) && Date.now() < until) await sleep(50)
  if (code === 'timeout' || (pid !== undefined && groupAlive(pid))) {
    proc.signal('SIGKILL', true)
    throw new Error(`${proc.name} did not exit within ${timeoutMs} ms:\n${proc.output()}`)
  }
  return code
}

export interface Viewer {
  login: string
  personId: string
  token: string
  children: string[]
}

/** One request of the load and how it ended. */
export interface Outcome {
  operation: 'FamilyDashboard' | 'ChildDashboard'
  login: string
  sentAt: number
  endedAt: number
  /** HTTP status, when an answer came. */
  status?: number
  requestId?: string
  /** Students the answer shows, when it came whole (200, data, no errors): each must have its record. */
  students?: string[]
  /** The answer had errors (an area, or academics, unavailable). */
  partial?: boolean
  /** No answer: the connection was refused (the gateway no longer listening)… */
  refused?: boolean
  /** …or lost (reset, closed under the request): never allowed. */
  lost?: string
}

interface Load {
  outcomes: Outcome[]
  successes(): number
  stop(): Promise<void>
}

function studentsIn(operation: Outcome['operation'], data: unknown): string[] {
  const d = data as { me?: { children?: Array<{ id: string }> }; student?: { id: string } | null } | null
  if (operation === 'FamilyDashboard') return (d?.me?.children ?? []).map((c) => c.id)
  return d?.student ? [d.student.id] : []
}

async function send(gatewayUrl: string, viewer: Viewer, operation: Outcome['operation'], studentId?: string): Promise<Outcome> {
  const outcome: Outcome = { operation, login: viewer.login, sentAt: Date.now(), endedAt: 0 }
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${viewer.token}` },
      body: JSON.stringify(operation === 'FamilyDashboard' ? { query: FAMILY } : { query: CHILD, variables: { studentId } }),
    })
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] }
    outcome.status = response.status
    outcome.requestId = response.headers.get('x-request-id') ?? undefined
    outcome.partial = (body.errors?.length ?? 0) > 0
    if (response.status === 200 && body.data && !outcome.partial) outcome.students = studentsIn(operation, body.data)
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    if (cause?.code === 'ECONNREFUSED') outcome.refused = true
    else outcome.lost = `${cause?.code ?? ''} ${cause?.message ?? String(error)}`.trim()
  }
  outcome.endedAt = Date.now()
  return outcome
}

/** `concurrency` loops of dashboards from the viewers in turn, until stopped (or `maxRequests`, or `maxMs`). */
function startLoad(gatewayUrl: string, viewers: Viewer[], options: { concurrency: number; maxRequests: number; maxMs: number }): Load {
  const outcomes: Outcome[] = []
  let stopped = false
  let sent = 0
  const until = Date.now() + options.maxMs
  const worker = async (w: number) => {
    for (let i = 0; !stopped && sent < options.maxRequests && Date.now() < until; i++) {
      sent++
      const viewer = viewers[(w + i) % viewers.length] as Viewer
      const child = viewer.children[i % viewer.children.length]
      const outcome = await send(gatewayUrl, viewer, (w + i) % 2 === 0 ? 'FamilyDashboard' : 'ChildDashboard', child)
      outcomes.push(outcome)
      // The gateway is gone: keep knocking, gently, until the scenario stops the load.
      if (outcome.refused) await sleep(50)
    }
  }
  const running = Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)))
  return {
    outcomes,
    successes: () => outcomes.filter((o) => o.students).length,
    stop: async () => {
      stopped = true
      await running
    },
  }
}

export interface CaseReport {
  name: ShutdownCase
  requests: number
  /** Answers that came back whole, each with its students' records expected. */
  successes: number
  partial: number
  refused: number
  /** Requests whose connection was lost without an answer (must be 0). */
  resets: number
  resetDetails: string[]
  /** Requests sent before the gateway's signal that were still running when it came. */
  inFlightAtSignal: number
  /** Of those, the ones answered (must be all). */
  inFlightAnswered: number
  /** Records expected in the access log, and those missing after the restart (must be 0). */
  recordsExpected: number
  recordsLost: number
  /** Answers without an x-request-id header (must be 0: they could not be matched). */
  unmatched: number
  /** Records the gateway spooled at shutdown (from its log), and the exit codes. */
  spooled: number
  /** The gateway process's own exit (its `stopped: exit 0` line), whatever its npm wrapper reported. */
  gatewayExit: number | NodeJS.Signals | null
  /** How the group's leader (npm) ended: npm ends by SIGINT when the second one lands after its child's exit. */
  wrapperExit: number | NodeJS.Signals | null
  academicsExit?: number | NodeJS.Signals | null
  shutdownMs: number
}

export interface Scenario {
  run(name: ShutdownCase): Promise<CaseReport>
  stop(): Promise<void>
}

export interface ScenarioOptions {
  /** A seeded database the scenario alone uses. */
  databaseUrl: string
  /** Extra environment for every process (DISCLOSURE_FLUSH_SECONDS, …). */
  env?: Record<string, string>
  concurrency?: number
  /** Guardians sending the load. @default 4 */
  viewers?: number
  log?: (message: string) => void
}

const npm = (...args: string[]) => ['npm', ['run', '-s', ...args]] as const
const node = (entry: string, ...args: string[]) => [process.execPath, ['--import', 'tsx', entry, ...args]] as const

/** Starts the parts (six subgraphs, then the gateway) over `databaseUrl` and signs in a few guardians. */
export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const log = options.log ?? (() => {})
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-shutdown-'))
  const ports = await Promise.all(Array.from({ length: SUBGRAPH_NAMES.length + 1 }, freePort))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(ports[0]),
    DATABASE_POOL_SIZE: '2',
    // The load comes from one address and a few viewers.
    RATE_LIMIT_PER_ADDRESS: '1000000',
    RATE_LIMIT_PER_VIEWER: '1000000',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(ports[i + 1])])),
    ...options.env,
  }
  delete env.REDIS_URL
  const config = loadConfig(env)
  const gatewayUrl = `http://127.0.0.1:${ports[0]}/graphql`
  const procs = new Set<Proc>()
  const cleanups: Array<() => void> = []
  const start = (name: string, [command, args]: readonly [string, readonly string[]], readyText: string) => {
    const proc = startProcess(name, command, [...args], env, readyText)
    procs.add(proc)
    void proc.exited.then(() => procs.delete(proc))
    return proc
  }
  // academics and the gateway through npm, as an operator runs them; the others directly (lighter).
  const startAcademics = () => start('academics', npm('start:subgraph', '--', 'academics'), 'academics subgraph at')
  const startGateway = () => start('gateway', npm('start:gateway'), 'gateway at')

  const stopAll = async () => {
    for (const proc of procs) proc.signal('SIGTERM', true)
    await Promise.all(
      [...procs].map(async (proc) => {
        const timer = setTimeout(() => proc.signal('SIGKILL', true), 30_000)
        await proc.exited
        clearTimeout(timer)
      }),
    )
    fs.rmSync(dataDir, { recursive: true, force: true })
    for (const cleanup of cleanups) cleanup()
  }

  let academics: Proc
  let gateway: Proc
  const others: Proc[] = []
  try {
    academics = startAcademics()
    for (const name of SUBGRAPH_NAMES.filter((n): n is Exclude<SubgraphName, 'academics'> => n !== 'academics')) {
      others.push(start(name, node('scripts/start-subgraph.ts', name), `${name} subgraph at`))
    }
    await Promise.all([academics.ready, ...others.map((p) => p.ready)])
    gateway = startGateway()
    await gateway.ready
    log(`parts up: gateway at ${gatewayUrl}`)
  } catch (error) {
    await stopAll()
    throw error
  }

  // Guardians with children they may read, signed in with the development key in the data directory.
  const sqlClient = postgres(options.databaseUrl, { max: 1, onnotice: () => {} })
  const viewers: Viewer[] = []
  try {
    const guardians = await sqlClient<Array<{ login: string; personId: string }>>`
      select login, person_id as "personId" from academics.accounts where role = 'GUARDIAN' order by login limit 20`
    for (const guardian of guardians) {
      if (viewers.length >= (options.viewers ?? 4)) break
      const token = await issueDevelopmentToken(guardian.personId, config.auth, dataDir, guardian.login)
      const viewer: Viewer = { login: guardian.login, personId: guardian.personId, token, children: [] }
      const first = await send(gatewayUrl, viewer, 'FamilyDashboard')
      if (first.students?.length) viewers.push({ ...viewer, children: first.students })
    }
  } catch (error) {
    await sqlClient.end()
    await stopAll()
    throw error
  }
  if (viewers.length === 0) {
    await sqlClient.end()
    await stopAll()
    throw new Error('No guardian with a readable child answered: the scenario has no load to send.')
  }
  log(`viewers: ${viewers.map((v) => `${v.login} (${v.children.length} children)`).join(', ')}`)

  const spoolFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : [])

  /** Load, the signals, the exit; then `restart` (the next start) and the look-up in the access log. */
  async function shutDown(
    name: ShutdownCase,
    target: { url: string; viewers: Viewer[]; proc: () => Proc; stopFirst?: () => Promise<number | NodeJS.Signals | null> },
    restart: () => Promise<void>,
  ): Promise<CaseReport> {
    const load = startLoad(target.url, target.viewers, { concurrency: options.concurrency ?? 6, maxRequests: 5000, maxMs: 120_000 })
    // Under load for a while: some dashboards answered, more in flight.
    const warm = Date.now() + 15_000
    while (load.successes() < 24 && Date.now() < warm) await sleep(50)
    log(`${name}: ${load.successes()} dashboards answered, signalling`)

    let academicsExit: number | NodeJS.Signals | null | undefined
    if (target.stopFirst) {
      academicsExit = await target.stopFirst()
      // Dashboards keep coming with academics gone (answered with errors, queued records unwritable).
      await sleep(300)
    }
    const proc = target.proc()
    const outputBefore = proc.output().length
    const signalAt = Date.now()
    if (name.endsWith('sigint-twice')) {
      proc.signal('SIGINT', true)
      await sleep(100)
      proc.signal('SIGINT', true)
    } else {
      proc.signal('SIGTERM', true)
    }
    const exit = await groupExited(proc, 60_000)
    const shutdownMs = Date.now() - signalAt
    await load.stop()
    const shutdownLog = proc.output().slice(outputBefore)
    const ownExit = /\] stopped: exit 0/.test(shutdownLog) ? 0 : exit
    const spooled = [...shutdownLog.matchAll(/did not take (\d+) records at shutdown/g)].reduce((n, m) => n + Number(m[1]), 0)
    log(`${name}: ${proc.name} exited (${String(exit)}) ${shutdownMs} ms after the signal; ${spooled} records spooled`)

    await restart()

    const outcomes = load.outcomes
    const whole = outcomes.filter((o) => o.students)
    const expected = whole.flatMap((o) => (o.requestId ? o.students?.map((studentId) => ({ requestId: o.requestId as string, studentId })) ?? [] : []))
    const requestIds = [...new Set(expected.map((e) => e.requestId))]
    const rows = requestIds.length
      ? await sqlClient<Array<{ requestId: string; studentId: string }>>`
          select request_id as "requestId", student_id as "studentId" from academics.disclosures where request_id in ${sqlClient(requestIds)}`
      : []
    const found = new Set(rows.map((r) => `${r.requestId} ${r.studentId}`))
    const inFlight = outcomes.filter((o) => o.sentAt < signalAt && o.endedAt >= signalAt)
    const resets = outcomes.filter((o) => o.lost)
    return {
      name,
      requests: outcomes.length,
      successes: whole.length,
      partial: outcomes.filter((o) => o.partial).length,
      refused: outcomes.filter((o) => o.refused).length,
      resets: resets.length,
      resetDetails: resets.map((o) => `${o.operation} ${o.lost ?? ''} (${o.sentAt - signalAt} ms after the signal)`),
      inFlightAtSignal: inFlight.length,
      inFlightAnswered: inFlight.filter((o) => o.status !== undefined).length,
      recordsExpected: expected.length,
      recordsLost: expected.filter((e) => !found.has(`${e.requestId} ${e.studentId}`)).length,
      unmatched: whole.filter((o) => !o.requestId).length,
      spooled,
      gatewayExit: ownExit,
      wrapperExit: exit,
      academicsExit,
      shutdownMs,
    }
  }

  /** The next start of the separate gateway (academics first, if it was stopped): it replays its spool. */
  async function restartParts(academicsStopped: boolean, name: ShutdownCase): Promise<void> {
    if (academicsStopped) {
      academics = startAcademics()
      await academics.ready
    }
    gateway = startGateway()
    await gateway.ready
    const replayed = Date.now() + 30_000
    while (spoolFiles(config.spoolDir).length > 0 && Date.now() < replayed) await sleep(100)
    if (spoolFiles(config.spoolDir).length > 0) throw new Error(`${name}: the spool was not replayed within 30 s:\n${gateway.output()}`)
  }

  /** `npm start` over the same database: its own ports and data directory (and so its own tokens). */
  async function startWhole(dir?: string): Promise<{ proc: Proc; url: string; viewers: Viewer[]; dir: string; spoolDir: string }> {
    const wholeDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-shutdown-whole-'))
    if (!dir) cleanups.push(() => fs.rmSync(wholeDir, { recursive: true, force: true }))
    const wholePorts = await Promise.all(Array.from({ length: SUBGRAPH_NAMES.length + 1 }, freePort))
    const wholeEnv: NodeJS.ProcessEnv = {
      ...env,
      DATA_DIR: wholeDir,
      PORT: String(wholePorts[0]),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(wholePorts[i + 1])])),
    }
    const wholeConfig = loadConfig(wholeEnv)
    const [command, args] = npm('start')
    const proc = startProcess('npm start', command, [...args], wholeEnv, 'gateway at')
    procs.add(proc)
    void proc.exited.then(() => procs.delete(proc))
    await proc.ready
    const wholeViewers = await Promise.all(
      viewers.map(async (v) => ({ ...v, token: await issueDevelopmentToken(v.personId, wholeConfig.auth, wholeDir, v.login) })),
    )
    return { proc, url: `http://127.0.0.1:${wholePorts[0]}/graphql`, viewers: wholeViewers, dir: wholeDir, spoolDir: wholeConfig.spoolDir }
  }

  async function run(name: ShutdownCase): Promise<CaseReport> {
    if (name.startsWith('npm-start')) {
      const whole = await startWhole()
      // One process: academics closes after the gateway has written its queue, so nothing should be
      // spooled; whatever was, the next start on the same data directory replays.
      return shutDown(name, { url: whole.url, viewers: whole.viewers, proc: () => whole.proc }, async () => {
        if (spoolFiles(whole.spoolDir).length === 0) return
        const again = await startWhole(whole.dir)
        const replayed = Date.now() + 30_000
        while (spoolFiles(whole.spoolDir).length > 0 && Date.now() < replayed) await sleep(100)
        again.proc.signal('SIGTERM', true)
        await groupExited(again.proc, 60_000)
      })
    }
    const academicsFirst = name !== 'gateway-sigterm'
    const stopFirst = async () => {
      academics.signal('SIGTERM', true)
      return groupExited(academics, 30_000)
    }
    return shutDown(name, { url: gatewayUrl, viewers, proc: () => gateway, stopFirst: academicsFirst ? stopFirst : undefined }, () => restartParts(academicsFirst, name))
  }

  return {
    run,
    stop: async () => {
      await sqlClient.end()
      await stopAll()
    },
  }
}

export function describeCase(report: CaseReport): string {
  return [
    `${report.name}:`,
    `  requests ${report.requests}: ${report.successes} answered whole, ${report.partial} with errors, ${report.refused} refused (gateway gone), ${report.resets} connections lost`,
    `  in flight at the gateway's signal: ${report.inFlightAtSignal}, answered: ${report.inFlightAnswered}`,
    `  gateway exit ${String(report.gatewayExit)}${report.wrapperExit === report.gatewayExit ? '' : ` (npm: ${String(report.wrapperExit)})`} after ${report.shutdownMs} ms${report.academicsExit === undefined ? '' : `, academics exit ${String(report.academicsExit)}`}; ${report.spooled} records spooled at shutdown`,
    `  disclosure records expected ${report.recordsExpected}, lost ${report.recordsLost}${report.unmatched ? ` (${report.unmatched} answers without x-request-id)` : ''}`,
    ...report.resetDetails.map((d) => `    lost connection: ${d}`),
  ].join('\n')
}

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: SHUTDOWN_CASES.join(',') },
      concurrency: { type: 'string', default: '6' },
      'flush-seconds': { type: 'string', default: '1' },
    },
  })
  const base = process.env.DATABASE_URL
  if (!base) throw new Error('Set DATABASE_URL to a Postgres server (the parts run as separate processes, which the embedded database cannot serve).')
  const cases = values.cases.split(',').filter((c): c is ShutdownCase => (SHUTDOWN_CASES as readonly string[]).includes(c))
  const name = `district_graph_shutdown_check_${process.pid}`
  const log = (message: string) => console.log(`[shutdown-check] ${message}`)
  log(`seeding ${name}…`)
  const databaseUrl = await prepareDatabase(base, name)
  let lost = 0
  let resets = 0
  try {
    const scenario = await startScenario({ databaseUrl, concurrency: Number(values.concurrency), env: { DISCLOSURE_FLUSH_SECONDS: values['flush-seconds'] }, log })
    try {
      for (const c of cases) {
        const report = await scenario.run(c)
        console.log(describeCase(report))
        lost += report.recordsLost
        resets += report.resets
      }
    } finally {
      await scenario.stop()
    }
  } finally {
    await dropDatabase(base, name)
  }
  console.log(`disclosure records lost across the shutdowns: ${lost}; connections lost: ${resets}`)
  process.exitCode = lost === 0 && resets === 0 ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
