/** The attendance subgraph's one entry point: serves attendance alone (`npm run start:subgraph -- attendance`, `npm run dev:subgraph -- attendance`). */
import { serveSubgraph } from '../kit/serve.ts'
import { attendance } from './server.ts'

await serveSubgraph(attendance)
