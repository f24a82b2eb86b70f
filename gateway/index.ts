/**
 * Runs the gateway on its own (production): `npm run start:gateway`. On SIGINT or SIGTERM (to
 * the process or its group, once or more) it stops accepting, lets the requests in flight finish
 * (at most the request timeout and a second), then writes the queued record of disclosures to
 * academics, spooling to disk what academics does not take, and exits.
 */
import fs from 'node:fs'
import { loadConfig } from '../lib/config.ts'
import { drainMsFor, listen } from '../lib/http.ts'
import { onShutdown } from '../lib/shutdown.ts'
import { SUPERGRAPH_PATH } from '../lib/paths.ts'
import { createGatewayServer } from './server.ts'

async function main() {
  const config = loadConfig()
  const gateway = await createGatewayServer({ config, supergraphSdl: fs.readFileSync(SUPERGRAPH_PATH, 'utf8') })
  const drainMs = drainMsFor(config.timeouts.requestMs)
  const listening = await listen(gateway.handler, config.gatewayPort, config.host, '/graphql', { drainMs })
  console.log(`gateway at ${listening.url}`)
  onShutdown(
    async () => {
      await listening.close()
      await gateway.stop()
    },
    // The drain, then the record's flush (twice the call timeout) and its spool, with room to spare.
    { name: 'gateway', timeoutMs: drainMs + 3 * config.timeouts.subgraphMs + 10_000 },
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
