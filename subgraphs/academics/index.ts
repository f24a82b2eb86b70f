/** The academics subgraph's one entry point: serves academics alone (`npm run start:subgraph -- academics`, `npm run dev:subgraph -- academics`). */
import { serveSubgraph } from '../kit/serve.ts'
import { academics } from './server.ts'

await serveSubgraph(academics)
