/**
 * `npm start`: the whole district graph in one process tree on the embedded database (or on
 * DATABASE_URL): migrated, seeded with the demo district on first start, kept across restarts,
 * and the family's page, built first when its sources changed (production images ship it built).
 * On SIGINT or SIGTERM (to the process or its group, once or more) the gateway stops accepting,
 * lets its requests in flight finish and writes the queued record of disclosures before the
 * subgraphs and the database close.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig, type Config } from '../lib/config.ts'
import { drainMsFor } from '../lib/http.ts'
import { recordRunningGateway } from '../lib/running-gateway.ts'
import { onShutdown } from '../lib/shutdown.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startSystem } from './system.ts'
import { ensureWebBuilt } from './web-build.ts'

/** The first start's making and seeding of the embedded database may take this long at most. */
const FIRST_START_TIMEOUT_MS = 10 * 60_000

/**
 * On an empty data directory, the embedded database is made, migrated and seeded by
 * scripts/first-start.ts in a process of its own (see there why), its output shown as ours.
 */
async function prepareEmbeddedDatabase(config: Config): Promise<void> {
  if (SUBGRAPH_NAMES.some((name) => config.subgraphs[name].databaseUrl)) return
  if (fs.existsSync(path.join(config.dataDir, 'pgdata', 'PG_VERSION'))) return
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./first-start.ts', import.meta.url))], { stdio: 'inherit' })
  const timer = setTimeout(() => child.kill('SIGTERM'), FIRST_START_TIMEOUT_MS)
  const [code, signal] = (await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (...result) => resolve(result))
  }).finally(() => clearTimeout(timer))) as [number | null, NodeJS.Signals | null]
  if (code !== 0) {
    throw Object.assign(new Error(`Making the embedded database in ${config.dataDir} failed (${signal ?? `exit ${code}`}); see above.`), { name: 'FirstStartError' })
  }
}

async function main() {
  const started = Date.now()
  const config = loadConfig()
  ensureWebBuilt({ log: (m) => console.log(m) })
  console.log(config.databaseUrl ? `database: ${new URL(config.databaseUrl).host}` : `database: embedded, in ${config.dataDir}`)
  await prepareEmbeddedDatabase(config)
  const system = await startSystem({ config, log: (m) => console.log(m) })
  for (const [name, url] of Object.entries(system.subgraphUrls)) console.log(`  ${name.padEnd(15)} ${url}`)
  // `npm run token` and friends find this gateway by DATA_DIR, whatever its PORT.
  const forget = recordRunningGateway(config.dataDir, system.gatewayUrl)
  console.log(`gateway at ${system.gatewayUrl} (GraphiQL in a browser), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`the family's page at ${new URL('/', system.gatewayUrl).href}`)
  console.log('sign in with: npm run token -- demo.guardian')
  // The gateway's drain, its record's flush, then the subgraphs' drain (their callers are gone by then) and the database.
  const drainMs = drainMsFor(config.timeouts.requestMs)
  const stop = () => {
    forget()
    return system.stop()
  }
  onShutdown(stop, { name: 'district-graph', timeoutMs: 2 * drainMs + 3 * config.timeouts.subgraphMs + 10_000 })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && (error.name === 'DataDirInUseError' || error.name === 'WebBuildError' || error.name === 'FirstStartError') ? error.message : error)
  process.exit(1)
})
