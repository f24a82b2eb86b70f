/** The messaging subgraph's one entry point: serves messaging alone (`npm run start:subgraph -- messaging`, `npm run dev:subgraph -- messaging`). */
import { serveSubgraph } from '../kit/serve.ts'
import { messaging } from './server.ts'

await serveSubgraph(messaging)
