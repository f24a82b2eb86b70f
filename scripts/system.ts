/**
 * The whole district graph in one process: the database(s), migrations, the seed on first
 * start, six subgraphs and the gateway. `npm start` runs it on the embedded database; tests run
 * it on free ports. In production each part runs as its own process instead.
 */
import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { openDatabase, targetFor, type Database } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import * as academicsTables from '../db/schema/academics.ts'
import { isEmpty, seedDistrict } from '../db/seed/index.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { createGatewayServer, type GatewayServer } from '../gateway/server.ts'
import { SUPERGRAPH_PATH } from '../schema/compose.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { createSubgraphServer } from '../subgraphs/kit/index.ts'
import type { Config } from '../lib/config.ts'
import { listen, type Listening } from '../lib/http.ts'
import { loadKeyPair } from '../lib/keys.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

export interface SystemOptions {
  config: Config
  /** An already open database for every subgraph (tests load a dumped one). */
  database?: Database
  /** Students to seed into an empty database. @default 1000 */
  students?: number
  log?: (message: string) => void
}

export interface System {
  config: Config
  gatewayUrl: string
  subgraphUrls: Record<SubgraphName, string>
  databases: Map<string, Database>
  databaseFor(name: SubgraphName): Database
  gateway: GatewayServer
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

export async function startSystem(options: SystemOptions): Promise<System> {
  const { config } = options
  const log = options.log ?? (() => {})
  const databases = new Map<string, Database>()
  const keyOf = (name: SubgraphName) => config.subgraphs[name].databaseUrl ?? 'embedded'
  const opened: Database[] = []
  try {
    for (const name of SUBGRAPH_NAMES) {
      const key = keyOf(name)
      if (databases.has(key)) continue
      const database = options.database ?? (await openDatabase(targetFor(config.subgraphs[name].databaseUrl, config.dataDir)))
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
  if (await isEmpty(academicsDb)) {
    if (new Set(SUBGRAPH_NAMES.map(keyOf)).size > 1) {
      throw new Error('The subgraphs use different databases: seed each with `npm run seed` before starting.')
    }
    const started = Date.now()
    log(`seeding the demo district (${options.students ?? 1000} students)…`)
    await seedDistrict(academicsDb, { students: options.students ?? 1000, progress: log })
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }

  const viewerKey = (await loadKeyPair(config.dataDir, 'viewer')).publicKey
  const listening = new Map<SubgraphName, Listening>()
  const subgraphUrls = {} as Record<SubgraphName, string>
  for (const name of SUBGRAPH_NAMES) {
    const yoga = createSubgraphServer({
      definition: SUBGRAPHS[name],
      db: databaseFor(name).drizzle(name),
      viewerKey,
      production: config.production,
    })
    const server = await listen(yoga, config.subgraphs[name].port, config.host)
    listening.set(name, server)
    subgraphUrls[name] = server.url
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
  const gatewayListening = await listen(gateway.handler, config.gatewayPort, config.host)

  let stopped = false
  return {
    config: gatewayConfig,
    gatewayUrl: gatewayListening.url,
    subgraphUrls,
    databases,
    databaseFor,
    gateway,
    stopSubgraph: async (name) => {
      await listening.get(name)?.close()
      listening.delete(name)
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      await gatewayListening.close()
      await gateway.stop()
      await Promise.all([...listening.values()].map((l) => l.close()))
      if (!options.database) await Promise.all([...databases.values()].map((d) => d.close()))
    },
  }
}
