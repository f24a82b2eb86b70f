/** Serves the attendance subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { attendance } from './server.ts'

serveSubgraph(attendance).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
