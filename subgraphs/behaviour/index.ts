/** The behaviour subgraph's one entry point: serves behaviour alone (`npm run start:subgraph -- behaviour`, `npm run dev:subgraph -- behaviour`). */
import { serveSubgraph } from '../kit/serve.ts'
import { behaviour } from './server.ts'

await serveSubgraph(behaviour)
