/**
 * A sick subgraph costs one area, never the dashboard. The graph runs as production runs it —
 * each subgraph and the gateway its own process, over Postgres, with a JWKS served locally —
 * and short timeouts. Each of the five area subgraphs in turn is killed (SIGKILL), then hung
 * (SIGSTOP): FamilyDashboard and ChildDashboard still answer every other area exactly as they did
 * while all were up, with that area null and one SUBGRAPH_UNAVAILABLE error naming it, within the
 * request's time bound. With academics down (who the children are, and who may read what), the
 * answer is a clear SUBGRAPH_UNAVAILABLE naming academics.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Database } from '../db/client.ts'
import type { SubgraphName } from '../lib/subgraphs.ts'
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts'
import { testDataIn } from './support/people.ts'
import { startDeployment, startProcess, type Deployment, type Proc } from './support/processes.ts'
import { openWritableTestDatabase, type GraphQLResponse } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
const CHILD = fs.readFileSync('schema/operations/ChildDashboard.graphql', 'utf8')

const SUBGRAPH_TIMEOUT_MS = 1500
const REQUEST_TIMEOUT_MS = 4000
/** What a dashboard may take beyond the request's own deadline: the answer's assembly and the loopback round trip. */
const SLACK_MS = 500

/** The fields each area subgraph adds to Student: what its outage may null, and nothing else. */
const AREA_FIELDS = {
  attendance: ['attendance', 'absenceNotices', 'calendar'],
  behaviour: ['behaviour'],
  finance: ['finance'],
  messaging: ['messageThreads', 'announcements'],
  transportation: ['transportation'],
} as const satisfies Partial<Record<SubgraphName, readonly string[]>>
type Area = keyof typeof AREA_FIELDS
const AREAS = Object.keys(AREA_FIELDS) as Area[]

type Json = Record<string, unknown>
type Response = GraphQLResponse<Json>['body']

const onPostgres = inject('testDatabase').kind === 'postgres'

