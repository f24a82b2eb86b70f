/** The finance subgraph's one entry point: serves finance alone (`npm run start:subgraph -- finance`, `npm run dev:subgraph -- finance`). */
import { serveSubgraph } from '../kit/serve.ts'
import { finance } from './server.ts'

await serveSubgraph(finance)
