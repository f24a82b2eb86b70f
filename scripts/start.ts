/**
 * `npm start`: the whole district graph in one process tree on the embedded database (or on
 * DATABASE_URL): migrated, seeded with the demo district on first start, kept across restarts,
 * and the family's page, built first when its sources changed (production images ship it built).
 * On SIGINT or SIGTERM (to the process or its group, once or more) the gateway stops accepting,
 * lets its requests in flight finish and writes the queued record of disclosures before the
 * subgraphs and the database close.
 */
import { loadConfig } from '../lib/config.ts'
import { drainMsFor } from '../lib/http.ts'
import { recordRunningGateway } from '../lib/running-gateway.ts'
import { onShutdown } from '../lib/shutdown.ts'
import { startSystem } from './system.ts'
import { ensureWebBuilt } from './web-build.ts'

async function main() {
  const started = Date.now()
  const config = loadConfig()
  ensureWebBuilt({ log: (m) => console.log(m) })
  console.log(config.databaseUrl ? `database: ${new URL(config.databaseUrl).host}` : `database: embedded, in ${config.dataDir}`)
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
  console.error(error instanceof Error && (error.name === 'DataDirInUseError' || error.name === 'WebBuildError') ? error.message : error)
  process.exit(1)
})
