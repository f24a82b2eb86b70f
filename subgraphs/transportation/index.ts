/** The transportation subgraph's one entry point: serves transportation alone (`npm run start:subgraph -- transportation`, `npm run dev:subgraph -- transportation`). */
import { serveSubgraph } from '../kit/serve.ts'
import { transportation } from './server.ts'

await serveSubgraph(transportation)
