/** Serves the academics subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { academics } from './server.ts'

serveSubgraph(academics).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
