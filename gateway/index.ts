/** Runs the gateway on its own (production): `npm run start:gateway`. */
import fs from 'node:fs'
import { loadConfig } from '../lib/config.ts'
import { listen } from '../lib/http.ts'
import { onShutdown } from '../lib/shutdown.ts'
import { SUPERGRAPH_PATH } from '../lib/paths.ts'
import { createGatewayServer } from './server.ts'

async function main() {
  const config = loadConfig()
  const gateway = await createGatewayServer({ config, supergraphSdl: fs.readFileSync(SUPERGRAPH_PATH, 'utf8') })
  const listening = await listen(gateway.handler, config.gatewayPort, config.host)
  console.log(`gateway at ${listening.url}`)
  onShutdown(
    async () => {
      await listening.close()
      await gateway.stop()
    },
    { name: 'gateway' },
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
