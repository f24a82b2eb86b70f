/** All six subgraphs' definitions, for processes that run them together (`npm start`, tests). */
import type { SubgraphName } from '../lib/subgraphs.ts'
import { academics } from './academics/server.ts'
import { attendance } from './attendance/server.ts'
import { behaviour } from './behaviour/server.ts'
import { finance } from './finance/server.ts'
import type { SubgraphDefinition } from './kit/index.ts'
import { messaging } from './messaging/server.ts'
import { transportation } from './transportation/server.ts'

export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition<unknown>> = {
  academics,
  attendance,
  behaviour,
  finance,
  messaging,
  transportation,
}
