/** Serves the behaviour subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { behaviour } from './server.ts'

serveSubgraph(behaviour).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
