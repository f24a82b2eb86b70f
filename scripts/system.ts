/**
 * The whole district graph in one process: the database(s), migrations, the seed on first
 * start, six subgraphs and the gateway. `npm start` runs it on the embedded database; tests run
 * it on free ports, or in-process with no port at all (`network: false`: every call goes to a
 * server's Yoga `fetch`). In production each part runs as its own process instead.
 */
import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { openDatabase, targetFor, type Database } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import * as academicsTables from '../subgraphs/academics/db/schema.ts'
import { seedNeeded } from '../db/seed/needed.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { createGatewayServer, type GatewayServer } from '../gateway/server.ts'
import { SUPERGRAPH_PATH } from '../schema/compose.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { createSubgraphServer, subgraphHandler, subgraphInProcess } from '../subgraphs/kit/index.ts'
import { startBackground } from '../subgraphs/kit/background.ts'
import { openQueue, type Queue, type Stoppable } from '../subgraphs/kit/queue.ts'
import type { Config } from '../lib/config.ts'
import { listen, type InProcessSubgraph } from '../lib/http.ts'
import { loadViewerVerifier } from '../lib/keys.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

export interface SystemOptions {
  config: Config
  /** An already open database for every subgraph (tests load a dumped one). */
  database?: Database
  /** Students to seed into an empty database. @default 1000 */
  students?: number
  log?: (message: string) => void
  /**
   * Listen on ports (`config`'s, 0 for a free one). When false, nothing listens: the gateway
   * reaches each subgraph through its Yoga's `fetch`, and `System.fetch` reaches the gateway and
   * the subgraphs by their URLs (tests whose subject is not the network).
   * @default true
   */
  network?: boolean
}

export interface System {
  config: Config
  gatewayUrl: string
  subgraphUrls: Record<SubgraphName, string>
  databases: Map<string, Database>
  databaseFor(name: SubgraphName): Database
  gateway: GatewayServer
  /** Calls the gateway or a subgraph by its URL: over the network, or in-process without one. */
  fetch: typeof fetch
  /** Stops a subgraph's server (tests of the gateway's behaviour when one is down). */
  stopSubgraph(name: SubgraphName): Promise<void>
  stop(): Promise<void>
}

function operationsIn(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {}
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((f) => [f.replace(/\.graphql$/, ''), fs.readFileSync(`${dir}/${f}`, 'utf8')]),
  )
}

type Handler = (request: Request) => Response | Promise<Response>

/** A part being served, on a port or in-process: its URL, and how to stop serving it. */
interface Served {
  url: string
  close(): Promise<void>
}

/**
 * Servers reachable by URL without a port: a request for a host served here goes to that
 * server's `fetch`; any other host (or a stopped server) fails as an unreachable one does, with
 * `fetch`'s own "fetch failed" and a refused connection as its cause.
 */
function createInProcessNetwork() {
  const hosts = new Map<string, Handler>()
  const send: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const { host } = new URL(request.url)
    const handler = hosts.get(host)
    if (!handler) throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: 'ECONNREFUSED' }) })
    return handler(request)
  }
  return {
    fetch: send,
    /** Serves `handler` as `http://<host>/graphql`. */
    serve(host: string, handler: Handler): string {
      hosts.set(host, handler)
      return `http://${host}/graphql`
    },
    stop(host: string): void {
      hosts.delete(host)
    },
  }
}

/**
 * Seeds the demo district into a database that has none (or half of one: a first start stopped
 * while seeding is seeded again from scratch), saying so through `log`.
 */
