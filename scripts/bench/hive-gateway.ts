/**
 * Hive Gateway as the benchmark's yardstick, its own process: `node --import tsx
 * scripts/bench/hive-gateway.ts <port>` serves the committed supergraph against the subgraphs
 * the environment names (the same `<NAME>_PORT`/`<NAME>_URL` settings as our gateway reads), with
 * Hive's defaults and nothing of ours. It does not authenticate, resolve scopes or sign: the
 * bench driver signs each viewer's token for each subgraph and sends them as
 * `x-bench-token-<subgraph>` headers, and the `propagateHeaders` hook passes the one for the
 * subgraph being called as its `authorization`.
 *
 * Hive's runtime package, as its documentation advises for programmatic use: the CLI package
 * (`@graphql-hive/gateway`, also installed, for `npx hive-gateway`) loads its telemetry and
 * plugins too, about 110 MB more before the first request.
 */
import { createServer } from 'node:http'
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime'
import { loadConfig } from '../../lib/config.ts'
import { SUPERGRAPH_PATH } from '../../lib/paths.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { benchTokenHeader } from './headers.ts'

async function main() {
  const port = Number(process.argv[2])
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Give the port to listen on: hive-gateway.ts <port> (not "${process.argv[2] ?? ''}").`)
  const config = loadConfig()
  const runtime = createGatewayRuntime({
    supergraph: SUPERGRAPH_PATH,
    // The committed supergraph names the default ports; the subgraphs run where the environment says.
    transportEntries: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { location: config.subgraphs[name].url }])),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, subgraphName }) => {
        const token = request.headers.get(benchTokenHeader(subgraphName))
        return { authorization: token ? `Bearer ${token}` : undefined, 'x-request-id': request.headers.get('x-request-id') ?? undefined }
      },
    },
    logging: 'error',
    graphiql: false,
    landingPage: false,
  })
  const server = createServer((req, res) => void runtime(req, res))
  await new Promise<void>((resolve) => server.listen(port, config.host, resolve))
  console.log(`hive gateway at http://${config.host}:${port}/graphql`)
  const stop = () => {
    server.close()
    void Promise.resolve(runtime.dispose()).then(() => process.exit(0))
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
