/** Serves the messaging subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { messaging } from './server.ts'

serveSubgraph(messaging).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