export async function seedDemoDistrict(database: Database, options: { students?: number; log: (message: string) => void }): Promise<void> {
  const needed = await seedNeeded(database)
  if (!needed) return
  // Only now: the seed brings faker and its locales, which a serving process has no use for.
  const { DEFAULT_STUDENTS, reseedDistrict, seedDistrict } = await import('../db/seed/index.ts')
  const started = Date.now()
  const students = options.students ?? DEFAULT_STUDENTS
  options.log(`${needed === 'partial' ? 'the last seed stopped half-way: seeding again' : 'seeding'} the demo district (${students} students)…`)
  const seedOptions = { students, progress: options.log }
  await (needed === 'partial' ? reseedDistrict(database, seedOptions) : seedDistrict(database, seedOptions))
  options.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

export async function startSystem(options: SystemOptions): Promise<System> {
  const { config } = options
  const log = options.log ?? (() => {})
  const databases = new Map<string, Database>()
  const keyOf = (name: SubgraphName) => config.subgraphs[name].databaseUrl ?? 'embedded'
  // Subgraphs sharing a URL share one pool here, as large as the largest of their pool sizes.
  const poolSizeOf = (key: string) => Math.max(...SUBGRAPH_NAMES.filter((n) => keyOf(n) === key).map((n) => config.subgraphs[n].databasePoolSize))
  const opened: Database[] = []
  try {
    for (const name of SUBGRAPH_NAMES) {
      const key = keyOf(name)
      if (databases.has(key)) continue
      const database = options.database ?? (await openDatabase(targetFor(config.subgraphs[name].databaseUrl, config.dataDir, poolSizeOf(key))))
      if (!options.database) opened.push(database)
      databases.set(key, database)
    }
  } catch (error) {
    await Promise.all(opened.map((d) => d.close()))
    throw error
  }
  const databaseFor = (name: SubgraphName) => databases.get(keyOf(name)) as Database

  for (const name of SUBGRAPH_NAMES) await migrateSubgraphs(databaseFor(name), [name])
  const academicsDb = databaseFor('academics')
  if (new Set(SUBGRAPH_NAMES.map(keyOf)).size === 1) await seedDemoDistrict(academicsDb, { students: options.students, log })
  else if (await seedNeeded(academicsDb)) throw new Error('The subgraphs use different databases: seed each with `npm run seed` before starting.')

  // The job queue, one per database, and each subgraph's relay and workers beside its server.
  const queues = new Map<Database, Queue>()
  const background: Stoppable[] = []
  if (config.alerts.backgroundJobs) {
    for (const database of new Set(SUBGRAPH_NAMES.map(databaseFor))) queues.set(database, await openQueue(database, { schema: config.alerts.queueSchema }))
    for (const name of SUBGRAPH_NAMES) {
      const queue = queues.get(databaseFor(name)) as Queue
      background.push(await startBackground(SUBGRAPHS[name], { db: databaseFor(name).drizzle(name), queue, config }))
    }
  }

  const inProcess = (options.network ?? true) ? undefined : createInProcessNetwork()
  /** Serves a part on its port, or in-process under its name. */
  const serve = async (name: string, port: number, handler: Parameters<typeof listen>[0], handle: Handler): Promise<Served> => {
    if (!inProcess) return listen(handler, port, config.host)
    const host = `${name}.in-process`
    return {
      url: inProcess.serve(host, handle),
      close: () => {
        inProcess.stop(host)
        return Promise.resolve()
      },
    }
  }

  const viewerKey = await loadViewerVerifier(config.viewerKeys, config.dataDir)
  const listening = new Map<SubgraphName, Served>()
  const subgraphUrls = {} as Record<SubgraphName, string>
  /** The subgraphs the gateway calls without a socket, by their URLs' host (while on ports, unless SUBGRAPH_CALLS=http). */
  const inProcessSubgraphs = new Map<string, InProcessSubgraph>()
  const callsInProcess = !inProcess && config.subgraphCalls === 'in-process'
  for (const name of SUBGRAPH_NAMES) {
    const yoga = createSubgraphServer({
      definition: SUBGRAPHS[name],
      db: databaseFor(name).drizzle(name),
      viewerKey,
      production: config.production,
      config,
    })
    const server = await serve(name, config.subgraphs[name].port, subgraphHandler(yoga), (request) => yoga.fetch(request))
    listening.set(name, server)
    subgraphUrls[name] = server.url
    if (callsInProcess) inProcessSubgraphs.set(new URL(server.url).host, subgraphInProcess(yoga))
  }
  // The gateway finds the subgraphs where they actually listen (port 0 picks a free one).
  const gatewayConfig: Config = {
    ...config,
    subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, { ...config.subgraphs[n], url: subgraphUrls[n] }])) as Config['subgraphs'],
  }
  const academicsDrizzle = academicsDb.drizzle('development')
  const tokenFor = async (login: string) => {
    const [account] = await academicsDrizzle.select().from(academicsTables.accounts).where(eq(academicsTables.accounts.login, login))
    return account ? issueDevelopmentToken(account.personId, config.auth, config.dataDir, login) : undefined
  }
  const gateway = await createGatewayServer({
    config: gatewayConfig,
    supergraphSdl: fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    operations: operationsIn('schema/operations'),
    fetch: inProcess?.fetch,
    inProcessSubgraphs: callsInProcess ? (host) => inProcessSubgraphs.get(host) : undefined,
    dev: {
      tokenFor,
      graphiql: async () => {
        const token = await tokenFor('demo.guardian')
        const [link] = token
          ? await academicsDrizzle
              .select({ studentId: academicsTables.studentContactAssociations.studentId })
              .from(academicsTables.studentContactAssociations)
              .innerJoin(academicsTables.accounts, eq(academicsTables.accounts.personId, academicsTables.studentContactAssociations.contactId))
              .where(eq(academicsTables.accounts.login, 'demo.guardian'))
              .orderBy(academicsTables.studentContactAssociations.studentId)
              .limit(1)
          : []
        return token && link ? { token, studentId: link.studentId } : undefined
      },
    },
  })
  const gatewayListening = await serve('gateway', config.gatewayPort, gateway.handler, (request) => gateway.yoga.fetch(request))

  let stopped = false
  return {
    config: gatewayConfig,
    gatewayUrl: gatewayListening.url,
    subgraphUrls,
    databases,
    databaseFor,
    gateway,
    fetch: inProcess?.fetch ?? fetch,
    stopSubgraph: async (name) => {
      // Its in-process calls stop with its port: the gateway then finds it refusing, as over HTTP.
      inProcessSubgraphs.delete(new URL(subgraphUrls[name]).host)
      await listening.get(name)?.close()
      listening.delete(name)
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      await gatewayListening.close()
      await gateway.stop()
      await Promise.all([...listening.values()].map((l) => l.close()))
      await Promise.all(background.map((b) => b.stop()))
      await Promise.all([...queues.values()].map((q) => q.stop({ graceful: true, wait: true, timeout: 10_000 })))
      if (!options.database) await Promise.all([...databases.values()].map((d) => d.close()))
    },
  }
}