// Separate processes cannot share the embedded database (one PGlite data directory has exactly
// one owner), so this file runs on the postgres project only.
describe.skipIf(!onPostgres)('a sick subgraph (separate processes over Postgres; skipped on the embedded project, whose database one process alone may open)', () => {
  let database: Database
  let idp: IdentityProvider
  let deployment: Deployment
  let dataDir: string
  /** The subgraph processes now running, restarts included. */
  const running = new Map<SubgraphName, Proc>()
  let token = ''
  let studentId = ''
  const baseline = { family: {} as Response, child: {} as Response }
  const timings: string[] = []

  beforeAll(async () => {
    // A database of its own: the gateway writes the record of disclosures and sign-ins as it serves.
    database = await openWritableTestDatabase('sick_subgraph')
    if (database.target.kind !== 'server') throw new Error('The postgres project gives a server database.')
    const url = database.target.url
    idp = await startIdentityProvider()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-sick-'))
    deployment = await startDeployment(url, dataDir, {
      ...idp.env,
      SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      // Who may read what is cached well past the file's length: the outages are of areas, not of academics.
      SCOPE_CACHE_SECONDS: '600',
    })
    for (const [name, proc] of Object.entries(deployment.subgraphs)) running.set(name as SubgraphName, proc)
    const { personId } = testDataIn(database)
    token = await idp.token(await personId('demo.guardian'))
    studentId = await personId('demo.student')
  })

  afterAll(async () => {
    if (timings.length > 0) console.info(`[sick-subgraph] ${timings.join('; ')}`)
    for (const proc of running.values()) proc.signal('SIGCONT')
    await deployment.stop(2000)
    // The restarted subgraphs are not the deployment's own.
    for (const proc of running.values()) proc.signal('SIGKILL')
    await Promise.all([...running.values()].map((proc) => proc.exited))
    await idp.close()
    await database.close()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  /** The dashboard as the app sends it (its committed text, a trusted document), and how long it took. */
  async function ask(query: string, variables?: Json): Promise<{ body: Response; ms: number }> {
    const started = performance.now()
    const response = await fetch(deployment.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await response.json()) as Response
    return { body, ms: performance.now() - started }
  }
  const family = () => ask(FAMILY)
  const child = () => ask(CHILD, { studentId })

  /** The all-up answer with `area`'s fields null on every student in it. */
  function without(answer: Response, area: Area): Response {
    const copy = structuredClone(answer)
    const data = copy.data as { me?: { children: Json[] }; student?: Json } | undefined
    for (const student of [...(data?.me?.children ?? []), ...(data?.student ? [data.student] : [])]) {
      for (const field of AREA_FIELDS[area]) if (field in student) student[field] = null
    }
    return copy
  }

  /** The area subgraph's process, started again on its port, with the same settings. */
  async function restart(name: SubgraphName): Promise<void> {
    const proc = startProcess(name, process.execPath, ['--import', 'tsx', 'scripts/start-subgraph.ts', name], deployment.env, `${name} subgraph at`)
    running.set(name, proc)
    await proc.ready
  }

  /** Both dashboards with `area` out of service: every other area whole, one error naming the missing one, in bounded time. */
  async function expectOneAreaMissing(area: Area, how: string, boundMs: number): Promise<void> {
    for (const [name, run, all] of [
      ['FamilyDashboard', family, baseline.family],
      ['ChildDashboard', child, baseline.child],
    ] as const) {
      const { body, ms } = await run()
      timings.push(`${name} with ${area} ${how}: ${Math.round(ms)} ms`)
      const { errors, ...rest } = body
      expect({ name, ...rest }).toStrictEqual({ name, ...without(all, area) })
      expect(errors?.map((e) => ({ code: e.extensions?.code, subgraph: e.extensions?.subgraph }))).toStrictEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: area }])
      expect(errors?.[0]?.message).toContain(area)
      expect(ms).toBeLessThan(boundMs)
    }
  }

  it('answers both dashboards whole while every subgraph is up', async () => {
    baseline.family = (await family()).body
    baseline.child = (await child()).body
    expect(baseline.family.errors).toBeUndefined()
    expect(baseline.child.errors).toBeUndefined()
    const children = (baseline.family.data as { me: { children: Json[] } }).me.children
    expect(children).toHaveLength(2)
    // Each area is there to lose: the comparison below would prove nothing about a null area.
    for (const student of [...children, (baseline.child.data as { student: Json }).student]) {
      for (const area of AREAS) for (const field of AREA_FIELDS[area]) if (field in student) expect(student[field], `${area}.${field}`).not.toBeNull()
    }
  })

  it.each(AREAS)('with %s killed, answers every other area and names the missing one, at once', async (area) => {
    const proc = running.get(area)
    if (!proc) throw new Error(`${area} is not running`)
    proc.signal('SIGKILL')
    await proc.exited
    // A refused connection is known at once: no timeout is waited for.
    await expectOneAreaMissing(area, 'killed', SUBGRAPH_TIMEOUT_MS)
    await restart(area)
    expect((await family()).body).toStrictEqual(baseline.family)
    expect((await child()).body).toStrictEqual(baseline.child)
  })

  it.each(AREAS)('with %s hung (SIGSTOP), answers every other area and names the missing one within the request timeout', async (area) => {
    const proc = running.get(area)
    if (!proc) throw new Error(`${area} is not running`)
    proc.signal('SIGSTOP')
    try {
      await expectOneAreaMissing(area, 'hung', REQUEST_TIMEOUT_MS + SLACK_MS)
    } finally {
      proc.signal('SIGCONT')
    }
    // Once it answers again, so does the whole dashboard.
    expect((await family()).body).toStrictEqual(baseline.family)
  })

  it('with academics killed, answers a clear SUBGRAPH_UNAVAILABLE naming academics', async () => {
    const proc = running.get('academics')
    if (!proc) throw new Error('academics is not running')
    proc.signal('SIGKILL')
    await proc.exited
    // `me` is non-null (the contract's): no viewer, no family; `student` is nullable.
    for (const [run, data] of [
      [family, null],
      [child, { student: null }],
    ] as const) {
      const { body, ms } = await run()
      expect(ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS)
      expect(body.data).toStrictEqual(data)
      expect(body.errors?.map((e) => ({ code: e.extensions?.code, subgraph: e.extensions?.subgraph }))).toStrictEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'academics' }])
      expect(body.errors?.[0]?.message).toMatch(/academics/)
    }
  })
})
