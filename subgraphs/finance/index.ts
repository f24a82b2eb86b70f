/** Serves the finance subgraph on its own (production: one process per subgraph). */
import { serveSubgraph } from '../kit/serve.ts'
import { finance } from './server.ts'

serveSubgraph(finance).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
