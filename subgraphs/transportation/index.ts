/** Serves the transportation subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { transportation } from './server.ts'

serveSubgraph(transportation).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
